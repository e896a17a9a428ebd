/**
 * Statistical periods of the macro-economic series: a year (2025), a quarter (2025Q3) or a month
 * (2025-09). Within one kind, the text sorts in time order, so a range is a key range.
 */
export type PeriodKind = 'year' | 'quarter' | 'month';

const PATTERNS: Record<PeriodKind, RegExp> = {
  year: /^(19|20)\d{2}$/,
  quarter: /^(19|20)\d{2}Q[1-4]$/,
  month: /^(19|20)\d{2}-(0[1-9]|1[0-2])$/,
};

export const PERIOD_KINDS = Object.keys(PATTERNS) as PeriodKind[];

/** The kind of a period, or undefined when the text is no period. */
export function periodKind(period: string): PeriodKind | undefined {
  return PERIOD_KINDS.find((kind) => PATTERNS[kind].test(period));
}

export type PeriodRange =
  | { ok: true; kind: PeriodKind; from: string; to: string }
  | { ok: false; reason: string };

/** A range of periods of one kind, from ≤ to. */
export function periodRange(from: string, to: string): PeriodRange {
  const kind = periodKind(from);
  if (!kind) return { ok: false, reason: 'from is not a period (2025, 2025Q3 or 2025-09)' };
  if (periodKind(to) !== kind) return { ok: false, reason: `to must be a ${kind} like from` };
  if (from > to) return { ok: false, reason: 'from comes after to' };
  return { ok: true, kind, from, to };
}
