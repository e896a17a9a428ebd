import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { answerOf } from '../../api.ts';
import { cstDateTime, yuan } from '../../format.ts';
import { useSession } from '../../session.tsx';
import { admin as t } from '../../strings/admin.ts';
import { zh } from '../../strings.ts';
import { AdminNav } from './shared.tsx';

/** 预算规则, read-only: the budget rules and duplicate-construction thresholds in force (GET /v1/review/rules); amounts in yuan. */
export function RulesPage() {
  const { client } = useSession();
  const rules = useQuery({
    queryKey: ['review-rules'],
    queryFn: () => answerOf(client.GET('/v1/review/rules', { params: { query: {} } })),
  });
  if (rules.error)
    return <Alert type="error" showIcon title={zh.loadFailed} description={rules.error.message} />;
  if (!rules.data) return <Spin />;
  const { budget, similarity } = rules.data;
  return (
    <>
      <AdminNav />
      <Typography.Title level={3}>{t.rules.title}</Typography.Title>
      <Typography.Paragraph type="secondary">{t.readOnly}</Typography.Paragraph>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card
          size="small"
          data-testid="review-rules"
          title={`${rules.data.label} · ${t.rules.version(rules.data.version)}`}
          extra={
            rules.data.updatedAt ? (
              <Typography.Text type="secondary">
                {t.rules.updated(cstDateTime(rules.data.updatedAt), rules.data.updatedBy ?? '')}
              </Typography.Text>
            ) : null
          }
        >
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t.rules.upgrade}>
              {t.rules.upgradeValue(
                budget.upgradeAsOperations.maxPercentOfOriginal,
                yuan(budget.upgradeAsOperations.maxAmount),
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t.rules.operationsShare}>
              {budget.operationsShare.maxPercent}%（{t.rules.severity[budget.operationsShare.severity]}）
            </Descriptions.Item>
            {budget.lineCeiling !== undefined ? (
              <Descriptions.Item label={t.rules.lineCeiling}>{yuan(budget.lineCeiling)}</Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t.rules.cloudProvided}>
              <Space size={[0, 4]} wrap>
                {budget.cloudProvided.map((item) => (
                  <Tag key={item}>{item}</Tag>
                ))}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t.rules.similarityLabel}>
              {t.rules.similarity(similarity.warn, similarity.fail)}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card size="small" title={t.rules.tiers}>
          <Table
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={budget.tiers}
            columns={[
              { title: t.rules.tier.code, dataIndex: 'code', width: 120 },
              { title: t.rules.tier.label, dataIndex: 'label' },
              { title: t.rules.tier.above, width: 180, render: (_, tier) => yuan(tier.above) },
              {
                title: t.rules.tier.reviewers,
                render: (_, tier) => tier.reviewers.map((r) => t.rules.reviewers[r] ?? r).join(' → '),
              },
            ]}
          />
        </Card>
        <Card size="small" title={`${t.rules.benchmarks}（${t.rules.severity[budget.benchmarkSeverity]}）`}>
          <Table
            size="small"
            rowKey="match"
            pagination={false}
            dataSource={budget.benchmarks}
            columns={[
              { title: t.rules.benchmark.match, dataIndex: 'match' },
              { title: t.rules.benchmark.category, width: 120, render: (_, b) => b.category ?? '—' },
              { title: t.rules.benchmark.unit, width: 100, render: (_, b) => b.unit ?? '—' },
              { title: t.rules.benchmark.maxUnitPrice, width: 180, render: (_, b) => yuan(b.maxUnitPrice) },
            ]}
          />
        </Card>
      </Space>
    </>
  );
}
