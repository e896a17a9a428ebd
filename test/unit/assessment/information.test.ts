import {
  adoptInformationItem,
  adoptInformationItemSchema,
  type Commission,
  commissionEntries,
  declineInformationItem,
  type InformationItem,
  informationEntries,
  informationItemEntries,
  informationProgress,
  informationQuotaTableSchema,
  informationScoringMethodSchema,
  parsePeriod,
  quotaOf,
  recordLeaderInstruction,
  SAMPLE_QUOTA_MAPPING,
  SEED_004_QUOTAS,
  sampleInformationQuotas,
  sampleScoringMethod,
  scoreUnit,
  submitInformationItem,
  submitInformationItemSchema,
} from '@govshare/domain/assessment';
import { ConflictError, InvalidTransitionError, ValidationError } from '@govshare/domain/kernel';
import { sampleUnits } from '@govshare/functions/identity/sample-directory.ts';
import { describe, expect, it } from 'vitest';
import { calendar, cst, endOf, facts, SHANGZHOU, sampleScheme } from './fixtures.ts';

const method = sampleScoringMethod(2026);
const at = (t: string) => new Date(cst(t));

function submitted(id: string, unitCode = SHANGZHOU.code, when = '2026-03-02T09:00:00'): InformationItem {
  return submitInformationItem({
    id,
    unitCode,
    authorId: 'shangzhou-gov-handler',
    input: submitInformationItemSchema.parse({
      title: '商州区推进政务数据共享',
      body: '正文……',
      category: '动态',
    }),
    now: at(when),
  });
}
const adopt = (
  item: InformationItem,
  level: 'city' | 'province' | 'state-council',
  when: string,
  combined = false,
) =>
  adoptInformationItem({
    item,
    input: adoptInformationItemSchema.parse({ level, combined }),
    editorId: 'office-reviewer',
    now: at(when),
  });

describe('an information item', () => {
  it('is submitted, adopted at levels, commented on by a leader', () => {
    let item = submitted('info-1');
    expect(item).toMatchObject({ state: 'submitted', category: '动态', version: 1, adoptions: [] });
    item = adopt(item, 'city', '2026-03-05T10:00:00');
    item = adopt(item, 'province', '2026-03-20T10:00:00');
    item = recordLeaderInstruction({
      item,
      leaderLevel: 'city',
      recordedBy: 'office-reviewer',
      now: at('2026-03-21T10:00:00'),
    });
    expect(item).toMatchObject({ state: 'adopted', version: 4 });
    expect(item.adoptions.map((a) => a.level)).toEqual(['city', 'province']);
  });

  it('is adopted once per level: a second adoption at a level is a conflict', () => {
    const item = adopt(submitted('info-2'), 'city', '2026-03-05T10:00:00');
    expect(() => adopt(item, 'city', '2026-03-06T10:00:00')).toThrow(ConflictError);
    const instructed = recordLeaderInstruction({
      item,
      leaderLevel: 'province',
      recordedBy: 'x',
      now: at('2026-03-07T10:00:00'),
    });
    expect(() =>
      recordLeaderInstruction({
        item: instructed,
        leaderLevel: 'province',
        recordedBy: 'x',
        now: at('2026-03-08T10:00:00'),
      }),
    ).toThrow(ConflictError);
  });

  it('is declined with a reason, and then neither adopted nor declined again', () => {
    const item = declineInformationItem({
      item: submitted('info-3'),
      reason: '篇幅超出巴府办发［2007］72号要求',
      editorId: 'office-reviewer',
      now: at('2026-03-03T10:00:00'),
    });
    expect(item).toMatchObject({ state: 'declined', declineReason: '篇幅超出巴府办发［2007］72号要求' });
    expect(() => adopt(item, 'city', '2026-03-05T10:00:00')).toThrow(InvalidTransitionError);
    expect(() =>
      declineInformationItem({ item, reason: 'again', editorId: 'x', now: at('2026-03-05T10:00:00') }),
    ).toThrow(InvalidTransitionError);
    const adopted = adopt(submitted('info-4'), 'city', '2026-03-05T10:00:00');
    expect(() =>
      declineInformationItem({
        item: adopted,
        reason: 'late',
        editorId: 'x',
        now: at('2026-03-06T10:00:00'),
      }),
    ).toThrow(InvalidTransitionError);
    expect(() =>
      recordLeaderInstruction({
        item: submitted('info-5'),
        leaderLevel: 'city',
        recordedBy: 'x',
        now: at('2026-03-06T10:00:00'),
      }),
    ).toThrow(InvalidTransitionError);
  });

  it('refuses a category other than 动态, 问题, 建议 and an empty title', () => {
    const result = submitInformationItemSchema.safeParse({ title: ' ', body: 'x', category: '通知' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['category', 'title']);
  });
});

describe('计分办法', () => {
  it('scores each adoption by its level, a combined one by its share, each 批示 by its bonus', () => {
    let item = adopt(submitted('info-6'), 'city', '2026-03-05T10:00:00', true);
    item = adopt(item, 'state-council', '2026-04-01T10:00:00');
    item = recordLeaderInstruction({
      item,
      leaderLevel: 'province',
      recordedBy: 'x',
      now: at('2026-04-03T10:00:00'),
    });
    expect(informationItemEntries(method, item).map((e) => [e.points, e.reason])).toEqual([
      [1, '市《政务信息》采用（综合） +1 分'],
      [30, '报国务院办公厅采用 +30 分'],
      [10, '省领导批示 +10 分'],
    ]);
  });

  it('counts an item to the year it was submitted: scoring it under another year is refused', () => {
    const december = adopt(
      submitted('info-7', SHANGZHOU.code, '2025-12-31T20:00:00'),
      'city',
      '2026-01-04T10:00:00',
    );
    try {
      informationItemEntries(method, december);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        {
          path: 'itemId',
          message:
            'Information item info-7 counts to 2025, not to 2026: score it with the 2025 scoring method and quota',
        },
      ]);
    }
    expect(informationItemEntries(sampleScoringMethod(2025), december)[0]?.points).toBe(2);
  });

  it('takes points for a commission answered late or not at all once due, none before', () => {
    const commission = (extra: Partial<Commission>): Commission => ({
      id: 'c-1',
      unitCode: SHANGZHOU.code,
      topic: '秋粮收购进展',
      requestedAt: cst('2026-09-01T09:00:00'),
      dueAt: endOf('2026-09-10'),
      ...extra,
    });
    const asOf = at('2026-12-01T00:00:00');
    expect(
      commissionEntries(method, commission({ answeredAt: cst('2026-09-10T17:00:00'), itemId: 'i' }), asOf),
    ).toEqual([]);
    expect(
      commissionEntries(method, commission({ answeredAt: cst('2026-09-11T09:00:00'), itemId: 'i' }), asOf),
    ).toMatchObject([{ points: -1, reason: '约稿迟报 −1 分', recordKind: 'commission' }]);
    expect(commissionEntries(method, commission({}), asOf)).toMatchObject([
      { points: -2, reason: '约稿未报 −2 分', at: endOf('2026-09-10') },
    ]);
    expect(commissionEntries(method, commission({}), at('2026-09-10T12:00:00'))).toEqual([]);
    // A deadline at the end of 31 December is that year's.
    expect(
      commissionEntries(method, commission({ dueAt: endOf('2026-12-31') }), at('2027-01-02T00:00:00')),
    ).toHaveLength(1);
  });

  it('checks a scoring method', () => {
    expect(informationScoringMethodSchema.parse(method)).toEqual(method);
    const bad = informationScoringMethodSchema.safeParse({
      ...method,
      combinedShare: 2,
      pointsPerLevel: { city: -1 },
    });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['combinedShare', 'pointsPerLevel.city']),
    );
  });
});

describe('采用任务 (seed 004 applied to the sample city)', () => {
  const quotas = sampleInformationQuotas(2026);

  it("takes seed 004's figures: counties 400, 统计局 80, 财政局 40", () => {
    expect(informationQuotaTableSchema.parse(quotas)).toEqual(quotas);
    const counties = sampleUnits.filter((u) => u.level === 'county' && u.kind === 'government');
    expect(counties).toHaveLength(7);
    for (const c of counties) expect(quotaOf(quotas, c.code)).toBe(400);
    expect(quotaOf(quotas, '611000202')).toBe(SEED_004_QUOTAS.统计局);
    expect(quotaOf(quotas, '611000202')).toBe(80);
    expect(quotaOf(quotas, '611000108')).toBe(40);
    expect(quotaOf(quotas, '611000118')).toBe(50);
  });

  it('gives a merged department the largest quota of the seed units it descends from', () => {
    expect(quotaOf(quotas, '611000109')).toBe(70); // 人事局 60, 劳动和保障局 70
    expect(quotaOf(quotas, '611000201')).toBe(80); // 工商局, 质监局, 药监局 80, 物价局 60
    expect(quotaOf(quotas, '611000117')).toBe(60); // 卫生局 60, 人口与计生委 50
    expect(quotas.quotas.find((q) => q.unitCode === '611000109')?.basis).toBe(
      '巴府办发[2008]13号 附件2: 人事局 60、劳动和保障局 70',
    );
  });

  it('names only units of the sample directory, by their names there, and leaves the adopting office without a quota', () => {
    const byCode = new Map(sampleUnits.map((u) => [u.code, u]));
    for (const row of SAMPLE_QUOTA_MAPPING) expect(byCode.get(row.unitCode)?.name).toBe(row.unit);
    for (const code of ['611000000', '611000001', '611000204', '611000203', '611002001', '611002100000'])
      expect(quotaOf(quotas, code)).toBeUndefined();
  });

  it('refuses a unit listed twice', () => {
    const twice = {
      year: 2026,
      quotas: [
        { unitCode: '611000108', points: 40 },
        { unitCode: '611000108', points: 60 },
      ],
    };
    expect(informationQuotaTableSchema.safeParse(twice).error?.issues[0]?.path).toEqual(['quotas', 1]);
  });
});

describe("a unit's progress against its quota", () => {
  it('adds its adoptions, 批示 and commission deductions up to now', () => {
    const u = '611000202';
    let a = adopt(submitted('s-1', u), 'city', '2026-03-05T10:00:00');
    a = adopt(a, 'province', '2026-03-20T10:00:00');
    a = recordLeaderInstruction({
      item: a,
      leaderLevel: 'city',
      recordedBy: 'x',
      now: at('2026-03-21T10:00:00'),
    });
    const b = adopt(submitted('s-2', u), 'city', '2026-05-05T10:00:00', true);
    const later = adopt(submitted('s-3', u), 'state-council', '2026-12-20T10:00:00');
    const entries = informationEntries({
      method,
      items: [a, b, later, submitted('s-4', u)],
      commissions: [
        {
          id: 'c',
          unitCode: u,
          topic: 't',
          requestedAt: cst('2026-04-01T09:00:00'),
          dueAt: endOf('2026-04-03'),
        },
      ],
      asOf: at('2026-10-01T00:00:00'),
    });
    expect(entries.map((e) => e.points)).toEqual([2, 10, 5, -2, 1]);
    const progress = informationProgress({ unitCode: u, year: 2026, quota: 80, entries });
    expect(progress).toEqual({
      unitCode: u,
      year: 2026,
      quota: 80,
      points: 16,
      share: 0.2,
      remaining: 64,
      adopted: { city: 2, province: 1, 'state-council': 0 },
      instructions: 1,
      commissionPoints: -2,
    });
  });

  it('feeds the assessment: the same entries score the quota indicator and the bonuses', () => {
    const u = SHANGZHOU.code;
    let item = adopt(submitted('z-1', u, '2026-10-08T09:00:00'), 'province', '2026-10-12T10:00:00');
    item = recordLeaderInstruction({
      item,
      leaderLevel: 'province',
      recordedBy: 'x',
      now: at('2026-10-14T10:00:00'),
    });
    const entries = informationEntries({
      method,
      items: [item],
      commissions: [],
      asOf: at('2027-01-01T00:00:00'),
    });
    const table = scoreUnit({
      scheme: sampleScheme,
      period: parsePeriod('2026-Q4'),
      unit: SHANGZHOU,
      facts: facts({ information: { quota: 400, entries } }),
      calendar,
      now: new Date('2027-01-05T00:00:00Z'),
    });
    expect(table.lines.find((l) => l.id === 'information-quota')?.valueText).toBe(
      '20/400 分（年度任务 400 分）',
    );
    expect(table.bonuses.map((b) => b.points)).toEqual([1, 1]);
    expect(table.bonusTotal).toBe(2);
  });
});
