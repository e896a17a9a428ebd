import {
  addWorkingDays,
  answerDueAt,
  CalendarNotLoadedError,
  isWorkingDay,
  workingCalendar,
  workingDaysBetween,
} from '@govshare/domain/kernel';
import { sampleCalendarYears } from '@govshare/functions/identity/sample-calendar.ts';
import { describe, expect, it } from 'vitest';
import { TEST_2027 } from '../../support/calendar.ts';

const calendar = workingCalendar(sampleCalendarYears);
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('working-day calendar', () => {
  it('skips weekends', () => {
    // Friday 2025-11-14 + 1 working day = Monday 2025-11-17
    expect(addWorkingDays(shanghai('2025-11-14T10:00:00'), 1, calendar)).toBe('2025-11-17');
    expect(addWorkingDays(shanghai('2025-11-14T10:00:00'), 10, calendar)).toBe('2025-11-28');
  });

  it('skips the 国庆 holidays and counts the make-up Saturday', () => {
    // Filed Tue 2025-09-30: Oct 1–8 are holidays, Sat Oct 11 is a working day.
    // Working days: Oct 9, 10, 11, 13, 14, 15, 16, 17, 20, 21 → the tenth is Oct 21.
    expect(addWorkingDays(shanghai('2025-09-30T09:00:00'), 10, calendar)).toBe('2025-10-21');
    expect(isWorkingDay('2025-10-11', calendar)).toBe(true);
    expect(isWorkingDay('2025-10-08', calendar)).toBe(false);
    expect(isWorkingDay('2025-09-28', calendar)).toBe(true);
  });

  it('skips the 2026 Spring Festival (国办发明电〔2025〕7号) and counts its make-up Saturdays', () => {
    // Filed Thu 2026-02-12: Sat 14th works, 15th–23rd off, Sat 28th works.
    // 13, 14, 24, 25, 26, 27, 28, Mar 2, 3, 4 → the tenth is Mar 4.
    expect(addWorkingDays(shanghai('2026-02-12T09:00:00'), 10, calendar)).toBe('2026-03-04');
  });

  it('takes the day in Shanghai, not in UTC', () => {
    // 2025-11-14 23:30 UTC is already Saturday 15th in Shanghai.
    expect(addWorkingDays(new Date('2025-11-14T23:30:00Z'), 1, calendar)).toBe('2025-11-17');
    expect(addWorkingDays(new Date('2025-11-14T15:30:00Z'), 1, calendar)).toBe('2025-11-17');
    expect(addWorkingDays(new Date('2025-11-13T15:30:00Z'), 1, calendar)).toBe('2025-11-14');
  });

  it('is due at the end (Shanghai midnight) of the last working day', () => {
    expect(answerDueAt(shanghai('2025-11-14T10:00:00'), 10, calendar)).toBe('2025-11-28T16:00:00.000Z');
  });

  it('refuses to count into a year it does not hold, naming the year, instead of counting weekdays', () => {
    // Thu 2026-12-24: the tenth working day falls in 2027, which the sample calendar lacks.
    expect(addWorkingDays(shanghai('2026-12-17T10:00:00'), 10, calendar)).toBe('2026-12-31');
    const count = () => addWorkingDays(shanghai('2026-12-24T10:00:00'), 10, calendar);
    expect(count).toThrow(CalendarNotLoadedError);
    expect(count).toThrow(/2027/);
    expect(() => isWorkingDay('2024-12-31', calendar)).toThrow(/2024/);
  });

  it('counts across the Spring Festival once the year is entered (test data for 2027)', () => {
    const extended = workingCalendar([...sampleCalendarYears, TEST_2027]);
    // Thu 2027-01-28: weekdays alone would end on Thu 11 February, inside the festival (5–12).
    // 29, 31 (make-up Sunday), Feb 1, 2, 3, 4, 15, 16, 17, 18 → Feb 18.
    expect(addWorkingDays(shanghai('2027-01-28T10:00:00'), 10, extended)).toBe('2027-02-18');
    // Across the year's end as well.
    expect(addWorkingDays(shanghai('2026-12-24T10:00:00'), 10, extended)).toBe('2027-01-08');
  });

  it('follows the days it is given, and refuses a date that is not real or not of its year', () => {
    const custom = workingCalendar([{ year: 2025, holidays: ['2025-11-17'], makeUpWorkdays: [] }]);
    expect(addWorkingDays(shanghai('2025-11-14T10:00:00'), 1, custom)).toBe('2025-11-18');
    expect(() => workingCalendar([{ year: 2025, holidays: ['2025-02-30'], makeUpWorkdays: [] }])).toThrow(
      /2025-02-30/,
    );
    expect(() => workingCalendar([{ year: 2025, holidays: ['2026-01-01'], makeUpWorkdays: [] }])).toThrow(
      /2026-01-01/,
    );
  });
});

describe('working days between two instants', () => {
  it('counts the working days after the first day up to the second, skipping weekends and holidays', () => {
    // Friday 14th to Monday 17th November 2025: the Monday only.
    expect(
      workingDaysBetween(shanghai('2025-11-14T10:00:00'), shanghai('2025-11-17T09:00:00'), calendar),
    ).toBe(1);
    // Tue 2025-09-30 to Tue 2025-10-21: the ten working days addWorkingDays counts.
    expect(
      workingDaysBetween(shanghai('2025-09-30T09:00:00'), shanghai('2025-10-21T18:00:00'), calendar),
    ).toBe(10);
  });

  it('is 0 on the same day and for an end before the start', () => {
    expect(
      workingDaysBetween(shanghai('2025-11-14T08:00:00'), shanghai('2025-11-14T20:00:00'), calendar),
    ).toBe(0);
    expect(
      workingDaysBetween(shanghai('2025-11-17T08:00:00'), shanghai('2025-11-14T20:00:00'), calendar),
    ).toBe(0);
  });
});
