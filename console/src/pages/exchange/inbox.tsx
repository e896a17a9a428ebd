import type { paths } from '@govshare/client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { hasAny } from '../../areas.ts';
import { cstDateTime } from '../../format.ts';
import { CursorPager, useCursorPages } from '../../paging.tsx';
import { useMe, useSession } from '../../session.tsx';
import { exchange as t } from '../../strings/exchange.ts';
import { zh } from '../../strings.ts';
import { UnitName } from '../../units.tsx';
import { deliveryPath, ExchangeNav, UrgencyTag } from './shared.tsx';

type InboxQuery = NonNullable<paths['/v1/exchange/inbox']['get']['parameters']['query']>;
type InboxView = InboxQuery['view'];
type Scope = NonNullable<InboxQuery['scope']>;
type InboxAnswer = paths['/v1/exchange/inbox']['get']['responses'][200]['content']['application/json'];

const PAGE_SIZE = 20;

/** One line of either kind of inbox: a unit's delivery, or a person's task on one. */
interface InboxRow {
  key: string;
  documentId: string;
  unit: string;
  title: string;
  number: string | undefined;
  senderUnit: string;
  urgency: string;
  state: string;
  deliveredAt: string;
  /** Sign-for due (a unit's 待签收) or handling due. */
  dueAt: string | undefined;
  overdue: string | undefined;
  lead?: boolean | undefined;
}

function rowsOf(answer: InboxAnswer | undefined): InboxRow[] {
  if (!answer) return [];
  if ('unit' in answer) {
    return answer.items.map((delivery) => ({
      key: delivery.id,
      documentId: delivery.documentId,
      unit: delivery.recipientUnit,
      title: delivery.title,
      number: delivery.documentNumber,
      senderUnit: delivery.senderUnit,
      urgency: delivery.urgency,
      state: delivery.state,
      deliveredAt: delivery.deliveredAt,
      dueAt: delivery.handleDueAt ?? delivery.signForDueAt,
      overdue: delivery.overdue ? t.overdue[delivery.overdue] : undefined,
    }));
  }
  return answer.items.map((line) => ({
    key: `${line.documentId}/${line.unit}/${line.kind}`,
    documentId: line.documentId,
    unit: line.unit,
    title: line.title,
    number: line.documentNumber,
    senderUnit: line.senderUnit,
    urgency: line.urgency,
    state: line.deliveryState,
    deliveredAt: line.deliveredAt,
    dueAt: line.dueAt,
    overdue: line.overdue ? t.overdueLine : undefined,
    lead: line.kind === 'handle' ? Boolean(line.lead) : undefined,
  }));
}

/** The views a person has: a unit's (clerks, leaders) and their own (handlers, readers). */
function viewsFor(roles: readonly string[]): InboxView[] {
  const views: InboxView[] = [];
  if (hasAny(roles, ['clerk'])) views.push('to-sign');
  if (hasAny(roles, ['clerk', 'leader', 'handler'])) views.push('to-do', 'done');
  views.push('to-read', 'read');
  return views;
}

/** 待办 and 已办 are a unit's (clerks, leaders) or one's own (handlers); 待签收 the unit's, 待阅 one's own. */
const scopesOf = (view: InboxView, roles: readonly string[]): Scope[] => {
  if (view === 'to-sign') return ['unit'];
  if (view === 'to-read' || view === 'read') return ['me'];
  const scopes: Scope[] = [];
  if (hasAny(roles, ['clerk', 'leader'])) scopes.push('unit');
  if (hasAny(roles, ['handler'])) scopes.push('me');
  return scopes.length ? scopes : ['me'];
};

/**
 * 收文: the unit's and my inboxes (待签收 / 待办 / 已办 / 待阅 / 已阅), most urgent and oldest-due
 * first as the API orders them, a page at a time; in 待签收 a clerk signs for several at once, each
 * answered on its own.
 */
export function InboxPage() {
  const { client } = useSession();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const me = useMe();
  const roles = me.data?.roles ?? [];
  const [params, setParams] = useSearchParams();
  const views = viewsFor(roles);
  const view = (views.find((v) => v === params.get('view')) ?? views[0]) as InboxView;
  const scopes = scopesOf(view, roles);
  const scope = (scopes.find((s) => s === params.get('scope')) ?? scopes[0]) as Scope;
  const pages = useCursorPages(`${view}/${scope}`);
  const [selected, setSelected] = useState<string[]>([]);
  const [refusals, setRefusals] = useState<string[]>([]);
  const inbox = useQuery({
    queryKey: ['inbox', view, scope, pages.cursor],
    placeholderData: keepPreviousData,
    queryFn: () =>
      answerOf(
        client.GET('/v1/exchange/inbox', {
          params: {
            query: { view, scope, limit: PAGE_SIZE, ...(pages.cursor ? { cursor: pages.cursor } : {}) },
          },
        }),
      ),
  });
  const rows = rowsOf(inbox.data);
  const signFor = useMutation({
    mutationFn: (documentIds: string[]) =>
      answerOf(client.POST('/v1/exchange/inbox/sign-for', { body: { documentIds } })),
    onSuccess: (answer, documentIds) => {
      message.success(t.signForDone(answer.signedFor, documentIds.length));
      setRefusals(
        answer.results.flatMap((result) =>
          'problem' in result
            ? [
                t.signForRefused(
                  rows.find((row) => row.documentId === result.documentId)?.title ?? result.documentId,
                  result.problem.detail,
                ),
              ]
            : [],
        ),
      );
      setSelected([]);
    },
    onSettled: () => queries.invalidateQueries({ queryKey: ['inbox'] }),
  });
  const choose = (next: { view?: InboxView; scope?: Scope }) => {
    const search = new URLSearchParams(params);
    if (next.view) {
      search.set('view', next.view);
      search.delete('scope');
    }
    if (next.scope) search.set('scope', next.scope);
    setSelected([]);
    setRefusals([]);
    setParams(search);
  };
  const canSignFor = view === 'to-sign' && hasAny(roles, ['clerk']);
  return (
    <>
      <ExchangeNav />
      <Typography.Title level={3}>{t.inbox}</Typography.Title>
      <Tabs
        activeKey={view}
        onChange={(key) => choose({ view: key as InboxView })}
        items={views.map((v) => ({ key: v, label: t.views[v] }))}
      />
      <Space style={{ marginBottom: 12 }} wrap>
        {scopes.length > 1 ? (
          <Segmented
            aria-label={t.scopeLabel}
            value={scope}
            options={scopes.map((s) => ({ value: s, label: t.scope[s] }))}
            onChange={(value) => choose({ scope: value as Scope })}
          />
        ) : null}
        {canSignFor ? (
          <>
            <Button
              type="primary"
              data-testid="sign-for-selected"
              disabled={selected.length === 0}
              loading={signFor.isPending}
              onClick={() =>
                signFor.mutate(rows.filter((row) => selected.includes(row.key)).map((row) => row.documentId))
              }
            >
              {t.signForSelected}
            </Button>
            <span>{t.selected(selected.length)}</span>
          </>
        ) : null}
      </Space>
      {refusals.length ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={refusals.join('；')} />
      ) : null}
      {inbox.error ? (
        <Alert type="error" showIcon title={zh.loadFailed} description={inbox.error.message} />
      ) : null}
      <Table<InboxRow>
        data-testid="inbox"
        rowKey="key"
        loading={inbox.isFetching}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t.nothing }}
        rowSelection={
          canSignFor
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(String)),
                getCheckboxProps: (row) => ({ 'aria-label': row.title }),
              }
            : undefined
        }
        columns={[
          {
            title: t.columns.title,
            render: (_, row) => (
              <Space orientation="vertical" size={0}>
                <Link to={deliveryPath(row.documentId, row.unit)}>{row.title}</Link>
                <Typography.Text type="secondary">{row.number ?? ''}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t.columns.issuer,
            width: 200,
            render: (_, row) => <UnitName code={row.senderUnit} />,
          },
          {
            title: t.columns.urgency,
            width: 90,
            render: (_, row) => <UrgencyTag urgency={row.urgency} />,
          },
          {
            title: t.columns.state,
            width: 130,
            render: (_, row) => (
              <Space size={4} wrap>
                <Tag>{t.deliveryState[row.state] ?? row.state}</Tag>
                {row.lead === true ? <Tag color="blue">{t.lead}</Tag> : null}
                {row.lead === false ? <Tag>{t.coHandler}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t.columns.deliveredAt,
            width: 150,
            render: (_, row) => cstDateTime(row.deliveredAt),
          },
          {
            title: view === 'to-sign' ? t.columns.signForDueAt : t.columns.dueAt,
            width: 190,
            render: (_, row) =>
              row.overdue ? (
                <Typography.Text type="danger" strong>
                  {cstDateTime(row.dueAt)} {row.overdue}
                </Typography.Text>
              ) : (
                cstDateTime(row.dueAt)
              ),
          },
        ]}
        footer={() => <CursorPager pages={pages} nextCursor={inbox.data?.nextCursor} />}
      />
    </>
  );
}
