import {
  ckanPackage,
  type IndexedResource,
  type IndexMatch,
  meetsClause,
  packageSearchPage,
  parseFq,
  parsePackageSearch,
  parseSort,
  type Resource,
} from '@govshare/domain/catalogue';
import { ValidationError } from '@govshare/domain/kernel';
import { describe, expect, it } from 'vitest';

const doc = (code: string, overrides: Partial<IndexedResource> = {}): IndexedResource => ({
  code,
  version: 1,
  name: `资源${code}`,
  abstract: '',
  itemText: '',
  tags: ['人口'],
  category: 'base',
  providerUnit: '611000105',
  shareType: 'conditional',
  updateCycle: 'daily',
  format: 'database',
  publishedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues[0];
  }
  throw new Error('not refused');
};

describe('fq', () => {
  it('reads field:value, quoted values, +/- and AND', () => {
    expect(
      parseFq('organization:611000105 AND tags:"人口 统计" -groups:base +share_type:conditional'),
    ).toEqual([
      { field: 'organization', negate: false, value: { kind: 'term', text: '611000105' } },
      { field: 'tags', negate: false, value: { kind: 'term', text: '人口 统计' } },
      { field: 'groups', negate: true, value: { kind: 'term', text: 'base' } },
      { field: 'share_type', negate: false, value: { kind: 'term', text: 'conditional' } },
    ]);
    expect(parseFq('')).toEqual([]);
  });

  it('reads a metadata_modified range with an open end, as harvesters send it', () => {
    const [clause] = parseFq('metadata_modified:[2026-01-01T00:00:00Z TO *]');
    expect(clause?.value).toEqual({ kind: 'range', from: '2026-01-01T00:00:00.000Z' });
    expect(meetsClause(doc('101/000001'), clause as never)).toBe(true);
    expect(meetsClause(doc('101/000001', { updatedAt: '2025-12-31T23:59:59.000Z' }), clause as never)).toBe(
      false,
    );
  });

  it.each([
    ['tags:a OR tags:b', 'OR'],
    ['(tags:a)', 'parentheses'],
    ['tags:', 'needs a value'],
    ['tags:"open', 'unterminated'],
    ['colour:red', 'cannot filter on colour'],
    ['tags:a*', 'unsupported character'],
    ['justtext', 'field:value'],
    ['tags:[a TO b]', 'not a range'],
    ['metadata_modified:[yesterday TO *]', 'not a date'],
    ['tags:a AND', 'AND must join'],
  ])('refuses %j naming fq', (fq, message) => {
    const issue = refusal(() => parseFq(fq));
    expect(issue?.path).toBe('fq');
    expect(issue?.message).toContain(message);
  });

  it('matches codes in either form, and negations', () => {
    const entry = doc('101/000001');
    expect(meetsClause(entry, parseFq('name:101-000001')[0] as never)).toBe(true);
    expect(meetsClause(entry, parseFq('id:101/000001')[0] as never)).toBe(true);
    expect(meetsClause(entry, parseFq('-tags:人口')[0] as never)).toBe(false);
    expect(meetsClause(entry, parseFq('open_to_public:false')[0] as never)).toBe(true);
  });
});

describe('package_search parameters', () => {
  it('defaults as CKAN does', () => {
    expect(parsePackageSearch({})).toMatchObject({
      rows: 10,
      start: 0,
      sortText: 'score desc, metadata_modified desc',
      facetFields: [],
      clauses: [],
    });
    expect(parsePackageSearch({ q: '*:*' }).text).toBeUndefined();
  });

  it.each([
    [{ rows: '1001' }, 'rows', 'at most 1000'],
    [{ rows: 'ten' }, 'rows', 'Invalid integer'],
    [{ start: '-1' }, 'start', 'natural number'],
    [{ 'facet.field': 'organization' }, 'facet.field', 'JSON list'],
    [{ sort: 'colour asc' }, 'sort', 'cannot sort by'],
    [{ sort: 'name sideways' }, 'sort', 'neither asc nor desc'],
    [{ q: ['a'] }, 'q', 'string'],
  ])('refuses %j naming %s', (params, path, message) => {
    const issue = refusal(() => parsePackageSearch(params));
    expect(issue?.path).toBe(path);
    expect(issue?.message).toContain(message);
  });

  it('takes rows as a number and facet.field as a list (POST bodies)', () => {
    expect(parsePackageSearch({ rows: 1000, 'facet.field': ['tags'] })).toMatchObject({
      rows: 1000,
      facetFields: ['tags'],
    });
  });
});

describe('ordering, paging, facets', () => {
  const matches: IndexMatch[] = [
    { doc: doc('101/000003', { updatedAt: '2026-03-01T00:00:00.000Z', tags: ['人口', '统计'] }), score: 5 },
    {
      doc: doc('101/000001', { updatedAt: '2026-01-01T00:00:00.000Z', providerUnit: '611000202' }),
      score: 9,
    },
    { doc: doc('101/000002', { updatedAt: '2026-02-01T00:00:00.000Z' }), score: 5 },
  ];
  const page = (params: Record<string, unknown>) =>
    packageSearchPage(matches, parsePackageSearch(params)).page.map(({ doc }) => doc.code);

  it('sorts by score then metadata_modified by default, by name or modified on request', () => {
    expect(page({})).toEqual(['101/000001', '101/000003', '101/000002']);
    expect(page({ sort: 'name asc' })).toEqual(['101/000001', '101/000002', '101/000003']);
    expect(page({ sort: 'metadata_modified asc' })).toEqual(['101/000001', '101/000002', '101/000003']);
    expect(parseSort('name desc')).toEqual([{ field: 'name', descending: true }]);
  });

  it('pages with rows and start, counting every match', () => {
    const result = packageSearchPage(
      matches,
      parsePackageSearch({ rows: '1', start: '1', sort: 'name asc' }),
    );
    expect(result.count).toBe(3);
    expect(result.page.map(({ doc }) => doc.code)).toEqual(['101/000002']);
  });

  it('counts facets over the whole match, most frequent first; unknown fields are empty', () => {
    const { facets } = packageSearchPage(
      matches,
      parsePackageSearch({ 'facet.field': '["organization","tags","res_format"]' }),
    );
    expect(facets).toEqual({
      organization: [
        ['611000105', 2],
        ['611000202', 1],
      ],
      tags: [
        ['人口', 3],
        ['统计', 1],
      ],
      res_format: [],
    });
  });
});

describe('a resource as a CKAN package', () => {
  const resource: Resource = {
    code: '101/000001',
    version: 2,
    status: 'published',
    providerUnit: '611000105',
    name: '人口基础信息库',
    category: 'base',
    abstract: '全市户籍人口的基础信息。',
    format: 'database',
    items: [
      { name: 'name', title: '姓名', type: 'string', required: true, sensitive: true, description: '' },
    ],
    shareType: 'conditional',
    shareCondition: '限政务服务使用',
    shareMethod: 'api',
    openToPublic: false,
    updateCycle: 'daily',
    tags: ['人口'],
    relatedResources: [],
    publishedAt: '2026-01-02T00:00:00.000Z',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
  };

  it('maps code, text, provider, category, tags, share method and extras', () => {
    const pkg = ckanPackage(resource, { baseUrl: 'https://data.example.gov.cn/', unitName: '商洛市公安局' });
    expect(pkg).toMatchObject({
      id: '101-000001',
      name: '101-000001',
      title: '人口基础信息库',
      notes: '全市户籍人口的基础信息。',
      version: '2',
      private: true,
      owner_org: '611000105',
      organization: { name: '611000105', title: '商洛市公安局', is_organization: true },
      groups: [{ name: 'base', title: '基础信息资源' }],
      tags: [{ name: '人口' }],
      num_resources: 1,
      metadata_created: '2026-01-01T00:00:00.000Z',
      metadata_modified: '2026-01-02T00:00:00.000Z',
    });
    expect(pkg.resources[0]).toMatchObject({
      format: 'JSON',
      url: 'https://data.example.gov.cn/v1/catalogue/resources/101-000001',
      package_id: '101-000001',
    });
    const extras = Object.fromEntries(pkg.extras.map(({ key, value }) => [key, value]));
    expect(extras).toMatchObject({
      share_type: 'conditional',
      share_condition: '限政务服务使用',
      update_cycle: 'daily',
      open_to_public: 'false',
      resource_code: '101/000001',
    });
    expect(JSON.parse(extras.data_items as string)[0]).toMatchObject({
      name: 'name',
      title: '姓名',
      sensitive: true,
    });
    expect(pkg.extras.map(({ key }) => key)).toEqual([...pkg.extras.map(({ key }) => key)].sort());
  });

  it('has no CKAN resource for a resource that is not shared', () => {
    const pkg = ckanPackage({ ...resource, shareType: 'not-shared' }, { baseUrl: 'http://localhost:3000' });
    expect(pkg.resources).toEqual([]);
    expect(pkg.organization.title).toBe('611000105');
  });
});
