import type { DataItemDefinition } from '@govshare/domain/catalogue';
import { type FieldIssue, ValidationError } from '@govshare/domain/kernel';
import { checkCell, type RowValue } from './datasets.ts';

/**
 * Queries of a dataset version's rows (共享方式 接口): equality on the key item (one partition read),
 * equality and ranges on the other items (filters). Pure: the adapter turns the parsed filters into
 * a key condition and a filter expression.
 */

/** Query parameters that filter rows: `where.<item>=v` (equality), `where.<item>.from` / `.to` (range). */
export const ROW_FILTER_PREFIX = 'where.';
/** Rows per page at most. */
export const MAX_ROWS_PER_PAGE = 100;

const IDENTIFIER_TYPES = new Set(['citizen-id', 'credit-code']);
/** An item holding a national identifier (citizen ID, credit code): what records are looked up by. */
export const isIdentifierItem = (item: DataItemDefinition): boolean => IDENTIFIER_TYPES.has(item.type);
const RANGE_TYPES = new Set(['integer', 'decimal', 'date']);

/**
 * The item a dataset's rows are keyed by: its first identifier (citizen ID, credit code), which is
 * what consumers look records up by, else its first item.
 */
export function datasetKeyItem(items: readonly DataItemDefinition[]): string {
  const item = items.find(isIdentifierItem) ?? items[0];
  if (!item) throw new Error('a resource without data items has no dataset key');
  return item.name;
}

/** A row's key value as stored in its sort key ('' when an optional key item is empty). */
export const keyText = (value: RowValue | undefined): string => (value === undefined ? '' : String(value));

export interface RowFilters {
  /** Equality on items (on the version's key item: one partition read). */
  equals: { item: string; value: RowValue }[];
  /** Inclusive bounds on a number or date item. */
  ranges: { item: string; from?: RowValue; to?: RowValue }[];
  /** Every item filtered on, with the query parameter that names it (they must be granted). */
  filtered: { item: string; path: string }[];
}

/**
 * Reads the `where.` parameters of a row query. Refused (400 naming each parameter): an item the
 * resource lacks, a range on an item that is not a number or a date, a value that is not of its
 * item's type (checked as ingestion checks a cell), a range whose start lies after its end, and
 * any other parameter.
 */
export function parseRowFilters(
  items: readonly DataItemDefinition[],
  params: Readonly<Record<string, string>>,
  today: Date,
): RowFilters {
  const issues: FieldIssue[] = [];
  const filters: RowFilters = { equals: [], ranges: [], filtered: [] };
  const ranges = new Map<string, { item: string; from?: RowValue; to?: RowValue }>();
  for (const [name, raw] of Object.entries(params)) {
    const path = `query.${name}`;
    if (!name.startsWith(ROW_FILTER_PREFIX)) {
      issues.push({ path, message: 'is not a known field' });
      continue;
    }
    const [itemName = '', bound, ...rest] = name.slice(ROW_FILTER_PREFIX.length).split('.');
    const item = items.find((i) => i.name === itemName);
    if (!item) {
      issues.push({ path, message: `the resource has no item ${itemName}` });
      continue;
    }
    if (rest.length > 0 || (bound !== undefined && bound !== 'from' && bound !== 'to')) {
      issues.push({ path, message: `filters by where.${itemName}, .from or .to` });
      continue;
    }
    if (bound !== undefined && !RANGE_TYPES.has(item.type)) {
      issues.push({
        path,
        message: `${itemName} is ${item.type === 'string' ? 'text' : `of type ${item.type}`}: only equality (where.${itemName}=…)`,
      });
      continue;
    }
    if (raw.trim() === '') {
      issues.push({ path, message: 'is empty' });
      continue;
    }
    const cell = checkCell(item, raw, today);
    if (!cell.ok || cell.value === undefined) {
      issues.push({ path, message: cell.ok ? 'is empty' : cell.reason });
      continue;
    }
    filters.filtered.push({ item: item.name, path });
    if (bound === undefined) {
      filters.equals.push({ item: item.name, value: cell.value });
      continue;
    }
    const range = ranges.get(item.name) ?? { item: item.name };
    range[bound] = cell.value;
    ranges.set(item.name, range);
  }
  for (const range of ranges.values()) {
    if (range.from !== undefined && range.to !== undefined && range.from > range.to) {
      issues.push({ path: `query.where.${range.item}.from`, message: `lies after where.${range.item}.to` });
    }
    filters.ranges.push(range);
  }
  if (issues.length > 0) throw new ValidationError(issues, 'The row query has invalid filters');
  return filters;
}
