import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { answerOf } from '../../api.ts';
import { cstDateTime } from '../../format.ts';
import { useSession } from '../../session.tsx';
import { admin as t } from '../../strings/admin.ts';
import { zh } from '../../strings.ts';
import { AdminNav } from './shared.tsx';

/** What the page shows of an indicator, a veto or a bonus (the client types them loosely: unknown[]). */
interface Line {
  id: string;
  name: string;
  weight?: number;
  formula: { kind: string };
  rule?: { kind: 'rate' } | { kind: 'deduction'; pointsPerRecord: number; cap?: number };
  appliesTo?: { levels?: string[]; kinds?: string[] };
  description?: string;
}

const formulaOf = (line: Line) => t.scheme.formulas[line.formula.kind] ?? line.formula.kind;

function Lines({ lines, weighted, testId }: { lines: Line[]; weighted?: boolean; testId?: string }) {
  return (
    <Table<Line>
      data-testid={testId}
      size="small"
      rowKey="id"
      dataSource={lines}
      pagination={false}
      columns={[
        { title: t.scheme.name, dataIndex: 'name' },
        ...(weighted
          ? [{ title: t.scheme.weight, width: 70, render: (_: unknown, l: Line) => l.weight }]
          : []),
        { title: t.scheme.formula, width: 200, render: (_, line) => formulaOf(line) },
        {
          title: t.scheme.rule,
          width: 200,
          render: (_, line) =>
            line.rule?.kind === 'deduction'
              ? t.scheme.deduction(line.rule.pointsPerRecord, line.rule.cap)
              : line.rule
                ? t.scheme.rate
                : '—',
        },
        {
          title: t.scheme.description,
          render: (_, line) => <Typography.Text type="secondary">{line.description ?? ''}</Typography.Text>,
        },
      ]}
    />
  );
}

/** 考核方案, read-only: the scheme in force (GET /v1/assessment/scheme), its indicators, vetoes, bonuses and grades. */
export function SchemePage() {
  const { client } = useSession();
  const scheme = useQuery({
    queryKey: ['assessment-scheme'],
    queryFn: () => answerOf(client.GET('/v1/assessment/scheme')),
  });
  if (scheme.error)
    return <Alert type="error" showIcon title={zh.loadFailed} description={scheme.error.message} />;
  if (!scheme.data) return <Spin />;
  const { scheme: s, savedAt, savedBy } = scheme.data;
  return (
    <>
      <AdminNav />
      <Typography.Title level={3}>{t.scheme.title}</Typography.Title>
      <Typography.Paragraph type="secondary">{t.readOnly}</Typography.Paragraph>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card title={`${s.name} · ${t.scheme.version(s.version)}`} size="small">
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t.scheme.periodKinds}>
              {s.periodKinds.map((kind) => t.scheme.periods[kind] ?? kind).join('、')}
            </Descriptions.Item>
            <Descriptions.Item label={t.scheme.bonuses}>{t.scheme.bonusCap(s.bonusCap)}</Descriptions.Item>
            <Descriptions.Item label={t.scheme.saved}>
              {t.scheme.savedBy(cstDateTime(savedAt), savedBy)}
            </Descriptions.Item>
            <Descriptions.Item label={t.scheme.grades}>
              <Space size={[0, 4]} wrap>
                {(s.grades ?? []).map((grade) => (
                  <Tag key={grade.name}>
                    {grade.name} ≥ {grade.minimum}
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t.scheme.indicators} size="small">
          <Lines lines={s.indicators as Line[]} weighted testId="scheme-indicators" />
        </Card>
        {s.vetoes.length ? (
          <Card title={t.scheme.vetoes} size="small">
            <Lines lines={s.vetoes as Line[]} />
          </Card>
        ) : null}
        {s.bonuses.length ? (
          <Card title={t.scheme.bonuses} size="small">
            <Lines lines={s.bonuses as Line[]} />
          </Card>
        ) : null}
      </Space>
    </>
  );
}
