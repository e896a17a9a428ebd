import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { yuan } from '../../format.ts';
import { type FieldPattern, useRefusals } from '../../refusals.ts';
import { useMe, useSession } from '../../session.tsx';
import { review } from '../../strings/review.ts';
import { zh } from '../../strings.ts';
import {
  type BudgetLine,
  fenOf,
  type ProjectContent,
  type ProjectInput,
  wanYuan,
  yuanInput,
  yuanOf,
} from './common.tsx';

const t = review.form;
const CATEGORIES = ['hardware', 'software', 'services', 'cloud', 'operations'] as const;
const NETWORKS = ['政务外网', '政务内网', '互联网'] as const;
/** Typing 、 or ， (or a comma) between entries of a list makes each its own. */
const LIST_SEPARATORS = ['、', '，', ','];

/** A budget line as typed: the unit price in yuan; the amount is quantity × unit price, never typed. */
interface LineValues {
  category?: BudgetLine['category'];
  item?: string;
  unit?: string;
  quantity?: number | null;
  unitPrice?: number | null;
  justification?: string;
}
interface FormValues {
  name?: string;
  kind?: ProjectInput['kind'];
  description?: string;
  functions?: string[];
  planItem?: string;
  existingSystem?: string;
  originalInvestment?: number | null;
  deployment?: { mode?: 'government-cloud' | 'self-built'; parts?: string[]; justification?: string };
  network?: ProjectInput['network'];
  securityLevel?: number;
  schedule?: { start?: Dayjs | null; end?: Dayjs | null };
  produces?: string[];
  consumes?: string[];
  collects?: string[];
  budgetLines?: LineValues[];
}

/** The fields this form shows, where the API's field errors are placed. */
const SHOWN: readonly FieldPattern[] = [
  ['name'],
  ['kind'],
  ['description'],
  ['functions'],
  ['planItem'],
  ['existingSystem'],
  ['originalInvestment'],
  ['deployment', 'mode'],
  ['deployment', 'parts'],
  ['deployment', 'justification'],
  ['network'],
  ['securityLevel'],
  ['schedule', 'start'],
  ['schedule', 'end'],
  ['produces'],
  ['consumes'],
  ['collects'],
  ['budgetLines'],
  ...(['category', 'item', 'unit', 'quantity', 'unitPrice', 'amount', 'justification'] as const).map(
    (field) => ['budgetLines', '*', field] as const,
  ),
];

const lineFen = (line: LineValues | undefined) => (line?.quantity ?? 0) * fenOf(line?.unitPrice);
const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

function valuesOf(content: ProjectContent): FormValues {
  return {
    ...content,
    originalInvestment: yuanOf(content.originalInvestment),
    deployment:
      content.deployment.mode === 'self-built'
        ? {
            mode: 'self-built',
            parts: content.deployment.parts.map((part) => part.name),
            justification: content.deployment.justification,
          }
        : { mode: 'government-cloud' },
    schedule: { start: dayjs(content.schedule.start), end: dayjs(content.schedule.end) },
    budgetLines: content.budgetLines.map((line) => ({ ...line, unitPrice: yuanOf(line.unitPrice) })),
  };
}

/**
 * What the API is sent: yuan back to fen, each amount quantity × unit price. What the form does not
 * show (milestones, attachments, the parts' reasons) is kept from the version it started from.
 */
function inputOf(values: FormValues, from: ProjectContent | undefined): ProjectInput {
  const reasons = new Map(
    from?.deployment.mode === 'self-built' ? from.deployment.parts.map((p) => [p.name, p.reason]) : [],
  );
  const kind = values.kind as ProjectInput['kind'];
  return {
    name: values.name ?? '',
    kind,
    description: values.description ?? '',
    functions: values.functions ?? [],
    planItem: values.planItem ?? '',
    ...(kind !== 'new' && values.existingSystem ? { existingSystem: values.existingSystem } : {}),
    ...(kind === 'upgrade' && values.originalInvestment
      ? { originalInvestment: fenOf(values.originalInvestment) }
      : {}),
    deployment:
      values.deployment?.mode === 'self-built'
        ? {
            mode: 'self-built',
            parts: (values.deployment.parts ?? []).map((name) => {
              const reason = reasons.get(name);
              return reason ? { name, reason } : { name };
            }),
            ...(text(values.deployment.justification)
              ? { justification: text(values.deployment.justification) }
              : {}),
          }
        : { mode: 'government-cloud' },
    network: values.network as ProjectInput['network'],
    securityLevel: values.securityLevel ?? 0,
    schedule: {
      start: values.schedule?.start?.format('YYYY-MM-DD') ?? '',
      end: values.schedule?.end?.format('YYYY-MM-DD') ?? '',
      milestones: from?.schedule.milestones ?? [],
    },
    produces: values.produces ?? [],
    consumes: values.consumes ?? [],
    collects: values.collects ?? [],
    attachments: from?.attachments ?? [],
    budgetLines: (values.budgetLines ?? []).map((line) => ({
      category: line.category as BudgetLine['category'],
      item: line.item ?? '',
      ...(text(line.unit) ? { unit: text(line.unit) } : {}),
      quantity: line.quantity ?? 0,
      unitPrice: fenOf(line.unitPrice),
      amount: lineFen(line),
      ...(text(line.justification) ? { justification: text(line.justification) } : {}),
    })),
  };
}

/** Catalogue resources by name, from the catalogue's own search (a page of 20 per query). */
function ResourceSelect(props: { value?: string[]; onChange?: (codes: string[]) => void; label: string }) {
  const { client } = useSession();
  const [q, setQ] = useState('');
  const search = useQuery({
    queryKey: ['catalogue-search', q, {}, undefined],
    queryFn: () =>
      answerOf(client.GET('/v1/catalogue/search', { params: { query: { ...(q ? { q } : {}), limit: 20 } } })),
  });
  const known = new Map((search.data?.hits ?? []).map((hit) => [hit.code, hit.name]));
  const options = [
    ...(props.value ?? []).filter((code) => !known.has(code)).map((code) => ({ value: code, label: code })),
    ...[...known].map(([code, name]) => ({ value: code, label: `${name}（${code}）` })),
  ];
  return (
    <Select
      mode="multiple"
      aria-label={props.label}
      value={props.value}
      onChange={props.onChange}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={search.isFetching}
      options={options}
    />
  );
}

/** The unit's systems in the register (信息系统目录), a page of 50 at a time as the list scrolls. */
function SystemSelect(props: { value?: string; onChange?: (id: string) => void; unit: string }) {
  const { client } = useSession();
  const systems = useInfiniteQuery({
    queryKey: ['review-systems', props.unit],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }: { pageParam: string | undefined }) =>
      answerOf(
        client.GET('/v1/review/systems', {
          params: { query: { unit: props.unit, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor,
  });
  return (
    <Select
      aria-label={t.existingSystem}
      allowClear
      value={props.value}
      onChange={props.onChange}
      loading={systems.isFetching}
      onPopupScroll={(event) => {
        const target = event.currentTarget;
        if (target.scrollTop + target.clientHeight >= target.scrollHeight - 20 && systems.hasNextPage)
          void systems.fetchNextPage();
      }}
      options={(systems.data?.pages ?? []).flatMap((page) =>
        page.items.map((system) => ({ value: system.id, label: `${system.id} ${system.name}` })),
      )}
    />
  );
}

/** The lines of the budget, each amount and the total worked out as they are typed. */
function BudgetLines() {
  const form = Form.useFormInstance<FormValues>();
  const lines = Form.useWatch('budgetLines', form) ?? [];
  const total = lines.reduce((sum, line) => sum + lineFen(line), 0);
  const l = t.line;
  return (
    <Card size="small" title={t.budget} data-testid="budget-lines">
      <Form.List name="budgetLines">
        {(fields, { add, remove }, { errors }) => (
          <>
            <Row gutter={8} aria-hidden style={{ fontWeight: 600, marginBottom: 4 }}>
              <Col span={3}>{l.category}</Col>
              <Col span={5}>{l.item}</Col>
              <Col span={2}>{l.unit}</Col>
              <Col span={2}>{l.quantity}</Col>
              <Col span={4}>{l.unitPrice}</Col>
              <Col span={4}>{l.amount}</Col>
              <Col span={3}>{l.justification}</Col>
            </Row>
            {fields.map((field, index) => (
              <Row gutter={8} key={field.key} data-testid={`budget-line-${index}`}>
                <Col span={3}>
                  <Form.Item
                    name={[field.name, 'category']}
                    rules={[{ required: true, message: l.category }]}
                  >
                    <Select
                      aria-label={l.label(index + 1, l.category)}
                      options={CATEGORIES.map((value) => ({ value, label: review.category[value] }))}
                    />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item name={[field.name, 'item']}>
                    <Input aria-label={l.label(index + 1, l.item)} />
                  </Form.Item>
                </Col>
                <Col span={2}>
                  <Form.Item name={[field.name, 'unit']}>
                    <Input aria-label={l.label(index + 1, l.unit)} />
                  </Form.Item>
                </Col>
                <Col span={2}>
                  <Form.Item name={[field.name, 'quantity']}>
                    <InputNumber
                      aria-label={l.label(index + 1, l.quantity)}
                      min={1}
                      precision={0}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Col>
                <Col span={4}>
                  <Form.Item name={[field.name, 'unitPrice']}>
                    <InputNumber aria-label={l.label(index + 1, l.unitPrice)} {...yuanInput} />
                  </Form.Item>
                </Col>
                <Col span={4}>
                  <Form.Item name={[field.name, 'amount']}>
                    <ComputedAmount fen={lineFen(lines[index])} testId={`line-amount-${index}`} />
                  </Form.Item>
                </Col>
                <Col span={3}>
                  <Form.Item name={[field.name, 'justification']}>
                    <Input aria-label={l.label(index + 1, l.justification)} />
                  </Form.Item>
                </Col>
                <Col span={1}>
                  <Button
                    type="text"
                    danger
                    aria-label={l.remove(index + 1)}
                    onClick={() => remove(field.name)}
                  >
                    ×
                  </Button>
                </Col>
              </Row>
            ))}
            <Form.ErrorList errors={errors} />
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <Button onClick={() => add({ category: 'software', quantity: 1 })}>{t.addLine}</Button>
              <Typography.Text strong data-testid="budget-total" aria-live="polite">
                {t.total}（{t.lines(lines.length)}）：{yuan(total)}（{wanYuan(total)}）
              </Typography.Text>
            </Space>
          </>
        )}
      </Form.List>
    </Card>
  );
}

/** An amount worked out from others: shown, never typed (Form.Item hands it a value it ignores). */
function ComputedAmount({ fen, testId }: { fen: number; testId: string; value?: unknown }) {
  return (
    <Typography.Text data-testid={testId} style={{ lineHeight: '32px' }}>
      {yuan(fen)}
    </Typography.Text>
  );
}

type Mode =
  | { kind: 'new' }
  | { kind: 'edit' | 'revise'; id: string; content: ProjectContent; name: string; next: number };

function SubmissionForm({ mode }: { mode: Mode }) {
  const { client } = useSession();
  const me = useMe();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form);
  const deploymentMode = Form.useWatch(['deployment', 'mode'], form);
  const refusals = useRefusals(form, SHOWN);
  // One key per filing: a retry of the same filing (a lost answer) creates nothing twice; a refused
  // filing takes a new key, since its corrected body is another filing.
  const idempotencyKey = useRef(crypto.randomUUID());
  const { message } = App.useApp();
  const from = mode.kind === 'new' ? undefined : mode.content;
  const planItems = useQuery({
    queryKey: ['review-plan-items'],
    staleTime: 60_000,
    queryFn: () => answerOf(client.GET('/v1/review/plan-items')),
  });

  const save = useMutation({
    mutationFn: async ({ values, submit }: { values: FormValues; submit: boolean }) => {
      const body = inputOf(values, from);
      const saved =
        mode.kind === 'new'
          ? await answerOf(
              client.POST('/v1/review/projects', {
                body,
                params: { header: { 'Idempotency-Key': idempotencyKey.current } },
              }),
            )
          : mode.kind === 'edit'
            ? await answerOf(
                client.PUT('/v1/review/projects/{id}', { params: { path: { id: mode.id } }, body }),
              )
            : await answerOf(
                client.POST('/v1/review/projects/{id}/revise', { params: { path: { id: mode.id } }, body }),
              );
      if (submit) {
        try {
          await answerOf(
            client.POST('/v1/review/projects/{id}/submit', { params: { path: { id: saved.id } } }),
          );
        } catch (error) {
          // Saved but not submitted: the project's page says so and offers 提交审核 again.
          message.error((error as Error).message);
        }
      }
      return saved.id;
    },
    onSuccess: async (id) => {
      refusals.clear();
      await queries.invalidateQueries({ queryKey: ['review-project', id] });
      await queries.invalidateQueries({ queryKey: ['review-projects'] });
      navigate(`/review/projects/${id}`, { replace: mode.kind === 'new' });
    },
    onError: (error) => {
      idempotencyKey.current = crypto.randomUUID();
      refusals.show(error);
    },
  });

  const run = (submit: boolean) => save.mutate({ values: form.getFieldsValue(true) as FormValues, submit });
  const open = (planItems.data?.items ?? []).filter(
    (item) => item.state === 'open' || item.code === from?.planItem,
  );
  const title =
    mode.kind === 'new'
      ? t.newTitle
      : mode.kind === 'edit'
        ? t.editTitle(mode.name)
        : t.reviseTitle(mode.name, mode.next);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{title}</Typography.Title>
      {save.isError ? (
        <Alert
          type="error"
          showIcon
          title={t.fixFirst}
          description={refusals.general.length > 0 ? refusals.general.join('；') : undefined}
          data-testid="submission-errors"
        />
      ) : null}
      {/* No submit on Enter: Enter adds a function or a data item, and a long form is sent on purpose. */}
      <Form<FormValues>
        form={form}
        layout="vertical"
        data-testid="submission-form"
        initialValues={
          from
            ? valuesOf(from)
            : {
                kind: 'new',
                deployment: { mode: 'government-cloud' },
                network: '政务外网',
                securityLevel: 2,
                functions: [],
                produces: [],
                consumes: [],
                collects: [],
                budgetLines: [{ category: 'software', quantity: 1 }],
              }
        }
      >
        <Card size="small" title={t.basics}>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="name" label={t.name}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="kind" label={t.kind}>
                <Select
                  options={(['new', 'upgrade', 'operations'] as const).map((value) => ({
                    value,
                    label: review.kind[value],
                  }))}
                />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="planItem" label={t.planItem}>
                <Select
                  loading={planItems.isLoading}
                  options={open.map((item) => ({
                    value: item.code,
                    label: t.planItemOption(item.code, item.name, wanYuan(item.remaining)),
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label={t.description}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
          <Form.Item name="functions" label={t.functions} extra={t.functionsHint}>
            <Select mode="tags" tokenSeparators={LIST_SEPARATORS} suffixIcon={null} />
          </Form.Item>
          {kind && kind !== 'new' ? (
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="existingSystem" label={t.existingSystem}>
                  {me.data ? <SystemSelect unit={me.data.unit.code} /> : <Spin />}
                </Form.Item>
              </Col>
              {kind === 'upgrade' ? (
                <Col span={12}>
                  <Form.Item name="originalInvestment" label={t.originalInvestment}>
                    <InputNumber {...yuanInput} />
                  </Form.Item>
                </Col>
              ) : null}
            </Row>
          ) : null}
          <Row gutter={16}>
            <Col span={6}>
              <Form.Item name={['deployment', 'mode']} label={t.deployment}>
                <Radio.Group
                  options={[
                    { value: 'government-cloud', label: t.governmentCloud },
                    { value: 'self-built', label: t.selfBuilt },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="network" label={t.network}>
                <Select options={NETWORKS.map((value) => ({ value, label: value }))} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name="securityLevel" label={t.securityLevel}>
                <Select options={[1, 2, 3, 4].map((value) => ({ value, label: t.level(value) }))} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name={['schedule', 'start']} label={t.start}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name={['schedule', 'end']} label={t.end}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          {deploymentMode === 'self-built' ? (
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name={['deployment', 'parts']} label={t.parts} extra={t.partsHint}>
                  <Select mode="tags" tokenSeparators={LIST_SEPARATORS} suffixIcon={null} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['deployment', 'justification']} label={t.justification}>
                  <Input.TextArea autoSize={{ minRows: 2 }} />
                </Form.Item>
              </Col>
            </Row>
          ) : null}
        </Card>
        <Card size="small" title={t.data} style={{ marginTop: 16 }}>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="produces" label={t.produces} extra={t.resourceSearch}>
                <ResourceSelect label={t.produces} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="consumes" label={t.consumes} extra={t.resourceSearch}>
                <ResourceSelect label={t.consumes} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="collects" label={t.collects} extra={t.collectsHint}>
                <Select mode="tags" tokenSeparators={LIST_SEPARATORS} suffixIcon={null} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <div style={{ marginTop: 16 }}>
          <BudgetLines />
        </div>
        <Space style={{ marginTop: 16 }}>
          <Button onClick={() => run(false)} loading={save.isPending && !save.variables?.submit}>
            {t.saveDraft}
          </Button>
          <Button type="primary" onClick={() => run(true)} loading={save.isPending && save.variables?.submit}>
            {t.saveAndSubmit}
          </Button>
          <Button onClick={() => navigate(-1)}>{t.cancel}</Button>
        </Space>
      </Form>
    </Space>
  );
}

export function NewProjectPage() {
  return <SubmissionForm mode={{ kind: 'new' }} />;
}

/** A draft edited, or a returned project's next version, from the content as it stands. */
export function EditProjectPage() {
  const { client } = useSession();
  const { id = '' } = useParams();
  const project = useQuery({
    queryKey: ['review-project', id],
    queryFn: () => answerOf(client.GET('/v1/review/projects/{id}', { params: { path: { id } } })),
  });
  if (project.error)
    return <Alert type="error" showIcon title={zh.loadFailed} description={project.error.message} />;
  if (!project.data) return <Spin />;
  const p = project.data;
  const kind = p.state === 'returned' ? 'revise' : 'edit';
  return (
    <SubmissionForm
      key={`${p.id}:${p.version}`}
      mode={{
        kind,
        id: p.id,
        content: p.content,
        name: p.content.name,
        next: kind === 'revise' ? p.projectVersion + 1 : p.projectVersion,
      }}
    />
  );
}
