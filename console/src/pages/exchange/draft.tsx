import type { paths } from '@govshare/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Progress,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { useRefusals } from '../../refusals.ts';
import { useMe, useSession } from '../../session.tsx';
import { exchange as t } from '../../strings/exchange.ts';
import { useColleagues } from '../../units.tsx';
import { putFile, sha256Hex } from '../../uploads.ts';
import { RecipientPicker, recipientOf, recipientValue } from './recipients.tsx';
import { documentPath, ExchangeNav } from './shared.tsx';

type DraftInput = paths['/v1/exchange/documents']['post']['requestBody']['content']['application/json'];

const TYPES: DraftInput['type'][] = [
  '通知',
  '通报',
  '报告',
  '请示',
  '批复',
  '意见',
  '函',
  '纪要',
  '决定',
  '公告',
  '通告',
];
const FIELDS = [
  'type',
  'title',
  'urgency',
  'issuingUnits',
  'mainRecipients',
  'copyRecipients',
  'body',
  'note',
  'handleWithinWorkingDays',
];
/** Who a drafter sends to review: the unit's reviewers, leaders and signers. */
const REVIEWERS = ['reviewer', 'leader', 'signer'];
const SHOWN = FIELDS.map((name) => [name]);
interface FormValues {
  type: DraftInput['type'];
  title: string;
  urgency?: DraftInput['urgency'];
  mainRecipients: string[];
  copyRecipients: string[];
  body: string;
  note?: string;
  handleWithinWorkingDays?: number;
}

type Attachment = DraftInput['attachments'] extends (infer A)[] | undefined ? A : never;

/**
 * 附件: each file's SHA-256 declared, PUT to its presigned URL with a bar of the bytes sent, then
 * checked by the API (POST …/complete) before the draft may name it.
 */
function Attachments({ value, onChange }: { value: Attachment[]; onChange: (next: Attachment[]) => void }) {
  const { client } = useSession();
  const { message } = App.useApp();
  const [progress, setProgress] = useState<{ name: string; percent: number }>();
  const upload = async (file: File) => {
    try {
      setProgress({ name: file.name, percent: 0 });
      const declared = { name: file.name, sha256: await sha256Hex(file), size: file.size };
      const started = await answerOf(client.POST('/v1/exchange/attachments', { body: declared }));
      await putFile(started.uploadUrl, file, file.type || 'application/octet-stream', (sent) =>
        setProgress({ name: file.name, percent: Math.round((100 * sent) / Math.max(file.size, 1)) }),
      );
      await answerOf(
        client.POST('/v1/exchange/attachments/{uploadId}/complete', {
          params: { path: { uploadId: started.upload.id } },
        }),
      );
      onChange([...value.filter((a) => a.name !== declared.name), declared]);
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setProgress(undefined);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {value.map((attachment) => (
        <Space key={attachment.sha256}>
          <span>{attachment.name}</span>
          <Typography.Text type="secondary">{(attachment.size / 1024).toFixed(0)} KB</Typography.Text>
          <Button size="small" onClick={() => onChange(value.filter((a) => a.sha256 !== attachment.sha256))}>
            {t.draft.removeAttachment}
          </Button>
        </Space>
      ))}
      {progress ? (
        <Progress aria-label={t.draft.uploading(progress.name)} percent={progress.percent} size="small" />
      ) : null}
      <input
        type="file"
        aria-label={t.draft.addAttachment}
        disabled={Boolean(progress)}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void upload(file);
        }}
      />
    </Space>
  );
}

/** The reviewers a drafter can send to: the unit's reviewers, leaders and signers (送审). */
function ReviewSteps({
  unit,
  onSubmit,
  busy,
}: {
  unit: string;
  onSubmit: (steps: string[][]) => void;
  busy: boolean;
}) {
  // Each step keeps a key of its own: steps are added and removed anywhere in the list.
  const [steps, setSteps] = useState<{ key: number; ids: string[] }[]>([{ key: 0, ids: [] }]);
  const [nextKey, setNextKey] = useState(1);
  const options = useColleagues(unit, REVIEWERS);
  return (
    <Card title={t.draft.submitTitle} size="small">
      <Typography.Paragraph type="secondary">{t.draft.stepsHint}</Typography.Paragraph>
      {steps.map((step, index) => (
        <Space key={step.key} style={{ display: 'flex', marginBottom: 8 }}>
          <span>{t.draft.step(index + 1)}</span>
          <Select
            aria-label={t.draft.step(index + 1)}
            mode="multiple"
            style={{ minWidth: 360 }}
            optionFilterProp="label"
            options={options}
            value={step.ids}
            onChange={(ids) => setSteps(steps.map((s) => (s.key === step.key ? { ...s, ids } : s)))}
          />
          {steps.length > 1 ? (
            <Button onClick={() => setSteps(steps.filter((_, i) => i !== index))}>
              {t.draft.removeStep}
            </Button>
          ) : null}
        </Space>
      ))}
      <Space>
        <Button
          onClick={() => {
            setSteps([...steps, { key: nextKey, ids: [] }]);
            setNextKey(nextKey + 1);
          }}
        >
          {t.draft.addStep}
        </Button>
        <Button
          type="primary"
          data-action="submit"
          loading={busy}
          disabled={steps.some((step) => step.ids.length === 0)}
          onClick={() => onSubmit(steps.map((step) => step.ids))}
        >
          {t.draft.submit}
        </Button>
      </Space>
    </Card>
  );
}

/**
 * 拟稿: a new document, or a new revision of a draft or of a document returned for revision; then
 * 送审 to an ordered list of review steps (one reviewer, or several for a 会签). The API's refusals
 * are shown beside the fields they name.
 */
export function DraftPage() {
  const { id } = useParams();
  const { client } = useSession();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const me = useMe();
  const [form] = Form.useForm<FormValues>();
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const existing = useQuery({
    queryKey: ['document', id],
    enabled: Boolean(id),
    queryFn: () =>
      answerOf(client.GET('/v1/exchange/documents/{id}', { params: { path: { id: id ?? '' } } })),
  });
  const content = existing.data?.content;
  useEffect(() => {
    if (!content) return;
    setAttachments(content.attachments);
    form.setFieldsValue({
      type: content.type,
      title: content.title,
      ...(content.urgency ? { urgency: content.urgency } : {}),
      mainRecipients: content.mainRecipients.map(recipientValue),
      copyRecipients: content.copyRecipients.map(recipientValue),
      body: content.body,
      ...(content.note ? { note: content.note } : {}),
      ...(content.handleWithinWorkingDays
        ? { handleWithinWorkingDays: content.handleWithinWorkingDays }
        : {}),
    });
  }, [content, form]);
  const refusals = useRefusals(form, SHOWN);
  const save = useMutation({
    onError: refusals.show,
    mutationFn: (values: FormValues) => {
      const body: DraftInput = {
        type: values.type,
        title: values.title,
        ...(values.urgency ? { urgency: values.urgency } : {}),
        issuingUnits: content?.issuingUnits ?? [me.data?.unit.code ?? ''],
        mainRecipients: (values.mainRecipients ?? []).map(recipientOf),
        copyRecipients: (values.copyRecipients ?? []).map(recipientOf),
        body: values.body,
        attachments,
        ...(values.note ? { note: values.note } : {}),
        ...(values.handleWithinWorkingDays
          ? { handleWithinWorkingDays: values.handleWithinWorkingDays }
          : {}),
      };
      return id
        ? answerOf(client.PUT('/v1/exchange/documents/{id}', { params: { path: { id } }, body }))
        : answerOf(client.POST('/v1/exchange/documents', { body }));
    },
    onSuccess: (saved) => {
      message.success(t.draft.saved);
      queries.invalidateQueries({ queryKey: ['documents'] });
      queries.setQueryData(['document', saved.id], saved);
      if (!id) navigate(`/exchange/documents/${saved.id}/edit`, { replace: true });
    },
  });
  const submit = useMutation({
    mutationFn: (steps: string[][]) =>
      answerOf(
        client.POST('/v1/exchange/documents/{id}/submit', {
          params: { path: { id: id ?? '' } },
          body: {
            steps: steps.map((step) => (step.length === 1 ? (step[0] as string) : { countersign: step })),
          },
        }),
      ),
    onSuccess: () => {
      message.success(t.draft.submitted);
      queries.invalidateQueries({ queryKey: ['documents'] });
      queries.invalidateQueries({ queryKey: ['document', id] });
      navigate(documentPath(id ?? ''));
    },
    onError: (error) => message.error(error.message),
  });
  if (id && existing.error)
    return <Alert type="error" showIcon title={t.draft.title} description={existing.error.message} />;
  if ((id && !existing.data) || !me.data) return <Spin />;
  const editable = !existing.data || existing.data.state === 'draft' || existing.data.state === 'returned';
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <ExchangeNav />
      <Typography.Title level={3}>{t.draft.title}</Typography.Title>
      {refusals.general.length ? <Alert type="error" showIcon title={refusals.general.join('；')} /> : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        disabled={!editable}
        initialValues={{ type: '通知', mainRecipients: [], copyRecipients: [] }}
        onFinish={(values) => save.mutate(values)}
        style={{ maxWidth: 880 }}
      >
        <Space wrap>
          <Form.Item name="type" label={t.columns.type} rules={[{ required: true }]}>
            <Select style={{ width: 120 }} options={TYPES.map((type) => ({ value: type, label: type }))} />
          </Form.Item>
          <Form.Item name="urgency" label={t.columns.urgency}>
            <Select
              allowClear
              style={{ width: 120 }}
              placeholder={t.urgency.normal}
              options={['特急', '加急'].map((value) => ({ value, label: value }))}
            />
          </Form.Item>
          <Form.Item name="handleWithinWorkingDays" label={t.draft.handleWithin}>
            <InputNumber min={1} max={60} addonAfter={t.draft.workingDays} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label={t.columns.title} rules={[{ required: true }]}>
          <Input maxLength={200} showCount />
        </Form.Item>
        <Form.Item name="mainRecipients" label={t.draft.mainRecipients}>
          <RecipientPicker aria-label={t.draft.mainRecipients} />
        </Form.Item>
        <Form.Item name="copyRecipients" label={t.draft.copyRecipients}>
          <RecipientPicker aria-label={t.draft.copyRecipients} />
        </Form.Item>
        <Form.Item name="body" label={t.body} rules={[{ required: true }]}>
          <Input.TextArea rows={12} maxLength={40_000} showCount />
        </Form.Item>
        <Form.Item label={t.attachments}>
          <Attachments value={attachments} onChange={setAttachments} />
        </Form.Item>
        <Form.Item name="note" label={t.draft.note}>
          <Input maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-action="save">
          {t.draft.save}
        </Button>
      </Form>
      {id && editable ? (
        <ReviewSteps
          unit={me.data.unit.code}
          busy={submit.isPending}
          onSubmit={(steps) => submit.mutate(steps)}
        />
      ) : null}
    </Space>
  );
}
