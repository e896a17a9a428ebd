import {
  type AssessedUnit,
  explanationEntries,
  explanationPage,
  type IndicatorLine,
  type InformationPointEntry,
  NO_FACTS,
  parsePeriod,
  SAMPLE_ASSESSMENT_SCHEME,
  scoreUnit,
  type UnitFacts,
  type UnitScoreTable,
} from '@govshare/domain/assessment';
import { answerDueAt, ValidationError } from '@govshare/domain/kernel';
import { describe, expect, it } from 'vitest';
import {
  accessRequest,
  bareScheme,
  calendar,
  cst,
  delivery,
  endOf,
  FINANCE,
  facts,
  LUONAN,
  MEDICAL_INSURANCE,
  project,
  rateIndicator,
  SHANGZHOU,
  STATISTICS,
  sampleScheme,
  schemeOf,
  urge,
  urgeIndicator,
} from './fixtures.ts';

const Q4 = parsePeriod('2026-Q4');
const AFTER_Q4 = new Date('2027-01-05T02:00:00Z');
/** The sample scheme's table of a unit for 2026-Q4, computed after the quarter. */
const scoreQ4 = (unit: AssessedUnit, unitFacts: UnitFacts): UnitScoreTable =>
  scoreUnit({ scheme: sampleScheme, period: Q4, unit, facts: unitFacts, calendar, now: AFTER_Q4 });
const line = (table: UnitScoreTable, id: string): IndicatorLine => {
  const found = table.lines.find((l) => l.id === id);
  if (!found) throw new Error(`no line ${id}`);
  return found;
};
const entry = (unitCode: string, at: string, points: number, extra: Partial<InformationPointEntry> = {}) =>
  ({
    recordKind: 'information-item',
    recordId: `info-${at}-${points}`,
    unitCode,
    at,
    points,
    reason: `市《政务信息》采用 +${points} 分`,
    ...extra,
  }) satisfies InformationPointEntry;

describe("a county government's quarter, to the last point", () => {
  const u = SHANGZHOU.code;
  const table = scoreUnit({
    scheme: sampleScheme,
    period: Q4,
    unit: SHANGZHOU,
    calendar,
    now: AFTER_Q4,
    facts: facts({
      received: [
        delivery(u, {
          documentId: 'd1',
          signedForAt: cst('2026-11-03T10:00:00'),
          handleDueAt: endOf('2026-11-17'),
          handledAt: cst('2026-11-16T16:00:00'),
        }),
        delivery(u, {
          documentId: 'd2',
          label: '商政办发〔2026〕12号',
          signedForAt: cst('2026-11-05T10:00:00'),
          handleDueAt: endOf('2026-11-20'),
        }),
        delivery(u, { documentId: 'd3', as: 'copy', signedForAt: cst('2026-11-03T09:00:00') }),
        // A return answers the delivery as a sign-for does.
        delivery(u, { documentId: 'd4', returnedAt: cst('2026-11-03T12:00:00'), returnReason: 'not-for-us' }),
        delivery(u, { documentId: 'd5', withdrawnAt: cst('2026-11-02T10:00:00') }),
        // Due at the end of 30 September: the third quarter's.
        delivery(u, { documentId: 'd6', signForDueAt: endOf('2026-09-30') }),
      ],
      sent: [
        {
          ...delivery('611002100000', { documentId: 's1' }),
          senderUnit: u,
          returnReason: 'misdirected',
          returnedAt: cst('2026-11-12T09:30:00'),
        },
        {
          ...delivery('611002101000', { documentId: 's2' }),
          senderUnit: u,
          returnReason: 'incomplete',
          returnedAt: cst('2026-11-12T09:30:00'),
        },
      ],
      urges: [
        urge(u, '2026-09-30T16:00:00.000Z'),
        urge(u, cst('2026-11-04T09:00:00')),
        urge(u, cst('2026-11-23T09:00:00'), { kind: 'handling', level: 2 }),
        urge(u, '2026-09-30T15:59:59.999Z'),
      ],
      projects: [project(u), project(u, { duplicateConstruction: false })],
      information: {
        quota: 400,
        entries: [
          entry(u, cst('2026-05-01T10:00:00'), 200),
          entry(u, cst('2026-11-01T10:00:00'), 100),
          entry(u, cst('2027-01-02T10:00:00'), 2),
        ],
      },
    }),
  });

  it('drops what does not apply and scales the rest to 100 (70 points × 100/70)', () => {
    expect(table.assessed).toBe(true);
    expect(table.state).toBe('final');
    expect(table.applicableWeight).toBe(70);
    expect(line(table, 'catalogue-fresh')).toMatchObject({
      applicable: false,
      notApplicable: '无可考核记录',
      score: null,
    });
    expect(line(table, 'access-requests-on-time').applicable).toBe(false);
    // 11.25 + 10 + 8 + 7 + 2.5 + 7.5 = 46.25 of 70
    expect(table.base).toBe(66.07);
    expect(table.total).toBe(66.07);
    expect(table.grade).toBe('合格');
  });

  it('rates sign-for over the deliveries due in the quarter, a return counting as an answer', () => {
    const signFor = line(table, 'sign-for-on-time');
    expect(signFor).toMatchObject({
      value: 0.75,
      valueText: '3/4 按时',
      counted: 4,
      rawScore: 11.25,
      effectiveWeight: 21.43,
    });
    expect(signFor.score).toBe(16.07);
    expect(signFor.deductions).toEqual([
      {
        recordKind: 'delivery',
        recordId: 'd2/611002000',
        at: endOf('2026-11-03'),
        reason: '签收晚 2 个工作日',
        label: '商政办发〔2026〕12号',
        points: 5.36,
      },
    ]);
  });

  it('rates handling over main deliveries only, an unhandled one late to the end of the quarter', () => {
    const handling = line(table, 'handled-on-time');
    expect(handling).toMatchObject({ value: 0.5, counted: 2, rawScore: 10, score: 14.29 });
    expect(handling.deductions.map((d) => [d.recordId, d.reason])).toEqual([
      ['d2/611002000', '逾期未办结（至 2026-12-31 已逾 29 个工作日）'],
    ]);
  });

  it('charges misdirected returns to the sender, urges by the CST quarter, duplicate construction', () => {
    expect(line(table, 'misdirected-returns')).toMatchObject({ value: 1, rawScore: 8 });
    expect(line(table, 'misdirected-returns').deductions[0]?.reason).toBe(
      '被 611002100000 以误投退回（发文单位送错）',
    );
    const urges = line(table, 'urges-received');
    expect(urges).toMatchObject({ value: 3, rawScore: 7, capped: false });
    expect(urges.deductions.map((d) => d.reason)).toEqual([
      '签收被催办（一级）',
      '签收被催办（一级）',
      '办理被催办（二级，已报单位负责人）',
    ]);
    expect(line(table, 'duplicate-construction')).toMatchObject({ value: 1, rawScore: 2.5 });
    expect(line(table, 'duplicate-construction').deductions[0]).toMatchObject({
      reason: '因重复建设被退回',
      label: '政务服务平台',
    });
  });

  it("counts the year's information points against the yearly quota at the year's end", () => {
    const information = line(table, 'information-quota');
    expect(information).toMatchObject({
      value: 0.75,
      rawScore: 7.5,
      valueText: '300/400 分（年度任务 400 分）',
    });
    expect(information.deductions).toEqual([
      {
        recordKind: 'quota',
        recordId: '611002000/2026',
        at: Q4.endsAt,
        reason: '采用得分 300 分，未完成年度任务 400 分',
        points: 3.57,
      },
    ]);
  });

  it('explains every lost point: the deductions add up to what each line lost', () => {
    for (const l of table.lines.filter((x) => x.applicable)) {
      const sum = l.deductions.reduce((s, d) => s + d.points, 0);
      expect(sum).toBeCloseTo(l.lost, 1);
      expect((l.score ?? 0) + l.lost).toBeCloseTo(l.effectiveWeight, 1);
    }
    expect(100 - (table.base ?? 0)).toBeCloseTo(
      table.lines.reduce((s, l) => s + l.lost, 0),
      1,
    );
    expect(explanationEntries(table)).toHaveLength(8);
  });
});

describe('rescaling', () => {
  it('scores a unit with no catalogue resources and no quota on 75 points × 4/3 (DOMAIN.md)', () => {
    const u = MEDICAL_INSURANCE.code;
    const table = scoreUnit({
      scheme: sampleScheme,
      period: Q4,
      unit: MEDICAL_INSURANCE,
      calendar,
      now: AFTER_Q4,
      facts: facts({
        received: [
          delivery(u, {
            signedForAt: cst('2026-11-03T10:00:00'),
            handleDueAt: endOf('2026-11-17'),
            handledAt: cst('2026-11-17T10:00:00'),
          }),
          delivery(u, {
            signedForAt: cst('2026-11-04T10:00:00'),
            handleDueAt: endOf('2026-11-18'),
            handledAt: cst('2026-11-18T10:00:00'),
          }),
        ],
        accessRequests: [
          accessRequest(u, { dueAt: endOf('2026-11-16'), decidedAt: cst('2026-11-16T17:00:00') }),
        ],
      }),
    });
    expect(table.applicableWeight).toBe(75);
    expect(table.scale).toBeCloseTo(4 / 3, 12);
    expect(line(table, 'information-quota').notApplicable).toBe('未下达采用任务');
    const signFor = line(table, 'sign-for-on-time');
    // 15 × 1/2 = 7.5 lost of 15, × 4/3: 10 of 20.
    expect(signFor).toMatchObject({ effectiveWeight: 20, score: 10, lost: 10, rawScore: 7.5 });
    expect(signFor.deductions[0]).toMatchObject({ reason: '签收晚 1 个工作日', points: 10 });
    expect(line(table, 'handled-on-time')).toMatchObject({ effectiveWeight: 26.67, score: 26.67 });
    expect(table.total).toBe(90);
    expect(table.grade).toBe('优秀');
  });

  it('drops an indicator scoped to other units (appliesTo) and rescales', () => {
    const input = structuredClone(SAMPLE_ASSESSMENT_SCHEME);
    const quota = input.indicators.find((i) => i.id === 'information-quota');
    if (!quota) throw new Error('sample changed');
    quota.appliesTo = { levels: ['county'], kinds: ['government'] };
    const table = scoreUnit({
      scheme: schemeOf(input),
      period: Q4,
      unit: FINANCE,
      calendar,
      now: AFTER_Q4,
      facts: facts({ information: { quota: 40, entries: [] } }),
    });
    expect(line(table, 'information-quota')).toMatchObject({
      applicable: false,
      notApplicable: '不适用于本级或本类单位',
    });
  });
});

describe('no records', () => {
  it('drops the rates (nothing to measure) and gives the deductions full marks: 25 points × 4', () => {
    const table = scoreQ4(STATISTICS, NO_FACTS);
    expect(table.lines.filter((l) => l.applicable).map((l) => l.id)).toEqual([
      'misdirected-returns',
      'urges-received',
      'duplicate-construction',
    ]);
    expect(table.applicableWeight).toBe(25);
    expect(table.total).toBe(100);
    expect(explanationEntries(table)).toEqual([]);
  });

  it('scores full marks where the scheme says so', () => {
    const input = structuredClone(SAMPLE_ASSESSMENT_SCHEME);
    const first = input.indicators[0];
    if (first?.rule.kind !== 'rate') throw new Error('sample changed');
    first.rule.whenNoRecords = 'full-marks';
    const table = scoreUnit({
      scheme: schemeOf(input),
      period: Q4,
      unit: STATISTICS,
      facts: NO_FACTS,
      calendar,
      now: AFTER_Q4,
    });
    expect(line(table, 'sign-for-on-time')).toMatchObject({
      applicable: true,
      score: 37.5,
      valueText: '无记录（满分）',
      value: null,
    });
    expect(table.applicableWeight).toBe(40);
  });

  it('does not assess a unit to which no indicator applies: no total, no grade', () => {
    const scheme = schemeOf({
      ...bareScheme(
        'rates-only',
        ['quarter'],
        [
          rateIndicator('sign', '签收', 50, 'on-time-sign-for'),
          rateIndicator('fresh', '更新', 50, 'catalogue-freshness'),
        ],
      ),
      grades: [
        { name: '合格', minimum: 60 },
        { name: '不合格', minimum: 0 },
      ],
    });
    const table = scoreUnit({
      scheme,
      period: Q4,
      unit: STATISTICS,
      facts: NO_FACTS,
      calendar,
      now: AFTER_Q4,
    });
    expect(table).toMatchObject({
      assessed: false,
      total: null,
      base: null,
      applicableWeight: 0,
      bonusTotal: 0,
    });
    expect(table.grade).toBeUndefined();
  });
});

describe('caps', () => {
  const urges = Array.from({ length: 14 }, (_, i) =>
    urge(LUONAN.code, cst(`2026-11-${String(2 + i).padStart(2, '0')}T09:00:00`)),
  );

  it('never takes more than the weight: 14 urges at 1 point lose 10, the last 4 listed beyond the cap', () => {
    const table = scoreQ4(LUONAN, facts({ urges }));
    const l = line(table, 'urges-received');
    expect(l).toMatchObject({ value: 14, rawScore: 0, capped: true });
    expect(l.deductions.filter((d) => d.beyondCap)).toHaveLength(4);
    expect(l.deductions.filter((d) => d.beyondCap).every((d) => d.points === 0)).toBe(true);
  });

  it('stops at a lower cap when the scheme sets one, charging the record at the edge what is left', () => {
    const input = structuredClone(SAMPLE_ASSESSMENT_SCHEME);
    const target = input.indicators.find((i) => i.id === 'duplicate-construction');
    if (target?.rule.kind !== 'deduction') throw new Error('sample changed');
    target.rule.cap = 4;
    const table = scoreUnit({
      scheme: schemeOf(input),
      period: Q4,
      unit: LUONAN,
      facts: facts({ projects: [project(LUONAN.code), project(LUONAN.code)] }),
      calendar,
      now: AFTER_Q4,
    });
    const l = line(table, 'duplicate-construction');
    expect(l.capped).toBe(true);
    expect(l.deductions.map((d) => d.points)).toEqual([2.5 * 4, 1.5 * 4]);
    expect(l.rawScore).toBe(1);
  });
});

describe('veto (单项否决)', () => {
  it('fails a unit with a project rejected for duplicate construction, whatever else it scores', () => {
    const rejected = project(LUONAN.code, { outcome: 'rejected', name: '县级数据中心' });
    const table = scoreQ4(LUONAN, facts({ projects: [rejected] }));
    expect(table.vetoed).toBe(true);
    expect(table.total).toBe(100);
    expect(table.grade).toBe('不合格');
    expect(table.vetoes[0]).toMatchObject({ id: 'duplicate-construction-rejected', hit: true });
    expect(table.vetoes[0]?.records).toEqual([
      {
        recordKind: 'project',
        recordId: rejected.id,
        at: rejected.decidedAt,
        reason: '因重复建设被否决',
        label: '县级数据中心',
      },
    ]);
    // A rejection on other grounds, or outside the quarter, is no hit.
    const other = scoreQ4(
      LUONAN,
      facts({
        projects: [
          project(LUONAN.code, { outcome: 'rejected', duplicateConstruction: false }),
          project(LUONAN.code, { outcome: 'rejected', decidedAt: cst('2026-09-30T23:59:00') }),
        ],
      }),
    );
    expect(other.vetoed).toBe(false);
    expect(other.grade).toBe('优秀');
  });
});

describe('bonuses (加分)', () => {
  it('caps each bonus and all of them together', () => {
    const u = SHANGZHOU.code;
    const province = [1, 2, 3, 4].map((n) =>
      entry(u, cst(`2026-11-0${n}T10:00:00`), 10, {
        level: 'province',
        reason: '报省采用 +10 分',
        recordId: `p${n}`,
      }),
    );
    const instructions = [1, 2, 3].map((n) =>
      entry(u, cst(`2026-12-0${n}T10:00:00`), 5, {
        leaderLevel: 'city',
        reason: '市领导批示 +5 分',
        recordId: `i${n}`,
      }),
    );
    const table = scoreQ4(
      SHANGZHOU,
      facts({ information: { quota: 400, entries: [...province, ...instructions] } }),
    );
    const [above, leaders] = table.bonuses;
    expect(above).toMatchObject({ points: 3, capped: true });
    expect(above?.records.map((r) => r.points)).toEqual([1, 1, 1, 0]);
    expect(leaders).toMatchObject({ points: 2, capped: true });
    expect(table.bonusTotal).toBe(5);
    expect(table.bonusCapped).toBe(true);
    expect(table.total).toBeCloseTo((table.base ?? 0) + 5, 2);
    expect(explanationPage(table, { itemId: 'leader-instructions' }).entries.map((e) => e.points)).toEqual([
      1, 1, 0,
    ]);
  });
});

describe('an open period', () => {
  it('is provisional and judges deadlines as they stand now', () => {
    const u = FINANCE.code;
    const now = new Date(cst('2026-11-04T10:00:00'));
    const table = scoreUnit({
      scheme: sampleScheme,
      period: Q4,
      unit: FINANCE,
      facts: facts({
        received: [
          delivery(u, { documentId: 'late' }),
          delivery(u, { documentId: 'not-due', signForDueAt: endOf('2026-11-10') }),
          delivery(u, {
            documentId: 'early',
            signForDueAt: endOf('2026-11-10'),
            signedForAt: cst('2026-11-03T10:00:00'),
          }),
        ],
      }),
      calendar,
      now,
    });
    expect(table.state).toBe('provisional');
    expect(table.judgedAt).toBe(now.toISOString());
    const signFor = line(table, 'sign-for-on-time');
    expect(signFor).toMatchObject({ counted: 2, value: 0.5 });
    expect(signFor.deductions.map((d) => d.reason)).toEqual(['逾期未签收（至 2026-11-04 已逾 1 个工作日）']);
  });
});

describe('CST boundaries', () => {
  it('puts a deadline at the end of 31 December in the fourth quarter, one at the end of 30 September in the third', () => {
    const u = FINANCE.code;
    const received = [
      delivery(u, {
        documentId: 'dec31',
        signForDueAt: endOf('2026-12-31'),
        deliveredAt: cst('2026-12-31T09:00:00'),
      }),
      delivery(u, { documentId: 'sep30', signForDueAt: endOf('2026-09-30') }),
    ];
    const table = scoreQ4(FINANCE, facts({ received }));
    expect(line(table, 'sign-for-on-time').deductions.map((d) => [d.recordId, d.reason])).toEqual([
      ['dec31/611000108', '逾期未签收（至 2026-12-31 已逾 不足 1 个工作日）'],
    ]);
    const q3 = scoreUnit({
      scheme: sampleScheme,
      period: parsePeriod('2026-Q3'),
      unit: FINANCE,
      facts: facts({ received }),
      calendar,
      now: AFTER_Q4,
    });
    expect(line(q3, 'sign-for-on-time').deductions.map((d) => d.recordId)).toEqual(['sep30/611000108']);
  });
});

describe('access requests (10 working days)', () => {
  it('rates conditional requests by their deadline, counting lateness on the working-day calendar', () => {
    const u = STATISTICS.code;
    const createdAt = cst('2026-11-02T09:00:00');
    const dueAt = answerDueAt(new Date(createdAt), 10, calendar);
    expect(dueAt).toBe(endOf('2026-11-16'));
    const table = scoreQ4(
      STATISTICS,
      facts({
        accessRequests: [
          accessRequest(u, {
            id: 'late',
            createdAt,
            dueAt,
            decidedAt: cst('2026-11-18T10:00:00'),
            resourceName: '统计年鉴',
          }),
          accessRequest(u, { id: 'ok', createdAt, dueAt, decidedAt: cst('2026-11-16T18:00:00') }),
          accessRequest(u, { id: 'open', createdAt, dueAt }),
          accessRequest(u, {
            id: 'unconditional',
            shareType: 'unconditional',
            createdAt,
            decidedAt: createdAt,
          }),
        ],
      }),
    );
    const l = line(table, 'access-requests-on-time');
    expect(l).toMatchObject({ counted: 3, value: 1 / 3 });
    expect(l.deductions.map((d) => [d.recordId, d.reason, d.label])).toEqual([
      ['late', '共享申请答复晚 2 个工作日', '统计年鉴'],
      ['open', '共享申请逾期未答复（至 2026-12-31 已逾 33 个工作日）', undefined],
    ]);
  });
});

describe('catalogue freshness', () => {
  it('counts an entry stale at any time in the quarter, not one made fresh before it began', () => {
    const u = STATISTICS.code;
    const entryOf = (code: string, extra: object = {}) => ({
      code,
      name: `资源${code}`,
      providerUnit: u,
      publishedAt: cst('2026-01-10T10:00:00'),
      ...extra,
    });
    const table = scoreQ4(
      STATISTICS,
      facts({
        catalogueEntries: [
          entryOf('A'),
          entryOf('B', { staleSince: cst('2026-08-01T00:00:00') }),
          entryOf('C', { staleSince: cst('2026-08-01T00:00:00'), freshAgainAt: cst('2026-09-15T10:00:00') }),
          entryOf('D', { staleSince: cst('2026-12-20T00:00:00'), freshAgainAt: cst('2026-12-28T10:00:00') }),
          entryOf('E', { publishedAt: cst('2027-01-02T10:00:00') }),
        ],
      }),
    );
    const l = line(table, 'catalogue-fresh');
    expect(l).toMatchObject({ counted: 4, value: 0.5, valueText: '2/4 保持更新', rawScore: 7.5 });
    expect(l.deductions.map((d) => [d.recordId, d.reason])).toEqual([
      ['B', '自 2026-08-01 起未按更新周期更新（睡眠栏目）'],
      ['D', '自 2026-12-20 起未按更新周期更新（睡眠栏目），2026-12-28 恢复更新'],
    ]);
  });
});

describe("seed 004's 完成全年政务信息采用任务 (70 points)", () => {
  const seedScheme = bareScheme(
    'seed-004-information',
    ['quarter', 'year'],
    [
      rateIndicator('quota', '完成全年政务信息采用任务', 70, 'information-points-against-quota'),
      urgeIndicator('urges', '被催办', 30, 1),
    ],
  );

  it('gives a county that made 300 of its 400 points 52.5 of the 70', () => {
    const table = scoreUnit({
      scheme: schemeOf(seedScheme),
      period: parsePeriod('2026'),
      unit: SHANGZHOU,
      facts: facts({
        information: { quota: 400, entries: [entry(SHANGZHOU.code, cst('2026-06-01T10:00:00'), 300)] },
      }),
      calendar,
      now: AFTER_Q4,
    });
    expect(line(table, 'quota')).toMatchObject({ value: 0.75, score: 52.5 });
    expect(table.total).toBe(82.5);
  });

  it("pro-rates 统计局's 80 to the third quarter (60) and charges a missing 约稿 to its own record", () => {
    const u = STATISTICS.code;
    const table = scoreUnit({
      scheme: schemeOf(seedScheme),
      period: parsePeriod('2026-Q3'),
      unit: STATISTICS,
      facts: facts({
        information: {
          quota: 80,
          entries: [
            entry(u, cst('2026-02-01T10:00:00'), 47),
            {
              recordKind: 'commission',
              recordId: 'c-1',
              unitCode: u,
              at: endOf('2026-08-10'),
              points: -2,
              reason: '约稿未报 −2 分',
            },
            entry(u, cst('2026-10-01T10:00:00'), 30),
          ],
        },
      }),
      calendar,
      now: AFTER_Q4,
    });
    const l = line(table, 'quota');
    expect(l).toMatchObject({
      value: 0.75,
      score: 52.5,
      lost: 17.5,
      valueText: '45/60 分（年度任务 80 分的 9/12，即 60 分）',
    });
    expect(l.deductions.map((d) => [d.recordKind, d.recordId, d.points])).toEqual([
      ['commission', 'c-1', 2.33],
      ['quota', '611000202/2026', 15.17],
    ]);
  });
});

describe('explanation pages', () => {
  const urges = Array.from({ length: 7 }, (_, i) =>
    urge(LUONAN.code, cst(`2026-11-${String(2 + i).padStart(2, '0')}T09:00:00`)),
  );
  const table = scoreQ4(LUONAN, facts({ urges }));

  it('pages the records behind one indicator', () => {
    const first = explanationPage(table, { itemId: 'urges-received', limit: 3 });
    expect(first).toMatchObject({ total: 7, nextOffset: 3 });
    expect(first.entries.map((e) => e.itemName)).toEqual(['被催办次数', '被催办次数', '被催办次数']);
    const last = explanationPage(table, { itemId: 'urges-received', offset: 6, limit: 3 });
    expect(last.entries).toHaveLength(1);
    expect(last.nextOffset).toBeUndefined();
    expect(explanationPage(table, { recordKind: 'delivery' }).total).toBe(0);
  });

  it('refuses an item the scheme does not have and a bad offset', () => {
    expect(() => explanationPage(table, { itemId: 'nope' })).toThrow(ValidationError);
    expect(() => explanationPage(table, { offset: -1 })).toThrow(ValidationError);
  });
});

describe('scheme and period', () => {
  it('refuses a period kind the scheme is not computed for', () => {
    const scheme = schemeOf({ ...SAMPLE_ASSESSMENT_SCHEME, periodKinds: ['year'] });
    expect(() =>
      scoreUnit({ scheme, period: Q4, unit: LUONAN, facts: NO_FACTS, calendar, now: AFTER_Q4 }),
    ).toThrow(ValidationError);
  });

  it('names the scheme version, the period and the peer group in the table', () => {
    const table = scoreQ4(LUONAN, NO_FACTS);
    expect(table.scheme).toEqual({ id: 'egov-performance', version: 1, name: sampleScheme.name });
    expect(table).toMatchObject({ period: '2026-Q4', peerGroup: 'county/government' });
  });
});
