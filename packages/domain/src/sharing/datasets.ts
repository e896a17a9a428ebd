import type { DataItemDefinition } from '@govshare/domain/catalogue';
import { checkCitizenId, checkCreditCode } from '@govshare/domain/kernel';
import * as z from 'zod';

/**
 * Dataset versions: a provider uploads a file (CSV or JSON Lines) of a resource's rows; every row is
 * validated against the resource's data items, good rows are loaded, rejected rows reported by line.
 */
export const DATASET_FORMATS = ['csv', 'jsonl'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];
/** Old systems export GBK / GB18030; the adapter decodes both with Node's TextDecoder. */
export const DATASET_ENCODINGS = ['utf-8', 'gbk', 'gb18030'] as const;
export type DatasetEncoding = (typeof DATASET_ENCODINGS)[number];

export const UPLOAD_STATUSES = ['awaiting-file', 'queued', 'loading', 'loaded', 'rejected'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

/** How many rejected rows a report lists one by one; the counts always cover all of them. */
export const REJECTED_ROWS_LISTED = 1000;

export const createUploadSchema = z.strictObject({
  format: z.enum(DATASET_FORMATS),
  encoding: z.enum(DATASET_ENCODINGS).default('utf-8'),
});
export type CreateUploadInput = z.infer<typeof createUploadSchema>;

export interface RejectedRow {
  /** 1-based line of the file (the header is line 1 of a CSV). */
  line: number;
  reason: string;
}

export interface UploadProgress {
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
}

export interface Upload extends UploadProgress {
  id: string;
  resourceCode: string;
  resourceVersion: number;
  providerUnit: string;
  format: DatasetFormat;
  encoding: DatasetEncoding;
  objectKey: string;
  status: UploadStatus;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Why the whole file was refused (wrong header, not CSV, truncated). */
  fileRejection?: string;
  finishedAt?: string;
  /** The item its rows are keyed by (datasetKeyItem of the resource version), once finished. */
  keyItem?: string;
}

export type HeaderCheck =
  | { ok: true; columns: (DataItemDefinition | undefined)[] }
  | { ok: false; missing: string[]; unexpected: string[]; repeated: string[]; reason: string };

/**
 * A CSV header names each column by the item's name or its 中文 title. Every required item must
 * have a column; optional items may be left out; a column matching no item, or repeating one,
 * rejects the file (its rows could not be read with certainty).
 */
export function checkHeader(header: readonly string[], items: readonly DataItemDefinition[]): HeaderCheck {
  const byLabel = new Map<string, DataItemDefinition>();
  for (const item of items) {
    byLabel.set(item.name, item);
    byLabel.set(item.title, item);
  }
  const seen = new Set<string>();
  const unexpected: string[] = [];
  const repeated: string[] = [];
  const columns = header.map((raw) => {
    const label = raw.replace(/^\uFEFF/, '').trim();
    const item = byLabel.get(label);
    if (!item) unexpected.push(label);
    else if (seen.has(item.name)) repeated.push(label);
    else seen.add(item.name);
    return item;
  });
  const missing = items.filter((item) => item.required && !seen.has(item.name)).map((item) => item.name);
  if (missing.length === 0 && unexpected.length === 0 && repeated.length === 0) return { ok: true, columns };
  const parts = [
    missing.length > 0 ? `missing columns: ${missing.join(', ')}` : '',
    unexpected.length > 0 ? `unexpected columns: ${unexpected.join(', ')}` : '',
    repeated.length > 0 ? `repeated columns: ${repeated.join(', ')}` : '',
  ].filter(Boolean);
  return { ok: false, missing, unexpected, repeated, reason: `Wrong header: ${parts.join('; ')}` };
}

export type RowValue = string | number | boolean;
export type RowCheck = { ok: true; row: Record<string, RowValue> } | { ok: false; reason: string };

const INTEGER = /^[-+]?\d{1,15}$/;
const DECIMAL = /^[-+]?(\d{1,20}(\.\d{1,10})?|\.\d{1,10})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TRUE_WORDS = new Set(['true', '1', '是', 'yes', 'y']);
const FALSE_WORDS = new Set(['false', '0', '否', 'no', 'n']);

function isRealDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Converts one cell to its typed value, or says why it cannot. Reasons name the item and the rule,
 * never the value: values may be personal data and reports are read by many.
 */
export function checkCell(
  item: DataItemDefinition,
  raw: string,
  today: Date,
): { ok: true; value: RowValue | undefined } | { ok: false; reason: string } {
  const text = raw.trim();
  const bad = (rule: string) => ({ ok: false as const, reason: `${item.name}: ${rule}` });
  if (text === '') return item.required ? bad('is required') : { ok: true, value: undefined };
  if (item.length !== undefined && [...text].length > item.length) {
    return bad(`is longer than ${item.length} characters`);
  }
  switch (item.type) {
    case 'string':
      return { ok: true, value: text };
    case 'integer':
      return INTEGER.test(text) ? { ok: true, value: Number(text) } : bad('is not an integer');
    case 'decimal':
      return DECIMAL.test(text) ? { ok: true, value: Number(text) } : bad('is not a decimal number');
    case 'date':
      return isRealDate(text) ? { ok: true, value: text } : bad('is not a date (YYYY-MM-DD)');
    case 'datetime': {
      const parsed = z.iso.datetime({ offset: true }).safeParse(text);
      return parsed.success ? { ok: true, value: text } : bad('is not an ISO 8601 date-time');
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE_WORDS.has(lower)) return { ok: true, value: true };
      if (FALSE_WORDS.has(lower)) return { ok: true, value: false };
      return bad('is not a boolean (true/false, 1/0, 是/否)');
    }
    case 'citizen-id': {
      const verdict = checkCitizenId(text, { today });
      return verdict.valid
        ? { ok: true, value: text }
        : bad(`is not a valid citizen ID (${verdict.failed}: ${verdict.reason})`);
    }
    case 'credit-code': {
      const verdict = checkCreditCode(text);
      return verdict.valid
        ? { ok: true, value: text }
        : bad(`is not a valid credit code (${verdict.failed}: ${verdict.reason})`);
    }
  }
}

/** Validates a CSV record read under a checked header; the first failing cell is the reason. */
export function checkCsvRow(
  cells: readonly string[],
  columns: readonly (DataItemDefinition | undefined)[],
  items: readonly DataItemDefinition[],
  today: Date,
): RowCheck {
  if (cells.length !== columns.length) {
    return { ok: false, reason: `has ${cells.length} fields; the header has ${columns.length}` };
  }
  const record: Record<string, string> = {};
  columns.forEach((item, i) => {
    if (item) record[item.name] = cells[i] ?? '';
  });
  return checkRecord(record, items, today);
}

/** Validates a JSON Lines object: every key must be a data item. */
export function checkJsonRow(value: unknown, items: readonly DataItemDefinition[], today: Date): RowCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'is not a JSON object' };
  }
  const known = new Set(items.map((item) => item.name));
  const unknown = Object.keys(value).filter((key) => !known.has(key));
  if (unknown.length > 0)
    return { ok: false, reason: `has unknown fields: ${unknown.slice(0, 10).join(', ')}` };
  const record: Record<string, string> = {};
  for (const [key, cell] of Object.entries(value)) {
    if (cell === null || cell === undefined) continue;
    if (typeof cell === 'object') return { ok: false, reason: `${key}: is not a single value` };
    record[key] = String(cell);
  }
  return checkRecord(record, items, today);
}

function checkRecord(
  record: Record<string, string>,
  items: readonly DataItemDefinition[],
  today: Date,
): RowCheck {
  const row: Record<string, RowValue> = {};
  for (const item of items) {
    const result = checkCell(item, record[item.name] ?? '', today);
    if (!result.ok) return result;
    if (result.value !== undefined) row[item.name] = result.value;
  }
  return { ok: true, row };
}
