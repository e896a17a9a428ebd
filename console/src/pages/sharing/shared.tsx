import type { components } from '@govshare/client';
import { Alert, Badge, Form, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { cstDateTime, cstDay } from '../../format.ts';
import { useRefusals } from '../../refusals.ts';
import { sharing as t } from '../../strings/sharing.ts';

const OVERDUE = '#cf1322';

export type AccessRequest = components['schemas']['AccessRequest'];
export type Grant = components['schemas']['Grant'];

/** A CST calendar day as the API writes it (YYYY-MM-DD), e.g. 2027年12月31日. */
export const cstDate = (day: string | undefined) => (day ? cstDay(`${day}T12:00:00+08:00`) : '—');

/** A DatePicker's value kept in the form as the API's YYYY-MM-DD text. */
export const dayField = {
  getValueProps: (value: string | undefined) => ({ value: value ? dayjs(value) : undefined }),
  normalize: (value: Dayjs | null) => value?.format('YYYY-MM-DD'),
};

const STATUS_BADGES = { pending: 'processing', approved: 'success', refused: 'error' } as const;

/** A state as a coloured dot beside text in the body colour (antd's coloured tags miss WCAG AA's contrast). */
export function StatusTag({ status }: { status: string }) {
  return (
    <Badge
      status={STATUS_BADGES[status as keyof typeof STATUS_BADGES] ?? 'default'}
      text={t.status[status] ?? status}
    />
  );
}

/** Whether a request waits past its working-day deadline: flagged by the sweep, or past it already. */
export const isOverdue = (request: AccessRequest, now = Date.now()) =>
  request.status === 'pending' &&
  (request.overdue === true || (request.dueAt !== undefined && Date.parse(request.dueAt) < now));

/** The answer deadline (working days, China Standard Time), red once it has passed. */
export function Deadline({ request }: { request: AccessRequest }) {
  if (!request.dueAt) return <>—</>;
  const late = isOverdue(request);
  return (
    <Space size={4} wrap>
      <span style={late ? { color: OVERDUE } : undefined} data-overdue={late || undefined}>
        {cstDateTime(request.dueAt)}
      </span>
      {late ? <Tag color="red">{t.overdue}</Tag> : request.overdue ? <Tag>{t.overdue}</Tag> : null}
    </Space>
  );
}

/** Item names as tags, at most `shown` of them. */
export function ItemTags({ items, shown = 4 }: { items: readonly string[]; shown?: number }) {
  return (
    <Space size={[0, 4]} wrap>
      {items.slice(0, shown).map((item) => (
        <Tag key={item}>{item}</Tag>
      ))}
      {items.length > shown ? (
        <Typography.Text type="secondary">{t.more(items.length)}</Typography.Text>
      ) : null}
    </Space>
  );
}

/**
 * A form of the sharing pages that sends its values to the API, its refusals shown as every console
 * form shows them (refusals.ts), under a title of its own. Returns what to call with the refusal,
 * and the banner.
 */
export function useProblemForm(fieldNames: readonly string[], refusedTitle: string) {
  const [form] = Form.useForm();
  const refusals = useRefusals(
    form,
    fieldNames.map((name) => [name]),
  );
  const showProblem = (error: unknown) =>
    refusals.show(error instanceof Error ? error : new Error(String(error)));
  const banner =
    refusals.general.length > 0 ? (
      <Alert type="error" showIcon title={refusedTitle} description={refusals.general.join('；')} />
    ) : null;
  return { form, showProblem, clear: refusals.clear, banner };
}
