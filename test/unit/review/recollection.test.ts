import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import { describe, expect, it } from 'vitest';
import {
  checkNoRecollection,
  type HeldResource,
  normaliseHeldItemName,
  normaliseItemName,
} from '../../../packages/domain/src/review/recollection.ts';

// The base databases as the catalogue defines them (providers as in the sample catalogue).
const base = (key: keyof typeof BASE_RESOURCES, provider: string): HeldResource => ({
  code: BASE_RESOURCES[key].code,
  name: BASE_RESOURCES[key].name,
  provider,
  items: BASE_RESOURCES[key].items.map((item) => item.title),
  base: true,
});
const resources: HeldResource[] = [
  base('population', '商洛市公安局'),
  base('legalEntities', '商洛市市场监督管理局'),
  base('divisions', '商洛市民政局'),
  // A published resource of the sample catalogue that also holds 公民身份号码 (listed first on purpose).
  {
    code: '201/000001',
    name: '社会保险参保信息',
    provider: '商洛市人社局',
    items: ['公民身份号码', '险种', '参保状态'],
  },
  {
    code: '301/000009',
    name: 'A级旅游景区名录',
    provider: '商洛市文旅局',
    items: ['景区名称', '等级', '地址'],
  },
];

describe('no re-collection (不重复采集)', () => {
  it('points 身份证号 and 姓名 to the population database, not to another resource holding them', () => {
    const result = checkNoRecollection(['身份证号', '姓名', '联系电话'], resources);
    expect(result.check).toBe('no-re-collection');
    expect(result.outcome).toBe('fail');
    expect(result.evidence).toEqual([
      {
        item: '身份证号',
        resource: { code: '101/000001', name: '人口基础信息库' },
        provider: '商洛市公安局',
        matchedItem: '公民身份号码',
      },
      {
        item: '姓名',
        resource: { code: '101/000001', name: '人口基础信息库' },
        provider: '商洛市公安局',
        matchedItem: '姓名',
      },
    ]);
    expect(result.reason).toContain('身份证号');
    expect(result.reason).toContain('101/000001');
  });

  it('matches 企业名称, 单位名称 and 法人代表 to the legal entities database’s 名称 and 法定代表人', () => {
    const result = checkNoRecollection(
      ['企业名称', '统一社会信用代码', '法人代表', '单位名称', '经营范围'],
      resources,
    );
    expect(result.outcome).toBe('fail');
    expect(result.evidence.map((e) => [e.item, e.resource.code, e.matchedItem])).toEqual([
      ['企业名称', '102/000001', '名称'],
      ['统一社会信用代码', '102/000001', '统一社会信用代码'],
      ['法人代表', '102/000001', '法定代表人'],
    ]); // 单位名称 is the same item as 企业名称: named once
  });

  it('does not take a generic 名称 of one resource for another’s', () => {
    expect(normaliseHeldItemName('行政区划基础信息库', '名称')).toBe('行政区划名称');
    expect(normaliseHeldItemName('法人单位基础信息库', '名称')).toBe(normaliseItemName('企业名称'));
    const result = checkNoRecollection(['区划名称'], resources);
    expect(result.evidence[0]?.resource.code).toBe('104/000001');
  });

  it('normalises width, spaces and units in brackets', () => {
    expect(normaliseItemName(' 身份证号码 ')).toBe('公民身份号码');
    expect(normaliseItemName('注册资本（万元）')).toBe('注册资本');
    expect(checkNoRecollection(['注册资金'], resources).evidence[0]?.matchedItem).toBe('注册资本（万元）');
  });

  it('warns when only a published, non-base resource holds an item', () => {
    const result = checkNoRecollection(['景区名称', '游客人数'], resources);
    expect(result.outcome).toBe('warn');
    expect(result.evidence).toEqual([
      {
        item: '景区名称',
        resource: { code: '301/000009', name: 'A级旅游景区名录' },
        provider: '商洛市文旅局',
        matchedItem: '景区名称',
      },
    ]);
  });

  it('passes a project that collects only what nobody holds', () => {
    const result = checkNoRecollection(['游客满意度', '投诉内容'], resources);
    expect(result).toMatchObject({ outcome: 'pass', evidence: [] });
    expect(checkNoRecollection([], resources).outcome).toBe('pass');
  });
});
