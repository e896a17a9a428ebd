import type { DataItemDefinition } from '@govshare/domain/catalogue';

/**
 * Masking of sensitive data items (敏感信息项脱敏), applied to every item a grant does not list
 * in unmaskedItems. Pure string functions; the registry applies them per item definition.
 */

/** 张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明. Counts characters, not UTF-16 units. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 110105194912310021 → 110105********0021: region and last four kept, birth date hidden. */
export function maskCitizenId(id: string): string {
  if (id.length !== 18) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(8)}${id.slice(14)}`;
}

// Province (省/自治区, or a municipality 市), prefecture (市/州/盟/地区), county (区/县/旗/县级市).
const DISTRICT_PREFIX =
  /^(?:[^省市]{2,}?(?:省|自治区|特别行政区)|北京市|天津市|上海市|重庆市)?(?:[^市州盟区]{2,}?(?:市|自治州|州|盟|地区))?(?:[^区县旗市]+?(?:区|自治县|县|自治旗|旗|市))/u;

/** An address cut to district (county) level: 陕西省商洛市商州区北新街12号 → 陕西省商洛市商州区. */
export function maskAddress(address: string): string {
  const match = DISTRICT_PREFIX.exec(address.trim());
  return match ? match[0] : '***';
}

/** The mask of one sensitive item, chosen by what the item holds. */
export function maskItem(definition: DataItemDefinition, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (definition.type === 'citizen-id') return maskCitizenId(value);
  if (/address/i.test(definition.name)) return maskAddress(value);
  return maskName(value);
}

/**
 * The view of a record a grant allows: only `items`, sensitive ones masked unless unmasked.
 * Items the record lacks are left out rather than invented.
 */
export function projectRecord(
  record: Readonly<Record<string, unknown>>,
  definitions: readonly DataItemDefinition[],
  items: readonly string[],
  unmaskedItems: readonly string[],
): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const name of items) {
    const definition = definitions.find((d) => d.name === name);
    if (!definition || !(name in record)) continue;
    const value = record[name];
    view[name] = definition.sensitive && !unmaskedItems.includes(name) ? maskItem(definition, value) : value;
  }
  return view;
}
