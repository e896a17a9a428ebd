import { randomUUID } from 'node:crypto';
import { queueUrlEnvName, tableEnvName } from '@govshare/blueprint';
import { SAMPLE_ASSESSMENT_SCHEME } from '@govshare/domain/assessment';
import { sqsComputationQueue } from '@govshare/functions/assessment/computation.ts';
import { bulletinDocumentId } from '@govshare/functions/assessment/index.ts';
import {
  COMPUTATION_LEASE_MS,
  dynamoResultsStore,
  leaseFrom,
} from '@govshare/functions/assessment/results-store.ts';
import { SAMPLE_ACTIVITY_REACH_DAYS } from '@govshare/functions/assessment/seed.ts';
import { dynamo, sqs } from '@govshare/functions/platform/aws-clients.ts';
import { LOCAL_CLOCK_ENV } from '@govshare/functions/platform/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestPlatform, type TestPlatform, type TestResponse } from '../../support/local-platform.ts';

/**
 * The assessment on the real local platform, over the sample city's records: the exchange's sample
 * documents (signed for and handled late, urged, returned as misdirected), the catalogue's stale
 * entries, and an access request made through sharing's route a month and a half before "now" and
 * never answered. The period is the quarter of "now"; freezing it moves the clock past its end.
 */
let local: TestPlatform;
const tokens: Record<string, string> = {};
const call = (method: string, path: string, user: string, body?: unknown) =>
  local.request(method, path, { token: tokens[user], body });

const cstQuarter = (at: Date) => {
  const cst = new Date(at.getTime() + 8 * 3_600_000);
  return `${cst.getUTCFullYear()}-Q${Math.floor(cst.getUTCMonth() / 3) + 1}`;
};
/** 00:00 CST of the first day of the quarter `at` falls in. */
const quarterStart = (at: Date) => {
  const [year, q] = cstQuarter(at).split('-Q').map(Number) as [number, number];
  return Date.UTC(year, (q - 1) * 3, 1) - 8 * 3_600_000;
};
/**
 * The platform's "now" for this test: the real now once the quarter holds the sample activity (dated
 * back from now, SAMPLE_ACTIVITY_REACH_DAYS); in a quarter's first weeks, 10:00 CST five days before
 * it began, held still (GOVSHARE_LOCAL_CLOCK), so the sample lies whole in the quarter assessed.
 */
const REAL_NOW = new Date();
const NOW =
  REAL_NOW.getTime() - quarterStart(REAL_NOW) >= SAMPLE_ACTIVITY_REACH_DAYS * 86_400_000
    ? REAL_NOW
    : new Date(quarterStart(REAL_NOW) - 5 * 86_400_000 + 10 * 3_600_000);
const PERIOD = cstQuarter(NOW);
/** Moves the platform's clock to `at`; with none, back to NOW (the real clock when NOW is the real now). */
const pinClock = (at?: Date | string) => {
  if (at === undefined && NOW === REAL_NOW) delete process.env[LOCAL_CLOCK_ENV];
  else process.env[LOCAL_CLOCK_ENV] = typeof at === 'string' ? at : (at ?? NOW).toISOString();
};
const LUONAN_GOV = '611021000'; // 洛南县人民政府: late handling the city's notice, urged
const CITY_OFFICE = '611000001'; // 商洛市人民政府办公室: its notice returned as misdirected by the audit bureau
const MARKET = '611000201'; // 商洛市市场监督管理局: provider of 法人单位基础信息库 (conditional)
const FIRST_DAY_OF_PERIOD = (() => {
  const [year, q] = PERIOD.split('-Q').map(Number) as [number, number];
  return new Date(Date.UTC(year, (q - 1) * 3, 1, 2)); // 10:00 CST on the quarter's first day
})();

async function computed(period: string, user = 'egov-reviewer') {
  const started = await call('POST', `/v1/assessment/periods/${period}/computations`, user);
  expect(started.status, JSON.stringify(started.json)).toBe(202);
  expect(started.headers.get('location')).toBe(`/v1/assessment/computations/${started.json.id}`);
  for (let i = 0; i < 120; i++) {
    const job = await call('GET', `/v1/assessment/computations/${started.json.id}`, user);
    if (job.json.state === 'done' || job.json.state === 'failed') return job.json;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the computation did not finish');
}

beforeAll(async () => {
  pinClock();
  local = await startTestPlatform('assessment', { sampleData: true, sampleDocuments: true });
  for (const user of [
    'egov-admin',
    'egov-reviewer',
    'egov-auditor',
    'luonan-gov-clerk',
    'office-clerk',
    'civil-affairs-relief-system',
    'finance-clerk',
  ])
    tokens[user] = await local.tokenFor(user);
  // An access request made two working weeks after the quarter began and never answered: overdue.
  const requestedAt = new Date(
    Math.max(FIRST_DAY_OF_PERIOD.getTime() + 3 * 86_400_000, NOW.getTime() - 45 * 86_400_000),
  );
  pinClock(requestedAt);
  try {
    const request = await call(
      'POST',
      '/v1/catalogue/resources/102-000001/access-requests',
      'civil-affairs-relief-system',
      {
        purpose: '社会救助对象的经营状况核验',
        items: ['creditCode', 'name'],
        until: '2099-12-31',
        legalBasis: '《社会救助暂行办法》第十一条',
      },
    );
    expect(request.status, JSON.stringify(request.json)).toBe(201);
  } finally {
    pinClock();
  }
}, 240_000);

afterAll(async () => {
  delete process.env[LOCAL_CLOCK_ENV];
  await local?.stop();
});

describe('the scheme', () => {
  it('is the sample scheme at version 1 after a fresh start', async () => {
    const res = await call('GET', '/v1/assessment/scheme', 'luonan-gov-clerk');
    expect(res.status).toBe(200);
    expect(res.json.scheme).toMatchObject({ id: SAMPLE_ASSESSMENT_SCHEME.id, version: 1 });
  });

  it('refuses weights that do not add to 100, naming the field, and saves nothing', async () => {
    const scheme = structuredClone(SAMPLE_ASSESSMENT_SCHEME);
    scheme.version = 2;
    (scheme.indicators[0] as { weight: number }).weight += 5;
    const res = await call('PUT', '/v1/assessment/scheme', 'egov-admin', scheme);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(res.json)).toContain('body.indicators');
    expect(JSON.stringify(res.json)).toContain('add to 100');
    expect((await call('GET', '/v1/assessment/scheme', 'egov-admin')).json.scheme.version).toBe(1);
  });

  it('is saved only by the platform administrator', async () => {
    const res = await call('PUT', '/v1/assessment/scheme', 'egov-reviewer', {
      ...SAMPLE_ASSESSMENT_SCHEME,
      version: 2,
    });
    expect(res.status).toBe(403);
  });

  it('saves the next version once: a second editor of the same version meets 409', async () => {
    const next = {
      ...structuredClone(SAMPLE_ASSESSMENT_SCHEME),
      version: 2,
      name: '商洛市电子政务绩效考核方案（第二版）',
    };
    const first = await call('PUT', '/v1/assessment/scheme', 'egov-admin', next);
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    const second = await call('PUT', '/v1/assessment/scheme', 'egov-admin', next);
    expect(second.status).toBe(409);
    const versions = await call('GET', '/v1/assessment/scheme/versions', 'egov-admin');
    expect(versions.json.items.map((v: { scheme: { version: number } }) => v.scheme.version)).toEqual([2, 1]);
    expect((await call('GET', '/v1/assessment/scheme/versions/1', 'egov-admin')).json.scheme.name).toBe(
      SAMPLE_ASSESSMENT_SCHEME.name,
    );
  });
});

describe('the first start', () => {
  it('computes the current quarter on the sample records', async () => {
    let period: TestResponse['json'] = {};
    for (let i = 0; i < 60 && !period.computationId; i++) {
      period = (await call('GET', `/v1/assessment/periods/${PERIOD}`, 'luonan-gov-clerk')).json;
      if (!period.computationId) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(period).toMatchObject({ period: PERIOD, phase: 'open', schemeVersion: expect.any(Number) });
    expect(period.units).toBeGreaterThan(10);
  }, 40_000);
});

describe('computing a period', () => {
  let job: Record<string, unknown>;
  beforeAll(async () => {
    job = await computed(PERIOD);
  }, 120_000);

  it('refuses a period that does not exist, naming it', async () => {
    const res = await call('POST', '/v1/assessment/periods/2026-Q5/computations', 'egov-reviewer');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).toContain('period');
  });

  it('is the e-government office’s: a unit’s clerk may not start one', async () => {
    expect(
      (await call('POST', `/v1/assessment/periods/${PERIOD}/computations`, 'luonan-gov-clerk')).status,
    ).toBe(403);
  });

  it('runs on the queue and reports every unit done', async () => {
    expect(job).toMatchObject({ state: 'done', period: PERIOD, schemeVersion: 2 });
    expect(job.total).toBeGreaterThan(10);
    expect(job.done).toBe(job.total);
  });

  it("explains a late, urged unit's deductions by the deliveries and urges behind them", async () => {
    const table = await call(
      'GET',
      `/v1/assessment/periods/${PERIOD}/units/${LUONAN_GOV}`,
      'luonan-gov-clerk',
    );
    expect(table.status, JSON.stringify(table.json)).toBe(200);
    expect(table.json).toMatchObject({ period: PERIOD, state: 'provisional', unit: { code: LUONAN_GOV } });
    expect(table.json.total).toBeLessThan(100);
    const explanation = await call(
      'GET',
      `/v1/assessment/periods/${PERIOD}/units/${LUONAN_GOV}/explanation?limit=200`,
      'luonan-gov-clerk',
    );
    expect(explanation.status).toBe(200);
    const items = explanation.json.items as {
      recordKind: string;
      recordId: string;
      href?: string;
      points: number;
    }[];
    const delivery = items.find((e) => e.recordKind === 'delivery');
    expect(delivery?.href).toBe(`/v1/exchange/deliveries/${delivery?.recordId}`);
    const urge = items.find((e) => e.recordKind === 'urge');
    expect(urge?.href).toMatch(new RegExp(`^/v1/exchange/deliveries/[0-9a-f-]+/${LUONAN_GOV}$`));
    expect(urge?.points).toBeGreaterThan(0);
    // The record is there to be read, where the explanation says.
    const read = await call('GET', delivery?.href as string, 'luonan-gov-clerk');
    expect(read.status).toBe(200);
    const urges = await call(
      'GET',
      `/v1/assessment/periods/${PERIOD}/units/${LUONAN_GOV}/explanation?item=urges-received`,
      'luonan-gov-clerk',
    );
    expect(urges.json.items.every((e: { itemId: string }) => e.itemId === 'urges-received')).toBe(true);
  });

  it('holds a misdirected return against the sender', async () => {
    const explanation = await call(
      'GET',
      `/v1/assessment/periods/${PERIOD}/units/${CITY_OFFICE}/explanation?item=misdirected-returns`,
      'office-clerk',
    );
    expect(explanation.status).toBe(200);
    expect(explanation.json.items[0]).toMatchObject({ recordKind: 'delivery' });
  });

  it('counts an unanswered access request against its provider, linked to the request', async () => {
    const explanation = await call(
      'GET',
      `/v1/assessment/periods/${PERIOD}/units/${MARKET}/explanation?item=access-requests-on-time`,
      'egov-reviewer',
    );
    expect(explanation.status).toBe(200);
    const entry = explanation.json.items[0];
    expect(entry).toMatchObject({ recordKind: 'access-request' });
    expect(entry.href).toBe(`/v1/sharing/requests/${entry.recordId}`);
  });

  it('finds stale catalogue entries (睡眠栏目) among the units, linked to the resource', async () => {
    const ranking = await call('GET', `/v1/assessment/periods/${PERIOD}/ranking`, 'egov-reviewer');
    const stale: { recordId: string; href: string }[] = [];
    for (const entry of ranking.json.items as { unitCode: string }[]) {
      const res = await call(
        'GET',
        `/v1/assessment/periods/${PERIOD}/units/${entry.unitCode}/explanation?recordKind=catalogue-entry`,
        'egov-reviewer',
      );
      stale.push(...res.json.items);
      if (stale.length > 0) break;
    }
    expect(stale[0]?.href).toBe(`/v1/catalogue/resources/${encodeURIComponent(stale[0]?.recordId ?? '')}`);
  });

  it("keeps a unit's table from other units (404) and shows it to the office and auditors", async () => {
    expect(
      (await call('GET', `/v1/assessment/periods/${PERIOD}/units/${LUONAN_GOV}`, 'finance-clerk')).status,
    ).toBe(404);
    expect(
      (await call('GET', `/v1/assessment/periods/${PERIOD}/units/${LUONAN_GOV}`, 'egov-auditor')).status,
    ).toBe(200);
  });

  it('ranks units among their peers', async () => {
    const res = await call(
      'GET',
      `/v1/assessment/periods/${PERIOD}/ranking?peerGroup=county/government`,
      'luonan-gov-clerk',
    );
    expect(res.status).toBe(200);
    expect(res.json.state).toBe('provisional');
    const entries = res.json.items as { peerGroup: string; rank: number | null; total: number }[];
    expect(entries.length).toBeGreaterThan(1);
    expect(entries.every((e) => e.peerGroup === 'county/government')).toBe(true);
    expect(entries[0]?.rank).toBe(1);
    for (let i = 1; i < entries.length; i++)
      expect((entries[i - 1] as { total: number }).total).toBeGreaterThanOrEqual(
        (entries[i] as { total: number }).total,
      );
  });

  it('exports the ranking as CSV with a BOM, and as an .xlsx workbook', async () => {
    const csv = await fetch(
      `${local.platform.apiUrl}/v1/assessment/periods/${PERIOD}/ranking/export?format=csv`,
      {
        headers: { authorization: `Bearer ${tokens['egov-reviewer']}` },
      },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('单位名称');
    expect(text).toContain('洛南县人民政府');
    const xlsx = await fetch(
      `${local.platform.apiUrl}/v1/assessment/periods/${PERIOD}/ranking/export?format=xlsx`,
      {
        headers: { authorization: `Bearer ${tokens['egov-reviewer']}` },
      },
    );
    expect(xlsx.status).toBe(200);
    const zip = new Uint8Array(await xlsx.arrayBuffer());
    expect([...zip.slice(0, 2)]).toEqual([0x50, 0x4b]);
  });
});

describe('the rules, on the platform’s records', () => {
  let luonan: TestResponse['json'];
  let township: TestResponse['json'] | undefined;
  let counties: { unitCode: string; vetoed: boolean; rank: number | null }[];
  beforeAll(async () => {
    // Version 3: an urge costs 50 points (capped at the indicator's weight), and any urge fails the unit.
    const current = (await call('GET', '/v1/assessment/scheme', 'egov-admin')).json.scheme;
    const next = structuredClone(current);
    next.version = current.version + 1;
    const urges = next.indicators.find((i: { id: string }) => i.id === 'urges-received');
    urges.rule = { kind: 'deduction', pointsPerRecord: 50 };
    next.vetoes = [
      ...next.vetoes,
      { id: 'urged-at-all', name: '被催办即否决（测试）', formula: { kind: 'urges-received' } },
    ];
    const saved = await call('PUT', '/v1/assessment/scheme', 'egov-admin', next);
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    const job = await computed(PERIOD);
    expect(job).toMatchObject({ state: 'done', schemeVersion: next.version });
    luonan = (await call('GET', `/v1/assessment/periods/${PERIOD}/units/${LUONAN_GOV}`, 'egov-reviewer'))
      .json;
    const ranking = await call('GET', `/v1/assessment/periods/${PERIOD}/ranking`, 'egov-reviewer');
    counties = ranking.json.items.filter((e: { peerGroup: string }) => e.peerGroup === 'county/government');
    const townships = ranking.json.items.filter((e: { peerGroup: string }) =>
      e.peerGroup.startsWith('township/'),
    );
    for (const entry of townships) {
      const table = (
        await call('GET', `/v1/assessment/periods/${PERIOD}/units/${entry.unitCode}`, 'egov-reviewer')
      ).json;
      if (table.assessed && table.lines.some((l: { applicable: boolean }) => !l.applicable)) {
        township = table;
        break;
      }
    }
  }, 120_000);

  it('caps an indicator at its weight however many records it finds', () => {
    const line = luonan.lines.find((l: { id: string }) => l.id === 'urges-received');
    expect(line.capped).toBe(true);
    expect(line.score).toBe(0);
    expect(line.lost).toBe(line.effectiveWeight);
  });

  it('fails a unit hit by a veto (单项否决) and ranks it below every unit that is not', () => {
    expect(luonan.vetoed).toBe(true);
    expect(luonan.vetoes.find((v: { id: string }) => v.id === 'urged-at-all').records[0]).toMatchObject({
      recordKind: 'urge',
    });
    const firstVetoed = counties.findIndex((e) => e.vetoed);
    expect(firstVetoed).toBeGreaterThanOrEqual(0);
    expect(counties.slice(firstVetoed).every((e) => e.vetoed)).toBe(true);
  });

  it('scores a unit on the indicators that apply to it, scaled to 100', () => {
    expect(township).toBeDefined();
    const applicable = township?.lines.filter((l: { applicable: boolean }) => l.applicable);
    const total = applicable.reduce(
      (sum: number, l: { effectiveWeight: number }) => sum + l.effectiveWeight,
      0,
    );
    expect(Math.abs(total - 100)).toBeLessThan(0.1);
    expect(township?.scale).toBeGreaterThan(1);
  });

  it("records every read of a unit's table on the audit trail, under the unit", async () => {
    let actions: string[] = [];
    for (let i = 0; i < 40 && !actions.includes('assessment.table.read'); i++) {
      // The reads happened at the platform's "now", which may lie weeks before the real one.
      const from = new Date(NOW.getTime() - 86_400_000).toISOString();
      const to = new Date(Math.max(Date.now(), NOW.getTime()) + 86_400_000).toISOString();
      const res = await call(
        'GET',
        `/v1/audit/provider/${LUONAN_GOV}/events?limit=100&from=${from}&to=${to}`,
        'egov-auditor',
      );
      actions = (res.json.items ?? []).map((e: { action: string }) => e.action);
      if (!actions.includes('assessment.table.read'))
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(actions).toContain('assessment.table.read');
  }, 30_000);
});

describe('one computation of a period at a time', () => {
  const results = () => dynamoResultsStore(dynamo(), process.env[tableEnvName('assessment')] as string);
  const computing = async () => {
    const record = await results().period(PERIOD);
    return record?.computingId;
  };

  it('refuses a second request while one is queued, naming it, and takes the next once it is done', async () => {
    const first = await call('POST', `/v1/assessment/periods/${PERIOD}/computations`, 'egov-reviewer');
    expect(first.status, JSON.stringify(first.json)).toBe(202);
    const second = await call('POST', `/v1/assessment/periods/${PERIOD}/computations`, 'egov-reviewer');
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toContain('application/problem+json');
    expect(second.json.detail).toContain(first.json.id);
    let state = first.json.state;
    for (let i = 0; i < 120 && state !== 'done'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      state = (await call('GET', `/v1/assessment/computations/${first.json.id}`, 'egov-reviewer')).json.state;
    }
    expect(state).toBe('done');
    expect(await computing()).toBeUndefined();
    expect((await call('GET', `/v1/assessment/periods/${PERIOD}`, 'egov-reviewer')).json.computationId).toBe(
      first.json.id,
    );
  }, 90_000);

  it('lets a computation that died stop blocking the period when its lease ends; the dead one writes nothing', async () => {
    // A computation that holds the period but never runs: its message lost, its consumer crashed.
    const at = NOW === REAL_NOW ? new Date() : NOW;
    const dead = {
      id: randomUUID(),
      period: PERIOD,
      state: 'queued' as const,
      requestedAt: at.toISOString(),
      requestedBy: 'egov-reviewer',
      requestedByUnit: '611000204',
      done: 0,
      total: 0,
    };
    await results().createComputation(dead, leaseFrom(at));
    const blocked = await call('POST', `/v1/assessment/periods/${PERIOD}/computations`, 'egov-reviewer');
    expect(blocked.status).toBe(409);
    expect(blocked.json.detail).toContain(dead.id);

    pinClock(new Date(at.getTime() + COMPUTATION_LEASE_MS + 60_000));
    try {
      const next = await call('POST', `/v1/assessment/periods/${PERIOD}/computations`, 'egov-reviewer');
      expect(next.status, JSON.stringify(next.json)).toBe(202);
      let state = next.json.state;
      for (let i = 0; i < 120 && state !== 'done'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        state = (await call('GET', `/v1/assessment/computations/${next.json.id}`, 'egov-reviewer')).json
          .state;
      }
      expect(state).toBe('done');
      // The dead one's message arrives at last: it no longer holds the period, so it fails.
      await sqsComputationQueue(
        sqs(),
        process.env[queueUrlEnvName('assessment-computations')] as string,
      ).send({
        computationId: dead.id,
        period: PERIOD,
      });
      let job = await results().computation(dead.id);
      for (let i = 0; i < 60 && job?.state !== 'failed'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        job = await results().computation(dead.id);
      }
      expect(job).toMatchObject({ state: 'failed', failure: expect.stringContaining('no longer holds') });
      expect((await results().period(PERIOD))?.computationId).toBe(next.json.id);
    } finally {
      pinClock();
    }
  }, 120_000);
});

describe('freezing a period', () => {
  it('refuses while the period is open', async () => {
    const res = await call('POST', `/v1/assessment/periods/${PERIOD}/freeze`, 'egov-reviewer');
    expect(res.status).toBe(409);
  });

  it('freezes an ended period, drafts its 通报 in the exchange, and refuses to compute it again', async () => {
    const [year, q] = PERIOD.split('-Q').map(Number) as [number, number];
    const afterEnd =
      q === 4 ? `${year + 1}-01-05T02:00:00.000Z` : new Date(Date.UTC(year, q * 3, 5, 2)).toISOString();
    pinClock(afterEnd);
    try {
      const frozen = await call('POST', `/v1/assessment/periods/${PERIOD}/freeze`, 'egov-reviewer');
      expect(frozen.status, JSON.stringify(frozen.json)).toBe(200);
      expect(frozen.json).toMatchObject({ period: PERIOD, phase: 'frozen' });
      expect(frozen.json.bulletin.documentId).toBe(bulletinDocumentId(PERIOD));
      const again = await call('POST', `/v1/assessment/periods/${PERIOD}/computations`, 'egov-reviewer');
      expect(again.status).toBe(409);
      expect((await call('POST', `/v1/assessment/periods/${PERIOD}/freeze`, 'egov-reviewer')).status).toBe(
        409,
      );
      const ranking = await call('GET', `/v1/assessment/periods/${PERIOD}/ranking`, 'egov-reviewer');
      expect(ranking.json.state).toBe('final');
      let document: Record<string, unknown> | undefined;
      for (let i = 0; i < 60 && !document; i++) {
        const res = await call(
          'GET',
          `/v1/exchange/documents/${bulletinDocumentId(PERIOD)}`,
          'egov-reviewer',
        );
        if (res.status === 200) document = res.json;
        else await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(JSON.stringify(document)).toContain('通报');
    } finally {
      pinClock();
    }
  }, 60_000);
});
