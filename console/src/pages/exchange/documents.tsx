import type { paths } from '@govshare/client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Space, Table, Tabs, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { cstDateTime } from '../../format.ts';
import { CursorPager, useCursorPages } from '../../paging.tsx';
import { useMe, useSession } from '../../session.tsx';
import { exchange as t } from '../../strings/exchange.ts';
import { zh } from '../../strings.ts';
import { documentPath, ExchangeNav, UrgencyTag } from './shared.tsx';

type DocumentView = NonNullable<
  NonNullable<paths['/v1/exchange/documents']['get']['parameters']['query']>['view']
>;
type DocumentLine =
  paths['/v1/exchange/documents']['get']['responses'][200]['content']['application/json']['items'][number];

const PAGE_SIZE = 20;

/** Which lists a person has: drafts (drafters), review (reviewers, leaders), sign-off (signers), sent (the unit's). */
function viewsFor(roles: readonly string[]): DocumentView[] {
  const views: DocumentView[] = [];
  if (roles.includes('drafter')) views.push('drafts');
  if (['reviewer', 'signer', 'leader'].some((role) => roles.includes(role))) views.push('review');
  if (roles.includes('signer')) views.push('sign');
  views.push('sent');
  return views;
}

/** 发文: my drafts, what waits for my review or sign-off, and my unit's sent documents, a page at a time. */
export function DocumentsPage() {
  const { client } = useSession();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const views = viewsFor(me.data?.roles ?? []);
  const view = (views.find((v) => v === params.get('view')) ?? views[0]) as DocumentView;
  const pages = useCursorPages(view);
  const list = useQuery({
    queryKey: ['documents', view, pages.cursor],
    placeholderData: keepPreviousData,
    queryFn: () =>
      answerOf(
        client.GET('/v1/exchange/documents', {
          params: { query: { view, limit: PAGE_SIZE, ...(pages.cursor ? { cursor: pages.cursor } : {}) } },
        }),
      ),
  });
  return (
    <>
      <ExchangeNav />
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3}>{t.documents}</Typography.Title>
        {me.data?.roles.includes('drafter') ? (
          <Link to="/exchange/documents/new">
            <Button type="primary">{t.newDraft}</Button>
          </Link>
        ) : null}
      </Space>
      <Tabs
        activeKey={view}
        onChange={(key) => setParams({ view: key })}
        items={views.map((v) => ({ key: v, label: t.documentViews[v] }))}
      />
      {list.error ? (
        <Alert type="error" showIcon title={zh.loadFailed} description={list.error.message} />
      ) : null}
      <Table<DocumentLine>
        data-testid="documents"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t.nothing }}
        columns={[
          {
            title: t.columns.title,
            render: (_, line) => (
              <Link
                to={
                  line.state === 'draft' || line.state === 'returned'
                    ? `${documentPath(line.id)}/edit`
                    : documentPath(line.id)
                }
              >
                {line.title}
              </Link>
            ),
          },
          { title: t.columns.number, width: 200, render: (_, line) => line.number ?? '—' },
          { title: t.columns.type, width: 80, dataIndex: 'type' },
          { title: t.columns.urgency, width: 90, render: (_, line) => <UrgencyTag urgency={line.urgency} /> },
          {
            title: t.columns.state,
            width: 120,
            render: (_, line) => <Tag>{t.documentState[line.state] ?? line.state}</Tag>,
          },
          { title: t.columns.drafter, width: 160, dataIndex: 'drafter' },
          { title: t.columns.updatedAt, width: 150, render: (_, line) => cstDateTime(line.updatedAt) },
        ]}
        footer={() => <CursorPager pages={pages} nextCursor={list.data?.nextCursor} />}
      />
    </>
  );
}
