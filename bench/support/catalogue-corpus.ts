/**
 * The bench's synthetic catalogue, shared by bench/catalogue-search.ts (through the HTTP path) and
 * bench/catalogue-search-memory.ts (the index alone): department × subject × kind, with items and
 * tags from pools, deterministic per index. Broad on purpose: 'credit' is in every abstract, 人口 in
 * half the entries, and most scores tie, as in a real catalogue of similar entries.
 */
import type { IndexedResource, Resource, SearchQuery } from '@govshare/domain/catalogue';
import { publishedItem } from '@govshare/functions/catalogue/catalogue-store.ts';

export const QUERIES = [
  'q=人口',
  'q=营业执照',
  'q=企业信用',
  'q=社会保险参保',
  'q=不动产登记&category=departmental',
  'q=监测数据&updateCycle=realtime,daily',
  'q=credit',
  'q=population%20survey',
  'category=thematic&shareType=conditional',
  'provider=611000201&format=database',
  'q=统计&tag=年报',
];

// A deterministic synthetic catalogue: department × subject × kind, with items and tags from pools.
const SUBJECTS = [
  '人口',
  '法人',
  '企业',
  '社会保险',
  '医疗保障',
  '不动产',
  '交通运输',
  '水利',
  '教育',
  '卫生健康',
  '生态环境',
  '农业农村',
  '税务',
  '信用',
  '营业执照',
  '建设工程',
  '文化旅游',
  '统计',
  '住房公积金',
  '就业',
];
const KINDS = [
  '基础信息',
  '登记信息',
  '许可信息',
  '监测数据',
  '统计数据',
  '名录',
  '办件信息',
  '核验信息',
  '年报',
  '档案',
];
const VERBS = ['汇总', '记录', '发布', '核验', '归集', '更新'];
const ITEMS: [string, string, Resource['items'][number]['type']][] = [
  ['creditCode', '统一社会信用代码', 'credit-code'],
  ['citizenId', '公民身份号码', 'citizen-id'],
  ['regionCode', '行政区划代码', 'string'],
  ['period', '统计期', 'string'],
  ['amount', '金额', 'decimal'],
  ['count', '数量', 'integer'],
  ['issuedDate', '发证日期', 'date'],
  ['status', '状态', 'string'],
  ['population', '人口数', 'integer'],
  ['address', '地址', 'string'],
];
const UNITS = [
  '611000101',
  '611000105',
  '611000106',
  '611000109',
  '611000111',
  '611000117',
  '611000201',
  '611000202',
  '611000205',
];
const CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const;
const FORMATS = ['database', 'file', 'spreadsheet', 'image', 'stream'] as const;
const SHARE = ['unconditional', 'conditional', 'not-shared'] as const;
const CATEGORIES = ['base', 'thematic', 'departmental'] as const;

export function generated(i: number, at: string): Resource {
  const pick = <T>(list: readonly T[], salt: number) => list[(i * 7919 + salt * 104729) % list.length] as T;
  const subject = pick(SUBJECTS, 1);
  const kind = pick(KINDS, 2);
  const shareType = pick(SHARE, 3);
  const items = [0, 1, 2, 3].map((k) => pick(ITEMS, 10 + k)).filter((v, k, all) => all.indexOf(v) === k);
  return {
    code: `${900 + (i % 100)}/${String(i).padStart(6, '0')}`,
    version: 1,
    status: 'published',
    providerUnit: pick(UNITS, 4),
    name: `${subject}${kind}（${i}）`,
    category: pick(CATEGORIES, 5),
    abstract: `全市${subject}${kind}的${pick(VERBS, 6)}，含${pick(SUBJECTS, 7)}相关的${pick(KINDS, 8)}。Population and credit records, batch ${i % 1000}.`,
    format: pick(FORMATS, 9),
    items: items.map(([name, title, type]) => ({
      name,
      title,
      type,
      required: true,
      sensitive: false,
      description: '',
    })),
    shareType,
    ...(shareType === 'conditional' ? { shareCondition: '依法履职使用' } : {}),
    ...(shareType !== 'not-shared' ? { shareMethod: 'api' as const } : {}),
    openToPublic: false,
    updateCycle: pick(CYCLES, 11),
    tags: [pick(SUBJECTS, 12), pick(KINDS, 13)],
    relatedResources: [],
    publishedAt: at,
    createdAt: at,
    updatedAt: at,
  };
}

/** The entry as the search index reads it back (the catalogue store's projection of the PUBLISHED item). */
export function indexedOf(resource: Resource): IndexedResource {
  const item = publishedItem(resource);
  return {
    code: item.code,
    version: item.version,
    name: item.name,
    abstract: item.abstract,
    itemText: item.itemText,
    tags: item.tags ?? [],
    category: item.category,
    providerUnit: item.providerUnit,
    shareType: item.shareType,
    updateCycle: item.updateCycle,
    format: item.format,
    publishedAt: item.publishedAt as string,
    ...(item.openToPublic !== undefined ? { openToPublic: item.openToPublic } : {}),
    updatedAt: item.updatedAt,
  };
}

/** A bench query string (`q=…&category=…`) as the search route hands it to the index. */
export function searchQueryOf(query: string, limit = 20): SearchQuery {
  const params = new URLSearchParams(query);
  const list = (name: string) =>
    params
      .get(name)
      ?.split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  const filters: NonNullable<SearchQuery['filters']> = {};
  for (const [param, facet] of [
    ['category', 'category'],
    ['provider', 'providerUnit'],
    ['shareType', 'shareType'],
    ['updateCycle', 'updateCycle'],
    ['format', 'format'],
    ['tag', 'tags'],
  ] as const) {
    const values = list(param);
    if (values) filters[facet] = values;
  }
  const text = params.get('q')?.trim();
  return { ...(text ? { text } : {}), filters, limit };
}
