import type { paths } from '@govshare/client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, DatePicker, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { codeSegment, cstDateTime } from '../../format.ts';
import { useCursorPages } from '../../paging.tsx';
import { useMe, useSession } from '../../session.tsx';
import { sharing } from '../../strings/sharing.ts';
import { zh } from '../../strings.ts';
import { UnitName } from '../../units.tsx';
import { CursorTable, SharingNav } from './list.tsx';
import { ItemTags } from './shared.tsx';

const t = sharing.queries;
const PAGE_SIZE = 20;
type ProviderEvent =
  paths['/v1/audit/provider/{unit}/events']['get']['responses'][200]['content']['application/json']['items'][number];

const actionLabel = (action: string) =>
  t.actions[action] ?? (action.startsWith('registry.legal-entities.search') ? t.searchAction : action);

/** 00:00 China Standard Time of a day picked in the calendar, as the instant the API takes. */
const cstStart = (day: Dayjs) => `${day.format('YYYY-MM-DD')}T00:00:00+08:00`;
const cstEnd = (day: Dayjs) => `${day.format('YYYY-MM-DD')}T23:59:59.999+08:00`;

/**
 * 数据使用记录: who queried my unit's data, newest first, from the audit trail (the API's last 30
 * days unless a range is chosen), a page at a time. For the provider's data approvers.
 */
export function QueriesPage() {
  const { client } = useSession();
  const me = useMe();
  const roles = me.data?.roles ?? [];
  const unit = me.data?.unit.code ?? '';
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const pages = useCursorPages(`${from ?? ''}:${to ?? ''}`);
  const events = useQuery({
    queryKey: ['provider-events', unit, from, to, pages.cursor],
    enabled: unit !== '',
    placeholderData: keepPreviousData,
    queryFn: () =>
      answerOf(
        client.GET('/v1/audit/provider/{unit}/events', {
          params: {
            path: { unit },
            query: {
              ...(from ? { from: cstStart(dayjs(from)) } : {}),
              ...(to ? { to: cstEnd(dayjs(to)) } : {}),
              limit: PAGE_SIZE,
              ...(pages.cursor ? { cursor: pages.cursor } : {}),
            },
          },
        }),
      ),
  });
  return (
    <>
      <Typography.Title level={3}>{zh.areas.sharing}</Typography.Title>
      <SharingNav roles={roles} />
      <Typography.Title level={4}>{t.title}</Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        <span id="queries-range">{t.range}</span>
        <DatePicker.RangePicker
          aria-labelledby="queries-range"
          value={from && to ? [dayjs(from), dayjs(to)] : null}
          onChange={(range) => {
            const [start, end] = range ?? [];
            setParams(
              start && end
                ? new URLSearchParams({ from: start.format('YYYY-MM-DD'), to: end.format('YYYY-MM-DD') })
                : new URLSearchParams(),
            );
          }}
        />
        {events.data ? (
          <Typography.Text type="secondary">
            {cstDateTime(events.data.from)} — {cstDateTime(events.data.to)}
          </Typography.Text>
        ) : null}
      </Space>
      <CursorTable<ProviderEvent>
        testId="provider-events"
        list={events}
        pages={pages}
        columns={[
          { title: t.at, width: 150, render: (_, event) => cstDateTime(event.at) },
          {
            title: t.actor,
            width: 220,
            render: (_, event) => (
              <Space orientation="vertical" size={0}>
                <UnitName code={event.actor.unit} />
                <Typography.Text type="secondary">{event.actor.principal}</Typography.Text>
              </Space>
            ),
          },
          { title: t.action, width: 160, render: (_, event) => actionLabel(event.action) },
          {
            title: t.resource,
            width: 120,
            render: (_, event) =>
              event.resourceCode ? (
                <Link to={`/catalogue/resources/${codeSegment(event.resourceCode)}`}>
                  {event.resourceCode}
                </Link>
              ) : (
                '—'
              ),
          },
          { title: t.purpose, dataIndex: 'purpose', ellipsis: true },
          { title: t.items, render: (_, event) => <ItemTags items={event.items} shown={3} /> },
          { title: t.records, width: 90, align: 'right', dataIndex: 'recordCount' },
          {
            title: t.outcome,
            width: 90,
            render: (_, event) => (
              <Badge status={event.outcome === 'ok' ? 'success' : 'error'} text={t.outcomes[event.outcome]} />
            ),
          },
        ]}
      />
    </>
  );
}
