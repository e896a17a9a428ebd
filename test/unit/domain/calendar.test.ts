import {
  type CalendarStore,
  type CalendarYear,
  calendarStatus,
  calendarYearInputSchema,
  calendarYearParamSchema,
  defineCalendarYear,
  saveCalendarYear,
} from '@govshare/domain/identity';
import { ConflictError, ValidationError } from '@govshare/domain/kernel';
import { sampleCalendarYears } from '@govshare/functions/identity/sample-calendar.ts';
import { describe, expect, it } from 'vitest';
import { TEST_2027 } from '../../support/calendar.ts';

/** The calendar's own rules: what an administrator may enter for a year, versions, the warning. */
const { year: _year, ...input2027 } = TEST_2027;
const issuesOf = (value: unknown) => {
  const result = calendarYearInputSchema.safeParse(value);
  return result.success
    ? []
    : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

function memoryCalendar(): CalendarStore & { years: Map<number, CalendarYear> } {
  const years = new Map<number, CalendarYear>();
  return {
    years,
    listYears: async () => [...years.values()].sort((a, b) => a.year - b.year),
    getYear: async (year) => years.get(year),
    async putYear(next, replacing) {
      const current = years.get(next.year);
      if (replacing === undefined ? current !== undefined : current?.version !== replacing) {
        throw new ConflictError('changed');
      }
      years.set(next.year, next);
    },
  };
}

describe('a year of the calendar', () => {
  it('accepts the sample years as the State Council announced them, and the 2027 test data', () => {
    for (const { year: _y, ...input } of sampleCalendarYears) expect(issuesOf(input)).toEqual([]);
    expect(issuesOf(input2027)).toEqual([]);
  });

  it('names every date that is not a real YYYY-MM-DD', () => {
    const issues = issuesOf({ ...input2027, holidays: ['2027-02-30', '2027-1-01', '2027-02-05'] });
    expect(issues.map((i) => i.path)).toEqual(['holidays.0', 'holidays.1']);
    expect(issues[0]?.message).toMatch(/real date/);
  });

  it('refuses a day that is both a holiday and a make-up day, a make-up weekday, and a repeat', () => {
    const issues = issuesOf({
      ...input2027,
      holidays: [...input2027.holidays, '2027-02-05'],
      makeUpWorkdays: ['2027-02-06', '2027-02-03'],
    });
    expect(issues).toEqual([
      { path: 'holidays.11', message: 'repeats 2027-02-05' },
      { path: 'makeUpWorkdays.0', message: expect.stringMatching(/also listed as a holiday/) },
      { path: 'makeUpWorkdays.1', message: expect.stringMatching(/Saturday or Sunday.*Wednesday/) },
    ]);
  });

  it('requires the notice, and knows no other fields', () => {
    const { notice: _n, ...withoutNotice } = input2027;
    expect(issuesOf(withoutNotice).map((i) => i.path)).toEqual(['notice']);
    expect(issuesOf({ ...input2027, notice: '   ' })[0]?.message).toMatch(/State Council notice/);
    expect(issuesOf({ ...input2027, source: 'x' })).toHaveLength(1);
  });

  it('takes years from 2000 to 2099 in a path', () => {
    expect(calendarYearParamSchema.parse('2027')).toBe(2027);
    for (const bad of ['1999', '2100', '27', '2027a'])
      expect(calendarYearParamSchema.safeParse(bad).success).toBe(false);
  });

  it('refuses days of another year, naming them with their field path, and sorts the rest', () => {
    const now = new Date('2026-11-20T02:00:00Z');
    const define = (input: typeof input2027) =>
      defineCalendarYear({ year: 2027, input, actor: 'egov-admin', now, fieldPrefix: 'body.' });
    const error = (() => {
      try {
        define({ ...input2027, holidays: ['2027-01-01', '2026-12-31'], makeUpWorkdays: ['2028-01-01'] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'body.holidays.1', message: '2026-12-31 is not a day of 2027' },
      { path: 'body.makeUpWorkdays.0', message: '2028-01-01 is not a day of 2027' },
    ]);
    const entry = define({ ...input2027, holidays: ['2027-02-06', '2027-01-01'] });
    expect(entry).toMatchObject({
      year: 2027,
      version: 1,
      holidays: ['2027-01-01', '2027-02-06'],
      updatedBy: 'egov-admin',
    });
  });
});

describe('saving a year', () => {
  const save = (store: CalendarStore, input: Record<string, unknown>) =>
    saveCalendarYear(store, {
      year: 2027,
      input: calendarYearInputSchema.parse(input),
      actor: 'egov-admin',
      now: new Date('2026-11-20T02:00:00Z'),
    });

  it('enters a new year at version 1 and replaces it only from the version read', async () => {
    const store = memoryCalendar();
    expect(await save(store, input2027)).toMatchObject({ created: true, item: { version: 1 } });
    const corrected = { ...input2027, makeUpWorkdays: ['2027-01-31'], version: 1 };
    expect(await save(store, corrected)).toMatchObject({ created: false, item: { version: 2 } });
    expect(store.years.get(2027)?.makeUpWorkdays).toEqual(['2027-01-31']);
  });

  it('refuses a stale version, or a second entry of the year, naming the current version', async () => {
    const store = memoryCalendar();
    await save(store, input2027);
    await save(store, { ...input2027, makeUpWorkdays: [], version: 1 });
    await expect(save(store, { ...input2027, version: 1 })).rejects.toThrow(/version 2, not 1/);
    await expect(save(store, input2027)).rejects.toThrow(/"version": 2/);
    await expect(save(store, { ...input2027, version: 5 })).rejects.toBeInstanceOf(ConflictError);
    expect(store.years.get(2027)).toMatchObject({ version: 2, makeUpWorkdays: [] });
  });

  it('answers a retried PUT whose content is already stored with the stored year', async () => {
    const store = memoryCalendar();
    await save(store, input2027);
    expect(await save(store, input2027)).toMatchObject({ created: false, item: { version: 1 } });
    await save(store, { ...input2027, notice: 'TEST DATA, corrected', version: 1 });
    expect(await save(store, { ...input2027, notice: 'TEST DATA, corrected', version: 1 })).toMatchObject({
      created: false,
      item: { version: 2 },
    });
  });

  it('refuses to replace a year that is not held', async () => {
    await expect(save(memoryCalendar(), { ...input2027, version: 1 })).rejects.toThrow(/omit version/);
  });
});

describe('how long the calendar lasts', () => {
  it('ends on the last day of the unbroken run of years from this one', () => {
    expect(calendarStatus([2025, 2026, 2028], '2026-06-01')).toMatchObject({
      endsOn: '2026-12-31',
      daysLeft: 213,
      missingYear: 2027,
    });
    expect(calendarStatus([2025, 2026], '2026-06-01')).not.toHaveProperty('warning');
  });

  it('warns from 60 days before its last day, naming the missing year', () => {
    expect(calendarStatus([2025, 2026], '2026-11-01').daysLeft).toBe(60);
    expect(calendarStatus([2025, 2026], '2026-11-01').warning).toMatch(/ends on 2026-12-31.*2027/);
    expect(calendarStatus([2025, 2026], '2026-10-31')).not.toHaveProperty('warning');
    expect(calendarStatus([2025, 2026], '2026-12-31')).toMatchObject({
      daysLeft: 0,
      warning: expect.any(String),
    });
  });

  it('warns at once when this year is not held at all', () => {
    expect(calendarStatus([2025, 2026], '2027-01-04')).toMatchObject({
      endsOn: null,
      daysLeft: null,
      missingYear: 2027,
      warning: expect.stringMatching(/nothing for 2027/),
    });
  });
});
