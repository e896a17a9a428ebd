import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Popconfirm, Space, Tabs, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { hasAny } from '../../areas.ts';
import { codeSegment, cstDateTime } from '../../format.ts';
import { useCursorPages } from '../../paging.tsx';
import { useMe, useSession } from '../../session.tsx';
import { sharing as t } from '../../strings/sharing.ts';
import { zh } from '../../strings.ts';
import { UnitName } from '../../units.tsx';
import { SHARING_LISTS } from './decide.tsx';
import { CursorTable, SharingNav } from './list.tsx';
import { type Grant, ItemTags } from './shared.tsx';

const PAGE_SIZE = 20;
const SIDES = ['consumer', 'provider'] as const;
type Side = (typeof SIDES)[number];

const stateOf = (grant: Grant, now = Date.now()) =>
  grant.revokedAt ? 'revoked' : Date.parse(grant.expiresAt) <= now ? 'expired' : 'active';

function GrantState({ grant }: { grant: Grant }) {
  const state = stateOf(grant);
  return (
    <Space orientation="vertical" size={0}>
      <Badge
        status={state === 'active' ? 'success' : state === 'revoked' ? 'error' : 'default'}
        text={t.grants[state]}
      />
      {grant.revokedAt ? (
        <Typography.Text type="secondary">{cstDateTime(grant.revokedAt)}</Typography.Text>
      ) : null}
    </Space>
  );
}

/**
 * 授权管理: the grants my unit holds (as consumer) or has given (as provider), a page at a time; the
 * provider's approvers revoke one here, after confirming.
 */
export function GrantsPage() {
  const { client } = useSession();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const me = useMe();
  const roles = me.data?.roles ?? [];
  const [params, setParams] = useSearchParams();
  const as: Side = params.get('as') === 'provider' ? 'provider' : 'consumer';
  const pages = useCursorPages(as);
  const list = useQuery({
    queryKey: ['sharing-grants', as, pages.cursor],
    placeholderData: keepPreviousData,
    queryFn: () =>
      answerOf(
        client.GET('/v1/sharing/grants', {
          params: { query: { as, limit: PAGE_SIZE, ...(pages.cursor ? { cursor: pages.cursor } : {}) } },
        }),
      ),
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      answerOf(client.POST('/v1/sharing/grants/{id}/revoke', { params: { path: { id } } })),
    onSuccess: async () => {
      await Promise.all(
        SHARING_LISTS.map((queryKey) => queries.invalidateQueries({ queryKey: [...queryKey] })),
      );
      message.success(t.grants.revokedDone);
    },
    onError: (error) => message.error(`${t.grants.revokeFailed}：${error.message}`),
  });
  const mayRevoke = as === 'provider' && hasAny(roles, ['data-approver', 'platform-admin']);
  return (
    <>
      <Typography.Title level={3}>{zh.areas.sharing}</Typography.Title>
      <SharingNav roles={roles} />
      <Tabs
        activeKey={as}
        onChange={(key) => setParams(new URLSearchParams({ as: key }))}
        items={SIDES.map((side) => ({ key: side, label: t.grantSide[side] }))}
      />
      <CursorTable<Grant>
        testId="sharing-grants"
        list={list}
        pages={pages}
        columns={[
          {
            title: t.grants.resource,
            render: (_, grant) => (
              <Link to={`/catalogue/resources/${codeSegment(grant.resourceCode)}`}>{grant.resourceCode}</Link>
            ),
          },
          as === 'provider'
            ? {
                title: t.grants.consumer,
                width: 200,
                render: (_, grant) => (
                  <Space orientation="vertical" size={0}>
                    <UnitName code={grant.consumerUnit} />
                    {grant.consumerPrincipal ? (
                      <Typography.Text type="secondary">{grant.consumerPrincipal}</Typography.Text>
                    ) : null}
                  </Space>
                ),
              }
            : {
                title: t.grants.provider,
                width: 200,
                render: (_, grant) => <UnitName code={grant.providerUnit} />,
              },
          { title: t.columns.purpose, dataIndex: 'purpose', ellipsis: true },
          { title: t.grants.items, render: (_, grant) => <ItemTags items={grant.items} /> },
          {
            title: t.grants.unmasked,
            render: (_, grant) =>
              grant.unmaskedItems.length > 0 ? <ItemTags items={grant.unmaskedItems} /> : '—',
          },
          {
            title: t.grants.quota,
            width: 100,
            render: (_, grant) => grant.dailyQuota?.toLocaleString('zh-CN') ?? '—',
          },
          { title: t.grants.validFrom, width: 140, render: (_, grant) => cstDateTime(grant.validFrom) },
          { title: t.grants.expiresAt, width: 140, render: (_, grant) => cstDateTime(grant.expiresAt) },
          { title: t.grants.state, width: 130, render: (_, grant) => <GrantState grant={grant} /> },
          ...(mayRevoke
            ? [
                {
                  title: t.columns.actions,
                  width: 90,
                  render: (_: unknown, grant: Grant) =>
                    stateOf(grant) === 'active' ? (
                      <Popconfirm
                        title={t.grants.revokeConfirm}
                        okText={t.grants.revokeOk}
                        cancelText={t.decide.cancel}
                        okButtonProps={{ danger: true, loading: revoke.isPending }}
                        // A refusal is shown by onError; the dialog closes either way.
                        onConfirm={() => revoke.mutateAsync(grant.id).catch(() => undefined)}
                      >
                        <Button danger size="small" data-grant={grant.id}>
                          {t.grants.revoke}
                        </Button>
                      </Popconfirm>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
