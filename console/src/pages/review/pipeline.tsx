import type { components } from '@govshare/client';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Card,
  Col,
  Descriptions,
  InputNumber,
  Progress,
  Row,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { cstDateTime, yuan } from '../../format.ts';
import { useSession } from '../../session.tsx';
import { review } from '../../strings/review.ts';
import { zh } from '../../strings.ts';
import { UnitName } from '../../units.tsx';
import { OutcomeTag, officeName, StateTag, wanYuan } from './common.tsx';

const t = review.pipeline;
type Group = components['schemas']['ReviewPipelineGroup'];
/** Groups of the report (by unit, plan item or tier), each named by its key. */
interface GroupProps {
  groups: Group[];
  label: (key: string) => ReactNode;
}

/** How many projects are in each state, the states with none left out. */
const StateCounts = ({ counts }: { counts: Record<string, number | undefined> }) => (
  <Space size={8} wrap>
    {Object.entries(counts).map(([state, n]) =>
      n ? (
        <span key={state}>
          <StateTag state={state} />
          {n}
        </span>
      ) : null,
    )}
  </Space>
);

/**
 * One group's requested budget as a bar as long as its share of the largest group's, the approved
 * part of it filled: the eye sees at once where the money is asked and how much of it survives.
 */
function GroupBars({ groups, label, widest }: GroupProps & { widest: number }) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {groups.map((group) => (
        <Row key={group.key} gutter={8} align="middle">
          <Col span={7}>{label(group.key)}</Col>
          <Col span={11}>
            <div style={{ width: `${widest > 0 ? Math.max(4, (100 * group.requested) / widest) : 0}%` }}>
              <Progress
                aria-label={t.chart(group.key)}
                percent={group.requested > 0 ? (100 * group.approved) / group.requested : 0}
                showInfo={false}
                strokeColor="#389e0d"
                railColor="#d9d9d9"
                size={['100%', 14]}
              />
            </div>
          </Col>
          <Col span={6}>
            <Typography.Text>
              {wanYuan(group.approved)} / {wanYuan(group.requested)}
            </Typography.Text>
          </Col>
        </Row>
      ))}
    </Space>
  );
}

function GroupTable({ groups, label, testId }: GroupProps & { testId: string }) {
  return (
    <Table
      size="small"
      rowKey="key"
      data-testid={testId}
      dataSource={groups}
      pagination={groups.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      columns={[
        { title: t.group, render: (_, g) => label(g.key) },
        { title: t.projects, dataIndex: 'projects', align: 'right' },
        { title: t.requested, align: 'right', render: (_, g) => yuan(g.requested) },
        { title: t.approvedProjects, dataIndex: 'approvedProjects', align: 'right' },
        { title: t.approved, align: 'right', render: (_, g) => yuan(g.approved) },
        { title: t.cut, align: 'right', render: (_, g) => yuan(g.cut) },
        { title: t.cutRate, align: 'right', render: (_, g) => `${g.cutRatePercent.toFixed(1)}%` },
        {
          title: t.byState,
          render: (_, g) => <StateCounts counts={g.byState} />,
        },
      ]}
    />
  );
}

/** 统计报表: the year's pipeline by unit, plan item and tier; duplicates caught; each office's time. */
export function PipelinePage() {
  const { client } = useSession();
  const [params, setParams] = useSearchParams();
  const year = params.get('year') ? Number(params.get('year')) : undefined;
  const report = useQuery({
    queryKey: ['review-pipeline', year],
    queryFn: () =>
      answerOf(client.GET('/v1/review/reports/pipeline', { params: { query: year ? { year } : {} } })),
  });
  if (report.error)
    return <Alert type="error" showIcon title={zh.loadFailed} description={report.error.message} />;
  if (!report.data) return <Spin />;
  const r = report.data;
  const unitLabel = (key: string) => <UnitName code={key} />;
  const plain = (key: string) => key;
  const widestUnit = Math.max(0, ...r.byUnit.map((g) => g.requested));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/review">{review.project.back}</Link>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t.title(r.year)}
        </Typography.Title>
        <Space>
          <label htmlFor="pipeline-year">{t.year}</label>
          <InputNumber
            id="pipeline-year"
            min={2000}
            max={2100}
            value={r.year}
            onChange={(value) => value && setParams({ year: String(value) })}
          />
        </Space>
      </Space>
      {r.workingDaysWithoutHolidays ? (
        <Alert type="info" showIcon title={t.weekendsOnly(r.workingDaysWithoutHolidays.join('、'))} />
      ) : null}
      <Descriptions bordered size="small" column={4} data-testid="pipeline-total">
        <Descriptions.Item label={t.projects}>{r.total.projects}</Descriptions.Item>
        <Descriptions.Item label={t.requested}>{yuan(r.total.requested)}</Descriptions.Item>
        <Descriptions.Item label={t.approved}>{yuan(r.total.approved)}</Descriptions.Item>
        <Descriptions.Item label={t.cutRate}>
          {yuan(r.total.cut)}（{r.total.cutRatePercent.toFixed(1)}%）
        </Descriptions.Item>
        <Descriptions.Item label={t.byState} span={3}>
          <StateCounts counts={r.total.byState} />
        </Descriptions.Item>
        <Descriptions.Item label={t.generatedAt}>{cstDateTime(r.generatedAt)}</Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t.byUnit}>
        <GroupBars groups={r.byUnit} label={unitLabel} widest={widestUnit} />
        <div style={{ marginTop: 12 }}>
          <GroupTable groups={r.byUnit} label={unitLabel} testId="pipeline-by-unit" />
        </div>
      </Card>
      <Row gutter={16}>
        <Col span={12}>
          <Card size="small" title={t.byPlanItem}>
            <GroupTable groups={r.byPlanItem} label={plain} testId="pipeline-by-plan-item" />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={t.byTier}>
            <GroupTable groups={r.byTier} label={plain} testId="pipeline-by-tier" />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t.duplicates}>
        <Typography.Paragraph>
          {t.duplicatesSummary(r.duplicates.checked, r.duplicates.failed, r.duplicates.warned)}
        </Typography.Paragraph>
        <Table
          size="small"
          rowKey="projectId"
          pagination={false}
          dataSource={r.duplicates.projects}
          columns={[
            {
              title: review.columns.name,
              render: (_, p) => <Link to={`/review/projects/${p.projectId}`}>{p.name}</Link>,
            },
            { title: review.columns.unit, render: (_, p) => <UnitName code={p.unit} /> },
            { title: review.columns.checks, render: (_, p) => <OutcomeTag outcome={p.outcome} /> },
            { title: review.columns.state, render: (_, p) => <StateTag state={p.state} /> },
          ]}
        />
      </Card>
      <Card size="small" title={t.officeTime}>
        <Table
          size="small"
          rowKey="office"
          pagination={false}
          data-testid="pipeline-office-time"
          dataSource={r.officeTime.offices}
          columns={[
            { title: review.project.decision.office, render: (_, o) => officeName(o.office) },
            { title: t.projects, dataIndex: 'projects', align: 'right' },
            { title: t.waiting, dataIndex: 'waiting', align: 'right' },
            { title: t.averageDays, align: 'right', render: (_, o) => o.averageWorkingDays.toFixed(1) },
            { title: t.maxDays, dataIndex: 'maxWorkingDays', align: 'right' },
          ]}
        />
        <Table
          size="small"
          rowKey="projectId"
          style={{ marginTop: 12 }}
          dataSource={r.officeTime.projects}
          pagination={r.officeTime.projects.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          columns={[
            {
              title: review.columns.name,
              render: (_, p) => <Link to={`/review/projects/${p.projectId}`}>{p.name}</Link>,
            },
            { title: review.columns.state, render: (_, p) => <StateTag state={p.state} /> },
            ...(['egov', 'finance', 'leading-group'] as const).map((office) => ({
              title: officeName(office),
              align: 'right' as const,
              render: (_: unknown, p: (typeof r.officeTime.projects)[number]) => (
                <span>
                  {p.workingDays[office] ?? '—'}
                  {p.waitingFor.includes(office) ? <Tag style={{ marginLeft: 4 }}>{t.waiting}</Tag> : null}
                </span>
              ),
            })),
          ]}
        />
      </Card>
    </Space>
  );
}
