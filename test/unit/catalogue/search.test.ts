import { CatalogueIndex, type IndexedResource, indexTerms, queryTerms } from '@govshare/domain/catalogue';
import { ValidationError } from '@govshare/domain/kernel';
import { describe, expect, it } from 'vitest';

const doc = (
  code: string,
  name: string,
  abstract: string,
  extra: Partial<IndexedResource> = {},
): IndexedResource => ({
  code,
  version: 1,
  name,
  abstract,
  itemText: '',
  tags: [],
  category: 'departmental',
  providerUnit: '611000202',
  shareType: 'unconditional',
  updateCycle: 'monthly',
  format: 'database',
  publishedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

const build = () => {
  const index = new CatalogueIndex();
  index.upsert(
    doc('101/000001', '人口基础信息库', '全市户籍人口的身份信息', {
      category: 'base',
      shareType: 'conditional',
    }),
  );
  index.upsert(
    doc('301201/000001', '市场主体登记信息', '企业营业执照的设立、变更、注销', { tags: ['市场监管'] }),
  );
  index.upsert(
    doc('301205/000001', '行政许可办件信息', '办件信息', { tags: ['营业执照'], providerUnit: '611000205' }),
  );
  index.upsert(
    doc('301202/000002', '抽样调查数据', 'Population sample survey', { itemText: 'population 常住人口' }),
  );
  index.upsert(doc('301112/000001', '道路运输许可', '营业性运输车辆', { format: 'spreadsheet' }));
  return index;
};
const codes = (index: CatalogueIndex, text: string) =>
  index.search({ text, limit: 50 }).hits.map((h) => h.code);

describe('terms', () => {
  it('indexes Han runs as bigrams across segmenter cuts, and Latin words as they are', () => {
    expect(indexTerms('企业营业执照')).toEqual(
      expect.arrayContaining(['企业', '业营', '营业', '业执', '执照']),
    );
    expect(indexTerms('Population Base, 5G')).toEqual(expect.arrayContaining(['population', 'base', '5g']));
    expect(queryTerms('营业执照').required).toEqual(['营业', '业执', '执照']);
    expect(queryTerms('  ').required).toEqual([]);
  });
});

describe('catalogue search', () => {
  it('finds 人口基础信息库 by 人口, and what mentions 营业执照 anywhere, but not 营业性 alone', () => {
    const index = build();
    expect(codes(index, '人口')[0]).toBe('101/000001'); // in the name: ranked first
    expect(codes(index, '人口')).toContain('301202/000002'); // in a data item
    expect(codes(index, '营业执照').sort()).toEqual(['301201/000001', '301205/000001']);
    expect(codes(index, '营业')).toContain('301112/000001');
    expect(codes(index, 'population')).toEqual(['301202/000002']);
    expect(codes(index, 'POPULATION')).toEqual(['301202/000002']);
    expect(codes(index, '人口 survey')).toEqual(['301202/000002']);
    expect(codes(index, '不存在的词')).toEqual([]);
    expect(codes(index, '库')).toEqual(['101/000001']); // one Han character
  });

  it('ranks a name hit above a tag hit above an abstract hit', () => {
    const index = new CatalogueIndex();
    index.upsert(doc('1/000003', '其他', '交通运输的说明'));
    index.upsert(doc('1/000002', '其他', '无', { tags: ['交通运输'] }));
    index.upsert(doc('1/000001', '交通运输数据', '无'));
    expect(codes(index, '交通运输')).toEqual(['1/000001', '1/000002', '1/000003']);
  });

  it('filters within a facet by any value and across facets by all, counting facets disjunctively', () => {
    const index = build();
    const result = index.search({ filters: { category: ['base'] }, limit: 10 });
    expect(result.hits.map((h) => h.code)).toEqual(['101/000001']);
    expect(result.facets.category).toEqual({ base: 1, departmental: 4 });
    expect(result.facets.shareType).toEqual({ conditional: 1 });
    const both = index.search({ filters: { tags: ['营业执照'], providerUnit: ['611000205'] }, limit: 10 });
    expect(both.hits.map((h) => h.code)).toEqual(['301205/000001']);
    expect(index.search({ filters: { format: ['spreadsheet', 'image'] }, limit: 10 }).total).toBe(1);
  });

  it('pages with an opaque cursor that survives entries published between pages', () => {
    const index = build();
    const first = index.search({ limit: 2 });
    expect(first.hits).toHaveLength(2);
    expect(first.cursor).toBeDefined();
    index.upsert(doc('000/000001', '新发布', '排在最前面')); // sorts before every page already served
    const seen = [...first.hits.map((h) => h.code)];
    let cursor = first.cursor;
    while (cursor) {
      const page = index.search({ limit: 2, cursor });
      seen.push(...page.hits.map((h) => h.code));
      cursor = page.cursor;
    }
    expect(seen).toEqual(['101/000001', '301112/000001', '301201/000001', '301202/000002', '301205/000001']);
  });

  it('refuses a cursor of another search', () => {
    const index = build();
    const cursor = index.search({ text: '人口', limit: 1 }).cursor;
    expect(() => index.search({ text: '营业', limit: 1, cursor })).toThrow(ValidationError);
    expect(() => index.search({ limit: 1, cursor: 'garbage' })).toThrow(ValidationError);
  });

  it('replaces a resource on a new version instead of listing it twice', () => {
    const index = build();
    index.upsert({ ...doc('101/000001', '人口综合库', '新版本'), version: 2 });
    expect(index.size).toBe(5);
    expect(codes(index, '基础')).toEqual([]);
    expect(index.search({ text: '人口综合', limit: 5 }).hits[0]).toMatchObject({
      code: '101/000001',
      version: 2,
    });
  });
});
