import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Segmented, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { hasAny } from '../../areas.ts';
import { codeSegment, cstDateTime } from '../../format.ts';
import { useCursorPages } from '../../paging.tsx';
import { useMe, useSession } from '../../session.tsx';
import { sharing as t } from '../../strings/sharing.ts';
import { zh } from '../../strings.ts';
import { UnitName } from '../../units.tsx';
import { DecideDialog } from './decide.tsx';
import { CursorTable, SharingNav } from './list.tsx';
import { type AccessRequest, cstDate, Deadline, ItemTags, StatusTag } from './shared.tsx';

const PAGE_SIZE = 20;
const SIDES = ['consumer', 'provider'] as const;
type Side = (typeof SIDES)[number];
const STATUSES = ['pending', 'approved', 'refused'] as const;
type Status = (typeof STATUSES)[number];

/**
 * 共享申请: my unit's requests (as consumer) or those waiting for its answer (as provider), of one
 * state or all, a page at a time through the API's cursor; the provider's approvers answer them here.
 * `/sharing?as=provider&status=pending` is what the 工作台's count links to.
 */
export function RequestsPage() {
  const { client } = useSession();
  const me = useMe();
  const roles = me.data?.roles ?? [];
  const [params, setParams] = useSearchParams();
  const as: Side = params.get('as') === 'provider' ? 'provider' : 'consumer';
  const statusParam = params.get('status');
  const status = STATUSES.find((s) => s === statusParam);
  const pages = useCursorPages(`${as}:${status ?? ''}`);
  const [answering, setAnswering] = useState<AccessRequest>();
  const list = useQuery({
    queryKey: ['sharing-requests', as, status, pages.cursor],
    placeholderData: keepPreviousData,
    queryFn: () =>
      answerOf(
        client.GET('/v1/sharing/requests', {
          params: {
            query: {
              as,
              ...(status ? { status } : {}),
              limit: PAGE_SIZE,
              ...(pages.cursor ? { cursor: pages.cursor } : {}),
            },
          },
        }),
      ),
  });
  const change = (name: 'as' | 'status', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  const mayAnswer = as === 'provider' && hasAny(roles, ['data-approver']);
  return (
    <>
      <Typography.Title level={3}>{zh.areas.sharing}</Typography.Title>
      <SharingNav roles={roles} />
      <Tabs
        activeKey={as}
        onChange={(key) => change('as', key)}
        items={SIDES.map((side) => ({ key: side, label: t.side[side] }))}
      />
      <Space style={{ marginBottom: 16 }}>
        <span id="sharing-status-filter">{t.statusFilter}</span>
        <Segmented<Status | 'all'>
          aria-labelledby="sharing-status-filter"
          value={status ?? 'all'}
          onChange={(value) => change('status', value === 'all' ? undefined : value)}
          options={(['all', ...STATUSES] as const).map((value) => ({ value, label: t.status[value] }))}
        />
      </Space>
      <CursorTable<AccessRequest>
        testId="sharing-requests"
        list={list}
        pages={pages}
        columns={[
          {
            title: t.columns.resource,
            width: 170,
            render: (_, request) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/catalogue/resources/${codeSegment(request.resourceCode)}`}>
                  {request.resourceName}
                </Link>
                <Typography.Text type="secondary">{request.resourceCode}</Typography.Text>
              </Space>
            ),
          },
          as === 'provider'
            ? {
                title: t.columns.consumer,
                width: 140,
                render: (_, request) => <UnitName code={request.consumerUnit} />,
              }
            : {
                title: t.columns.provider,
                width: 140,
                render: (_, request) => <UnitName code={request.providerUnit} />,
              },
          {
            title: t.columns.purpose,
            dataIndex: 'purpose',
            width: 170,
            render: (purpose: string) => (
              <Typography.Paragraph ellipsis={{ rows: 3, tooltip: purpose }} style={{ marginBottom: 0 }}>
                {purpose}
              </Typography.Paragraph>
            ),
          },
          { title: t.columns.items, render: (_, request) => <ItemTags items={request.items} /> },
          { title: t.columns.until, width: 110, render: (_, request) => cstDate(request.until) },
          {
            title: t.columns.status,
            width: 110,
            render: (_, request) => (
              <Space orientation="vertical" size={0}>
                <StatusTag status={request.status} />
                {request.reason ? (
                  <Typography.Text type="secondary">{t.reason(request.reason)}</Typography.Text>
                ) : null}
                {request.decidedAt ? (
                  <Typography.Text type="secondary">{cstDateTime(request.decidedAt)}</Typography.Text>
                ) : null}
              </Space>
            ),
          },
          { title: t.columns.createdAt, width: 110, render: (_, request) => cstDateTime(request.createdAt) },
          {
            title: <span title={t.dueHint}>{t.columns.dueAt}</span>,
            width: 140,
            render: (_, request) => <Deadline request={request} />,
          },
          ...(mayAnswer
            ? [
                {
                  title: t.columns.actions,
                  width: 70,
                  render: (_: unknown, request: AccessRequest) =>
                    request.status === 'pending' ? (
                      <Button
                        type="primary"
                        size="small"
                        data-request={request.id}
                        onClick={() => setAnswering(request)}
                      >
                        {t.answer}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {answering ? <DecideDialog request={answering} onClose={() => setAnswering(undefined)} /> : null}
    </>
  );
}
