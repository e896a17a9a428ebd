/**
 * The no-re-collection check (不重复采集): data items a project plans to collect that a base database or
 * a published catalogue resource already holds, each named with the resource to request instead.
 *
 * Item names are compared after normalisation: NFKC, no spaces or brackets' contents (units such as
 * （万元）), then the synonym table below (data) rewrites each variant to one canonical name. A
 * resource's generic item names (名称, 地址, 类型 …) mean nothing alone; they are qualified by the
 * resource's subject (法人单位基础信息库 + 名称 → 法人单位名称), which the table then knows.
 *
 * Outcome: fail if any item is held by a base database (it must be requested, not collected again),
 * warn if items are held only by other published resources, pass otherwise.
 */

export interface HeldResource {
  code: string;
  name: string;
  /** The unit that provides it (its code or name, as the caller shows it). */
  provider: string;
  /** The names (titles) of its data items. */
  items: readonly string[];
  /** A base database (基础数据库): the authoritative source, preferred over other resources. */
  base?: boolean;
}

export interface RecollectionEvidence {
  /** The item as the project names it. */
  item: string;
  resource: { code: string; name: string };
  provider: string;
  /** The resource's item it matched. */
  matchedItem: string;
}

export interface RecollectionCheck {
  check: 'no-re-collection';
  outcome: 'pass' | 'warn' | 'fail';
  reason: string;
  evidence: RecollectionEvidence[];
}

/** Synonym groups of data item names, as data: the first of each group is canonical. */
export const DATA_ITEM_SYNONYMS: readonly (readonly string[])[] = [
  ['公民身份号码', '身份证号', '身份证号码', '身份证', '居民身份证号码', '身份证件号码'],
  ['姓名', '名字', '人员姓名', '个人姓名'],
  ['法人单位名称', '企业名称', '单位名称', '法人名称', '市场主体名称', '机构名称', '公司名称'],
  ['统一社会信用代码', '信用代码', '社会信用代码'],
  ['法定代表人', '法人代表', '法定代表人姓名'],
  ['法人单位住所', '企业地址', '单位地址', '注册地址', '企业住所'],
  ['户籍地址', '户口所在地', '户籍所在地'],
  ['出生日期', '出生年月', '生日'],
  ['性别', '性别代码'],
  ['民族', '民族代码'],
  ['注册资本', '注册资金'],
  ['成立日期', '注册日期', '设立日期'],
  ['行政区划代码', '区划代码', '行政区代码'],
  ['行政区划名称', '区划名称'],
];

/** Item names that need the resource's subject to mean something. */
export const GENERIC_ITEM_NAMES: readonly string[] = ['名称', '地址', '住所', '类型', '状态', '代码', '编号'];

/** Endings of resource names stripped to find the subject (法人单位基础信息库 → 法人单位). */
const SUBJECT_ENDINGS = ['基础信息库', '基础数据库', '信息库', '数据库', '登记信息', '信息', '库'];

const CANONICAL = new Map<string, string>(
  DATA_ITEM_SYNONYMS.flatMap((group) =>
    group.map((name) => [clean(name), clean(group[0] as string)] as const),
  ),
);

function clean(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\([^)]*\)/g, '')
    .replace(/[\s\p{P}]/gu, '');
}

/** The canonical form of a project's item name. */
export function normaliseItemName(name: string): string {
  const cleaned = clean(name);
  return CANONICAL.get(cleaned) ?? cleaned;
}

function subjectOf(resourceName: string): string {
  const name = clean(resourceName);
  for (const ending of SUBJECT_ENDINGS) if (name.endsWith(ending)) return name.slice(0, -ending.length);
  return name;
}

/** The canonical form of a resource's item name, qualified by the resource's subject if generic. */
export function normaliseHeldItemName(resourceName: string, item: string): string {
  const cleaned = clean(item);
  return normaliseItemName(
    GENERIC_ITEM_NAMES.includes(cleaned) ? `${subjectOf(resourceName)}${cleaned}` : cleaned,
  );
}

/** Holders by canonical item name; base databases first, then by code. */
export function indexHeldItems(
  resources: readonly HeldResource[],
): Map<string, { resource: HeldResource; item: string }[]> {
  const held = new Map<string, { resource: HeldResource; item: string }[]>();
  for (const resource of resources) {
    for (const item of resource.items) {
      const key = normaliseHeldItemName(resource.name, item);
      const list = held.get(key) ?? [];
      if (!list.some((entry) => entry.resource.code === resource.code)) list.push({ resource, item });
      held.set(key, list);
    }
  }
  for (const list of held.values()) {
    list.sort(
      (a, b) =>
        Number(b.resource.base ?? false) - Number(a.resource.base ?? false) ||
        (a.resource.code < b.resource.code ? -1 : a.resource.code > b.resource.code ? 1 : 0),
    );
  }
  return held;
}

/** The check: each planned item already held is named once, with the preferred resource to request. */
export function checkNoRecollection(
  items: readonly string[],
  resources: readonly HeldResource[] | Map<string, { resource: HeldResource; item: string }[]>,
): RecollectionCheck {
  const held = resources instanceof Map ? resources : indexHeldItems(resources);
  const evidence: RecollectionEvidence[] = [];
  let fromBase = false;
  const seen = new Set<string>();
  for (const item of items) {
    const key = normaliseItemName(item);
    if (seen.has(key)) continue;
    seen.add(key);
    const holder = held.get(key)?.[0];
    if (!holder) continue;
    fromBase ||= holder.resource.base === true;
    evidence.push({
      item,
      resource: { code: holder.resource.code, name: holder.resource.name },
      provider: holder.resource.provider,
      matchedItem: holder.item,
    });
  }
  if (evidence.length === 0) {
    return {
      check: 'no-re-collection',
      outcome: 'pass',
      reason:
        items.length === 0
          ? 'The project plans to collect no data items.'
          : `None of the ${items.length} data items it plans to collect is held by a base database or a published resource.`,
      evidence,
    };
  }
  const named = evidence
    .map(
      (e) =>
        `${e.item} (request ${e.resource.code} 《${e.resource.name}》 from ${e.provider}, item ${e.matchedItem})`,
    )
    .join('; ');
  return {
    check: 'no-re-collection',
    outcome: fromBase ? 'fail' : 'warn',
    reason: fromBase
      ? `Collects data a base database already holds (不重复采集): ${named}. Request it through a grant instead of collecting it again.`
      : `Collects data published resources already hold: ${named}. Request them unless the project needs its own collection, and say why.`,
    evidence,
  };
}
