import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { answerOf } from '../../api.ts';
import { yuan } from '../../format.ts';
import { type FieldPattern, useRefusals } from '../../refusals.ts';
import { useSession } from '../../session.tsx';
import { review } from '../../strings/review.ts';
import {
  type DecisionInput,
  fenOf,
  type Office,
  officeName,
  type ProjectView,
  yuanInput,
} from './common.tsx';

const t = review.decide;
const OUTCOMES = ['approve', 'approve-with-cuts', 'return', 'reject'] as const;
type Outcome = (typeof OUTCOMES)[number];

interface DecisionValues {
  outcome: Outcome;
  opinion?: string;
  cuts?: { line?: number; approvedAmount?: number | null; reason?: string }[];
  comments?: { item?: string; comment?: string }[];
  reason?: string;
}

const SHOWN: readonly FieldPattern[] = [
  ['outcome'],
  ['opinion'],
  ['cuts'],
  ['cuts', '*', 'line'],
  ['cuts', '*', 'approvedAmount'],
  ['cuts', '*', 'reason'],
  ['comments'],
  ['comments', '*', 'item'],
  ['comments', '*', 'comment'],
  ['reason'],
];

const text = (value: string | undefined) => value?.trim() || undefined;

/** What the decisions route is sent for the chosen outcome (nothing of the others). */
function decisionOf(values: DecisionValues, office: Office): DecisionInput {
  const opinion = text(values.opinion);
  switch (values.outcome) {
    case 'approve':
      return { office, outcome: 'approve', ...(opinion ? { opinion } : {}) };
    case 'approve-with-cuts':
      return {
        office,
        outcome: 'approve-with-cuts',
        cuts: (values.cuts ?? []).map((cut) => ({
          line: cut.line ?? -1,
          approvedAmount: fenOf(cut.approvedAmount),
          reason: cut.reason ?? '',
        })),
        ...(opinion ? { opinion } : {}),
      };
    case 'return':
      return {
        office,
        outcome: 'return',
        comments: (values.comments ?? []).map((c) => ({ item: c.item ?? '', comment: c.comment ?? '' })),
      };
    default:
      return { office, outcome: 'reject', reason: values.reason ?? '' };
  }
}

/** The last column of a list's row: takes the row out. */
const RemoveColumn = ({ onRemove }: { onRemove: () => void }) => (
  <Col span={2} style={{ paddingTop: 30 }}>
    <Button type="text" danger onClick={onRemove}>
      {t.remove}
    </Button>
  </Col>
);

/**
 * An office's decision on the version in review: approve, cut lines (核减) with a reason each,
 * return with comments per item, or reject with a reason; the API's field errors beside the fields.
 */
export function DecisionForm({ project, office }: { project: ProjectView; office: Office }) {
  const { client } = useSession();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<DecisionValues>();
  const outcome = Form.useWatch('outcome', form);
  const cuts = Form.useWatch('cuts', form) ?? [];
  const refusals = useRefusals(form, SHOWN);
  const lines = project.content.budgetLines;
  const requested = lines.reduce((sum, line) => sum + line.amount, 0);
  const cutTotal = cuts.reduce((sum, cut) => {
    const line = cut?.line === undefined ? undefined : lines[cut.line];
    return line && typeof cut.approvedAmount === 'number'
      ? sum + line.amount - fenOf(cut.approvedAmount)
      : sum;
  }, 0);
  const itemOptions = [
    ...Object.entries(t.items).map(([value, label]) => ({ value, label })),
    ...lines.map((line, index) => ({
      value: `budgetLines.${index}`,
      label: t.lineOption(index + 1, line.item, yuan(line.amount)),
    })),
  ];

  const decide = useMutation({
    mutationFn: (values: DecisionValues) =>
      answerOf(
        client.POST('/v1/review/projects/{id}/decisions', {
          params: { path: { id: project.id } },
          body: decisionOf(values, office),
        }),
      ),
    onSuccess: async () => {
      refusals.clear();
      message.success(t.done);
      await Promise.all([
        queries.invalidateQueries({ queryKey: ['review-project', project.id] }),
        queries.invalidateQueries({ queryKey: ['review-worklist'] }),
        queries.invalidateQueries({ queryKey: ['worklist-count'] }),
      ]);
    },
    onError: (error) => {
      refusals.show(error);
    },
  });

  return (
    <Card title={t.title(officeName(office))} size="small" data-testid="decision-form">
      {decide.isError && refusals.general.length > 0 ? (
        <Alert type="error" showIcon title={refusals.general.join('；')} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<DecisionValues>
        form={form}
        layout="vertical"
        initialValues={{ outcome: 'approve', cuts: [{}], comments: [{}] }}
        onFinish={(values) => decide.mutate(values)}
      >
        <Form.Item name="outcome" label={t.outcome}>
          <Radio.Group
            optionType="button"
            options={OUTCOMES.map((value) => ({ value, label: review.project.decisionOutcome[value] }))}
          />
        </Form.Item>
        {outcome === 'approve-with-cuts' ? (
          <Form.List name="cuts">
            {(fields, { add, remove }, { errors }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Typography.Text strong>{t.cuts}</Typography.Text>
                {fields.map((field, index) => (
                  <Row gutter={8} key={field.key} data-testid={`cut-${index}`}>
                    <Col span={9}>
                      <Form.Item name={[field.name, 'line']} label={t.cutLine}>
                        <Select
                          options={lines.map((line, n) => ({
                            value: n,
                            label: t.lineOption(n + 1, line.item, yuan(line.amount)),
                          }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item name={[field.name, 'approvedAmount']} label={t.cutApproved}>
                        <InputNumber {...yuanInput} />
                      </Form.Item>
                    </Col>
                    <Col span={8}>
                      <Form.Item name={[field.name, 'reason']} label={t.cutReason}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <RemoveColumn onRemove={() => remove(field.name)} />
                  </Row>
                ))}
                <Form.ErrorList errors={errors} />
                <Space>
                  <Button onClick={() => add({})}>{t.addCut}</Button>
                  <Typography.Text data-testid="approved-after-cuts" aria-live="polite">
                    {t.approvedAfterCuts(yuan(requested - cutTotal), yuan(cutTotal))}
                  </Typography.Text>
                </Space>
              </Space>
            )}
          </Form.List>
        ) : null}
        {outcome === 'return' ? (
          <Form.List name="comments">
            {(fields, { add, remove }, { errors }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Typography.Text strong>{t.comments}</Typography.Text>
                {fields.map((field, index) => (
                  <Row gutter={8} key={field.key} data-testid={`comment-${index}`}>
                    <Col span={8}>
                      <Form.Item name={[field.name, 'item']} label={t.commentItem}>
                        <Select showSearch={{ optionFilterProp: 'label' }} options={itemOptions} />
                      </Form.Item>
                    </Col>
                    <Col span={14}>
                      <Form.Item name={[field.name, 'comment']} label={t.comment}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <RemoveColumn onRemove={() => remove(field.name)} />
                  </Row>
                ))}
                <Form.ErrorList errors={errors} />
                <Button onClick={() => add({})}>{t.addComment}</Button>
              </Space>
            )}
          </Form.List>
        ) : null}
        {outcome === 'reject' ? (
          <Form.Item name="reason" label={t.reason}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        ) : null}
        {outcome === 'approve' || outcome === 'approve-with-cuts' ? (
          <Form.Item name="opinion" label={t.opinion}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        ) : null}
        <Button type="primary" htmlType="submit" loading={decide.isPending} style={{ marginTop: 8 }}>
          {t.submit}
        </Button>
      </Form>
    </Card>
  );
}
