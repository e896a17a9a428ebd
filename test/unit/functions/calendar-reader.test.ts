import type { CalendarStore, CalendarYear } from '@govshare/domain/identity';
import { addWorkingDays, CalendarNotLoadedError } from '@govshare/domain/kernel';
import { cachedWorkingCalendar } from '@govshare/functions/identity/index.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_2027 } from '../../support/calendar.ts';

/** The calendar as other contexts read it (cached per instance), and the daily warning. */
const stored = (year: number, holidays: string[] = []): CalendarYear => ({
  year,
  notice: `notice of ${year}`,
  holidays,
  makeUpWorkdays: [],
  version: 1,
  updatedAt: '2026-01-01T00:00:00Z',
  updatedBy: 'egov-admin',
});
const from = new Date('2026-12-24T02:00:00Z');

function counted(years: CalendarYear[]) {
  let reads = 0;
  let ms = 0;
  const reader = cachedWorkingCalendar(
    async () => {
      reads++;
      return [...years];
    },
    { maxAgeMs: 60_000, clock: () => ms },
  );
  return {
    reader,
    reads: () => reads,
    advance: (by: number) => {
      ms += by;
    },
  };
}

describe('the working-day calendar as sharing reads it', () => {
  it('reads once a minute, and sees a corrected year after the minute', async () => {
    const years = [stored(2026)];
    const { reader, reads, advance } = counted(years);
    const tenth = () => reader.withCalendar((c) => addWorkingDays(new Date('2026-12-10T02:00:00Z'), 10, c));
    expect(await tenth()).toBe('2026-12-24');
    advance(30_000);
    years[0] = stored(2026, ['2026-12-21']);
    expect(await tenth()).toBe('2026-12-24');
    expect(reads()).toBe(1);
    advance(30_000);
    expect(await tenth()).toBe('2026-12-25');
    expect(reads()).toBe(2);
  });

  it('reads again at once when a count needs a year it lacks, so a year just entered counts', async () => {
    const years = [stored(2026)];
    const { reader, reads } = counted(years);
    await expect(reader.withCalendar((c) => addWorkingDays(from, 10, c))).rejects.toThrow(
      CalendarNotLoadedError,
    );
    expect(reads()).toBe(1);
    years.push({ ...stored(2027), holidays: TEST_2027.holidays, makeUpWorkdays: TEST_2027.makeUpWorkdays });
    expect(await reader.withCalendar((c) => addWorkingDays(from, 10, c))).toBe('2027-01-08');
    expect(reads()).toBe(2);
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const reader = cachedWorkingCalendar(async () => {
      if (fail) throw new Error('throttled');
      return [stored(2026)];
    });
    await expect(reader.withCalendar(() => 1)).rejects.toThrow('throttled');
    fail = false;
    expect(await reader.withCalendar(() => 2)).toBe(2);
  });
});

describe('the daily calendar check', () => {
  let createCalendarCheck: typeof import('@govshare/functions/identity/calendar-check.ts').createCalendarCheck;
  beforeAll(async () => {
    // The module reads its configuration at load, as a cold start does.
    process.env.TABLE_IDENTITY ??= 'identity-unit-test';
    process.env.AUTH_ISSUER ??= 'http://localhost:3000';
    process.env.AUTH_AUDIENCE ??= 'govshare';
    ({ createCalendarCheck } = await import('@govshare/functions/identity/calendar-check.ts'));
  });

  const store = (years: number[]): CalendarStore => ({
    listYears: async () => years.map((y) => stored(y)),
    getYear: async () => undefined,
    putYear: async () => {},
  });
  const recorder = () => {
    const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
    const at =
      (level: string) =>
      (message: string, fields: Record<string, unknown> = {}) =>
        lines.push({ level, message, fields });
    return { lines, logger: { info: at('info'), warn: at('warn') } };
  };
  type CheckLogger = Parameters<typeof createCalendarCheck>[1];

  it('logs a structured warning from 60 days before the calendar ends', async () => {
    const { lines, logger } = recorder();
    const check = createCalendarCheck(
      store([2025, 2026]),
      logger as unknown as CheckLogger,
      () => new Date('2026-11-15T01:00:00Z'),
    );
    expect(await check({ time: '2026-11-15T01:00:00Z' })).toMatchObject({
      endsOn: '2026-12-31',
      daysLeft: 46,
    });
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'working-day calendar ends soon',
        fields: expect.objectContaining({ endsOn: '2026-12-31', daysLeft: 46, missingYear: 2027 }),
      },
    ]);
  });

  it('only notes the end when it is further away', async () => {
    const { lines, logger } = recorder();
    const check = createCalendarCheck(
      store([2025, 2026]),
      logger as unknown as CheckLogger,
      () => new Date('2026-06-01T01:00:00Z'),
    );
    await check({ time: '2026-06-01T01:00:00Z' });
    expect(lines.map((l) => l.level)).toEqual(['info']);
  });
});
