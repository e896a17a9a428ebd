import {
  ConflictError,
  cstMidnight,
  type FieldIssue,
  isDay,
  isWeekend,
  ValidationError,
  weekdayOf,
} from '@govshare/domain/kernel';
import * as z from 'zod';

/**
 * The working-day calendar as data: one entry per year, as the General Office of the State Council
 * announced it (国务院办公厅关于YYYY年部分节假日安排的通知, 国办发明电〔…〕N号), entered and
 * corrected by the platform administrator. Every function that counts working days reads it.
 */
export const CALENDAR_FIRST_YEAR = 2000;
export const CALENDAR_LAST_YEAR = 2099;
/** The administrator is warned this many days before the calendar's last day. */
export const CALENDAR_WARNING_DAYS = 60;

export interface CalendarYear {
  year: number;
  /** The notice that announced the year, e.g. 国办发明电〔2025〕7号 for 2026. */
  notice: string;
  /** Public holidays (放假), sorted. */
  holidays: string[];
  /** Weekend days that are working days (调休上班), sorted. */
  makeUpWorkdays: string[];
  /** Optimistic lock: 1 when entered, +1 on every replacement. */
  version: number;
  updatedAt: string;
  /** A user id (never a name). */
  updatedBy: string;
}

/** A year in a path: four digits within the years the platform accepts. */
export const calendarYearParamSchema = z
  .string()
  .regex(/^\d{4}$/, 'must be a year, YYYY')
  .transform(Number)
  .pipe(
    z
      .number()
      .min(CALENDAR_FIRST_YEAR, `must be ${CALENDAR_FIRST_YEAR} or later`)
      .max(CALENDAR_LAST_YEAR, `must be ${CALENDAR_LAST_YEAR} or earlier`),
  );

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const dayList = z.array(z.string().refine(isDay, 'must be a real date, YYYY-MM-DD')).max(366);

/**
 * The body of a PUT of one year. What can be checked without knowing the year is checked here
 * (real dates, no repeats, make-up days on weekends, no day both); defineCalendarYear adds the rest.
 */
export const calendarYearInputSchema = z
  .strictObject({
    notice: z
      .string()
      .trim()
      .min(1, 'must name the State Council notice that announced the year')
      .max(200, 'must be at most 200 characters'),
    holidays: dayList,
    makeUpWorkdays: dayList,
    /** The version being replaced, as read; absent when the year is entered for the first time. */
    version: z.number().int().min(1).optional(),
  })
  .superRefine((input, ctx) => {
    const repeats = (list: string[], field: 'holidays' | 'makeUpWorkdays') =>
      list.forEach((day, index) => {
        if (list.indexOf(day) !== index)
          ctx.addIssue({ code: 'custom', path: [field, index], message: `repeats ${day}` });
      });
    repeats(input.holidays, 'holidays');
    repeats(input.makeUpWorkdays, 'makeUpWorkdays');
    const holidays = new Set(input.holidays);
    input.makeUpWorkdays.forEach((day, index) => {
      if (!isDay(day)) return;
      if (holidays.has(day)) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeUpWorkdays', index],
          message: `${day} is also listed as a holiday: a day is either off or a make-up working day`,
        });
      }
      if (!isWeekend(day)) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeUpWorkdays', index],
          message: `must be a Saturday or Sunday (a weekday is a working day anyway): ${day} is a ${WEEKDAY_NAMES[weekdayOf(day)]}`,
        });
      }
    });
  });
export type CalendarYearInput = z.infer<typeof calendarYearInputSchema>;

/** What the calendar rules read and write; implemented by an adapter. */
export interface CalendarStore {
  /** Every year held, in order. */
  listYears(): Promise<CalendarYear[]>;
  getYear(year: number): Promise<CalendarYear | undefined>;
  /**
   * Stores `next` if the stored version is still `replacing` (undefined: if the year is not held
   * yet); otherwise throws ConflictError and changes nothing.
   */
  putYear(next: CalendarYear, replacing: number | undefined): Promise<void>;
}

/** The issues of dates outside `year` (each field path prefixed with `prefix`). */
function outsideYear(year: number, input: CalendarYearInput, prefix: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const field of ['holidays', 'makeUpWorkdays'] as const) {
    input[field].forEach((day, index) => {
      if (!day.startsWith(`${year}-`)) {
        issues.push({ path: `${prefix}${field}.${index}`, message: `${day} is not a day of ${year}` });
      }
    });
  }
  return issues;
}

/** A checked year, dates sorted, ready to store; throws ValidationError naming every bad field. */
export function defineCalendarYear(args: {
  year: number;
  input: CalendarYearInput;
  actor: string;
  now: Date;
  /** Prefix of field paths in errors: 'body.' for a request body. */
  fieldPrefix?: string;
}): CalendarYear {
  const { year, input, actor, now } = args;
  const issues = outsideYear(year, input, args.fieldPrefix ?? '');
  if (issues.length > 0) throw new ValidationError(issues, `The calendar of ${year} has days of other years`);
  return {
    year,
    notice: input.notice,
    holidays: [...input.holidays].sort(),
    makeUpWorkdays: [...input.makeUpWorkdays].sort(),
    version: (input.version ?? 0) + 1,
    updatedAt: now.toISOString(),
    updatedBy: actor,
  };
}

const sameDays = (a: CalendarYear, b: CalendarYear) =>
  a.notice === b.notice &&
  a.holidays.join() === b.holidays.join() &&
  a.makeUpWorkdays.join() === b.makeUpWorkdays.join();

/**
 * Enters or replaces one year. Replacing needs the version read (a conditional write): a stale
 * version is a conflict naming the current one, so two administrators never overwrite each other
 * unseen. A retried PUT whose content is already stored returns it (created: false).
 */
export async function saveCalendarYear(
  store: CalendarStore,
  args: Parameters<typeof defineCalendarYear>[0],
): Promise<{ item: CalendarYear; created: boolean }> {
  const next = defineCalendarYear(args);
  const replacing = args.input.version;
  try {
    await store.putYear(next, replacing);
    return { item: next, created: replacing === undefined };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const current = await store.getYear(next.year);
    if (current && sameDays(current, next)) return { item: current, created: false };
    if (!current) {
      throw new ConflictError(`The calendar holds no ${next.year} yet: omit version to enter it`);
    }
    throw new ConflictError(
      replacing === undefined
        ? `The calendar of ${next.year} exists (version ${current.version}): send "version": ${current.version} to replace it`
        : `The calendar of ${next.year} is at version ${current.version}, not ${replacing}: read it again and reapply the change`,
    );
  }
}

export interface CalendarStatus {
  /** Today in China Standard Time. */
  today: string;
  years: number[];
  /** The last day of the unbroken run of years from this year on; null if this year is not held. */
  endsOn: string | null;
  /** Days from today to endsOn. */
  daysLeft: number | null;
  /** The first year a deadline cannot be counted in. */
  missingYear: number;
  /** Present from CALENDAR_WARNING_DAYS days before endsOn (and when this year is not held). */
  warning?: string;
}

/** How long the calendar lasts from `today` (YYYY-MM-DD, CST), and whether to warn the administrator. */
export function calendarStatus(years: readonly number[], today: string): CalendarStatus {
  const held = new Set(years);
  const thisYear = Number(today.slice(0, 4));
  let missingYear = thisYear;
  while (held.has(missingYear)) missingYear++;
  const base = { today, years: [...held].sort((a, b) => a - b), missingYear };
  const enter = `enter the State Council's holiday notice for ${missingYear} (PUT /v1/calendar/years/${missingYear})`;
  if (missingYear === thisYear) {
    return {
      ...base,
      endsOn: null,
      daysLeft: null,
      warning: `The working-day calendar holds nothing for ${thisYear}: deadlines cannot be counted; ${enter}`,
    };
  }
  const endsOn = `${missingYear - 1}-12-31`;
  const daysLeft = Math.round((cstMidnight(endsOn).getTime() - cstMidnight(today).getTime()) / 86_400_000);
  return {
    ...base,
    endsOn,
    daysLeft,
    ...(daysLeft <= CALENDAR_WARNING_DAYS
      ? {
          warning: `The working-day calendar ends on ${endsOn} (in ${daysLeft} days): deadlines running into ${missingYear} will be refused until you ${enter}`,
        }
      : {}),
  };
}
