import { cstDay, cstMidnight, isDay, nextDay } from './china-time.ts';
import { CalendarNotLoadedError } from './errors.ts';

/**
 * Working days (工作日) for answer deadlines: 国发〔2016〕51号 gives a provider 10 working days to
 * answer a conditional access request. Weekends are not working days, nor the public holidays
 * the State Council announces each year; a weekend declared a make-up working day (调休上班) is.
 * Days are calendar days in China Standard Time (UTC+8, no daylight saving), written YYYY-MM-DD.
 *
 * The State Council announces each year late in the year before, so the calendar is data (kept by
 * the identity context) and knows which years it holds: counting into a year it does not hold
 * throws CalendarNotLoadedError instead of silently counting weekdays only.
 */
export interface WorkingCalendar {
  /** The years whose holidays and make-up days are known. */
  years: ReadonlySet<number>;
  /** Public holidays (放假), as YYYY-MM-DD. */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (调休上班), as YYYY-MM-DD. */
  makeUpWorkdays: ReadonlySet<string>;
}

/** One year of the calendar as the State Council announced it. */
export interface CalendarYearDays {
  year: number;
  holidays: readonly string[];
  makeUpWorkdays: readonly string[];
}

const yearOf = (day: string) => Number(day.slice(0, 4));

/** Builds a calendar; every date must be a real YYYY-MM-DD of its year, else this throws naming it. */
export function workingCalendar(years: Iterable<CalendarYearDays>): WorkingCalendar {
  const known = new Set<number>();
  const holidays = new Set<string>();
  const makeUpWorkdays = new Set<string>();
  for (const entry of years) {
    const check = (day: string) => {
      if (!isDay(day) || yearOf(day) !== entry.year) {
        throw new RangeError(`'${day}' is not a date (YYYY-MM-DD) of ${entry.year}`);
      }
      return day;
    };
    known.add(entry.year);
    for (const day of entry.holidays) holidays.add(check(day));
    for (const day of entry.makeUpWorkdays) makeUpWorkdays.add(check(day));
  }
  return { years: known, holidays, makeUpWorkdays };
}

/** 0 Sunday … 6 Saturday. */
export const weekdayOf = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();
export const isWeekend = (day: string): boolean => weekdayOf(day) === 0 || weekdayOf(day) === 6;

/** Throws CalendarNotLoadedError for a day of a year the calendar does not hold. */
export function isWorkingDay(day: string, calendar: WorkingCalendar): boolean {
  const year = yearOf(day);
  if (!calendar.years.has(year)) throw new CalendarNotLoadedError(year);
  if (calendar.makeUpWorkdays.has(day)) return true;
  if (calendar.holidays.has(day)) return false;
  return !isWeekend(day);
}

/**
 * The last day of a deadline of `workingDays` working days starting the day after `from` (the day a
 * request arrives does not count, as in administrative practice). Throws CalendarNotLoadedError if
 * the count runs into a year the calendar does not hold.
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

/**
 * How many working days lie after the day of `from` up to and including the day of `to` (the
 * day something arrives does not count, as in addWorkingDays): 0 when `to` is the same day or
 * earlier. Throws CalendarNotLoadedError for a day of a year the calendar does not hold.
 */
export function workingDaysBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  const last = cstDay(to);
  let day = cstDay(from);
  let counted = 0;
  // Bounded: ten years of days, far beyond any wait a list shows.
  for (let guard = 0; guard < 3660 && day < last; guard++) {
    day = nextDay(day);
    if (isWorkingDay(day, calendar)) counted++;
  }
  return counted;
}
