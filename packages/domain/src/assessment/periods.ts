import { cstDay, cstMidnight, InvalidTransitionError, ValidationError } from '@govshare/domain/kernel';

/**
 * Assessment periods (考核周期) in China Standard Time: a month (2026-M11), a quarter (2026-Q4), a
 * half year (2026-H2) or a year (2026). Within one kind the keys sort in time order, so a range of
 * periods is a key range. A period is open (its tables provisional) until its last day ends, and
 * frozen when the e-government office closes it; a frozen table is never computed again.
 */
export const PERIOD_KINDS = ['month', 'quarter', 'half-year', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const PERIOD_FIRST_YEAR = 2000;
export const PERIOD_LAST_YEAR = 2099;

export interface AssessmentPeriod {
  key: string;
  kind: PeriodKind;
  year: number;
  /** 1–12 for a month, 1–4 for a quarter, 1–2 for a half year, 1 for a year. */
  index: number;
  /** First and last CST day, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
  /** The instant the period begins (CST midnight of firstDay) and the instant it is over (exclusive). */
  startsAt: string;
  endsAt: string;
}

const MONTHS_OF: Record<PeriodKind, number> = { month: 1, quarter: 3, 'half-year': 6, year: 12 };
const PREFIX_OF: Record<PeriodKind, string> = { month: 'M', quarter: 'Q', 'half-year': 'H', year: '' };
const KEY = /^(\d{4})(?:-(?:M(0[1-9]|1[0-2])|Q([1-4])|H([12])))?$/;

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

const keyOf = (kind: PeriodKind, year: number, index: number): string =>
  kind === 'year' ? String(year) : `${year}-${PREFIX_OF[kind]}${kind === 'month' ? pad(index) : index}`;

/** The period of one kind, year and index (1-based); throws RangeError if it does not exist. */
export function assessmentPeriod(kind: PeriodKind, year: number, index: number): AssessmentPeriod {
  const count = 12 / MONTHS_OF[kind];
  if (!Number.isInteger(year) || year < PERIOD_FIRST_YEAR || year > PERIOD_LAST_YEAR)
    throw new RangeError(`year must be ${PERIOD_FIRST_YEAR}–${PERIOD_LAST_YEAR}`);
  if (!Number.isInteger(index) || index < 1 || index > count)
    throw new RangeError(`a ${kind} index must be 1–${count}`);
  const firstMonth = (index - 1) * MONTHS_OF[kind] + 1;
  const lastMonth = firstMonth + MONTHS_OF[kind] - 1;
  const firstDay = dayOf(year, firstMonth, 1);
  const lastDay = dayOf(year, lastMonth, lastDayOfMonth(year, lastMonth));
  const next = lastMonth === 12 ? dayOf(year + 1, 1, 1) : dayOf(year, lastMonth + 1, 1);
  return {
    key: keyOf(kind, year, index),
    kind,
    year,
    index,
    firstDay,
    lastDay,
    startsAt: cstMidnight(firstDay).toISOString(),
    endsAt: cstMidnight(next).toISOString(),
  };
}

/**
 * A period from its key (2026-M11, 2026-Q4, 2026-H2, 2026); a text that is no period (2026-Q5,
 * 2026-M13, 26-Q1) is a ValidationError at `field`.
 */
export function parsePeriod(key: string, field = 'period'): AssessmentPeriod {
  const match = KEY.exec(key);
  const year = Number(match?.[1]);
  if (!match || year < PERIOD_FIRST_YEAR || year > PERIOD_LAST_YEAR) {
    throw new ValidationError(
      [
        {
          path: field,
          message: `'${key}' is no period: write a month 2026-M01…2026-M12, a quarter 2026-Q1…Q4, a half year 2026-H1 or H2, or a year 2026 (${PERIOD_FIRST_YEAR}–${PERIOD_LAST_YEAR})`,
        },
      ],
      `'${key}' is not an assessment period`,
    );
  }
  if (match[2]) return assessmentPeriod('month', year, Number(match[2]));
  if (match[3]) return assessmentPeriod('quarter', year, Number(match[3]));
  if (match[4]) return assessmentPeriod('half-year', year, Number(match[4]));
  return assessmentPeriod('year', year, 1);
}

/** Whether a text is a period key. */
export const isPeriodKey = (key: string): boolean => {
  const match = KEY.exec(key);
  const year = Number(match?.[1]);
  return match !== null && year >= PERIOD_FIRST_YEAR && year <= PERIOD_LAST_YEAR;
};

/** The period of `kind` that an instant falls in (in CST: 2026-03-31T16:00Z is already April). */
export function periodOf(kind: PeriodKind, instant: Date): AssessmentPeriod {
  const day = cstDay(instant);
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return assessmentPeriod(kind, year, Math.floor((month - 1) / MONTHS_OF[kind]) + 1);
}

/** The period of the same kind just before (2026-Q1 → 2025-Q4). */
export function previousPeriod(period: AssessmentPeriod): AssessmentPeriod {
  if (period.index > 1) return assessmentPeriod(period.kind, period.year, period.index - 1);
  return assessmentPeriod(period.kind, period.year - 1, 12 / MONTHS_OF[period.kind]);
}

/** Whether an instant falls in the period: startsAt ≤ instant < endsAt. */
export function isInPeriod(period: AssessmentPeriod, instant: Date | string): boolean {
  const at = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return at >= Date.parse(period.startsAt) && at < Date.parse(period.endsAt);
}

/** The year (as a period) a period belongs to: the span of a yearly quota. */
export const yearOfPeriod = (period: AssessmentPeriod): AssessmentPeriod =>
  assessmentPeriod('year', period.year, 1);

/**
 * Where a period stands at `now`: not started, open (a table computed now is provisional), ended (a
 * table computed now is final but may still be recomputed, e.g. after a correction) or frozen.
 */
export type PeriodPhase = 'not-started' | 'open' | 'ended' | 'frozen';

export function periodPhase(period: AssessmentPeriod, now: Date, frozen: boolean): PeriodPhase {
  if (frozen) return 'frozen';
  if (now.getTime() < Date.parse(period.startsAt)) return 'not-started';
  return now.getTime() < Date.parse(period.endsAt) ? 'open' : 'ended';
}

/** Computing a frozen period, or one not started, is refused (a 409 and a 400 respectively). */
export function assertMayCompute(period: AssessmentPeriod, now: Date, frozen: boolean): void {
  const phase = periodPhase(period, now, frozen);
  if (phase === 'frozen')
    throw new InvalidTransitionError(
      `Period ${period.key} is frozen: its tables are final and are not computed again`,
    );
  if (phase === 'not-started')
    throw new ValidationError(
      [{ path: 'period', message: `${period.key} begins on ${period.firstDay}: nothing to assess yet` }],
      `Period ${period.key} has not begun`,
    );
}

/** Freezing needs the period over (its last CST day ended) and not frozen already. */
export function assertMayFreeze(period: AssessmentPeriod, now: Date, frozen: boolean): void {
  const phase = periodPhase(period, now, frozen);
  if (phase === 'frozen') throw new InvalidTransitionError(`Period ${period.key} is frozen already`);
  if (phase !== 'ended')
    throw new InvalidTransitionError(
      `Period ${period.key} is still open until the end of ${period.lastDay} (CST): it can be frozen from ${period.endsAt}`,
    );
}

/**
 * The instant up to which records are judged: the period's end, or `now` while it is open (a
 * delivery not yet due is not late yet).
 */
export const judgedAt = (period: AssessmentPeriod, now: Date): Date =>
  new Date(Math.min(now.getTime(), Date.parse(period.endsAt)));
