import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Tabs } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { answerOf } from '../../api.ts';
import { codeSegment } from '../../format.ts';
import { useSession } from '../../session.tsx';
import { sharing as t } from '../../strings/sharing.ts';
import { UnitName } from '../../units.tsx';
import { type AccessRequest, cstDate, dayField, useProblemForm } from './shared.tsx';

const APPROVE_FIELDS = ['items', 'until', 'dailyQuota', 'unmaskedItems', 'comment'];
const REFUSE_FIELDS = ['reason'];

interface ApproveValues {
  items?: string[];
  until?: string;
  dailyQuota?: number | null;
  unmaskedItems?: string[];
  comment?: string;
}

/** The lists whose contents an answer changes. */
export const SHARING_LISTS = [['sharing-requests'], ['sharing-grants'], ['requests-summary']] as const;

/**
 * 答复: the provider's approver approves (the items and period asked for, or fewer and shorter, a daily
 * quota, which sensitive items the consumer sees in clear) or refuses with a reason. The API's
 * refusal of the answer shows beside the field it names.
 */
export function DecideDialog({ request, onClose }: { request: AccessRequest; onClose: () => void }) {
  const { client } = useSession();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [tab, setTab] = useState<'approve' | 'refuse'>('approve');
  const approveForm = useProblemForm(APPROVE_FIELDS, t.decide.failed);
  const refuseForm = useProblemForm(REFUSE_FIELDS, t.decide.failed);
  const code = codeSegment(request.resourceCode);
  const resource = useQuery({
    queryKey: ['resource', code],
    queryFn: () => answerOf(client.GET('/v1/catalogue/resources/{code}', { params: { path: { code } } })),
  });
  const byName = new Map((resource.data?.items ?? []).map((item) => [item.name, item]));
  const label = (name: string) => {
    const title = byName.get(name)?.title;
    return title ? `${title}（${name}）` : name;
  };
  const chosen: string[] = Form.useWatch('items', approveForm.form) ?? request.items;
  const sensitive = chosen.filter((name) => byName.get(name)?.sensitive);
  const done = async (text: string) => {
    await Promise.all(
      SHARING_LISTS.map((queryKey) => queries.invalidateQueries({ queryKey: [...queryKey] })),
    );
    message.success(text);
    onClose();
  };
  const approve = useMutation({
    mutationFn: (values: ApproveValues) =>
      answerOf(
        client.POST('/v1/sharing/requests/{id}/approve', {
          params: { path: { id: request.id } },
          body: {
            ...(values.items ? { items: values.items } : {}),
            ...(values.until ? { until: values.until } : {}),
            ...(values.dailyQuota ? { dailyQuota: values.dailyQuota } : {}),
            unmaskedItems: (values.unmaskedItems ?? []).filter((name) => chosen.includes(name)),
            ...(values.comment ? { comment: values.comment } : {}),
          },
        }),
      ),
    onMutate: approveForm.clear,
    onSuccess: () => done(t.decide.approved),
    onError: approveForm.showProblem,
  });
  const refuse = useMutation({
    mutationFn: (values: { reason?: string }) =>
      answerOf(
        client.POST('/v1/sharing/requests/{id}/refuse', {
          params: { path: { id: request.id } },
          body: { reason: values.reason ?? '' },
        }),
      ),
    onMutate: refuseForm.clear,
    onSuccess: () => done(t.decide.refusedDone),
    onError: refuseForm.showProblem,
  });
  return (
    <Modal
      open
      width={720}
      title={t.decide.title(request.resourceName)}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Descriptions size="small" column={1} bordered title={t.decide.request}>
        <Descriptions.Item label={t.columns.consumer}>
          <UnitName code={request.consumerUnit} />
          {request.consumerPrincipal ? `（${request.consumerPrincipal}）` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t.columns.purpose}>{request.purpose}</Descriptions.Item>
        <Descriptions.Item label={t.request.legalBasis}>{request.legalBasis}</Descriptions.Item>
        <Descriptions.Item label={t.columns.items}>{request.items.map(label).join('、')}</Descriptions.Item>
        <Descriptions.Item label={t.columns.until}>{cstDate(request.until)}</Descriptions.Item>
      </Descriptions>
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as 'approve' | 'refuse')}
        items={[
          {
            key: 'approve',
            label: t.decide.approve,
            children: (
              <Form
                form={approveForm.form}
                layout="vertical"
                name="approve"
                initialValues={{ items: request.items, until: request.until, unmaskedItems: [] }}
                onFinish={(values: ApproveValues) => approve.mutate(values)}
              >
                {approveForm.banner}
                <p>{t.decide.approveHint}</p>
                <Form.Item name="items" label={t.decide.items}>
                  <Checkbox.Group
                    options={request.items.map((name) => ({ value: name, label: label(name) }))}
                  />
                </Form.Item>
                <Form.Item name="until" label={t.decide.until} {...dayField}>
                  <DatePicker
                    aria-label={t.decide.until}
                    disabledDate={(day) =>
                      day.isBefore(dayjs(), 'day') || day.isAfter(dayjs(request.until), 'day')
                    }
                  />
                </Form.Item>
                <Form.Item name="dailyQuota" label={t.decide.dailyQuota}>
                  <InputNumber aria-label={t.decide.dailyQuota} min={1} style={{ width: 200 }} />
                </Form.Item>
                {sensitive.length > 0 ? (
                  <Form.Item name="unmaskedItems" label={t.decide.unmaskedItems}>
                    <Checkbox.Group
                      options={sensitive.map((name) => ({ value: name, label: label(name) }))}
                    />
                  </Form.Item>
                ) : null}
                <Form.Item name="comment" label={t.decide.comment}>
                  <Input.TextArea aria-label={t.decide.comment} rows={2} maxLength={500} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={approve.isPending}>
                  {t.decide.approveSubmit}
                </Button>
              </Form>
            ),
          },
          {
            key: 'refuse',
            label: t.decide.refuse,
            children: (
              <Form
                form={refuseForm.form}
                layout="vertical"
                name="refuse"
                onFinish={(values: { reason?: string }) => refuse.mutate(values)}
              >
                {refuseForm.banner}
                <Form.Item name="reason" label={t.decide.reason}>
                  <Input.TextArea aria-label={t.decide.reason} rows={3} maxLength={500} />
                </Form.Item>
                <Button danger type="primary" htmlType="submit" loading={refuse.isPending}>
                  {t.decide.refuseSubmit}
                </Button>
              </Form>
            ),
          },
        ]}
      />
    </Modal>
  );
}
