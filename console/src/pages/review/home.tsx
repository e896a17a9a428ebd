import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Select, Space, Table, Tabs, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { hasAny } from '../../areas.ts';
import { cstDateTime } from '../../format.ts';
import { CursorPager, useCursorPages } from '../../paging.tsx';
import { useMe, useSession } from '../../session.tsx';
import { review } from '../../strings/review.ts';
import { zh } from '../../strings.ts';
import { UnitName } from '../../units.tsx';
import { amount, type Office, OutcomeTag, officeName, officesOf, StateTag } from './common.tsx';

const t = review;
const PAGE_SIZE = 20;
const REPORT_READERS = [
  'egov-reviewer',
  'finance-reviewer',
  'leading-group-reviewer',
  'auditor',
  'platform-admin',
];

/** What waits for one office's decision, oldest first, a page at a time. */
function Worklist({ office }: { office: Office }) {
  const { client } = useSession();
  const pages = useCursorPages(office);
  const worklist = useQuery({
    queryKey: ['review-worklist', office, pages.cursor],
    placeholderData: keepPreviousData,
    queryFn: () =>
      answerOf(
        client.GET('/v1/review/worklist', {
          params: {
            query: { office, limit: PAGE_SIZE, ...(pages.cursor ? { cursor: pages.cursor } : {}) },
          },
        }),
      ),
  });
  if (worklist.error)
    return <Alert type="error" showIcon title={zh.loadFailed} description={worklist.error.message} />;
  return (
    <Table
      data-testid={`review-worklist-${office}`}
      rowKey="projectId"
      loading={worklist.isFetching}
      dataSource={worklist.data?.items ?? []}
      pagination={false}
      locale={{ emptyText: t.emptyWorklist }}
      columns={[
        {
          title: t.columns.name,
          render: (_, item) => (
            <Link to={`/review/projects/${item.projectId}?office=${office}`}>{item.name}</Link>
          ),
        },
        { title: t.columns.unit, render: (_, item) => <UnitName code={item.unit} /> },
        { title: t.columns.kind, render: (_, item) => t.kind[item.kind] },
        { title: t.columns.planItem, dataIndex: 'planItem' },
        { title: t.columns.requested, align: 'right', render: (_, item) => amount(item.requested) },
        { title: t.columns.checks, render: (_, item) => <OutcomeTag outcome={item.checksOutcome} /> },
        { title: t.columns.tier, render: (_, item) => (item.tier ? (t.tier[item.tier] ?? item.tier) : '—') },
        { title: t.columns.since, render: (_, item) => cstDateTime(item.since) },
        {
          title: t.columns.waited,
          align: 'right',
          render: (_, item) =>
            item.waitedWorkingDays === undefined ? '—' : t.workingDays(item.waitedWorkingDays),
        },
      ]}
      footer={() => <CursorPager pages={pages} nextCursor={worklist.data?.nextCursor} />}
    />
  );
}

const STATES = ['draft', 'submitted', 'in-review', 'returned', 'approved', 'rejected', 'withdrawn'] as const;
type State = (typeof STATES)[number];

/** This year's projects (a submitter's own unit's; every unit's for the offices), a page at a time. */
function ProjectList() {
  const { client } = useSession();
  const [params, setParams] = useSearchParams();
  const state = (params.get('state') ?? undefined) as State | undefined;
  const pages = useCursorPages(state ?? '');
  const list = useQuery({
    queryKey: ['review-projects', state, pages.cursor],
    placeholderData: keepPreviousData,
    queryFn: () =>
      answerOf(
        client.GET('/v1/review/projects', {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(state ? { state } : {}),
              ...(pages.cursor ? { cursor: pages.cursor } : {}),
            },
          },
        }),
      ),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select
        aria-label={t.columns.state}
        allowClear
        style={{ width: 200 }}
        value={state}
        options={STATES.map((value) => ({ value, label: t.state[value] }))}
        onChange={(value?: State) => {
          const next = new URLSearchParams(params);
          if (value) next.set('state', value);
          else next.delete('state');
          setParams(next);
        }}
      />
      {list.error ? (
        <Alert type="error" showIcon title={zh.loadFailed} description={list.error.message} />
      ) : null}
      <Table
        data-testid="review-projects"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          {
            title: t.columns.name,
            render: (_, item) => <Link to={`/review/projects/${item.id}`}>{item.name}</Link>,
          },
          { title: t.columns.unit, render: (_, item) => <UnitName code={item.unit} /> },
          { title: t.columns.state, render: (_, item) => <StateTag state={item.state} /> },
          { title: t.columns.requested, align: 'right', render: (_, item) => amount(item.requested) },
          {
            title: t.columns.approved,
            align: 'right',
            render: (_, item) => (item.approved === undefined ? '—' : amount(item.approved)),
          },
          { title: t.columns.checks, render: (_, item) => <OutcomeTag outcome={item.checks} /> },
          { title: t.columns.updatedAt, render: (_, item) => cstDateTime(item.updatedAt) },
        ]}
        footer={() => <CursorPager pages={pages} nextCursor={list.data?.nextCursor} />}
      />
    </Space>
  );
}

/**
 * 项目预审: the worklist of each office the reviewer decides for (`?office=` picks one, as the
 * 工作台 links), this year's projects, and for submitters their unit's projects and a new filing.
 */
export function ReviewHomePage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const roles = me.data?.roles ?? [];
  const offices = officesOf(roles);
  const named = params.get('office') as Office | null;
  const active =
    named && offices.includes(named)
      ? named
      : params.get('view') === 'projects'
        ? 'projects'
        : (offices[0] ?? 'projects');
  const submitter = roles.includes('project-submitter');
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3}>{t.title}</Typography.Title>
        <Space>
          {hasAny(roles, REPORT_READERS) ? (
            <Link to="/review/pipeline">
              <Button>{t.tabs.pipeline}</Button>
            </Link>
          ) : null}
          {submitter ? (
            <Link to="/review/new">
              <Button type="primary">{t.newProject}</Button>
            </Link>
          ) : null}
        </Space>
      </Space>
      <Tabs
        activeKey={active}
        onChange={(key) =>
          setParams(key === 'projects' ? { view: 'projects' } : { office: key }, { replace: true })
        }
        items={[
          ...offices.map((office) => ({
            key: office,
            label: t.tabs.worklist(officeName(office)),
            children: <Worklist office={office} />,
          })),
          {
            key: 'projects',
            label: submitter && offices.length === 0 ? t.tabs.mine : t.tabs.projects,
            children: <ProjectList />,
          },
        ]}
      />
    </>
  );
}
