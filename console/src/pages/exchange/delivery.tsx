import type { paths } from '@govshare/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { hasAny } from '../../areas.ts';
import { cstDateTime } from '../../format.ts';
import { useRefusals } from '../../refusals.ts';
import { useMe, useSession } from '../../session.tsx';
import { exchange as t } from '../../strings/exchange.ts';
import { zh } from '../../strings.ts';
import { UnitName, useColleagues } from '../../units.tsx';
import { DocumentBody, documentPath, ExchangeNav } from './shared.tsx';

type Delivery =
  paths['/v1/exchange/deliveries/{documentId}/{unit}']['get']['responses'][200]['content']['application/json']['delivery'];
type ReturnReason = NonNullable<Delivery['returnReason']>;
type Action = 'return' | 'register' | 'assign' | 'circulate' | 'handle' | 'reply';

const AWAITING_SIGN_FOR = ['delivered', 'opened'];
const FIELD_NAMES = [
  'reason',
  'text',
  'registerNumber',
  'lead',
  'others',
  'dueOn',
  'readers',
  'opinion',
  'type',
  'title',
  'body',
];
const SHOWN = FIELD_NAMES.map((name) => [name]);
const HANDLERS = ['handler'];
const REPLY_TYPES = ['报告', '函', '意见', '请示'] as const;
const TIMELINE = [
  'deliveredAt',
  'openedAt',
  'signedForAt',
  'registeredAt',
  'assignedAt',
  'handledAt',
  'repliedAt',
  'returnedAt',
  'withdrawnAt',
] as const;

/** The form of one receiving step, in a dialog; the API's field errors are shown beside the fields. */
function ActionDialog({
  action,
  delivery,
  onClose,
}: {
  action: Action;
  delivery: Delivery;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const { client } = useSession();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm();
  const handlers = useColleagues(delivery.recipientUnit, HANDLERS);
  const everyone = useColleagues(delivery.recipientUnit);
  const path = { documentId: delivery.documentId, unit: delivery.recipientUnit };
  const refusals = useRefusals(form, SHOWN);
  const submit = useMutation({
    onError: refusals.show,
    mutationFn: async (values: Record<string, unknown>) => {
      const params = { params: { path } };
      switch (action) {
        case 'return':
          return answerOf(
            client.POST('/v1/exchange/deliveries/{documentId}/{unit}/return', {
              ...params,
              body: {
                reason: values.reason as ReturnReason,
                ...(values.text ? { text: String(values.text) } : {}),
              },
            }),
          );
        case 'register':
          return answerOf(
            client.POST('/v1/exchange/deliveries/{documentId}/{unit}/register', {
              ...params,
              body: { registerNumber: String(values.registerNumber ?? '') },
            }),
          );
        case 'assign':
          return answerOf(
            client.POST('/v1/exchange/deliveries/{documentId}/{unit}/assign', {
              ...params,
              body: {
                lead: String(values.lead ?? ''),
                others: (values.others as string[] | undefined) ?? [],
                ...(values.dueOn ? { dueOn: (values.dueOn as Dayjs).format('YYYY-MM-DD') } : {}),
              },
            }),
          );
        case 'circulate':
          return answerOf(
            client.POST('/v1/exchange/deliveries/{documentId}/{unit}/circulate', {
              ...params,
              body: { readers: (values.readers as string[] | undefined) ?? [] },
            }),
          );
        case 'reply':
          // A draft of my unit citing the original, addressed to its issuer; finished in 拟稿.
          return answerOf(
            client.POST('/v1/exchange/deliveries/{documentId}/{unit}/reply', {
              ...params,
              body: { type: values.type, title: values.title, body: values.body },
            }),
          );
        case 'handle':
          return answerOf(
            client.POST('/v1/exchange/deliveries/{documentId}/{unit}/handle', {
              ...params,
              body: { opinion: String(values.opinion ?? '') },
            }),
          );
      }
    },
    onSuccess: (answer) => {
      message.success(t.done[action]);
      queries.invalidateQueries({ queryKey: ['delivery'] });
      queries.invalidateQueries({ queryKey: ['inbox'] });
      onClose();
      if (action === 'reply' && answer && 'content' in answer) navigate(`${documentPath(answer.id)}/edit`);
    },
  });
  const reason = Form.useWatch('reason', form);
  return (
    <Modal
      open
      title={t.actions[action]}
      okText={t.actions.confirm}
      cancelText={t.actions.cancel}
      confirmLoading={submit.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {refusals.general.length ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={refusals.general.join('；')} />
      ) : null}
      <Form form={form} layout="vertical" onFinish={(values) => submit.mutate(values)}>
        {action === 'return' ? (
          <>
            <Form.Item name="reason" label={t.fields.reason} rules={[{ required: true }]}>
              <Select options={Object.entries(t.returnReasons).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item
              name="text"
              label={t.fields.text}
              rules={[{ required: reason === 'other', message: t.fields.text }]}
            >
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
          </>
        ) : null}
        {action === 'register' ? (
          <Form.Item name="registerNumber" label={t.fields.registerNumber} rules={[{ required: true }]}>
            <Input maxLength={40} />
          </Form.Item>
        ) : null}
        {action === 'assign' ? (
          <>
            <Form.Item name="lead" label={t.fields.lead} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" options={handlers} />
            </Form.Item>
            <Form.Item name="others" label={t.fields.others}>
              <Select mode="multiple" optionFilterProp="label" options={handlers} />
            </Form.Item>
            <Form.Item name="dueOn" label={t.fields.dueOn}>
              <DatePicker />
            </Form.Item>
          </>
        ) : null}
        {action === 'circulate' ? (
          <Form.Item name="readers" label={t.fields.readers} rules={[{ required: true }]}>
            <Select mode="multiple" optionFilterProp="label" options={everyone} />
          </Form.Item>
        ) : null}
        {action === 'reply' ? (
          <>
            <Form.Item name="type" label={t.columns.type} initialValue="报告" rules={[{ required: true }]}>
              <Select options={REPLY_TYPES.map((type) => ({ value: type, label: type }))} />
            </Form.Item>
            <Form.Item name="title" label={t.columns.title} rules={[{ required: true }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="body" label={t.body} rules={[{ required: true }]}>
              <Input.TextArea rows={6} />
            </Form.Item>
          </>
        ) : null}
        {action === 'handle' ? (
          <Form.Item name="opinion" label={t.fields.opinion} rules={[{ required: true }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/** What the signed-in person may do with the delivery now, as the API's roles and states allow. */
function actionsFor(
  delivery: Delivery,
  roles: readonly string[],
  me: string,
): (Action | 'signFor' | 'read')[] {
  const actions: (Action | 'signFor' | 'read')[] = [];
  const clerk = roles.includes('clerk');
  if (AWAITING_SIGN_FOR.includes(delivery.state) && clerk) actions.push('signFor', 'return');
  if (['signed-for'].includes(delivery.state) && clerk) actions.push('register');
  // 交办 follows 登记 (the domain's order: a document is registered before it is handled).
  if (delivery.state === 'registered' && clerk) actions.push('assign');
  if (
    ![...AWAITING_SIGN_FOR, 'returned', 'withdrawn'].includes(delivery.state) &&
    hasAny(roles, ['clerk', 'handler', 'leader'])
  )
    actions.push('circulate');
  if (delivery.state === 'assigned' && delivery.handler === me) actions.push('handle');
  if (
    ['signed-for', 'registered', 'assigned'].includes(delivery.state) &&
    hasAny(roles, ['handler', 'drafter'])
  )
    actions.push('reply');
  if (delivery.readers?.some((reader) => reader.subject === me && !reader.readAt)) actions.push('read');
  return actions;
}

/**
 * 收文办理: one delivery and the document it carries (its seal checked), what happened to it so
 * far, and the next steps the signed-in person may take: 签收, 退文, 登记, 交办, 传阅, 阅知, 办结.
 */
export function DeliveryPage() {
  const { documentId = '', unit = '' } = useParams();
  const { client } = useSession();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const me = useMe();
  const [dialog, setDialog] = useState<Action>();
  const answer = useQuery({
    queryKey: ['delivery', documentId, unit],
    queryFn: () =>
      answerOf(
        client.GET('/v1/exchange/deliveries/{documentId}/{unit}', { params: { path: { documentId, unit } } }),
      ),
  });
  const path = { documentId, unit };
  const step = useMutation({
    mutationFn: (action: 'signFor' | 'read') =>
      action === 'signFor'
        ? answerOf(client.POST('/v1/exchange/deliveries/{documentId}/{unit}/sign-for', { params: { path } }))
        : answerOf(client.POST('/v1/exchange/deliveries/{documentId}/{unit}/read', { params: { path } })),
    onSuccess: (_, action) => {
      message.success(t.done[action]);
      queries.invalidateQueries({ queryKey: ['delivery'] });
      queries.invalidateQueries({ queryKey: ['inbox'] });
    },
    onError: (error) => message.error(error.message),
  });
  if (answer.error)
    return <Alert type="error" showIcon title={zh.loadFailed} description={answer.error.message} />;
  if (!answer.data || !me.data) return <Spin />;
  const { delivery, document } = answer.data;
  const actions = actionsFor(delivery, me.data.roles, me.data.subject);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <ExchangeNav />
      {me.data.unit.code === delivery.senderUnit ? (
        <Link to={documentPath(documentId)}>{t.matrix.title}</Link>
      ) : null}
      <Card
        title={t.delivery}
        data-testid="delivery"
        extra={
          <Space wrap>
            <Tag color="blue" data-testid="delivery-state">
              {t.deliveryState[delivery.state] ?? delivery.state}
            </Tag>
            {delivery.overdue ? <Tag color="red">{t.overdue[delivery.overdue]}</Tag> : null}
          </Space>
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {t.columns.recipient}：<UnitName code={delivery.recipientUnit} />（{t.as[delivery.as]}）；
            {t.columns.signForDueAt}：{cstDateTime(delivery.signForDueAt)}
            {delivery.handleDueAt ? `；${t.columns.dueAt}：${cstDateTime(delivery.handleDueAt)}` : ''}
            {delivery.registerNumber ? `；${t.fields.registerNumber}：${delivery.registerNumber}` : ''}
          </Typography.Text>
          <Timeline
            items={TIMELINE.flatMap((key) =>
              delivery[key]
                ? [
                    {
                      color: key === 'returnedAt' || key === 'withdrawnAt' ? 'red' : 'blue',
                      content: `${t.timeline[key]} ${cstDateTime(delivery[key])}${
                        key === 'assignedAt' && delivery.handler ? `（${t.lead}：${delivery.handler}）` : ''
                      }${key === 'handledAt' && delivery.opinion ? `：${delivery.opinion}` : ''}`,
                    },
                  ]
                : [],
            )}
          />
          {delivery.readers?.length ? (
            <Typography.Text>
              {t.readers}：
              {delivery.readers
                .map(
                  (reader) =>
                    `${reader.subject} ${reader.readAt ? t.readAt(cstDateTime(reader.readAt)) : t.unread}`,
                )
                .join('；')}
            </Typography.Text>
          ) : null}
          <Space wrap>
            {actions.map((action) =>
              action === 'signFor' || action === 'read' ? (
                <Button
                  key={action}
                  type="primary"
                  loading={step.isPending}
                  onClick={() => step.mutate(action)}
                >
                  {t.actions[action]}
                </Button>
              ) : (
                <Button key={action} onClick={() => setDialog(action)}>
                  {t.actions[action]}
                </Button>
              ),
            )}
          </Space>
        </Space>
      </Card>
      {document ? (
        <DocumentBody
          documentId={documentId}
          content={document.content}
          number={document.number?.original}
          writtenOn={document.writtenOn}
          signatures={document.signatures}
          sealed={Boolean(document.seal)}
          hasLayout={Boolean(document.sealedSha256)}
        />
      ) : null}
      {dialog ? (
        <ActionDialog action={dialog} delivery={delivery} onClose={() => setDialog(undefined)} />
      ) : null}
    </Space>
  );
}
