import { addWorkingDays, answerDueAt, isWorkingDay, workingCalendar } from '@govshare/domain/kernel';
import { describe, expect, it } from 'vitest';

const calendar = workingCalendar();
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

  it('takes the day in Shanghai, not in UTC', () => {
    // 2025-11-14 23:30 UTC is already Saturday 15th in Shanghai.
    expect(addWorkingDays(new Date('2025-11-14T23:30:00Z'), 1, calendar)).toBe('2025-11-17');
    expect(addWorkingDays(new Date('2025-11-14T15:30:00Z'), 1, calendar)).toBe('2025-11-17');
    expect(addWorkingDays(new Date('2025-11-13T15:30:00Z'), 1, calendar)).toBe('2025-11-14');
  });

  it('is due at the end (Shanghai midnight) of the last working day', () => {
    expect(answerDueAt(shanghai('2025-11-14T10:00:00'), 10, calendar)).toBe('2025-11-28T16:00:00.000Z');
  });

  it('follows a configured holiday list instead of the sample one', () => {
    const custom = workingCalendar(['2025-11-17'], []);
    expect(addWorkingDays(shanghai('2025-11-14T10:00:00'), 1, custom)).toBe('2025-11-18');
    expect(() => workingCalendar(['2025-02-30'], [])).toThrow(/2025-02-30/);
  });
});
