import { Logger } from '@aws-lambda-powertools/logger';
import type { Blueprint, TableSpec } from '@govshare/blueprint';
import { govshare, tableEnvName } from '@govshare/blueprint';
import { sampleInformationQuotas, sampleScoringMethod } from '@govshare/domain/assessment';
import {
  dynamoInformationStore,
  type InformationStore,
} from '@govshare/functions/assessment/information/information-store.ts';
import { informationRouteSpecs } from '@govshare/functions/assessment/information/routes.ts';
import { seedInformation } from '@govshare/functions/assessment/information/seed.ts';
import { informationRoutes } from '@govshare/functions/assessment/routes/information.ts';
import { auditTrailFromEnv } from '@govshare/functions/audit/index.ts';
import { principalDirectory, unitDirectory } from '@govshare/functions/identity/index.ts';
import { tokenVerifierFor } from '@govshare/functions/platform/auth.ts';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { readConfig } from '@govshare/functions/platform/config.ts';
import { httpFunction } from '@govshare/functions/platform/http.ts';
import { dynamoIdempotencyStore } from '@govshare/functions/platform/idempotency.ts';
import { createGateway, ensureResources, type LocalFunction, silentLog } from '@govshare/local';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventsByLabel } from '../../support/audit-events.ts';
import { startTestPlatform, type TestPlatform, type TestResponse } from '../../support/local-platform.ts';

/**
 * Information reporting's routes on the emulators, through a handler of their own over just these
 * route specs (httpFunction, the platform's token check and audit trail), served by a second local
 * gateway on the `assessment` table; the assessment function serves the same routes on npm start.
 */
const ASSESSMENT_TABLE: TableSpec = govshare.tables.assessment;

const harnessFunction = {
  kind: 'http',
  entry: 'test/integration/assessment/information.test.ts',
  description: 'Information reporting (test harness)',
  tables: { identity: 'read' },
  sendsTo: ['audit-trail'],
  routes: informationRouteSpecs,
} as const;

const SHANGZHOU = '611002000';
const LUONAN = '611021000';
const cst = (text: string) => new Date(`${text}+08:00`);

let local: TestPlatform;
let gateway: ReturnType<typeof createGateway>;
let apiUrl: string;
let store: InformationStore;
const clock = { at: cst('2026-03-02T09:00:00') };
const tokens = new Map<string, string>();

async function call(method: string, path: string, user: string, body?: unknown): Promise<TestResponse> {
  let token = tokens.get(user);
  if (!token) {
    token = await local.tokenFor(user);
    tokens.set(user, token);
  }
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : {} };
}

const issuePaths = (res: TestResponse) => (res.json.errors ?? []).map((i: { path: string }) => i.path);

const submit = (user: string, body: Record<string, unknown> = {}) =>
  call('POST', '/v1/assessment/information/items', user, {
    title: '本区推进政务数据共享',
    body: '本区将12个部门的业务系统接入共享交换平台。',
    category: '动态',
    ...body,
  });

beforeAll(async () => {
  local = await startTestPlatform('assessment-information');
  const blueprint: Blueprint = {
    name: govshare.name,
    tables: { assessment: ASSESSMENT_TABLE },
    buckets: {},
    queues: {},
    functions: { information: harnessFunction },
  };
  const resources = await ensureResources(blueprint, {
    dynamoEndpoint: local.platform.dynamoEndpoint,
    awsEndpoint: local.platform.awsEndpoint,
  });
  const table = resources.env[tableEnvName('assessment')] as string;
  store = dynamoInformationStore(dynamo(), table);
  // The platform's first start saved version 1 of both years already; a start without sample data would not have.
  for (const year of [2025, 2026]) {
    const first = { version: 1, savedBy: 'office-info-editor', savedAt: new Date().toISOString() };
    if (!(await store.savedScoringMethod(year)))
      await store.saveScoringMethod(sampleScoringMethod(year), first);
    if (!(await store.savedQuotaTable(year)))
      await store.saveQuotaTable(sampleInformationQuotas(year), first);
  }
  const config = readConfig({ tables: ['identity'], queues: ['audit-trail'] });
  const handler = httpFunction(
    harnessFunction,
    informationRoutes({
      information: store,
      directory: unitDirectory(dynamo(), config.tables.identity),
      audit: auditTrailFromEnv(),
      now: () => clock.at,
    }),
    {
      config,
      verifier: tokenVerifierFor(config.auth, principalDirectory(dynamo(), config.tables.identity)),
      logger: new Logger({ serviceName: 'information-harness', logLevel: 'WARN' }),
      idempotency: dynamoIdempotencyStore(table),
    },
  );
  const fn: LocalFunction = {
    name: 'information',
    functionName: 'govshare-information',
    spec: harnessFunction,
    invoke: (event) =>
      handler(event as Parameters<typeof handler>[0], { awsRequestId: crypto.randomUUID() } as Context),
    stop: async () => {},
  };
  gateway = createGateway(blueprint, new Map([['information', fn]]), silentLog);
  apiUrl = `http://127.0.0.1:${await gateway.listen(0)}`;
});

afterAll(async () => {
  await gateway?.close();
  await local?.stop();
});

describe('information reporting', () => {
  it('submits, adopts at two levels with a 批示, and counts the points against the quota', async () => {
    clock.at = cst('2026-03-02T09:00:00');
    const submitted = await submit('shangzhou-info-officer');
    expect(submitted.status).toBe(201);
    expect(submitted.json).toMatchObject({ unitCode: SHANGZHOU, state: 'submitted', version: 1, year: 2026 });
    const id = submitted.json.id as string;

    const inbox = await call('GET', '/v1/assessment/information/inbox', 'office-info-editor');
    expect(inbox.status).toBe(200);
    expect(inbox.json.items.map((e: { itemId: string }) => e.itemId)).toContain(id);

    clock.at = cst('2026-03-05T10:00:00');
    const city = await call(
      'POST',
      `/v1/assessment/information/items/${id}/adoptions`,
      'office-info-editor',
      {
        level: 'city',
        issue: '《政务信息》2026年第12期',
      },
    );
    expect(city.status).toBe(200);
    expect(city.json).toMatchObject({ state: 'adopted', version: 2 });
    clock.at = cst('2026-03-20T10:00:00');
    const province = await call(
      'POST',
      `/v1/assessment/information/items/${id}/adoptions`,
      'office-info-editor-2',
      { level: 'province' },
    );
    expect(province.status).toBe(200);
    clock.at = cst('2026-03-21T10:00:00');
    const instructed = await call(
      'POST',
      `/v1/assessment/information/items/${id}/instructions`,
      'office-info-editor',
      { leaderLevel: 'city' },
    );
    expect(instructed.status).toBe(200);
    expect(instructed.json.version).toBe(4);

    const after = await call('GET', '/v1/assessment/information/inbox', 'office-info-editor');
    expect(after.json.items.map((e: { itemId: string }) => e.itemId)).not.toContain(id);

    const item = await call('GET', `/v1/assessment/information/items/${id}`, 'shangzhou-info-officer');
    expect(item.status).toBe(200);
    expect(item.json.history.map((h: { action: string }) => h.action)).toEqual([
      'submitted',
      'adopted',
      'adopted',
      'instructed',
    ]);

    const points = await call('GET', `/v1/assessment/information/items/${id}/points`, 'office-info-editor');
    expect(points.status).toBe(200);
    expect(points.json).toMatchObject({ itemId: id, year: 2026, points: 2 + 10 + 5 });

    clock.at = cst('2026-04-01T09:00:00');
    const progress = await call(
      'GET',
      `/v1/assessment/information/progress/${SHANGZHOU}?year=2026`,
      'shangzhou-info-officer',
    );
    expect(progress.status).toBe(200);
    expect(progress.json).toMatchObject({
      unitCode: SHANGZHOU,
      year: 2026,
      quota: 400,
      points: 17,
      remaining: 383,
      adopted: { city: 1, province: 1, 'state-council': 0 },
      instructions: 1,
    });
    expect(progress.json.entries.map((e: { recordId: string }) => e.recordId)).toEqual([id, id, id]);

    const all = await call(
      'GET',
      '/v1/assessment/information/progress?year=2026&limit=100',
      'office-info-editor',
    );
    expect(all.status).toBe(200);
    const row = all.json.items.find((p: { unitCode: string }) => p.unitCode === SHANGZHOU);
    expect(row).toMatchObject({ points: 17, quota: 400 });
    // Units with a quota and nothing reported are listed too.
    expect(all.json.items.find((p: { unitCode: string }) => p.unitCode === '611000108')).toMatchObject({
      points: 0,
      quota: 40,
    });
  });

  it('records each change on the audit trail: ids, states and levels, no text', async () => {
    // The trail is read over its last 30 days: these changes happen now.
    clock.at = new Date();
    const submitted = await submit('shangzhou-info-officer');
    const adopted = await call(
      'POST',
      `/v1/assessment/information/items/${submitted.json.id}/adoptions`,
      'office-info-editor',
      { level: 'city' },
    );
    expect(adopted.status).toBe(200);
    const events = await auditEventsByLabel(local, {
      provider: SHANGZHOU,
      token: await local.tokenFor('egov-auditor'),
      correlationIds: {
        submitted: submitted.headers.get('x-correlation-id') as string,
        adopted: adopted.headers.get('x-correlation-id') as string,
      },
    });
    expect(events.get('submitted')).toMatchObject({
      action: 'assessment.information.submitted',
      resourceCode: submitted.json.id,
    });
    expect(events.get('adopted')?.items).toEqual(expect.arrayContaining(['level:city', 'state:adopted']));
    expect(JSON.stringify([...events.values()])).not.toContain('政务数据共享');
  });

  it('refuses a second adoption at the same level, sequential or concurrent: 409, one written', async () => {
    clock.at = cst('2026-04-02T09:00:00');
    const { json } = await submit('luonan-info-officer');
    const path = `/v1/assessment/information/items/${json.id}/adoptions`;
    clock.at = cst('2026-04-03T09:00:00');
    const answers = await Promise.all([
      call('POST', path, 'office-info-editor', { level: 'city' }),
      call('POST', path, 'office-info-editor-2', { level: 'city' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const again = await call('POST', path, 'office-info-editor', { level: 'city' });
    expect(again.status).toBe(409);
    expect(again.json.type).toBe('urn:govshare:problem:conflict');
    const item = await store.getItem(json.id);
    expect(item?.adoptions).toHaveLength(1);
    expect((await store.history(json.id)).map((h) => h.action)).toEqual(['submitted', 'adopted']);
  });

  it('a declined item cannot be adopted (409 invalid transition), nor declined again', async () => {
    const { json } = await submit('luonan-info-officer');
    const decline = await call(
      'POST',
      `/v1/assessment/information/items/${json.id}/decline`,
      'office-info-editor',
      { reason: '内容与已采用信息重复' },
    );
    expect(decline.status).toBe(200);
    expect(decline.json).toMatchObject({ state: 'declined', declineReason: '内容与已采用信息重复' });
    const adopt = await call(
      'POST',
      `/v1/assessment/information/items/${json.id}/adoptions`,
      'office-info-editor',
      { level: 'city' },
    );
    expect(adopt.status).toBe(409);
    expect(adopt.json.type).toBe('urn:govshare:problem:invalid-transition');
    const noReason = await call(
      'POST',
      `/v1/assessment/information/items/${json.id}/decline`,
      'office-info-editor',
      {},
    );
    expect(noReason.status).toBe(400);
    expect(issuePaths(noReason)).toEqual(['body.reason']);
  });

  it('scoring an item by another year’s method is a 400 naming itemId', async () => {
    const { json } = await submit('shangzhou-info-officer');
    const res = await call(
      'GET',
      `/v1/assessment/information/items/${json.id}/points?year=2025`,
      'office-info-editor',
    );
    expect(res.status).toBe(400);
    expect(issuePaths(res)).toEqual(['itemId']);
    expect(res.json.errors[0].message).toMatch(/counts to 2026/);
  });

  it('refuses callers outside their part: 403', async () => {
    const { json } = await submit('shangzhou-info-officer');
    const officerAdopts = await call(
      'POST',
      `/v1/assessment/information/items/${json.id}/adoptions`,
      'shangzhou-info-officer',
      { level: 'city' },
    );
    expect(officerAdopts.status).toBe(403);
    const editorSubmits = await submit('office-info-editor');
    expect(editorSubmits.status).toBe(403);
    const otherUnit = await call(
      'GET',
      `/v1/assessment/information/progress/${SHANGZHOU}`,
      'luonan-info-officer',
    );
    expect(otherUnit.status).toBe(403);
    const otherList = await call(
      'GET',
      `/v1/assessment/information/items?unit=${SHANGZHOU}`,
      'luonan-info-officer',
    );
    expect(otherList.status).toBe(403);
    const allUnits = await call('GET', '/v1/assessment/information/progress', 'luonan-info-officer');
    expect(allUnits.status).toBe(403);
    // Another unit's item is not even there for an officer.
    const read = await call('GET', `/v1/assessment/information/items/${json.id}`, 'luonan-info-officer');
    expect(read.status).toBe(404);
  });

  it('commissions an item: answered late loses a point, missed loses two', async () => {
    clock.at = cst('2026-05-04T09:00:00');
    const late = await call('POST', '/v1/assessment/information/commissions', 'office-info-editor', {
      unitCode: LUONAN,
      topic: '基层公文交换系统使用情况',
      dueAt: '2026-05-08T18:00:00+08:00',
    });
    expect(late.status).toBe(201);
    const missed = await call('POST', '/v1/assessment/information/commissions', 'office-info-editor', {
      unitCode: LUONAN,
      topic: '政府网站集约化进展',
      dueAt: '2026-05-10T18:00:00+08:00',
    });
    expect(missed.status).toBe(201);
    const past = await call('POST', '/v1/assessment/information/commissions', 'office-info-editor', {
      unitCode: '999999',
      topic: '无',
      dueAt: '2026-05-01T18:00:00+08:00',
    });
    expect(past.status).toBe(400);
    expect(issuePaths(past)).toEqual(['body.dueAt']);

    // Another unit cannot answer it.
    const wrongUnit = await submit('shangzhou-info-officer', { commissionId: late.json.id });
    expect(wrongUnit.status).toBe(400);
    expect(issuePaths(wrongUnit)).toEqual(['body.commissionId']);

    clock.at = cst('2026-05-09T10:00:00');
    const answer = await submit('luonan-info-officer', { commissionId: late.json.id });
    expect(answer.status).toBe(201);
    const twice = await submit('luonan-info-officer', { commissionId: late.json.id });
    expect(twice.status).toBe(409);

    const open = await call('GET', '/v1/assessment/information/commissions?open=true', 'luonan-info-officer');
    expect(open.json.items.map((c: { id: string }) => c.id)).toEqual([missed.json.id]);

    clock.at = cst('2026-05-11T09:00:00');
    const progress = await call(
      'GET',
      `/v1/assessment/information/progress/${LUONAN}`,
      'luonan-info-officer',
    );
    expect(progress.status).toBe(200);
    // One city adoption (test 2): +2; late −1; missed −2.
    expect(progress.json).toMatchObject({ points: -1, commissionPoints: -3, quota: 400 });
  });

  it('pages a unit’s items and refuses a cursor of another list', async () => {
    const first = await call(
      'GET',
      `/v1/assessment/information/items?year=2026&unit=${SHANGZHOU}&limit=2`,
      'office-info-editor',
    );
    expect(first.status).toBe(200);
    expect(first.json.items).toHaveLength(2);
    expect(first.json.nextCursor).toBeTypeOf('string');
    const second = await call(
      'GET',
      `/v1/assessment/information/items?year=2026&unit=${SHANGZHOU}&limit=2&cursor=${first.json.nextCursor}`,
      'office-info-editor',
    );
    expect(second.status).toBe(200);
    expect(second.json.items.length).toBeGreaterThan(0);
    const forged = await call(
      'GET',
      `/v1/assessment/information/items?year=2025&cursor=${first.json.nextCursor}`,
      'office-info-editor',
    );
    expect(forged.status).toBe(400);
    expect(issuePaths(forged)).toEqual(['query.cursor']);
  });

  it('seeds a quarter of sample items, once', async () => {
    // 10 May, three years on: a year no other test (nor the platform's own first start) writes to.
    const year = new Date().getUTCFullYear() + 3;
    const now = cst(`${year}-05-10T09:00:00`);
    const first = await seedInformation(store, { now });
    expect(first.created).toBeGreaterThan(10);
    const again = await seedInformation(store, { now });
    expect(again.created).toBe(0);
    clock.at = now;
    const progress = await call(
      'GET',
      `/v1/assessment/information/progress?year=${year}&limit=100`,
      'office-info-editor',
    );
    expect(progress.status).toBe(200);
    const byUnit = new Map(
      progress.json.items.map((p: { unitCode: string; points: number }) => [p.unitCode, p.points]),
    );
    expect(byUnit.get(SHANGZHOU)).toBe(2 + 10 + 5 + 2 + 2);
    expect(byUnit.get(LUONAN)).toBe(1 + 2 + 10 + 30);
    expect(byUnit.get('611022000')).toBe(0);
    expect(byUnit.get('611000202')).toBe(2 - 1);
    expect(byUnit.get('611000108')).toBe(2 - 2);
  });
});

describe("a year's quota table and scoring method, versioned", () => {
  const quotasPath = '/v1/assessment/information/years/2025/quotas';
  const methodPath = '/v1/assessment/information/years/2025/scoring-method';

  it('reads the seeded version 1, and a year never set is a 404 naming it', async () => {
    const quotas = await call('GET', quotasPath, 'shangzhou-info-officer');
    expect(quotas.status).toBe(200);
    expect(quotas.json).toMatchObject({ year: 2025, version: 1, savedBy: 'office-info-editor' });
    expect(quotas.json.quotas).toEqual(sampleInformationQuotas(2025).quotas);
    const method = await call('GET', methodPath, 'office-info-editor');
    expect(method.json).toMatchObject({ ...sampleScoringMethod(2025), version: 1 });
    const never = await call('GET', '/v1/assessment/information/years/2098/quotas', 'office-info-editor');
    expect(never.status).toBe(404);
    expect(never.json.detail).toContain('2098');
    const outOfRange = await call(
      'GET',
      '/v1/assessment/information/years/1999/scoring-method',
      'office-info-editor',
    );
    expect(outOfRange.status).toBe(400);
  });

  it('replaces the whole table with the next version, and progress counts by it', async () => {
    const { quotas } = sampleInformationQuotas(2025);
    const next = [
      ...quotas.filter((q) => q.unitCode !== SHANGZHOU && q.unitCode !== '611000108'),
      { unitCode: SHANGZHOU, points: 450, basis: '市政府办公室2025年调整' },
    ];
    const saved = await call('PUT', quotasPath, 'office-info-editor-2', { version: 2, quotas: next });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect(saved.json).toMatchObject({ year: 2025, version: 2, savedBy: 'office-info-editor-2' });
    const progress = await call(
      'GET',
      '/v1/assessment/information/progress?year=2025&limit=100',
      'office-info-editor',
    );
    const byUnit = new Map(progress.json.items.map((p: { unitCode: string }) => [p.unitCode, p]));
    expect(byUnit.get(SHANGZHOU)).toMatchObject({ quota: 450 });
    // 统计局 is out of the new table: no quota any more (it reported nothing in 2025 either).
    expect(byUnit.has('611000108')).toBe(false);

    const stale = await call('PUT', quotasPath, 'office-info-editor', { version: 2, quotas });
    expect(stale.status).toBe(409);
    expect(stale.json.detail).toContain('version 2');
    expect((await call('GET', quotasPath, 'office-info-editor')).json.quotas).toEqual(next);
  });

  it('lets one of two editors who read the same version save: the other gets 409, nothing of it written', async () => {
    const one = { version: 3, quotas: [{ unitCode: SHANGZHOU, points: 300 }] };
    const other = { version: 3, quotas: [{ unitCode: LUONAN, points: 300 }] };
    const results = await Promise.all([
      call('PUT', quotasPath, 'office-info-editor', one),
      call('PUT', quotasPath, 'office-info-editor-2', other),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const won = results[0]?.status === 200 ? one : other;
    expect((await call('GET', quotasPath, 'office-info-editor')).json.quotas).toEqual(won.quotas);
  });

  it('refuses a table naming an unknown or repeated unit, a bad version, or points out of range: 400, nothing written', async () => {
    const before = (await call('GET', quotasPath, 'office-info-editor')).json;
    const unknown = await call('PUT', quotasPath, 'office-info-editor', {
      version: 4,
      quotas: [
        { unitCode: SHANGZHOU, points: 100 },
        { unitCode: '611999999', points: 100 },
      ],
    });
    expect(unknown.status).toBe(400);
    expect(issuePaths(unknown)).toEqual(['body.quotas.1.unitCode']);
    const repeated = await call('PUT', quotasPath, 'office-info-editor', {
      version: 4,
      quotas: [
        { unitCode: SHANGZHOU, points: 100 },
        { unitCode: SHANGZHOU, points: 200 },
      ],
    });
    expect(repeated.status).toBe(400);
    expect(issuePaths(repeated)[0]).toMatch(/^body\.quotas/);
    const bad = await call('PUT', quotasPath, 'office-info-editor', {
      version: 0,
      quotas: [{ unitCode: SHANGZHOU, points: -5 }],
      year: 2026,
    });
    expect(bad.status).toBe(400);
    expect(issuePaths(bad)).toEqual(expect.arrayContaining(['body.version', 'body.quotas.0.points']));
    expect((await call('GET', quotasPath, 'office-info-editor')).json).toEqual(before);
  });

  it('saves a new scoring method that counts adoptions of the year from then on', async () => {
    clock.at = cst('2025-06-02T09:00:00');
    const item = await submit('shangzhou-info-officer', { title: '2025年本区政务服务事项全部接入平台' });
    expect(item.status).toBe(201);
    clock.at = cst('2025-06-05T09:00:00');
    const adopted = await call(
      'POST',
      `/v1/assessment/information/items/${item.json.id}/adoptions`,
      'office-info-editor',
      {
        level: 'city',
      },
    );
    expect(adopted.status).toBe(200);
    const pointsOf = async () =>
      (await call('GET', `/v1/assessment/information/items/${item.json.id}/points`, 'office-info-editor'))
        .json.points;
    expect(await pointsOf()).toBe(sampleScoringMethod(2025).pointsPerLevel.city);

    const { year: _year, ...method } = sampleScoringMethod(2025);
    const saved = await call('PUT', methodPath, 'office-info-editor', {
      ...method,
      pointsPerLevel: { ...method.pointsPerLevel, city: 3 },
      version: 2,
    });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect(saved.json).toMatchObject({ year: 2025, version: 2, pointsPerLevel: { city: 3 } });
    expect(await pointsOf()).toBe(3);

    const negative = await call('PUT', methodPath, 'office-info-editor', {
      ...method,
      combinedShare: 2,
      version: 3,
    });
    expect(negative.status).toBe(400);
    expect(issuePaths(negative)).toEqual(['body.combinedShare']);
  });

  it('is set by the office’s editors and the platform admin only: 403 for a unit’s officer', async () => {
    const officer = await call('PUT', quotasPath, 'shangzhou-info-officer', {
      version: 9,
      quotas: [{ unitCode: SHANGZHOU, points: 1 }],
    });
    expect(officer.status).toBe(403);
    const method = await call('PUT', methodPath, 'shangzhou-info-officer', {
      ...sampleScoringMethod(2025),
      version: 9,
    });
    expect(method.status).toBe(403);
  });
});
