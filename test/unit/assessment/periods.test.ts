import {
  assertMayCompute,
  assertMayFreeze,
  isInPeriod,
  isPeriodKey,
  judgedAt,
  parsePeriod,
  periodOf,
  periodPhase,
  previousPeriod,
} from '@govshare/domain/assessment';
import { InvalidTransitionError, ValidationError } from '@govshare/domain/kernel';
import { describe, expect, it } from 'vitest';

describe('period keys', () => {
  it('reads months, quarters, half years and years, with their CST bounds', () => {
    expect(parsePeriod('2026-M11')).toEqual({
      key: '2026-M11',
      kind: 'month',
      year: 2026,
      index: 11,
      firstDay: '2026-11-01',
      lastDay: '2026-11-30',
      startsAt: '2026-10-31T16:00:00.000Z',
      endsAt: '2026-11-30T16:00:00.000Z',
    });
    expect(parsePeriod('2026-Q4')).toMatchObject({
      firstDay: '2026-10-01',
      lastDay: '2026-12-31',
      endsAt: '2026-12-31T16:00:00.000Z',
    });
    expect(parsePeriod('2026-H2')).toMatchObject({
      kind: 'half-year',
      firstDay: '2026-07-01',
      lastDay: '2026-12-31',
    });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', startsAt: '2025-12-31T16:00:00.000Z' });
    expect(parsePeriod('2028-M02').lastDay).toBe('2028-02-29');
    expect(parsePeriod('2026-M02').lastDay).toBe('2026-02-28');
  });

  it('refuses what is no period, naming the field', () => {
    for (const key of [
      '2026-Q5',
      '2026-M13',
      '2026-M1',
      '2026-M00',
      '26-Q1',
      '2026-H3',
      '1999',
      '2026Q1',
      '',
    ]) {
      expect(isPeriodKey(key)).toBe(false);
      try {
        parsePeriod(key, 'query.period');
        expect.unreachable(key);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues[0]?.path).toBe('query.period');
      }
    }
  });

  it('sorts keys of one kind in time order', () => {
    const months = ['2026-M10', '2026-M02', '2025-M12', '2026-M01'];
    expect([...months].sort()).toEqual(['2025-M12', '2026-M01', '2026-M02', '2026-M10']);
  });
});

describe('CST boundaries', () => {
  it('puts 16:00Z on the last day of a quarter in the next one', () => {
    expect(periodOf('quarter', new Date('2026-03-31T15:59:59.999Z')).key).toBe('2026-Q1');
    expect(periodOf('quarter', new Date('2026-03-31T16:00:00.000Z')).key).toBe('2026-Q2');
    expect(periodOf('year', new Date('2025-12-31T16:00:00Z')).key).toBe('2026');
    expect(periodOf('month', new Date('2026-11-30T16:00:00Z')).key).toBe('2026-M12');
    expect(periodOf('half-year', new Date('2026-06-30T16:00:00Z')).key).toBe('2026-H2');
  });

  it('says whether an instant falls in a period (start included, end excluded)', () => {
    const q4 = parsePeriod('2026-Q4');
    expect(isInPeriod(q4, '2026-09-30T16:00:00.000Z')).toBe(true);
    expect(isInPeriod(q4, '2026-09-30T15:59:59.999Z')).toBe(false);
    expect(isInPeriod(q4, new Date('2026-12-31T15:59:59.999Z'))).toBe(true);
    expect(isInPeriod(q4, new Date('2026-12-31T16:00:00.000Z'))).toBe(false);
  });
});

describe('previous periods', () => {
  it('steps back within and across years', () => {
    expect(previousPeriod(parsePeriod('2026-Q1')).key).toBe('2025-Q4');
    expect(previousPeriod(parsePeriod('2026-Q3')).key).toBe('2026-Q2');
    expect(previousPeriod(parsePeriod('2026-M01')).key).toBe('2025-M12');
    expect(previousPeriod(parsePeriod('2026-H1')).key).toBe('2025-H2');
    expect(previousPeriod(parsePeriod('2026')).key).toBe('2025');
  });
});

describe('open, ended, frozen', () => {
  const q4 = parsePeriod('2026-Q4');
  const during = new Date('2026-11-15T02:00:00Z');
  const after = new Date('2027-01-05T02:00:00Z');

  it('is provisional while open and judged up to now, then up to its end', () => {
    expect(periodPhase(q4, new Date('2026-09-01T00:00:00Z'), false)).toBe('not-started');
    expect(periodPhase(q4, during, false)).toBe('open');
    expect(periodPhase(q4, after, false)).toBe('ended');
    expect(periodPhase(q4, after, true)).toBe('frozen');
    expect(judgedAt(q4, during).toISOString()).toBe(during.toISOString());
    expect(judgedAt(q4, after).toISOString()).toBe(q4.endsAt);
  });

  it('refuses to compute a frozen period or one not begun, and to freeze an open one', () => {
    expect(() => assertMayCompute(q4, during, false)).not.toThrow();
    expect(() => assertMayCompute(q4, after, true)).toThrow(InvalidTransitionError);
    expect(() => assertMayCompute(q4, new Date('2026-09-01T00:00:00Z'), false)).toThrow(ValidationError);
    expect(() => assertMayFreeze(q4, during, false)).toThrow(/still open until the end of 2026-12-31/);
    expect(() => assertMayFreeze(q4, after, false)).not.toThrow();
    expect(() => assertMayFreeze(q4, after, true)).toThrow(/frozen already/);
  });
});
