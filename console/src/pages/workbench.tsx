import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { answerOf } from '../api.ts';
import { hasAny } from '../areas.ts';
import { cstDateTime, currentQuarter } from '../format.ts';
import { useMe, useSession } from '../session.tsx';
import { zh } from '../strings.ts';

/** One page of a list is asked for: a count beyond it is shown as "100+", never loaded. */
const COUNT_PAGE = 100;
const OVERDUE = '#cf1322';

type InboxView = 'to-sign' | 'to-do' | 'to-read';
type Office = 'egov' | 'finance' | 'leading-group';
const OFFICE_OF_ROLE: Record<string, Office> = {
  'egov-reviewer': 'egov',
  'finance-reviewer': 'finance',
  'leading-group-reviewer': 'leading-group',
};

function TodoCard(props: {
  title: string;
  testId: string;
  to: string;
  value: number | string | undefined;
  overdue?: number | undefined;
  loading: boolean;
  error?: Error | null;
  extra?: ReactNode;
}) {
  return (
    <Col xs={24} sm={12} lg={8} xl={6}>
      <Card
        data-testid={props.testId}
        title={props.title}
        extra={<Link to={props.to}>{zh.todo.open}</Link>}
        loading={props.loading}
      >
        {props.error ? (
          <Alert type="error" title={zh.loadFailed} description={props.error.message} />
        ) : (
          <>
            <Statistic
              value={props.value ?? 0}
              styles={props.overdue ? { content: { color: OVERDUE } } : undefined}
              suffix={
                props.overdue ? (
                  <Typography.Text type="danger" style={{ fontSize: 14 }}>
                    {`（${zh.todo.requestsOverdue} ${props.overdue}）`}
                  </Typography.Text>
                ) : undefined
              }
            />
            {props.extra}
          </>
        )}
      </Card>
    </Col>
  );
}

function InboxCard({ view, scope, title }: { view: InboxView; scope: 'unit' | 'me'; title: string }) {
  const { client } = useSession();
  const inbox = useQuery({
    queryKey: ['inbox-count', view, scope],
    queryFn: () =>
      answerOf(client.GET('/v1/exchange/inbox', { params: { query: { view, scope, limit: COUNT_PAGE } } })),
  });
  const items = inbox.data && 'items' in inbox.data ? inbox.data.items : [];
  const count = inbox.data?.nextCursor ? zh.todo.more(COUNT_PAGE) : items.length;
  const overdue = items.filter((item) => 'overdue' in item && item.overdue).length;
  return (
    <TodoCard
      title={title}
      testId={`todo-${view}`}
      to={`/exchange?view=${view}&scope=${scope}`}
      value={count}
      overdue={overdue}
      loading={inbox.isLoading}
      error={inbox.error}
    />
  );
}

type DocumentView = 'drafts' | 'review' | 'sign';

/** Documents waiting for me: to review (审核), to sign off (签发), or returned to me for revision. */
function DocumentsCard({ view, title }: { view: DocumentView; title: string }) {
  const { client } = useSession();
  const list = useQuery({
    queryKey: ['documents-count', view],
    queryFn: () =>
      answerOf(client.GET('/v1/exchange/documents', { params: { query: { view, limit: COUNT_PAGE } } })),
  });
  // Of my drafts, the ones a reviewer sent back are what waits for me.
  const items = (list.data?.items ?? []).filter((line) => view !== 'drafts' || line.state === 'returned');
  return (
    <TodoCard
      title={title}
      testId={`todo-documents-${view}`}
      to={`/exchange/documents?view=${view}`}
      value={list.data?.nextCursor && view !== 'drafts' ? zh.todo.more(COUNT_PAGE) : items.length}
      loading={list.isLoading}
      error={list.error}
    />
  );
}

/** 催办: the unread urges to me and to my unit, newest first, each linking to its delivery. */
function UrgesCard() {
  const { client } = useSession();
  const notices = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () =>
      answerOf(client.GET('/v1/notifications', { params: { query: { unread: 'true', limit: 5 } } })),
  });
  const unread = notices.data?.unread.total ?? 0;
  return (
    <TodoCard
      title={zh.todo.urges}
      testId="todo-urges"
      to="/exchange?view=to-sign"
      value={unread}
      overdue={unread || undefined}
      loading={notices.isLoading}
      error={notices.error}
      extra={
        <ul style={{ paddingInlineStart: 18, margin: '8px 0 0' }}>
          {(notices.data?.items ?? []).map((notice) => (
            <li key={notice.id}>
              <Link to={`/exchange/deliveries/${notice.documentId}/${notice.recipientUnit}`}>
                {zh.todo.urge(notice.kind, notice.level, cstDateTime(notice.at))}
              </Link>
            </li>
          ))}
        </ul>
      }
    />
  );
}

function RequestsCard({ unit }: { unit: string }) {
  const { client } = useSession();
  const summary = useQuery({
    queryKey: ['requests-summary', unit],
    queryFn: () =>
      answerOf(client.GET('/v1/sharing/providers/{unit}/requests-summary', { params: { path: { unit } } })),
  });
  return (
    <TodoCard
      title={zh.todo.requests}
      testId="todo-requests"
      to="/sharing?as=provider&status=pending"
      value={summary.data?.pending}
      overdue={summary.data?.pendingOverdue}
      loading={summary.isLoading}
      error={summary.error}
    />
  );
}

function WorklistCard({ office, title }: { office: Office; title: string }) {
  const { client } = useSession();
  const worklist = useQuery({
    queryKey: ['worklist-count', office],
    queryFn: () =>
      answerOf(client.GET('/v1/review/worklist', { params: { query: { office, limit: COUNT_PAGE } } })),
  });
  const count = worklist.data?.nextCursor ? zh.todo.more(COUNT_PAGE) : worklist.data?.items.length;
  return (
    <TodoCard
      title={title}
      testId={`todo-worklist-${office}`}
      to={`/review?office=${office}`}
      value={count}
      loading={worklist.isLoading}
      error={worklist.error}
    />
  );
}

function ScoreCard({ unit }: { unit: string }) {
  const { client } = useSession();
  const period = currentQuarter();
  // The period says whether it has been computed; only then is there a ranking to read (no 404 asked for).
  const state = useQuery({
    queryKey: ['period', period],
    queryFn: () => answerOf(client.GET('/v1/assessment/periods/{period}', { params: { path: { period } } })),
  });
  const computed = Boolean(state.data?.computedAt);
  const ranking = useQuery({
    queryKey: ['ranking', period],
    enabled: computed,
    queryFn: () =>
      answerOf(client.GET('/v1/assessment/periods/{period}/ranking', { params: { path: { period } } })),
  });
  const mine = ranking.data?.items.find((entry) => entry.unitCode === unit);
  return (
    <TodoCard
      title={zh.todo.score}
      testId="todo-score"
      to={`/assessment?period=${period}&unit=${unit}`}
      value={computed ? (mine?.total ?? zh.todo.scoreNone) : zh.todo.notComputed}
      loading={state.isLoading || (computed && ranking.isLoading)}
      error={state.error ?? ranking.error}
      extra={
        <Typography.Text type="secondary">
          {zh.todo.period(period)}
          {mine?.rank ? ` · ${zh.todo.rank(mine.rank, mine.ranked ?? 0)}` : ''}
          {mine?.grade ? ` · ${mine.grade}` : ''}
        </Typography.Text>
      }
    />
  );
}

/** 工作台: what waits for me, each count linking to its list, and my unit's current score. */
export function WorkbenchPage() {
  const me = useMe();
  if (!me.data) return null;
  const { roles, unit } = me.data;
  const offices = roles.flatMap((role) => (OFFICE_OF_ROLE[role] ? [OFFICE_OF_ROLE[role]] : []));
  return (
    <>
      <Typography.Title level={3}>{zh.workbench}</Typography.Title>
      <Row gutter={[16, 16]}>
        {hasAny(roles, ['clerk']) ? <InboxCard view="to-sign" scope="unit" title={zh.todo.toSign} /> : null}
        {/* 待办: the unit's for its clerks and leaders, one's own for a handler. */}
        {hasAny(roles, ['clerk', 'leader', 'handler']) ? (
          <InboxCard
            view="to-do"
            scope={hasAny(roles, ['clerk', 'leader']) ? 'unit' : 'me'}
            title={zh.todo.toDo}
          />
        ) : null}
        {hasAny(roles, ['leader', 'handler']) ? (
          <InboxCard view="to-read" scope="me" title={zh.todo.toRead} />
        ) : null}
        {hasAny(roles, ['clerk', 'handler', 'leader']) ? <UrgesCard /> : null}
        {hasAny(roles, ['reviewer', 'signer', 'leader']) ? (
          <DocumentsCard view="review" title={zh.todo.documentsToReview} />
        ) : null}
        {hasAny(roles, ['signer']) ? <DocumentsCard view="sign" title={zh.todo.documentsToSign} /> : null}
        {hasAny(roles, ['drafter']) ? (
          <DocumentsCard view="drafts" title={zh.todo.documentsReturned} />
        ) : null}
        {hasAny(roles, ['data-approver']) ? <RequestsCard unit={unit.code} /> : null}
        {offices.map((office) => (
          <WorklistCard
            key={office}
            office={office}
            title={offices.length > 1 ? `${zh.todo.projects}（${zh.todo.office[office]}）` : zh.todo.projects}
          />
        ))}
        <ScoreCard unit={unit.code} />
      </Row>
    </>
  );
}
