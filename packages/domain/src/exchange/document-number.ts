import { ConflictError, ValidationError } from '@govshare/domain/kernel';

/**
 * 发文字号 (GB/T 9704-2012 7.2.5): 机关代字, the year in 六角括号 〔〕, the sequence, 号:
 * 商政办发〔2026〕12号. No leading zeros in the sequence, no 第 before it.
 *
 * People type numbers as they see them in real documents, and real documents vary: the year in
 * 〔〕, ﹝﹞, [], ［］, 【】, () or （）; full-width digits (岳政办〔2014〕３号); spaces of either width;
 * a leading zero (〔2026〕012号); no year at all (梅政办发108号, as Huangmei numbered in 2011).
 * All of these parse to one normalised form, which is what uniqueness is decided on: the same
 * issuer cannot use the same sequence twice in the same year, however the two were typed.
 */
export interface DocumentNumber {
  /** 机关代字, e.g. 商政办发, 国办发. */
  issuerCode: string;
  /** Absent when the number carries no year (梅政办发108号). */
  year?: number;
  sequence: number;
  /** The one stored form: 商政办发〔2026〕12号, 梅政办发108号. */
  normalised: string;
  /** As entered. */
  original: string;
}

export const DOCUMENT_NUMBER_MAX_CHARS = 40;
const FIRST_YEAR = 1949;
const LAST_YEAR = 2199;
const MAX_SEQUENCE = 99_999;

/** Every bracket pair real numbers use for the year, after NFKC (which folds ［］（）﹝﹞ to []()〔〕). */
const OPENING = /[[(【〖〈《「]/g;
const CLOSING = /[\])】〗〉》」]/g;
/** The 机关代字 is Chinese characters, sometimes with a Latin letter; it never holds digits or brackets. */
const ISSUER = '[\\p{Script=Han}A-Za-z]{0,20}';
const NUMBER = new RegExp(`^(?<issuer>${ISSUER}?)(?:〔(?<year>\\d{4})〕)?第?(?<sequence>\\d{1,8})号?$`, 'u');

/** Formats a number in the GB/T 9704 form. */
export function formatDocumentNumber(parts: { issuerCode: string; year?: number; sequence: number }): string {
  const year = parts.year === undefined ? '' : `〔${parts.year}〕`;
  return `${parts.issuerCode}${year}${parts.sequence}号`;
}

/**
 * Parses and normalises a number as a user typed it; throws ValidationError naming `path`
 * (e.g. `body.documentNumber`) with what is wrong.
 */
export function parseDocumentNumber(original: string, path = 'body.documentNumber'): DocumentNumber {
  const refuse = (message: string): never => {
    throw new ValidationError([{ path, message }]);
  };
  if (original.length > DOCUMENT_NUMBER_MAX_CHARS)
    refuse(`must be at most ${DOCUMENT_NUMBER_MAX_CHARS} characters`);
  const compact = original
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(OPENING, '〔')
    .replace(CLOSING, '〕');
  if (compact.length === 0) refuse('must not be empty');
  const match = NUMBER.exec(compact);
  const groups = match?.groups;
  if (!groups) {
    if (!/\d/.test(compact.replace(/〔\d{4}〕/, '')))
      refuse('has no sequence number (e.g. 商政办发〔2026〕12号)');
    return refuse('is not a document number: 机关代字〔year〕sequence号, e.g. 商政办发〔2026〕12号');
  }
  const issuerCode = groups.issuer ?? '';
  if (issuerCode.length === 0) refuse('has no 机关代字 before the year and sequence');
  const sequence = Number(groups.sequence);
  if (sequence < 1 || sequence > MAX_SEQUENCE) refuse(`must have a sequence from 1 to ${MAX_SEQUENCE}`);
  const number: DocumentNumber = { issuerCode, sequence, normalised: '', original };
  if (groups.year !== undefined) {
    const year = Number(groups.year);
    if (year < FIRST_YEAR || year > LAST_YEAR) refuse(`must have a year from ${FIRST_YEAR} to ${LAST_YEAR}`);
    number.year = year;
  }
  number.normalised = formatDocumentNumber(number);
  return number;
}

/** Refuses a number the same issuer already used in the same year (compared in normalised form). */
export function assertNumberUnused(
  number: Pick<DocumentNumber, 'normalised'>,
  used: Iterable<Pick<DocumentNumber, 'normalised'>>,
): void {
  for (const earlier of used) {
    if (earlier.normalised === number.normalised) {
      throw new ConflictError(`Document number ${number.normalised} is already used`);
    }
  }
}

export interface SequenceGaps {
  issuerCode: string;
  year?: number;
  highest: number;
  /** Sequences from 1 to `highest` not used, as inclusive ranges. */
  missing: { from: number; to: number }[];
}

/**
 * Which sequences of each issuer and year were skipped (跳号), e.g. for the annual check of the
 * 发文登记簿. Numbers without a year form their own series per issuer.
 */
export function sequenceGaps(
  numbersUsed: Iterable<Pick<DocumentNumber, 'issuerCode' | 'year' | 'sequence'>>,
): SequenceGaps[] {
  const series = new Map<string, { issuerCode: string; year?: number; sequences: Set<number> }>();
  for (const number of numbersUsed) {
    const key = `${number.issuerCode}\u0000${number.year ?? ''}`;
    let entry = series.get(key);
    if (!entry) {
      entry = { issuerCode: number.issuerCode, sequences: new Set() };
      if (number.year !== undefined) entry.year = number.year;
      series.set(key, entry);
    }
    entry.sequences.add(number.sequence);
  }
  const result: SequenceGaps[] = [];
  for (const entry of series.values()) {
    const sorted = [...entry.sequences].sort((a, b) => a - b);
    const missing: { from: number; to: number }[] = [];
    let expected = 1;
    for (const sequence of sorted) {
      if (sequence > expected) missing.push({ from: expected, to: sequence - 1 });
      expected = sequence + 1;
    }
    const gaps: SequenceGaps = { issuerCode: entry.issuerCode, highest: sorted.at(-1) ?? 0, missing };
    if (entry.year !== undefined) gaps.year = entry.year;
    result.push(gaps);
  }
  return result.sort(
    (a, b) => a.issuerCode.localeCompare(b.issuerCode, 'zh') || (a.year ?? 0) - (b.year ?? 0),
  );
}
