import { SAMPLE_ASSESSMENT_SCHEME } from '@govshare/domain/assessment';
import { SAMPLE_ACTIVITY_REACH_DAYS } from '@govshare/functions/assessment/seed.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * What a new user finds on `npm start`: the current quarter computed at the first start over the
 * sample city's records only (no records made by this test), and in the first weeks of a quarter
 * the quarter before as well, where most of the sample activity (dated back from now) then lies. Every indicator of the sample scheme
 * has a deduction behind which real records stand, and each deduction links to where its record is
 * read: the link answers the office (the platform administrator, who reads every context's records).
 */
let local: TestPlatform;
let token: string;
const get = (path: string) => local.request('GET', path, { token });

const cstQuarter = (at: Date) => {
  const cst = new Date(at.getTime() + 8 * 3_600_000);
  return `${cst.getUTCFullYear()}-Q${Math.floor(cst.getUTCMonth() / 3) + 1}`;
};
const NOW = new Date();
const CURRENT = cstQuarter(NOW);
const quarterStart = (key: string) => {
  const [year, q] = key.split('-Q').map(Number) as [number, number];
  return Date.UTC(year, (q - 1) * 3, 1) - 8 * 3_600_000; // 00:00 CST of its first day
};
const YOUNG = NOW.getTime() - quarterStart(CURRENT) < SAMPLE_ACTIVITY_REACH_DAYS * 86_400_000;
const PREVIOUS = cstQuarter(new Date(quarterStart(CURRENT) - 1));
const PERIODS = YOUNG ? [CURRENT, PREVIOUS] : [CURRENT];

interface Line {
  id: string;
  applicable: boolean;
  counted: number;
  deductions: { recordKind: string; recordId: string; reason: string }[];
}
interface Table {
  unit: { code: string };
  lines: Line[];
  bonuses: { id: string; records: { recordKind: string }[] }[];
}
interface Entry {
  itemId: string;
  recordKind: string;
  recordId: string;
  reason: string;
  href?: string;
}

const tables: Table[] = [];
const entries: (Entry & { unit: string })[] = [];

beforeAll(async () => {
  local = await startTestPlatform('assessment-sample-quarter', { sampleData: true, sampleDocuments: true });
  token = await local.tokenFor('egov-admin');
  for (const period of PERIODS) {
    let computed = false;
    for (let i = 0; i < 120 && !computed; i++) {
      computed = Boolean((await get(`/v1/assessment/periods/${period}`)).json.computationId);
      if (!computed) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(computed, `${period} was not computed at the first start`).toBe(true);
    // Computed means queued: the ranking is there once the consumer has run.
    let ranking = await get(`/v1/assessment/periods/${period}/ranking`);
    for (let i = 0; i < 120 && ranking.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      ranking = await get(`/v1/assessment/periods/${period}/ranking`);
    }
    expect(ranking.status).toBe(200);
    for (const { unitCode } of ranking.json.items as { unitCode: string }[]) {
      const table = await get(`/v1/assessment/periods/${period}/units/${unitCode}`);
      expect(table.status).toBe(200);
      tables.push(table.json as Table);
      const explanation = await get(
        `/v1/assessment/periods/${period}/units/${unitCode}/explanation?limit=200`,
      );
      expect(explanation.status).toBe(200);
      expect(explanation.json.nextOffset).toBeUndefined();
      for (const entry of explanation.json.items as Entry[]) entries.push({ ...entry, unit: unitCode });
    }
  }
  if (!YOUNG) {
    const before = await get(`/v1/assessment/periods/${PREVIOUS}`);
    expect(before.json.computationId, `${PREVIOUS} computed though ${CURRENT} is not young`).toBeUndefined();
  }
}, 240_000);

afterAll(async () => {
  await local?.stop();
});

describe(`the sample quarters on a first start (${PERIODS.join(', ')})`, () => {
  it.each(SAMPLE_ASSESSMENT_SCHEME.indicators.map((indicator) => indicator.id))(
    'has a deduction of %s backed by sample records',
    (id) => {
      const lines = tables.flatMap((t) => t.lines.filter((l) => l.id === id));
      expect(lines.some((l) => l.applicable && l.counted > 0)).toBe(true);
      expect(lines.some((l) => l.deductions.length > 0)).toBe(true);
      expect(entries.some((e) => e.itemId === id)).toBe(true);
    },
  );

  it('holds documents signed for late, access requests answered late and left unanswered', () => {
    const reasons = (id: string) => entries.filter((e) => e.itemId === id).map((e) => e.reason);
    expect(reasons('sign-for-on-time').some((r) => r.startsWith('签收晚'))).toBe(true);
    expect(reasons('sign-for-on-time').some((r) => r.startsWith('逾期未签收'))).toBe(true);
    expect(reasons('access-requests-on-time').some((r) => r.startsWith('共享申请答复晚'))).toBe(true);
    expect(reasons('access-requests-on-time').some((r) => r.startsWith('共享申请逾期未答复'))).toBe(true);
    const answered = tables
      .flatMap((t) => t.lines)
      .find((l) => l.id === 'access-requests-on-time' && l.counted > l.deductions.length);
    expect(answered, 'a request answered in time').toBeDefined();
  });

  it('counts a catalogue entry stale during the quarter and republished since', () => {
    const republished = entries.find((e) => e.itemId === 'catalogue-fresh' && e.reason.includes('恢复更新'));
    expect(republished).toMatchObject({ recordId: '301108/000001', unit: '611000108' });
  });

  it('fails 市人社局 by the veto (单项否决) for its hotline rejected as duplicate construction', () => {
    const hrss = tables.find((t) => t.unit.code === '611000109') as Table & {
      vetoed: boolean;
      vetoes: { id: string; records: { recordKind: string; recordId: string }[] }[];
    };
    expect(hrss.vetoed).toBe(true);
    expect(hrss.vetoes.find((v) => v.id === 'duplicate-construction-rejected')?.records).toEqual([
      expect.objectContaining({ recordKind: 'project', recordId: '00000000-5eed-4e0c-8000-000000000104' }),
    ]);
  });

  it('gives adopted information items their bonuses', () => {
    const bonuses = tables.flatMap((t) => t.bonuses.filter((b) => b.records.length > 0).map((b) => b.id));
    expect(bonuses).toEqual(expect.arrayContaining(['adopted-above-city', 'leader-instructions']));
  });

  it('drafts the 通报 of the fullest sample quarter in the e-government office, for sign-off', async () => {
    const quarter = PERIODS[PERIODS.length - 1] as string;
    const period = await get(`/v1/assessment/periods/${quarter}`);
    expect(period.json.bulletinDocumentId, `${quarter} has no 通报`).toEqual(expect.any(String));
    const drafter = await local.tokenFor('egov-reviewer');
    let document = await local.request('GET', `/v1/exchange/documents/${period.json.bulletinDocumentId}`, {
      token: drafter,
    });
    for (let i = 0; i < 60 && document.status === 404; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      document = await local.request('GET', `/v1/exchange/documents/${period.json.bulletinDocumentId}`, {
        token: drafter,
      });
    }
    expect(document.status, JSON.stringify(document.json)).toBe(200);
    expect(document.json).toMatchObject({
      state: 'draft',
      drafter: 'egov-reviewer',
      drafterUnit: '611000204',
    });
    expect(document.json.content.title).toContain('通报');
    if (YOUNG) {
      const current = await get(`/v1/assessment/periods/${CURRENT}`);
      expect(current.json.bulletinDocumentId).toBeUndefined();
    }
  }, 60_000);

  it('links every deduction to its record, and every link answers the office', async () => {
    const missing = entries.filter((e) => !e.href);
    expect(missing.map((e) => `${e.itemId} ${e.recordKind}`)).toEqual([]);
    const statuses = new Map<string, number>();
    for (const href of new Set(entries.map((e) => e.href as string)))
      statuses.set(href, (await get(href)).status);
    expect([...statuses].filter(([, status]) => status !== 200)).toEqual([]);
    expect(entries.some((e) => e.href?.startsWith('/v1/assessment/information/items/'))).toBe(true);
  }, 60_000);

  it('lets an assessed unit with a clerk follow every link of its deductions, as one of its own users', async () => {
    // A unit checks (and disputes) its score: for each record, some user of the unit reads it. The
    // exchange shows a delivery to the unit's clerks and handlers, so units with no clerk are left out.
    const users = (await local.request('GET', '/v1/dev/users')).json.items as {
      id: string;
      roles: string[];
      unit: { code: string };
    }[];
    const withClerk = new Set(users.filter((u) => u.roles.includes('clerk')).map((u) => u.unit.code));
    const tokens = new Map<string, string>();
    const tokenOf = async (id: string) => {
      if (!tokens.has(id)) tokens.set(id, await local.tokenFor(id));
      return tokens.get(id) as string;
    };
    const unreadable: string[] = [];
    const links = new Map(
      entries.filter((e) => withClerk.has(e.unit)).map((e) => [`${e.unit} ${e.href}`, e]),
    );
    expect(new Set([...links.values()].map((e) => e.unit)).size).toBeGreaterThanOrEqual(3);
    for (const entry of links.values()) {
      const own = users.filter((u) => u.unit.code === entry.unit);
      let read = false;
      for (const user of own) {
        if (
          (await local.request('GET', entry.href as string, { token: await tokenOf(user.id) })).status === 200
        ) {
          read = true;
          break;
        }
      }
      if (!read)
        unreadable.push(`${entry.unit} (${own.map((u) => u.id).join(', ') || 'no users'}) ${entry.href}`);
    }
    expect(unreadable).toEqual([]);
  }, 120_000);
});
