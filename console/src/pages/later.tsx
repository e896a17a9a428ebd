import { Button, Result } from 'antd';
import { Link } from 'react-router';
import type { AreaKey } from '../areas.ts';
import { zh } from '../strings.ts';

/** An area whose pages come in a later slice of the console. */
export function LaterPage({ area }: { area: AreaKey }) {
  return <Result status="info" title={zh.areas[area]} subTitle={zh.later} />;
}

export function NotFoundPage() {
  return (
    <Result
      status="404"
      title={zh.notFound}
      extra={
        <Link to="/">
          <Button type="primary">{zh.backHome}</Button>
        </Link>
      }
    />
  );
}
