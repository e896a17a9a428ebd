import { SAMPLE_ASSESSMENT_SCHEME } from '@govshare/domain/assessment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * What a new user finds on `npm start`: the current quarter computed at the first start over the
 * sample city's records only (no records made by this test). Every indicator of the sample scheme
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
const PERIOD = cstQuarter(new Date());

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
  let computed = false;
  for (let i = 0; i < 120 && !computed; i++) {
    computed = Boolean((await get(`/v1/assessment/periods/${PERIOD}`)).json.computationId);
    if (!computed) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(computed, `${PERIOD} was not computed at the first start`).toBe(true);
  const ranking = await get(`/v1/assessment/periods/${PERIOD}/ranking`);
  expect(ranking.status).toBe(200);
  for (const { unitCode } of ranking.json.items as { unitCode: string }[]) {
    const table = await get(`/v1/assessment/periods/${PERIOD}/units/${unitCode}`);
    expect(table.status).toBe(200);
    tables.push(table.json as Table);
    const explanation = await get(`/v1/assessment/periods/${PERIOD}/units/${unitCode}/explanation?limit=200`);
    expect(explanation.status).toBe(200);
    expect(explanation.json.nextOffset).toBeUndefined();
    for (const entry of explanation.json.items as Entry[]) entries.push({ ...entry, unit: unitCode });
  }
}, 240_000);

afterAll(async () => {
  await local?.stop();
});

describe('the sample quarter on a first start', () => {
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

  it('gives adopted information items their bonuses', () => {
    const bonuses = tables.flatMap((t) => t.bonuses.filter((b) => b.records.length > 0).map((b) => b.id));
    expect(bonuses).toEqual(expect.arrayContaining(['adopted-above-city', 'leader-instructions']));
  });

  it('links every deduction to its record, and every link answers the office', async () => {
    const missing = entries.filter((e) => !e.href);
    expect(missing.map((e) => `${e.itemId} ${e.recordKind}`)).toEqual([]);
    const statuses = new Map<string, number>();
    for (const href of new Set(entries.map((e) => e.href as string)))
      statuses.set(href, (await get(href)).status);
    expect([...statuses].filter(([, status]) => status !== 200)).toEqual([]);
    expect(entries.some((e) => e.href?.startsWith('/v1/assessment/information/items/'))).toBe(true);
  }, 60_000);
});
