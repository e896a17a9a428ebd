import { ValidationError } from '@govshare/domain/kernel';
import { codeFromPathSegment, codeToPathSegment, type Resource, type ShareMethod } from './resource.ts';
import type { IndexedResource, IndexMatch } from './search.ts';

/**
 * The catalogue in the shapes of CKAN's Action API (v3), so that CKAN clients, harvesters and
 * portals read it unchanged: a resource is a CKAN package, its provider unit an organization, its
 * 资源分类 a group; 共享类型, 更新周期, 信息项, 开放属性 … are extras (docs/ckan.md has the table).
 * Pure: the HTTP layer (functions/src/catalogue/routes/ckan.ts) feeds it index matches and resources.
 *
 * Parameters are refused as CKAN refuses them, with a ValidationError naming the parameter (the
 * route answers it as CKAN's `Validation Error`, HTTP 409). Unlike CKAN, a `rows` above the maximum
 * is refused rather than silently lowered, so a client never takes a short page for the last one.
 */

export const CKAN_ROWS_MAX = 1000;
export const CKAN_ROWS_DEFAULT = 10;
export const CKAN_DEFAULT_SORT = 'score desc, metadata_modified desc';
const FACET_LIMIT_DEFAULT = 50;

/** CKAN's parameters as they arrive: query strings (GET) or JSON values (POST). */
export type CkanParams = Readonly<Record<string, unknown>>;

const invalid = (parameter: string, message: string): never => {
  throw new ValidationError([{ path: parameter, message }], `Invalid ${parameter}: ${message}`);
};

/** A natural number parameter (CKAN's natural_number_validator), or its default when absent. */
export function naturalNumber(params: CkanParams, name: string, fallback: number, max?: number): number {
  const raw = params[name];
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(value)) return invalid(name, 'Invalid integer');
  if (value < 0) return invalid(name, 'Must be a natural number');
  if (max !== undefined && value > max) return invalid(name, `Must be at most ${max}`);
  return value;
}

/** A text parameter; a list or an object where text belongs is refused. */
export function textParam(params: CkanParams, name: string): string | undefined {
  const raw = params[name];
  if (raw === undefined) return undefined;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (typeof raw !== 'string') return invalid(name, 'Must be a string');
  return raw;
}

/** A boolean parameter as CKAN reads it (true/false, 1/0, yes/no). */
export function booleanParam(params: CkanParams, name: string, fallback: boolean): boolean {
  const raw = params[name];
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw === 'boolean') return raw;
  const text = String(raw).trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  return invalid(name, 'Must be a boolean (true or false)');
}

// ——— fq: the subset of Solr's filter syntax the catalogue answers ———

/** What an fq clause may name, and the index field it reads. */
const FQ_FIELDS = {
  organization: 'providerUnit',
  owner_org: 'providerUnit',
  groups: 'category',
  tags: 'tags',
  name: 'code',
  id: 'code',
  share_type: 'shareType',
  extras_share_type: 'shareType',
  update_cycle: 'updateCycle',
  extras_update_cycle: 'updateCycle',
  format: 'format',
  extras_format: 'format',
  open_to_public: 'openToPublic',
  isopen: 'openToPublic',
  metadata_modified: 'modified',
  dataset_type: 'datasetType',
} as const;
export type FqField = keyof typeof FQ_FIELDS;
const RANGE_FIELDS: ReadonlySet<string> = new Set(['metadata_modified']);

export type FqValue = { kind: 'term'; text: string } | { kind: 'range'; from?: string; to?: string };
export interface FqClause {
  field: FqField;
  /** `-field:value`: the entries that do NOT match. */
  negate: boolean;
  value: FqValue;
}

const FIELD_NAMES = Object.keys(FQ_FIELDS).join(', ');

/**
 * Parses an fq: clauses `field:value`, `field:"quoted value"` or `metadata_modified:[from TO to]`
 * (`*` for an open end), each optionally prefixed `+` (must, the default) or `-` (must not),
 * joined by spaces or `AND`. Anything else (OR, NOT, parentheses, wildcards, unknown fields) is a
 * ValidationError naming `fq`, instead of a guess at what Solr would have done.
 */
export function parseFq(fq: string): FqClause[] {
  const clauses: FqClause[] = [];
  let at = 0;
  const fail = (message: string): never => invalid('fq', `${message} (at character ${at + 1} of the fq)`);
  const skipSpace = () => {
    while (at < fq.length && /\s/.test(fq[at] as string)) at++;
  };
  skipSpace();
  while (at < fq.length) {
    if (clauses.length > 0 && /^AND(\s|$)/.test(fq.slice(at))) {
      at += 3;
      skipSpace();
      if (at >= fq.length) fail('AND must join two clauses');
      continue;
    }
    if (/^(OR|NOT)(\s|$)/.test(fq.slice(at)) || fq[at] === '(' || fq[at] === '&' || fq[at] === '|') {
      fail('only field:value clauses joined by AND are supported (no OR, NOT or parentheses)');
    }
    let negate = false;
    if (fq[at] === '+' || fq[at] === '-') {
      negate = fq[at] === '-';
      at++;
    }
    const field = /^[A-Za-z_][A-Za-z0-9_]*/.exec(fq.slice(at))?.[0];
    if (!field || fq[at + field.length] !== ':') fail('expected field:value');
    const name = field as string;
    if (!Object.hasOwn(FQ_FIELDS, name)) {
      invalid('fq', `cannot filter on ${name}; the fields are ${FIELD_NAMES}`);
    }
    at += name.length + 1;
    const value = readValue(name, fail);
    clauses.push({ field: name as FqField, negate, value });
    if (at < fq.length && !/\s/.test(fq[at] as string)) fail('expected a space between clauses');
    skipSpace();
  }
  return clauses;

  function readValue(field: string, failWith: (message: string) => never): FqValue {
    if (fq[at] === '"') {
      let text = '';
      at++;
      while (at < fq.length && fq[at] !== '"') {
        if (fq[at] === '\\') at++;
        text += fq[at] ?? '';
        at++;
      }
      if (fq[at] !== '"') failWith('unterminated quoted value');
      at++;
      return { kind: 'term', text };
    }
    if (fq[at] === '[') {
      if (!RANGE_FIELDS.has(field)) failWith(`${field} takes a value, not a range`);
      const close = fq.indexOf(']', at);
      if (close < 0) failWith('unterminated range');
      const parts = fq
        .slice(at + 1, close)
        .trim()
        .split(/\s+TO\s+/);
      if (parts.length !== 2) failWith('a range is [from TO to]');
      const [from, to] = parts.map((part) => (part === '*' ? undefined : instant(part, failWith)));
      at = close + 1;
      return { kind: 'range', ...(from ? { from } : {}), ...(to ? { to } : {}) };
    }
    let text = '';
    while (at < fq.length && !/\s/.test(fq[at] as string)) {
      if (fq[at] === '\\') at++;
      else if ('*?()[]{}"'.includes(fq[at] as string)) failWith(`unsupported character ${fq[at]} in a value`);
      text += fq[at] ?? '';
      at++;
    }
    if (!text) failWith(`${field} needs a value`);
    return { kind: 'term', text };
  }
}

/** A Solr date (2024-01-01T00:00:00Z, fractions allowed) as an ISO instant; NOW too. */
function instant(text: string, fail: (message: string) => never): string {
  if (text === 'NOW') return new Date().toISOString();
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?$/.test(text)) fail(`${text} is not a date`);
  const ms = Date.parse(text.includes('T') && !text.endsWith('Z') ? `${text}Z` : text);
  if (Number.isNaN(ms)) fail(`${text} is not a date`);
  return new Date(ms).toISOString();
}

const modifiedOf = (doc: IndexedResource) => doc.updatedAt ?? doc.publishedAt;

/** Whether an indexed entry meets one clause. */
export function meetsClause(doc: IndexedResource, clause: FqClause): boolean {
  const target = FQ_FIELDS[clause.field];
  const { value } = clause;
  let meets: boolean;
  if (value.kind === 'range') {
    const at = Date.parse(modifiedOf(doc));
    meets =
      (value.from === undefined || at >= Date.parse(value.from)) &&
      (value.to === undefined || at <= Date.parse(value.to));
  } else {
    const text = value.text;
    switch (target) {
      case 'tags':
        meets = doc.tags.includes(text);
        break;
      case 'code':
        meets = doc.code === codeFromPathSegment(text);
        break;
      case 'openToPublic':
        meets = String(doc.openToPublic === true) === text.toLowerCase();
        break;
      case 'modified':
        meets = Date.parse(modifiedOf(doc)) === Date.parse(text);
        break;
      case 'datasetType':
        meets = text === 'dataset';
        break;
      default:
        meets = doc[target] === text;
    }
  }
  return clause.negate ? !meets : meets;
}

// ——— sort ———

const SORT_FIELDS = ['score', 'name', 'id', 'title', 'title_string', 'metadata_modified'] as const;
type SortField = (typeof SORT_FIELDS)[number];
export interface SortKey {
  field: SortField;
  descending: boolean;
}

/** `score desc, metadata_modified desc`, `name asc`, …: each field once, asc or desc. */
export function parseSort(sort: string | undefined): SortKey[] {
  const text = sort?.trim() || CKAN_DEFAULT_SORT;
  return text.split(',').map((part) => {
    const [field, direction = 'asc', ...rest] = part.trim().split(/\s+/);
    if (!(SORT_FIELDS as readonly string[]).includes(field ?? '') || rest.length > 0) {
      invalid(
        'sort',
        `cannot sort by "${part.trim()}"; the fields are ${SORT_FIELDS.join(', ')}, each asc or desc`,
      );
    }
    if (direction !== 'asc' && direction !== 'desc')
      invalid('sort', `"${direction}" is neither asc nor desc`);
    return { field: field as SortField, descending: direction === 'desc' };
  });
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareBy(keys: readonly SortKey[]) {
  return (a: IndexMatch, b: IndexMatch): number => {
    for (const { field, descending } of keys) {
      let order: number;
      if (field === 'score') order = a.score - b.score;
      else if (field === 'metadata_modified') order = compareText(modifiedOf(a.doc), modifiedOf(b.doc));
      else if (field === 'title' || field === 'title_string')
        order = a.doc.name.localeCompare(b.doc.name, 'zh');
      else order = compareText(a.doc.code, b.doc.code);
      if (order !== 0) return descending ? -order : order;
    }
    return compareText(a.doc.code, b.doc.code);
  };
}

// ——— package_search ———

/** CKAN facet fields the catalogue counts, and the index field behind each. */
const FACET_FIELDS = {
  organization: 'providerUnit',
  owner_org: 'providerUnit',
  groups: 'category',
  tags: 'tags',
  share_type: 'shareType',
  update_cycle: 'updateCycle',
  format: 'format',
} as const;

export interface PackageSearchRequest {
  text?: string;
  clauses: FqClause[];
  rows: number;
  start: number;
  sort: SortKey[];
  sortText: string;
  facetFields: string[];
  facetLimit: number;
}

/** package_search's parameters: q, fq, rows, start, sort, facet.field, facet.limit. */
export function parsePackageSearch(params: CkanParams): PackageSearchRequest {
  const q = textParam(params, 'q')?.trim();
  const fq = textParam(params, 'fq') ?? '';
  const sortText = textParam(params, 'sort')?.trim() || CKAN_DEFAULT_SORT;
  const facetLimit =
    params['facet.limit'] === '-1' || params['facet.limit'] === -1
      ? -1
      : naturalNumber(params, 'facet.limit', FACET_LIMIT_DEFAULT);
  return {
    // `*:*` is Solr's "everything", as CKAN clients send it.
    ...(q && q !== '*:*' ? { text: q } : {}),
    clauses: parseFq(fq),
    rows: naturalNumber(params, 'rows', CKAN_ROWS_DEFAULT, CKAN_ROWS_MAX),
    start: naturalNumber(params, 'start', 0),
    sort: parseSort(sortText),
    sortText,
    facetFields: facetFieldsOf(params['facet.field']),
    facetLimit,
  };
}

function facetFieldsOf(raw: unknown): string[] {
  if (raw === undefined || raw === '') return [];
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return invalid('facet.field', 'Must be a JSON list of field names, e.g. ["organization","tags"]');
    }
  }
  if (!Array.isArray(value) || value.some((field) => typeof field !== 'string') || value.length > 50) {
    return invalid('facet.field', 'Must be a list of at most 50 field names');
  }
  return value as string[];
}

export interface PackageSearchPage {
  count: number;
  /** The page, in order. */
  page: IndexMatch[];
  /** Per requested field: [value, count] most frequent first (Solr's counts over the whole match). */
  facets: Record<string, [string, number][]>;
}

/** Orders, pages and counts the matches as Solr would for CKAN. */
export function packageSearchPage(
  matches: readonly IndexMatch[],
  request: PackageSearchRequest,
): PackageSearchPage {
  const facets: Record<string, [string, number][]> = {};
  for (const field of request.facetFields) {
    const target = (FACET_FIELDS as Record<string, keyof IndexedResource | undefined>)[field];
    const counts = new Map<string, number>();
    if (target) {
      for (const { doc } of matches) {
        const value = doc[target];
        for (const one of Array.isArray(value) ? value : [value]) {
          if (typeof one === 'string') counts.set(one, (counts.get(one) ?? 0) + 1);
        }
      }
    }
    const sorted = [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
    facets[field] = request.facetLimit < 0 ? sorted : sorted.slice(0, request.facetLimit);
  }
  const ordered = [...matches].sort(compareBy(request.sort));
  return {
    count: matches.length,
    page: ordered.slice(request.start, request.start + request.rows),
    facets,
  };
}

// ——— the package and its parts ———

const SHARE_METHOD_RESOURCE: Record<ShareMethod, { name: string; format: string; mimetype: string | null }> =
  {
    api: { name: '接口调用', format: 'JSON', mimetype: 'application/json' },
    file: { name: '文件下载', format: 'CSV', mimetype: 'text/csv' },
    exchange: { name: '数据交换', format: '', mimetype: null },
  };

export const CATEGORY_TITLES = {
  base: '基础信息资源',
  thematic: '主题信息资源',
  departmental: '部门信息资源',
} as const;

export interface CkanMappingOptions {
  /** Absolute base URL of the API; URLs are minted under it. */
  baseUrl: string;
  /** The provider unit's name, when the directory knows it. */
  unitName?: string | undefined;
}

export const ckanOrganization = (unit: string, title: string | undefined, packageCount?: number) => ({
  id: unit,
  name: unit,
  title: title ?? unit,
  display_name: title ?? unit,
  type: 'organization',
  description: '',
  image_url: '',
  is_organization: true,
  approval_status: 'approved',
  state: 'active',
  ...(packageCount === undefined ? {} : { package_count: packageCount }),
});

export const ckanGroup = (category: keyof typeof CATEGORY_TITLES, packageCount?: number) => ({
  id: category,
  name: category,
  title: CATEGORY_TITLES[category],
  display_name: CATEGORY_TITLES[category],
  type: 'group',
  description: '',
  image_display_url: '',
  is_organization: false,
  approval_status: 'approved',
  state: 'active',
  ...(packageCount === undefined ? {} : { package_count: packageCount }),
});

export const ckanTag = (tag: string) => ({
  id: tag,
  name: tag,
  display_name: tag,
  state: 'active',
  vocabulary_id: null,
});

/** A published resource as a CKAN package (docs/ckan.md: the mapping, field by field). */
export function ckanPackage(resource: Resource, { baseUrl, unitName }: CkanMappingOptions) {
  const base = baseUrl.replace(/\/$/, '');
  const id = codeToPathSegment(resource.code);
  const page = `${base}/v1/catalogue/resources/${id}`;
  const method = resource.shareType === 'not-shared' ? undefined : (resource.shareMethod ?? 'api');
  const resources = method
    ? [
        {
          id: `${id}-${method}`,
          package_id: id,
          name: SHARE_METHOD_RESOURCE[method].name,
          description: resource.shareCondition ?? '',
          format: SHARE_METHOD_RESOURCE[method].format,
          mimetype: SHARE_METHOD_RESOURCE[method].mimetype,
          url: page,
          resource_type: method,
          url_type: null,
          position: 0,
          state: 'active',
          created: resource.publishedAt ?? resource.createdAt,
          last_modified: resource.updatedAt,
        },
      ]
    : [];
  const extras: Record<string, string> = {
    resource_code: resource.code,
    category: resource.category,
    format: resource.format,
    share_type: resource.shareType,
    ...(resource.shareCondition ? { share_condition: resource.shareCondition } : {}),
    ...(resource.shareMethod ? { share_method: resource.shareMethod } : {}),
    update_cycle: resource.updateCycle,
    open_to_public: String(resource.openToPublic),
    data_items: JSON.stringify(resource.items),
    related_resources: JSON.stringify(resource.relatedResources),
    ...(resource.publishedAt ? { published_at: resource.publishedAt } : {}),
    ...(resource.stale
      ? { stale: 'true', ...(resource.staleSince ? { stale_since: resource.staleSince } : {}) }
      : {}),
  };
  const tags = resource.tags.map(ckanTag);
  return {
    id,
    name: id,
    title: resource.name,
    type: 'dataset',
    notes: resource.abstract,
    url: page,
    version: String(resource.version),
    state: 'active',
    private: !resource.openToPublic,
    isopen: resource.openToPublic,
    license_id: 'notspecified',
    license_title: 'License not specified',
    author: null,
    author_email: null,
    maintainer: unitName ?? resource.providerUnit,
    maintainer_email: null,
    metadata_created: resource.createdAt,
    metadata_modified: resource.updatedAt,
    owner_org: resource.providerUnit,
    organization: ckanOrganization(resource.providerUnit, unitName),
    groups: [ckanGroup(resource.category)],
    tags,
    num_tags: tags.length,
    resources,
    num_resources: resources.length,
    extras: Object.entries(extras)
      .sort(([a], [b]) => compareText(a, b))
      .map(([key, value]) => ({ key, value })),
    relationships_as_object: [],
    relationships_as_subject: [],
  };
}
export type CkanPackage = ReturnType<typeof ckanPackage>;
