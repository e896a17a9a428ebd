import { BASE_RESOURCES } from '@govshare/domain/catalogue';

/** Where a command writes: stdout for answers, stderr for progress and refusals (people only). */
export interface Io {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  fetch?: typeof fetch;
}

/** Chinese labels of the API's keys, for people; --json keeps the keys as the API names them. */
const LABELS: Readonly<Record<string, string>> = {
  code: '编码',
  name: '名称',
  abstract: '摘要',
  providerUnit: '提供单位',
  consumerUnit: '使用单位',
  consumerPrincipal: '使用主体',
  shareType: '共享类型',
  shareMethod: '共享方式',
  updateCycle: '更新周期',
  category: '类别',
  format: '格式',
  tags: '标签',
  id: '编号',
  resourceCode: '资源编码',
  items: '信息项',
  unmaskedItems: '明文信息项',
  purpose: '用途',
  legalBasis: '依据',
  dailyQuota: '每日配额',
  validFrom: '生效时间',
  expiresAt: '有效期至',
  revokedAt: '撤销时间',
  requestId: '申请编号',
  state: '状态',
  status: '状态',
  until: '有效期至',
  grant: '授权',
  subject: '用户',
  kind: '类型',
  roles: '角色',
  unit: '单位',
  dueAt: '答复期限',
  found: '找到',
  record: '记录',
  masked: '脱敏',
};

export type Labels = (key: string) => string;

export const labelOf: Labels = (key) => LABELS[key] ?? key;

/** A base database's record labelled with its items' titles (姓名, 公民身份号码…), then the API's keys. */
export function recordLabels(resource: keyof typeof BASE_RESOURCES): Labels {
  const titles = new Map(BASE_RESOURCES[resource].items.map((item) => [item.name, item.title] as const));
  return (key) => titles.get(key) ?? labelOf(key);
}

const scalar = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(scalar).join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  return String(value);
};

/** An object as "标签：值" lines, nested objects indented once. */
export function renderFields(value: unknown, labels: Labels = labelOf, indent = ''): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return `${indent}${scalar(value)}`;
  return Object.entries(value as Record<string, unknown>)
    .map(([key, field]) =>
      field && typeof field === 'object' && !Array.isArray(field)
        ? `${indent}${labels(key)}：\n${renderFields(field, labels, `${indent}  `)}`
        : `${indent}${labels(key)}：${scalar(field)}`,
    )
    .join('\n');
}

/** The answer: JSON as the API gave it (--json), or what `human` makes of it. */
export function print(io: Io, json: boolean, data: unknown, human: (data: never) => string): void {
  io.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human(data as never)}\n`);
}
