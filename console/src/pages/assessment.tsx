import type { paths } from '@govshare/client';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Progress, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { answerOf } from '../api.ts';
import { cstDateTime, currentQuarter } from '../format.ts';
import { useMe, useSession } from '../session.tsx';
import { zh } from '../strings.ts';

/** An indicator line of a unit's table, as the API writes it (the domain's IndicatorLine). */
interface IndicatorLine {
  id: string;
  name: string;
  weight: number;
  applicable: boolean;
  notApplicable?: string;
  effectiveWeight: number;
  valueText: string;
  score: number | null;
  lost: number;
  capped: boolean;
  deductions: unknown[];
}

type PeerGroup = NonNullable<
  NonNullable<paths['/v1/assessment/periods/{period}/ranking']['get']['parameters']['query']>['peerGroup']
>;

/** Explanation pages are read a page at a time (offset paging, as the API pages them). */
const EXPLANATION_PAGE = 10;

const points = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toFixed(2));

/** The records behind one indicator's deductions, page by page. */
function Explanation({ period, unit, line }: { period: string; unit: string; line: IndicatorLine }) {
  const { client } = useSession();
  const [offset, setOffset] = useState(0);
  const page = useQuery({
    queryKey: ['explanation', period, unit, line.id, offset],
    queryFn: () =>
      answerOf(
        client.GET('/v1/assessment/periods/{period}/units/{unit}/explanation', {
          params: { path: { period, unit }, query: { item: line.id, offset, limit: EXPLANATION_PAGE } },
        }),
      ),
  });
  if (page.error)
    return <Alert type="error" showIcon title={zh.loadFailed} description={page.error.message} />;
  return (
    <Card title={zh.assessment.explanation.title(line.name)} size="small">
      <Table
        data-testid="assessment-explanation"
        size="small"
        rowKey={(entry) => `${entry.recordKind}:${entry.recordId}:${entry.at}`}
        loading={page.isLoading}
        dataSource={page.data?.items ?? []}
        columns={[
          { title: zh.assessment.explanation.at, dataIndex: 'at', render: (at: string) => cstDateTime(at) },
          { title: zh.assessment.explanation.reason, dataIndex: 'reason' },
          {
            title: zh.assessment.explanation.points,
            dataIndex: 'points',
            align: 'right',
            render: (n: number) => `−${n}`,
          },
          { title: zh.assessment.explanation.record, dataIndex: 'recordId' },
        ]}
        pagination={{
          current: offset / EXPLANATION_PAGE + 1,
          pageSize: EXPLANATION_PAGE,
          total: page.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => zh.assessment.explanation.total(n),
          onChange: (next) => setOffset((next - 1) * EXPLANATION_PAGE),
        }}
      />
    </Card>
  );
}

/** The unit's peer group for the period: rank, unit, total, grade, the change since the period before. */
function PeerRanking({ period, peerGroup, unit }: { period: string; peerGroup: string; unit: string }) {
  const { client } = useSession();
  const ranking = useQuery({
    queryKey: ['ranking', period, peerGroup],
    queryFn: () =>
      answerOf(
        client.GET('/v1/assessment/periods/{period}/ranking', {
          params: { path: { period }, query: { peerGroup: peerGroup as PeerGroup } },
        }),
      ),
  });
  return (
    <Card title={zh.assessment.ranking.title} size="small">
      <Table
        data-testid="assessment-ranking"
        size="small"
        rowKey="unitCode"
        loading={ranking.isLoading}
        dataSource={ranking.data?.items ?? []}
        rowClassName={(entry) => (entry.unitCode === unit ? 'ant-table-row-selected' : '')}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        columns={[
          { title: zh.assessment.rank, dataIndex: 'rank', render: (rank: number | null) => rank ?? '—' },
          { title: zh.assessment.ranking.unit, dataIndex: 'unitName' },
          {
            title: zh.assessment.total,
            dataIndex: 'total',
            align: 'right',
            render: (total: number | null, entry) =>
              entry.vetoed ? <Tag color="red">{zh.assessment.vetoed}</Tag> : points(total),
          },
          { title: zh.assessment.grade, dataIndex: 'grade', render: (grade?: string) => grade ?? '—' },
          {
            title: zh.assessment.ranking.change,
            dataIndex: 'totalChange',
            align: 'right',
            render: (change?: number | null) =>
              change === undefined || change === null ? '—' : `${change > 0 ? '+' : ''}${change.toFixed(2)}`,
          },
        ]}
      />
    </Card>
  );
}

/**
 * 绩效考核: a unit's 100-point table for a period (the caller's own unit unless the office names
 * another), each indicator's deductions drilled down to the records behind them, and the ranking
 * among its peers. The API decides who reads which unit (another unit's table: 404).
 */
export function AssessmentPage() {
  const { client } = useSession();
  const me = useMe();
  const [params] = useSearchParams();
  const period = params.get('period') ?? currentQuarter();
  const unit = params.get('unit') ?? me.data?.unit.code;
  const [open, setOpen] = useState<string>();
  const state = useQuery({
    queryKey: ['period', period],
    queryFn: () => answerOf(client.GET('/v1/assessment/periods/{period}', { params: { path: { period } } })),
  });
  const computed = Boolean(state.data?.computedAt);
  const table = useQuery({
    queryKey: ['unit-table', period, unit],
    enabled: computed && unit !== undefined,
    queryFn: () =>
      answerOf(
        client.GET('/v1/assessment/periods/{period}/units/{unit}', {
          params: { path: { period, unit: unit as string } },
        }),
      ),
  });
  const error = state.error ?? table.error;
  if (error) return <Alert type="error" showIcon title={zh.loadFailed} description={error.message} />;
  if (state.data && !computed)
    return <Alert type="info" showIcon title={zh.assessment.notComputed(period)} />;
  if (!table.data || !unit) return <Spin />;
  const t = table.data;
  const lines = t.lines as unknown as IndicatorLine[];
  const openLine = lines.find((line) => line.id === open);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>
        {zh.assessment.title(period)} · {t.unit.name}
      </Typography.Title>
      <Descriptions bordered size="small" column={3} data-testid="assessment-summary">
        <Descriptions.Item label={zh.assessment.total}>
          {t.vetoed ? <Tag color="red">{zh.assessment.vetoed}</Tag> : null}
          {t.assessed ? points(t.total) : zh.assessment.notAssessed}
        </Descriptions.Item>
        <Descriptions.Item label={zh.assessment.rank}>
          {t.rank ? zh.todo.rank(t.rank, t.ranked) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={zh.assessment.grade}>{t.grade ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={zh.assessment.period}>{zh.assessment.state[t.state]}</Descriptions.Item>
        <Descriptions.Item label={zh.assessment.bonus}>{points(t.bonusTotal)}</Descriptions.Item>
        <Descriptions.Item label={zh.assessment.computedAt}>{cstDateTime(t.computedAt)}</Descriptions.Item>
      </Descriptions>
      <Table
        data-testid="assessment-lines"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={lines}
        columns={[
          { title: zh.assessment.lines.name, dataIndex: 'name' },
          {
            title: zh.assessment.lines.weight,
            dataIndex: 'effectiveWeight',
            align: 'right',
            render: (weight: number) => points(weight),
          },
          {
            title: zh.assessment.lines.value,
            dataIndex: 'valueText',
            render: (text: string, line) =>
              line.applicable ? text : <Tag>{line.notApplicable ?? zh.assessment.lines.notApplicable}</Tag>,
          },
          {
            title: zh.assessment.lines.score,
            dataIndex: 'score',
            align: 'right',
            // The share of the weight kept, to see at a glance where the points went.
            render: (score: number | null, line) =>
              score === null ? (
                '—'
              ) : (
                <Space size="small">
                  <Progress
                    aria-label={zh.assessment.lines.share(line.name)}
                    percent={line.effectiveWeight > 0 ? (100 * score) / line.effectiveWeight : 0}
                    size={[80, 8]}
                    showInfo={false}
                    status={line.lost > 0 ? 'exception' : 'success'}
                  />
                  {points(score)}
                </Space>
              ),
          },
          {
            title: zh.assessment.lines.lost,
            dataIndex: 'lost',
            align: 'right',
            render: (lost: number, line) => (
              <Space size="small">
                {lost > 0 ? <Typography.Text type="danger">−{lost.toFixed(2)}</Typography.Text> : '0.00'}
                {line.capped ? <Tag color="orange">{zh.assessment.lines.capped}</Tag> : null}
              </Space>
            ),
          },
          {
            title: zh.assessment.lines.deductions,
            key: 'deductions',
            render: (_: unknown, line) =>
              line.deductions.length > 0 ? (
                <Button
                  size="small"
                  type={open === line.id ? 'primary' : 'default'}
                  data-line={line.id}
                  onClick={() => setOpen(open === line.id ? undefined : line.id)}
                >
                  {zh.assessment.lines.show(line.deductions.length)}
                </Button>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {openLine ? <Explanation period={period} unit={unit} line={openLine} /> : null}
      <PeerRanking period={period} peerGroup={t.peerGroup} unit={unit} />
    </Space>
  );
}
