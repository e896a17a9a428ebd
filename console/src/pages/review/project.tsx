import type { components } from '@govshare/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { cstDateTime, yuan } from '../../format.ts';
import { useMe, useSession } from '../../session.tsx';
import { review } from '../../strings/review.ts';
import { zh } from '../../strings.ts';
import { UnitName } from '../../units.tsx';
import {
  amount,
  type Office,
  OutcomeTag,
  officeName,
  officesOf,
  type ProjectView,
  StateTag,
  signedYuan,
} from './common.tsx';
import { DecisionForm } from './decision.tsx';

const t = review.project;
const FINAL = new Set(['approved', 'rejected', 'withdrawn']);

type CheckResult = components['schemas']['ReviewCheckResult'];
type SimilarMatch = components['schemas']['ReviewSimilarMatch'];
type Recollection = components['schemas']['ReviewRecollectionEvidence'];

const offices = (list: readonly string[]) => (list.length ? list.map(officeName).join('、') : t.none);
const listed = (items: readonly string[]) => (items.length ? items.join('、') : t.none);

/** A field's value in a diff or a detail line, as a reader reads it. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (Array.isArray(value)) return value.length ? value.map(shown).join('、') : t.none;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The closest earlier projects and systems of a duplicate-construction check, with their scores. */
function SimilarMatches({ matches }: { matches: SimilarMatch[] }) {
  const s = t.similar;
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={matches}
      data-testid="similar-matches"
      columns={[
        {
          title: s.target,
          render: (_, m) => (
            <Space orientation="vertical" size={0}>
              <span>
                <Tag>{s.kind[m.kind]}</Tag>
                {m.id} 《{m.name}》
              </span>
              <Typography.Text type="secondary">
                <UnitName code={m.unit} />
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: s.score,
          align: 'right',
          render: (_, m) => (
            <Space orientation="vertical" size={0}>
              <strong>{m.score.toFixed(2)}</strong>
              <Typography.Text type="secondary">
                {s.fields(m.fields.name, m.fields.description, m.fields.functions)}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: s.overlap,
          render: (_, m) =>
            m.overlappingFunctions.map((f) => (
              <div key={`${f.submitted}:${f.earlier}`}>
                {f.submitted} ≈ {f.earlier}（{f.score.toFixed(2)}）
              </div>
            )),
        },
      ]}
    />
  );
}

function Evidence({ result }: { result: CheckResult }) {
  if (result.evidence.length === 0) return null;
  if (result.check === 'duplicate-construction')
    return <SimilarMatches matches={result.evidence as unknown as SimilarMatch[]} />;
  if (result.check === 'no-re-collection')
    return (
      <ul style={{ margin: 0 }}>
        {(result.evidence as unknown as Recollection[]).map((e) => (
          <li key={e.item}>
            {t.recollection(e.item, e.resource.name, e.matchedItem)}（{e.provider}）
          </li>
        ))}
      </ul>
    );
  return (
    <ul style={{ margin: 0 }}>
      {result.evidence.map((e) => (
        <li key={`${e.kind}:${e.ref}`}>
          <Typography.Text code>{e.ref}</Typography.Text> {e.detail}
        </li>
      ))}
    </ul>
  );
}

/** The machine-check report (机审) of the version judged last: each check's outcome, reason, evidence. */
function Checks({ project }: { project: ProjectView }) {
  const { client } = useSession();
  const version = project.checks?.projectVersion;
  const checks = useQuery({
    queryKey: ['review-checks', project.id, version],
    enabled: version !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () =>
      answerOf(
        client.GET('/v1/review/projects/{id}/checks', {
          params: { path: { id: project.id }, query: { version } },
        }),
      ),
  });
  const pending = project.state === 'submitted';
  return (
    <Card
      size="small"
      data-testid="review-checks"
      title={
        <Space>
          {t.checks}
          {checks.data ? <OutcomeTag outcome={checks.data.outcome} /> : null}
        </Space>
      }
      extra={
        checks.data ? (
          <Typography.Text type="secondary">
            {t.checksOf(
              checks.data.projectVersion,
              review.tier[checks.data.tier.code] ?? checks.data.tier.label,
              checks.data.rules,
            )}
          </Typography.Text>
        ) : null
      }
    >
      {checks.error ? (
        <Alert type="error" showIcon title={zh.loadFailed} description={checks.error.message} />
      ) : version === undefined ? (
        <Typography.Text type="secondary">{pending ? t.checksPending : t.checksNone}</Typography.Text>
      ) : !checks.data ? (
        <Spin />
      ) : (
        <List
          dataSource={checks.data.results as CheckResult[]}
          renderItem={(result) => (
            <List.Item data-check={result.check}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Space>
                  <OutcomeTag outcome={result.outcome} />
                  <strong>{review.check[result.check] ?? result.check}</strong>
                </Space>
                <span>{result.reason}</span>
                {result.evidence.length > 0 ? (
                  <div>
                    <Typography.Text type="secondary">{t.evidence}：</Typography.Text>
                    <Evidence result={result} />
                  </div>
                ) : null}
              </Space>
            </List.Item>
          )}
        />
      )}
      {pending && version === undefined ? <Spin size="small" style={{ marginLeft: 8 }} /> : null}
    </Card>
  );
}

/** Each budget line as requested and, once decided, as approved with the offices' cuts. */
function Budget({ project }: { project: ProjectView }) {
  const approved = project.approvedBudget;
  const requested = project.content.budgetLines.reduce((sum, line) => sum + line.amount, 0);
  return (
    <Table
      size="small"
      rowKey={(_, index) => String(index)}
      pagination={false}
      data-testid="project-budget"
      dataSource={project.content.budgetLines.map((line, index) => ({ ...line, index }))}
      columns={[
        { title: '#', render: (_, line) => line.index + 1, width: 48 },
        { title: review.form.line.category, render: (_, line) => review.category[line.category] },
        { title: review.form.line.item, dataIndex: 'item' },
        {
          title: review.form.line.quantity,
          align: 'right',
          render: (_, line) => `${line.quantity}${line.unit ?? ''}`,
        },
        { title: review.form.line.unitPrice, align: 'right', render: (_, line) => yuan(line.unitPrice) },
        { title: review.form.line.amount, align: 'right', render: (_, line) => yuan(line.amount) },
        ...(approved
          ? [
              {
                title: review.columns.approved,
                align: 'right' as const,
                render: (_: unknown, line: { index: number }) => {
                  const a = approved.lines.find((l) => l.line === line.index);
                  if (!a) return '—';
                  return (
                    <Space orientation="vertical" size={0}>
                      <span>{yuan(a.approved)}</span>
                      {a.cuts.map((cut) => (
                        <Typography.Text type="danger" key={cut.office}>
                          {officeName(cut.office)}：{cut.reason}
                        </Typography.Text>
                      ))}
                    </Space>
                  );
                },
              },
            ]
          : []),
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={5}>
            {t.budgetTotal}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <strong>{amount(requested)}</strong>
          </Table.Summary.Cell>
          {approved ? (
            <Table.Summary.Cell index={2} align="right">
              {t.approvedTotal(yuan(approved.approved), yuan(approved.cut))}
            </Table.Summary.Cell>
          ) : null}
        </Table.Summary.Row>
      )}
    />
  );
}

function Decisions({ project }: { project: ProjectView }) {
  const d = t.decision;
  return (
    <Table
      size="small"
      rowKey={(decision) => `${decision.office}:${decision.projectVersion}:${decision.at}`}
      pagination={false}
      data-testid="project-decisions"
      dataSource={[...project.decisions].reverse()}
      columns={[
        { title: d.office, render: (_, x) => officeName(x.office) },
        { title: t.version, render: (_, x) => t.versionN(x.projectVersion) },
        {
          title: d.outcome,
          render: (_, x) => (
            <Space>
              {t.decisionOutcome[x.outcome]}
              {x.carriedFromVersion ? <Tag>{d.carried(x.carriedFromVersion)}</Tag> : null}
            </Space>
          ),
        },
        {
          title: d.opinion,
          render: (_, x) => (
            <Space orientation="vertical" size={0}>
              {x.opinion ? <span>{x.opinion}</span> : null}
              {x.reason ? <span>{x.reason}</span> : null}
              {x.cuts.map((cut) => (
                <span key={cut.line}>
                  {t.versionN(x.projectVersion)} #{cut.line + 1} {cut.item}：{yuan(cut.requested)} →{' '}
                  {yuan(cut.approved)}（{cut.reason}）
                </span>
              ))}
              {x.comments.map((c) => (
                <span key={c.item}>
                  {review.decide.items[c.item.split('.')[0] ?? ''] ?? c.item}
                  {c.item.includes('.') ? ` #${Number(c.item.split('.')[1]) + 1}` : ''}：{c.comment}
                </span>
              ))}
            </Space>
          ),
        },
        { title: d.reviewer, dataIndex: 'reviewer' },
        { title: d.at, render: (_, x) => cstDateTime(x.at) },
      ]}
    />
  );
}

/** What changed between two versions (the diff route): fields, the description's lines, the budget lines. */
function VersionDiff({ project }: { project: ProjectView }) {
  const { client } = useSession();
  const numbers = Array.from({ length: project.projectVersion }, (_, i) => i + 1);
  const [from, setFrom] = useState(project.projectVersion - 1);
  const [to, setTo] = useState(project.projectVersion);
  const diff = useQuery({
    queryKey: ['review-diff', project.id, project.version, from, to],
    enabled: from >= 1 && from !== to,
    queryFn: () =>
      answerOf(
        client.GET('/v1/review/projects/{id}/diff', {
          params: { path: { id: project.id }, query: { from, to } },
        }),
      ),
  });
  const versionOptions = numbers.map((n) => ({ value: n, label: t.versionN(n) }));
  const d = diff.data;
  const empty = d && d.fields.length === 0 && d.budgetLines.length === 0 && d.description.runs.length <= 1;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="project-diff">
      <Space>
        {t.diffOf}
        <Select
          aria-label={t.diffFrom}
          value={from}
          options={versionOptions}
          onChange={setFrom}
          style={{ width: 110 }}
        />
        →
        <Select
          aria-label={t.diffTo}
          value={to}
          options={versionOptions}
          onChange={setTo}
          style={{ width: 110 }}
        />
      </Space>
      {diff.error ? (
        <Alert type="error" showIcon title={zh.loadFailed} description={diff.error.message} />
      ) : null}
      {d ? (
        <>
          <Typography.Text strong>
            {t.diffBudget(yuan(d.budget.from), yuan(d.budget.to), signedYuan(d.budget.delta))}
          </Typography.Text>
          {empty ? <Typography.Text type="secondary">{t.diffNone}</Typography.Text> : null}
          {d.fields.length > 0 ? (
            <Table
              size="small"
              rowKey="field"
              pagination={false}
              dataSource={d.fields}
              columns={[
                { title: t.diffField, render: (_, c) => review.decide.items[c.field] ?? c.field },
                {
                  title: t.diffBefore,
                  render: (_, c) => <Typography.Text delete>{shown(c.from)}</Typography.Text>,
                },
                {
                  title: t.diffAfter,
                  render: (_, c) => <Typography.Text mark>{shown(c.to)}</Typography.Text>,
                },
              ]}
            />
          ) : null}
          {d.budgetLines.length > 0 ? (
            <Table
              size="small"
              rowKey={(c) => `${c.kind}:${c.category}:${c.item}:${c.fromIndex}:${c.toIndex}`}
              pagination={false}
              dataSource={d.budgetLines}
              columns={[
                { title: review.form.budget, render: (_, c) => <Tag>{t.lineChange[c.kind]}</Tag> },
                { title: review.form.line.category, render: (_, c) => review.category[c.category] },
                { title: review.form.line.item, dataIndex: 'item' },
                {
                  title: t.diffBefore,
                  align: 'right',
                  render: (_, c) => (c.from ? yuan(c.from.amount) : '—'),
                },
                { title: t.diffAfter, align: 'right', render: (_, c) => (c.to ? yuan(c.to.amount) : '—') },
                { title: '±', align: 'right', render: (_, c) => signedYuan(c.delta) },
              ]}
            />
          ) : null}
          {d.description.linesAdded + d.description.linesRemoved > 0 ? (
            <Card
              size="small"
              title={t.descriptionChange(d.description.linesAdded, d.description.linesRemoved)}
            >
              {d.description.runs.map((run, i) =>
                run.lines.map((line, j) => (
                  <div
                    // biome-ignore lint/suspicious/noArrayIndexKey: the runs of one diff never reorder
                    key={`${i}:${j}`}
                    style={{
                      background:
                        run.kind === 'added' ? '#f6ffed' : run.kind === 'removed' ? '#fff1f0' : undefined,
                    }}
                  >
                    {run.kind === 'added' ? '+ ' : run.kind === 'removed' ? '− ' : '  '}
                    {line}
                  </div>
                )),
              )}
            </Card>
          ) : null}
        </>
      ) : null}
    </Space>
  );
}

function Versions({ project }: { project: ProjectView }) {
  const { client } = useSession();
  const versions = useQuery({
    queryKey: ['review-versions', project.id, project.version],
    queryFn: () =>
      answerOf(client.GET('/v1/review/projects/{id}/versions', { params: { path: { id: project.id } } })),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        rowKey="projectVersion"
        pagination={false}
        loading={versions.isLoading}
        data-testid="project-versions"
        dataSource={versions.data?.items ?? []}
        columns={[
          { title: t.version, render: (_, v) => t.versionN(v.projectVersion) },
          { title: t.createdAt, render: (_, v) => cstDateTime(v.createdAt) },
          { title: t.submitter, dataIndex: 'by' },
          {
            title: t.submittedAt,
            render: (_, v) => (v.submittedAt ? cstDateTime(v.submittedAt) : t.draftVersion),
          },
        ]}
      />
      {project.projectVersion > 1 ? (
        <Card size="small" title={t.diff}>
          <VersionDiff project={project} />
        </Card>
      ) : null}
    </Space>
  );
}

function History({ project }: { project: ProjectView }) {
  const { client } = useSession();
  const history = useQuery({
    queryKey: ['review-history', project.id, project.version],
    queryFn: () =>
      answerOf(client.GET('/v1/review/projects/{id}/history', { params: { path: { id: project.id } } })),
  });
  return (
    <Table
      size="small"
      rowKey={(e) => `${e.at}:${e.type}:${e.actor}`}
      loading={history.isLoading}
      data-testid="project-history"
      dataSource={history.data?.items ?? []}
      pagination={{ pageSize: 20, showSizeChanger: false }}
      columns={[
        { title: t.at, render: (_, e) => cstDateTime(e.at) },
        { title: t.transition, render: (_, e) => t.event[e.type] ?? e.type },
        { title: t.actor, dataIndex: 'actor' },
        {
          title: review.columns.state,
          render: (_, e) => (
            <Space size={4}>
              {e.from ? <StateTag state={e.from} /> : null}
              {e.from ? '→' : null}
              <StateTag state={e.to} />
            </Space>
          ),
        },
        {
          title: t.details,
          render: (_, e) =>
            Object.entries(e.details ?? {})
              .map(([key, value]) =>
                key === 'office'
                  ? officeName(String(value))
                  : key === 'outcome'
                    ? (t.decisionOutcome[String(value)] ?? value)
                    : key === 'projectVersion'
                      ? t.versionN(Number(value))
                      : `${key} ${value}`,
              )
              .join(' · '),
        },
      ]}
    />
  );
}

/** 撤回: the submitter says why; the history keeps the reason. */
function WithdrawButton({ project }: { project: ProjectView }) {
  const { client } = useSession();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason?: string }>();
  const withdraw = useMutation({
    mutationFn: (reason: string) =>
      answerOf(
        client.POST('/v1/review/projects/{id}/withdraw', {
          params: { path: { id: project.id } },
          body: { reason },
        }),
      ),
    onSuccess: async () => {
      setOpen(false);
      message.success(t.actions.withdrawn);
      await queries.invalidateQueries({ queryKey: ['review-project', project.id] });
    },
    onError: (error) => form.setFields([{ name: 'reason', errors: [error.message] }]),
  });
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        {t.actions.withdraw}
      </Button>
      <Modal
        open={open}
        title={t.actions.withdraw}
        okText={t.actions.withdrawConfirm}
        okButtonProps={{ danger: true, loading: withdraw.isPending }}
        onOk={() => withdraw.mutate(form.getFieldValue('reason') ?? '')}
        onCancel={() => setOpen(false)}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t.actions.withdrawReason}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function SubmitterActions({ project }: { project: ProjectView }) {
  const { client } = useSession();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const submit = useMutation({
    mutationFn: () =>
      answerOf(client.POST('/v1/review/projects/{id}/submit', { params: { path: { id: project.id } } })),
    onSuccess: async () => {
      message.success(t.actions.submitted);
      await queries.invalidateQueries({ queryKey: ['review-project', project.id] });
    },
    onError: (error) => message.error(error.message),
  });
  return (
    <Space>
      {project.state === 'draft' ? (
        <>
          <Button onClick={() => navigate(`/review/projects/${project.id}/edit`)}>{t.actions.edit}</Button>
          <Button type="primary" loading={submit.isPending} onClick={() => submit.mutate()}>
            {t.actions.submit}
          </Button>
        </>
      ) : null}
      {project.state === 'returned' ? (
        <Button type="primary" onClick={() => navigate(`/review/projects/${project.id}/edit`)}>
          {t.actions.revise}
        </Button>
      ) : null}
      {FINAL.has(project.state) ? null : <WithdrawButton project={project} />}
    </Space>
  );
}

/**
 * A project's page: where its review stands, its machine checks with their evidence, the decision
 * form of the office whose turn it is, its budget as requested and approved, its versions with what
 * changed, and its history. Until the checks of a submitted version are in, it asks again.
 */
export function ProjectPage() {
  const { client } = useSession();
  const me = useMe();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const project = useQuery({
    queryKey: ['review-project', id],
    queryFn: () => answerOf(client.GET('/v1/review/projects/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (query.state.data?.state === 'submitted' ? 1500 : false),
  });
  if (project.error)
    return <Alert type="error" showIcon title={zh.loadFailed} description={project.error.message} />;
  if (!project.data || !me.data) return <Spin />;
  const p = project.data;
  const roles = me.data.roles;
  const mine = officesOf(roles).filter((office) => p.state === 'in-review' && p.awaiting.includes(office));
  const named = params.get('office') as Office | null;
  const deciding = named && mine.includes(named) ? named : mine[0];
  const submitter = roles.includes('project-submitter') && p.unit === me.data.unit.code;
  const c = p.content;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={deciding ? `/review?office=${deciding}` : '/review?view=projects'}>{t.back}</Link>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="project-name">
          {c.name} <StateTag state={p.state} />
        </Typography.Title>
        {submitter ? <SubmitterActions project={p} /> : null}
      </Space>
      <Descriptions bordered size="small" column={3} data-testid="project-summary">
        <Descriptions.Item label={t.unit}>
          <UnitName code={p.unit} />
        </Descriptions.Item>
        <Descriptions.Item label={t.submitter}>{p.submitter}</Descriptions.Item>
        <Descriptions.Item label={t.version}>{t.versionN(p.projectVersion)}</Descriptions.Item>
        <Descriptions.Item label={review.columns.kind}>{review.kind[c.kind]}</Descriptions.Item>
        <Descriptions.Item label={review.columns.planItem}>{c.planItem}</Descriptions.Item>
        <Descriptions.Item label={t.budgetTotal}>
          {amount(c.budgetLines.reduce((sum, line) => sum + line.amount, 0))}
        </Descriptions.Item>
        <Descriptions.Item label={t.reviewers}>{offices(p.reviewers)}</Descriptions.Item>
        <Descriptions.Item label={t.awaiting}>{offices(p.awaiting)}</Descriptions.Item>
        <Descriptions.Item label={t.awaitingLater}>{offices(p.awaitingLater)}</Descriptions.Item>
        <Descriptions.Item label={t.createdAt}>{cstDateTime(p.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t.updatedAt}>{cstDateTime(p.updatedAt)}</Descriptions.Item>
        {p.approvedBudget ? (
          <Descriptions.Item label={review.columns.approved}>
            {t.approvedTotal(amount(p.approvedBudget.approved), yuan(p.approvedBudget.cut))}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {p.state === 'returned' && p.lastReturn ? (
        <Alert
          type="warning"
          showIcon
          data-testid="last-return"
          title={t.lastReturn(officeName(p.lastReturn.office))}
          description={
            <ul style={{ margin: 0 }}>
              {p.lastReturn.comments.map((comment) => (
                <li key={comment.item}>
                  {review.decide.items[comment.item.split('.')[0] ?? ''] ?? comment.item}：{comment.comment}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Checks project={p} />
      {deciding ? (
        <DecisionForm key={`${p.id}:${p.version}:${deciding}`} project={p} office={deciding} />
      ) : null}
      <Tabs
        items={[
          { key: 'budget', label: review.form.budget, children: <Budget project={p} /> },
          {
            key: 'content',
            label: t.content,
            children: (
              <Descriptions bordered size="small" column={1} data-testid="project-content">
                <Descriptions.Item label={review.form.description}>{c.description}</Descriptions.Item>
                <Descriptions.Item label={review.form.functions}>{listed(c.functions)}</Descriptions.Item>
                <Descriptions.Item label={t.deployment}>
                  {c.deployment.mode === 'self-built'
                    ? `${review.form.selfBuilt}：${listed(c.deployment.parts.map((part) => part.name))}${c.deployment.justification ? `（${c.deployment.justification}）` : ''}`
                    : review.form.governmentCloud}
                </Descriptions.Item>
                <Descriptions.Item label={t.network}>
                  {c.network} · {review.form.level(c.securityLevel)}
                </Descriptions.Item>
                <Descriptions.Item label={t.schedule}>
                  {c.schedule.start} — {c.schedule.end}
                </Descriptions.Item>
                <Descriptions.Item label={t.produces}>{listed(c.produces)}</Descriptions.Item>
                <Descriptions.Item label={t.consumes}>{listed(c.consumes)}</Descriptions.Item>
                <Descriptions.Item label={t.collects}>{listed(c.collects)}</Descriptions.Item>
                <Descriptions.Item label={t.attachments}>
                  {listed(c.attachments.map((a) => a.name))}
                </Descriptions.Item>
              </Descriptions>
            ),
          },
          { key: 'decisions', label: t.decisions, children: <Decisions project={p} /> },
          { key: 'versions', label: t.versions, children: <Versions project={p} /> },
          { key: 'history', label: t.history, children: <History project={p} /> },
        ]}
      />
    </Space>
  );
}
