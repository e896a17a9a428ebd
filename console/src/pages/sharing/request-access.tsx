import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { codeSegment } from '../../format.ts';
import { useSession } from '../../session.tsx';
import { sharing } from '../../strings/sharing.ts';
import { zh } from '../../strings.ts';
import { UnitName } from '../../units.tsx';
import { SHARING_LISTS } from './decide.tsx';
import { dayField, useProblemForm } from './shared.tsx';

const t = sharing.request;
const FIELDS = ['purpose', 'items', 'until', 'legalBasis'];

interface RequestValues {
  purpose?: string;
  items?: string[];
  until?: string;
  legalBasis?: string;
}

/**
 * 申请使用 a resource (`/sharing/request?resource=101-000001`): purpose, the data items chosen from the
 * resource's own, the last day of use and the legal basis. The rules are the API's: what it refuses
 * is shown beside the field it names, a refusal of the whole request above the form.
 */
export function RequestAccessPage() {
  const { client } = useSession();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const code = codeSegment(useSearchParams()[0].get('resource') ?? '');
  // One key per filing: a retry of the same submission (a double click, a lost answer) files it once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const { form, showProblem, clear, banner } = useProblemForm(FIELDS, t.refused);
  const resource = useQuery({
    queryKey: ['resource', code],
    enabled: code !== '',
    queryFn: () => answerOf(client.GET('/v1/catalogue/resources/{code}', { params: { path: { code } } })),
  });
  const file = useMutation({
    mutationFn: (values: RequestValues) =>
      answerOf(
        client.POST('/v1/catalogue/resources/{code}/access-requests', {
          params: { path: { code }, header: { 'Idempotency-Key': idempotencyKey } },
          body: {
            purpose: values.purpose ?? '',
            items: values.items ?? [],
            until: values.until ?? '',
            legalBasis: values.legalBasis ?? '',
          },
        }),
      ),
    onMutate: clear,
    onSuccess: async (outcome) => {
      setIdempotencyKey(crypto.randomUUID());
      await Promise.all(
        SHARING_LISTS.map((queryKey) => queries.invalidateQueries({ queryKey: [...queryKey] })),
      );
      if (outcome.grant) {
        message.success(t.granted);
        navigate('/sharing/grants');
      } else {
        message.success(t.submitted);
        navigate('/sharing?as=consumer');
      }
    },
    onError: (error) => {
      // A refusal is recorded by the API under its own id: the next filing is a new one.
      setIdempotencyKey(crypto.randomUUID());
      showProblem(error);
    },
  });
  if (resource.error)
    return <Alert type="error" showIcon title={zh.loadFailed} description={resource.error.message} />;
  if (!resource.data) return <Spin />;
  const r = resource.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 880 }}>
      <Typography.Title level={3}>{t.title(r.name)}</Typography.Title>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={zh.catalogue.columns.code}>
          <Link to={`/catalogue/resources/${code}`}>{r.code}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={zh.resource.provider}>
          <UnitName code={r.providerUnit} />
        </Descriptions.Item>
        <Descriptions.Item label={zh.catalogue.columns.shareType}>
          {zh.catalogue.shareType[r.shareType]}
        </Descriptions.Item>
        <Descriptions.Item label={zh.resource.shareCondition}>{r.shareCondition ?? '—'}</Descriptions.Item>
      </Descriptions>
      {r.shareType === 'not-shared' ? <Alert type="warning" showIcon title={t.notShared} /> : null}
      <Card>
        <Form
          form={form}
          name="access-request"
          layout="vertical"
          onFinish={(values: RequestValues) => file.mutate(values)}
          data-testid="access-request-form"
        >
          {banner}
          <Form.Item name="purpose" label={t.purpose} extra={t.purposeHint}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
          <Form.Item name="items" label={t.items}>
            <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
              {r.items.map((item) => (
                <Checkbox key={item.name} value={item.name}>
                  {item.title}（<code>{item.name}</code>）
                  {item.sensitive ? <Tag style={{ marginLeft: 8 }}>{t.sensitive}</Tag> : null}
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>
          <Form.Item name="until" label={t.until} {...dayField}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="legalBasis" label={t.legalBasis} extra={t.legalBasisHint}>
            <Input maxLength={500} />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={file.isPending}
            disabled={r.shareType === 'not-shared'}
          >
            {t.submit}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
