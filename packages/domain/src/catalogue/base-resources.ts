import type { ShareType } from './share-types.ts';

/**
 * The base databases (基础数据库) are catalogue resources like any other: access follows their share
 * type and grants. Their definitions live here because both the catalogue (which registers them) and
 * the registry (which serves, masks and audits them) must agree on codes and data items.
 *
 * Resource codes follow the national guide's shape 前段码/后段码: category (1 = 基础) + item,
 * a slash, then a six-digit sequence.
 */
export type DataItemType =
  | 'string'
  | 'integer'
  | 'decimal'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'citizen-id'
  | 'credit-code';

export interface DataItemDefinition {
  name: string;
  /** 中文名称, as the catalogue shows it. */
  title: string;
  type: DataItemType;
  length?: number;
  required: boolean;
  /** Masked unless a grant lists it in unmaskedItems. */
  sensitive: boolean;
  description: string;
}

export interface BaseResourceDefinition {
  code: string;
  name: string;
  shareType: ShareType;
  abstract: string;
  items: readonly DataItemDefinition[];
}

/**
 * One data item of a resource: required and not sensitive unless told, described by its title unless
 * given a description. Shared by the base databases here and the sample catalogue.
 */
export const dataItem = (
  name: string,
  title: string,
  type: DataItemType,
  options: { length?: number; required?: boolean; sensitive?: boolean; description?: string } = {},
): DataItemDefinition => ({
  name,
  title,
  type,
  ...(options.length ? { length: options.length } : {}),
  required: options.required ?? true,
  sensitive: options.sensitive ?? false,
  description: options.description ?? title,
});

export const BASE_RESOURCES = {
  population: {
    code: '101/000001',
    name: '人口基础信息库',
    shareType: 'conditional',
    abstract: '全市户籍人口的身份、户籍地址与状态信息，按公民身份号码查询与核验。',
    items: [
      dataItem('citizenId', '公民身份号码', 'citizen-id', { length: 18, sensitive: true }),
      dataItem('name', '姓名', 'string', { length: 50, sensitive: true }),
      dataItem('sex', '性别', 'string', { length: 1 }),
      dataItem('birthDate', '出生日期', 'date'),
      dataItem('ethnicity', '民族', 'string', { length: 20 }),
      dataItem('householdAddress', '户籍地址', 'string', { length: 200, sensitive: true }),
      dataItem('regionCode', '户籍地行政区划代码', 'string', { length: 6 }),
      dataItem('status', '人口状态', 'string', { length: 10, description: '正常 / 迁出 / 死亡' }),
    ],
  },
  legalEntities: {
    code: '102/000001',
    name: '法人单位基础信息库',
    shareType: 'conditional',
    abstract: '全市法人单位的登记信息，按统一社会信用代码或名称查询与核验。',
    items: [
      dataItem('creditCode', '统一社会信用代码', 'credit-code', { length: 18 }),
      dataItem('name', '名称', 'string', { length: 200 }),
      dataItem('type', '类型', 'string', { length: 50 }),
      dataItem('legalRepresentative', '法定代表人', 'string', { length: 50, sensitive: true }),
      dataItem('registeredCapital', '注册资本（万元）', 'decimal'),
      dataItem('foundingDate', '成立日期', 'date'),
      dataItem('address', '住所', 'string', { length: 200 }),
      dataItem('status', '登记状态', 'string', { length: 10, description: '存续 / 注销 / 吊销' }),
    ],
  },
  macroEconomy: {
    code: '103/000001',
    name: '宏观经济数据库',
    shareType: 'unconditional',
    abstract: '全市及各县区主要经济指标的年度、季度和月度数据。',
    items: [
      dataItem('indicator', '指标代码', 'string', { length: 50 }),
      dataItem('regionCode', '行政区划代码', 'string', { length: 6 }),
      dataItem('period', '统计期', 'string', { length: 7, description: '2025、2025Q3 或 2025-09' }),
      dataItem('value', '数值', 'decimal'),
      dataItem('unit', '计量单位', 'string', { length: 20 }),
    ],
  },
  divisions: {
    code: '104/000001',
    name: '行政区划基础信息库',
    shareType: 'unconditional',
    abstract: '行政区划代码（GB/T 2260）及其名称、层级和上下级关系。',
    items: [
      dataItem('code', '行政区划代码', 'string', { length: 12 }),
      dataItem('name', '名称', 'string', { length: 100 }),
      dataItem('level', '层级', 'string', { length: 10 }),
      dataItem('parentCode', '上级代码', 'string', { length: 12, required: false }),
    ],
  },
} as const satisfies Record<string, BaseResourceDefinition>;

export type BaseResourceName = keyof typeof BASE_RESOURCES;
