import { cstDay, cstMidnight, isDay, nextDay } from './china-time.ts';

/**
 * Working days (工作日) for answer deadlines: 国发〔2016〕51号 gives a provider 10 working days to
 * answer a conditional access request. Weekends are not working days, nor the public holidays
 * the State Council announces each year; a weekend declared a make-up working day (调休上班) is.
 * Days are calendar days in China Standard Time (UTC+8, no daylight saving), written YYYY-MM-DD.
 */
export interface WorkingCalendar {
  /** Public holidays (放假), as YYYY-MM-DD. */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (调休上班), as YYYY-MM-DD. */
  makeUpWorkdays: ReadonlySet<string>;
}

const DAY_MS = 24 * 3600_000;

/**
 * A sample calendar: the national holidays and make-up days of 2025 and 2026 as announced by the
 * General Office of the State Council. Deployments configure their own list (environment
 * SHARING_HOLIDAYS / SHARING_MAKEUP_WORKDAYS) and must extend it every year.
 */
export const SAMPLE_HOLIDAYS: readonly string[] = [
  // 2025: 元旦, 春节, 清明, 劳动节, 端午, 国庆 + 中秋
  '2025-01-01',
  ...range('2025-01-28', 8),
  ...range('2025-04-04', 3),
  ...range('2025-05-01', 5),
  ...range('2025-05-31', 3),
  ...range('2025-10-01', 8),
  // 2026
  ...range('2026-01-01', 3),
  ...range('2026-02-15', 9),
  ...range('2026-04-04', 3),
  ...range('2026-05-01', 5),
  ...range('2026-06-19', 3),
  ...range('2026-09-25', 3),
  ...range('2026-10-01', 7),
];
export const SAMPLE_MAKEUP_WORKDAYS: readonly string[] = [
  '2025-01-26',
  '2025-02-08',
  '2025-04-27',
  '2025-09-28',
  '2025-10-11',
  '2026-01-04',
  '2026-02-14',
  '2026-02-28',
  '2026-05-09',
  '2026-09-20',
  '2026-10-10',
];

function range(first: string, days: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}

/** Builds a calendar; every date must be YYYY-MM-DD and real, else this throws naming it. */
export function workingCalendar(
  holidays: Iterable<string> = SAMPLE_HOLIDAYS,
  makeUpWorkdays: Iterable<string> = SAMPLE_MAKEUP_WORKDAYS,
): WorkingCalendar {
  const check = (day: string) => {
    if (!isDay(day)) {
      throw new RangeError(`'${day}' is not a date (YYYY-MM-DD)`);
    }
    return day;
  };
  return {
    holidays: new Set([...holidays].map(check)),
    makeUpWorkdays: new Set([...makeUpWorkdays].map(check)),
  };
}

export function isWorkingDay(day: string, calendar: WorkingCalendar): boolean {
  if (calendar.makeUpWorkdays.has(day)) return true;
  if (calendar.holidays.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The last day of a deadline of `workingDays` working days starting the day after `from` (the day a
 * request arrives does not count, as in administrative practice).
 */
export function addWorkingDays(from: Date, workingDays: number, calendar: WorkingCalendar): string {
  if (!Number.isInteger(workingDays) || workingDays < 1)
    throw new RangeError('workingDays must be at least 1');
  let day = cstDay(from);
  let counted = 0;
  // Bounded: no real calendar has a year without working days.
  for (let guard = 0; guard < 3660 && counted < workingDays; guard++) {
    day = nextDay(day);
    if (isWorkingDay(day, calendar)) counted++;
  }
  return day;
}

/** The instant an answer is late: the end (CST midnight) of the deadline's last working day. */
export function answerDueAt(from: Date, workingDays: number, calendar: WorkingCalendar): string {
  return cstMidnight(nextDay(addWorkingDays(from, workingDays, calendar))).toISOString();
}
