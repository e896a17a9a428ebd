import {
  type AssessedUnit,
  bulletinHighlights,
  NO_FACTS,
  parsePeriod,
  rankUnits,
  scoreUnit,
  type UnitScoreTable,
} from '@govshare/domain/assessment';
import { describe, expect, it } from 'vitest';
import {
  bareScheme,
  calendar,
  cst,
  facts,
  project,
  rateIndicator,
  schemeOf,
  urge,
  urgeIndicator,
} from './fixtures.ts';

/** One indicator of 100 points, 1 per urge: a unit's total is 100 − its urges. */
const scheme = schemeOf({
  ...bareScheme('urges-only', ['quarter'], [urgeIndicator('urges', '被催办', 100, 1)]),
  vetoes: [
    {
      id: 'dup',
      name: '重复建设被否决',
      formula: { kind: 'duplicate-construction-projects', outcomes: ['rejected'] },
    },
  ],
});
const rateOnly = schemeOf(
  bareScheme('rate-only', ['quarter'], [rateIndicator('sign', '签收', 100, 'on-time-sign-for')]),
);

const county = (code: string): AssessedUnit => ({
  code,
  name: `县${code}`,
  level: 'county',
  kind: 'government',
});
const department = (code: string): AssessedUnit => ({
  code,
  name: `局${code}`,
  level: 'city',
  kind: 'department',
});

function tableOf(
  unit: AssessedUnit,
  urges: number,
  period = '2026-Q4',
  options: { vetoed?: boolean } = {},
): UnitScoreTable {
  const p = parsePeriod(period);
  return scoreUnit({
    scheme,
    period: p,
    unit,
    facts: facts({
      urges: Array.from({ length: urges }, () =>
        urge(unit.code, new Date(Date.parse(p.startsAt) + 86_400_000).toISOString()),
      ),
      projects: options.vetoed
        ? [
            project(unit.code, {
              outcome: 'rejected',
              decidedAt: new Date(Date.parse(p.startsAt) + 86_400_000).toISOString(),
            }),
          ]
        : [],
    }),
    calendar,
    now: new Date('2027-02-01T00:00:00Z'),
  });
}

describe('ranking among peers', () => {
  it('ranks ties the standard competition way (1, 2, 2, 4)', () => {
    const ranking = rankUnits([
      tableOf(county('611021000'), 5),
      tableOf(county('611002000'), 2),
      tableOf(county('611022000'), 5),
      tableOf(county('611023000'), 9),
    ]);
    expect(ranking.map((e) => [e.unitCode, e.total, e.rank, e.ranked])).toEqual([
      ['611002000', 98, 1, 4],
      ['611021000', 95, 2, 4],
      ['611022000', 95, 2, 4],
      ['611023000', 91, 4, 4],
    ]);
  });

  it('ranks each peer group on its own: county governments apart from city departments', () => {
    const ranking = rankUnits([
      tableOf(county('611021000'), 5),
      tableOf(department('611000108'), 7),
      tableOf(department('611000101'), 1),
      tableOf(county('611002000'), 9),
    ]);
    expect(ranking.map((e) => [e.peerGroup, e.unitCode, e.rank])).toEqual([
      ['city/department', '611000101', 1],
      ['city/department', '611000108', 2],
      ['county/government', '611021000', 1],
      ['county/government', '611002000', 2],
    ]);
  });

  it('puts a vetoed unit below every unit that was not, whatever its total', () => {
    const ranking = rankUnits([
      tableOf(county('611021000'), 0, '2026-Q4', { vetoed: true }),
      tableOf(county('611002000'), 30),
      tableOf(county('611022000'), 0, '2026-Q4', { vetoed: true }),
      tableOf(county('611023000'), 40),
    ]);
    expect(ranking.map((e) => [e.unitCode, e.total, e.vetoed, e.rank])).toEqual([
      ['611002000', 70, false, 1],
      ['611023000', 60, false, 2],
      ['611021000', 100, true, 3],
      ['611022000', 100, true, 3],
    ]);
  });

  it('lists a unit with nothing to assess without a rank', () => {
    const p = parsePeriod('2026-Q4');
    const now = new Date('2027-02-01T00:00:00Z');
    const blank = scoreUnit({
      scheme: rateOnly,
      period: p,
      unit: county('611026000'),
      facts: NO_FACTS,
      calendar,
      now,
    });
    const ranking = rankUnits([blank, tableOf(county('611021000'), 3)]);
    expect(ranking.map((e) => [e.unitCode, e.rank, e.ranked])).toEqual([
      ['611021000', 1, 1],
      ['611026000', null, 1],
    ]);
  });

  it('gives the change since the previous period', () => {
    const previous = [
      tableOf(county('611021000'), 1, '2026-Q3'),
      tableOf(county('611002000'), 4, '2026-Q3'),
      tableOf(county('611022000'), 8, '2026-Q3'),
    ];
    const ranking = rankUnits(
      [
        tableOf(county('611021000'), 6),
        tableOf(county('611002000'), 2),
        tableOf(county('611022000'), 3),
        tableOf(county('611023000'), 0),
      ],
      previous,
    );
    expect(ranking.map((e) => [e.unitCode, e.rank, e.previous, e.rankChange, e.totalChange])).toEqual([
      ['611023000', 1, undefined, undefined, undefined],
      ['611002000', 2, { rank: 2, total: 96 }, 0, 2],
      ['611022000', 3, { rank: 3, total: 92 }, 0, 5],
      ['611021000', 4, { rank: 1, total: 99 }, -3, -5],
    ]);
  });

  it('refuses two tables of one unit', () => {
    expect(() => rankUnits([tableOf(county('611021000'), 1), tableOf(county('611021000'), 2)])).toThrow(
      /two tables/,
    );
  });
});

describe('what a bulletin names', () => {
  it('names the best and the slowest of each group, ties at the edge included, vetoed among the slowest', () => {
    const ranking = rankUnits([
      tableOf(county('611002000'), 1),
      tableOf(county('611021000'), 2),
      tableOf(county('611022000'), 2),
      tableOf(county('611023000'), 5),
      tableOf(county('611024000'), 6),
      tableOf(county('611025000'), 9),
      tableOf(county('611026000'), 0, '2026-Q4', { vetoed: true }),
    ]);
    const [group] = bulletinHighlights(ranking, 2);
    expect(group?.peerGroup).toBe('county/government');
    expect(group?.best.map((e) => e.unitCode)).toEqual(['611002000', '611021000', '611022000']);
    expect(group?.slowest.map((e) => e.unitCode)).toEqual(['611025000', '611026000']);
    expect(group?.vetoed.map((e) => e.unitCode)).toEqual(['611026000']);
  });

  it('does not name a unit both best and slowest in a small group', () => {
    const [group] = bulletinHighlights(
      rankUnits([tableOf(county('611002000'), 1), tableOf(county('611021000'), 3)]),
      3,
    );
    expect(group?.best.map((e) => e.unitCode)).toEqual(['611002000', '611021000']);
    expect(group?.slowest).toEqual([]);
  });
});

it('ranks urges in CST (an urge at 16:00Z on 30 September is the fourth quarter’s)', () => {
  const table = scoreUnit({
    scheme,
    period: parsePeriod('2026-Q4'),
    unit: county('611002000'),
    facts: facts({
      urges: [urge('611002000', '2026-09-30T16:00:00.000Z'), urge('611002000', cst('2026-09-30T23:59:59'))],
    }),
    calendar,
    now: new Date('2027-02-01T00:00:00Z'),
  });
  expect(table.total).toBe(99);
});
