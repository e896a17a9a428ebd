import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queueUrlEnvName, tableEnvName } from '@govshare/blueprint';
import {
  BASE_RESOURCES,
  type DataItemDefinition,
  type Resource,
  type ShareType,
} from '@govshare/domain/catalogue';
import { citizenIdCheckChar } from '@govshare/domain/kernel';
import type { Grant } from '@govshare/domain/sharing';
import { dynamoCatalogueStore } from '@govshare/functions/catalogue/catalogue-store.ts';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { ROW_SHARDS, rowPartition, rowShard } from '@govshare/functions/sharing/dataset-store.ts';
import { dynamoGrantStore } from '@govshare/functions/sharing/grant-store.ts';
import { SAMPLE_GRANT_IDS, sampleGrants, seedSharing } from '@govshare/functions/sharing/seed.ts';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE_ITEMS } from '../../support/datasets.ts';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/** Sharing over HTTP on the real local platform: access requests, grants, deadlines, dataset uploads. */
let local: TestPlatform;
const tokens: Record<string, string> = {};

const MARKET = '611000201'; // market-editor: catalogue editor and data approver
const STATS = '611000202';
const CONDITIONAL = '901/000001';
const UNCONDITIONAL = '901/000002';
const NOT_SHARED = '901/000003';
const PEOPLE = '901/000004';
const seg = (code: string) => code.replace('/', '-');

const call = (method: string, path: string, user: string, body?: unknown) =>
  local.request(method, path, { token: tokens[user], body });

async function publish(
  code: string,
  providerUnit: string,
  shareType: ShareType,
  items: readonly DataItemDefinition[],
) {
  const store = dynamoCatalogueStore(dynamo(), local.platform.env[tableEnvName('catalogue')] as string);
  const at = new Date().toISOString();
  const draft: Resource = {
    code,
    version: 1,
    status: 'draft',
    providerUnit,
    name: `测试资源 ${code}`,
    category: 'departmental',
    abstract: '集成测试用的信息资源',
    format: 'database',
    items: [...items],
    shareType,
    ...(shareType === 'conditional' ? { shareCondition: '依申请审核' } : {}),
    ...(shareType !== 'not-shared' ? { shareMethod: 'api' as const } : {}),
    openToPublic: false,
    updateCycle: 'monthly',
    tags: [],
    relatedResources: [],
    createdAt: at,
    updatedAt: at,
  };
  await store.create(draft);
  const later = new Date(Date.parse(at) + 1).toISOString();
  await store.save({ ...draft, status: 'published', publishedAt: later, updatedAt: later }, draft);
}

const citizenId = (first17: string) => `${first17}${citizenIdCheckChar(first17)}`;

// Deadlines count on the sample calendar (2025–2026), which refuses to count into a year it lacks:
// the platform's clock (local mode) is pinned inside it, so the tests do not depend on today's date.
const CLOCK = '2026-09-01T02:00:00Z';

beforeAll(async () => {
  process.env.GOVSHARE_LOCAL_CLOCK = CLOCK;
  local = await startTestPlatform('sharing', { sampleData: true });
  for (const user of [
    'market-editor',
    'stats-approver',
    'stats-editor',
    'civil-affairs-relief-system',
    'egov-admin',
    'police-approver',
  ]) {
    tokens[user] = await local.tokenFor(user);
  }
  await publish(CONDITIONAL, MARKET, 'conditional', BASE_RESOURCES.legalEntities.items);
  await publish(UNCONDITIONAL, STATS, 'unconditional', BASE_RESOURCES.macroEconomy.items);
  await publish(NOT_SHARED, MARKET, 'not-shared', BASE_RESOURCES.legalEntities.items);
  await publish(PEOPLE, MARKET, 'conditional', PEOPLE_ITEMS);
});

afterAll(async () => {
  delete process.env.GOVSHARE_LOCAL_CLOCK;
  await local?.stop();
});

const until = '2099-12-31';
const requestBody = (items: string[]) => ({
  purpose: '社会救助对象的经营状况核验',
  items,
  until,
  legalBasis: '《社会救助暂行办法》第十一条',
});

describe('access requests and grants', () => {
  it('refuses items the resource does not have, naming them, and stores nothing', async () => {
    const res = await call(
      'POST',
      `/v1/catalogue/resources/${seg(CONDITIONAL)}/access-requests`,
      'civil-affairs-relief-system',
      requestBody(['creditCode', 'shoeSize']),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(res.json.errors)).toContain('shoeSize');
    const mine = await call('GET', '/v1/sharing/requests?as=consumer', 'civil-affairs-relief-system');
    expect(
      mine.json.items.filter((r: { resourceCode: string }) => r.resourceCode === CONDITIONAL),
    ).toHaveLength(0);
  });

  it("grants a conditional request once its provider's approver approves it, on narrower terms", async () => {
    const created = await call(
      'POST',
      `/v1/catalogue/resources/${seg(CONDITIONAL)}/access-requests`,
      'civil-affairs-relief-system',
      requestBody(['creditCode', 'name', 'legalRepresentative']),
    );
    expect(created.status).toBe(201);
    const request = created.json.request;
    expect(request.status).toBe('pending');
    expect(request.dueAt).toBeTruthy();
    expect(created.json.grant).toBeUndefined();

    const byOtherApprover = await call(
      'POST',
      `/v1/sharing/requests/${request.id}/approve`,
      'stats-approver',
      {},
    );
    expect(byOtherApprover.status).toBe(403);

    const approved = await call('POST', `/v1/sharing/requests/${request.id}/approve`, 'market-editor', {
      items: ['creditCode', 'legalRepresentative'],
      unmaskedItems: ['legalRepresentative'],
      dailyQuota: 500,
      until: '2030-06-30',
    });
    expect(approved.status).toBe(200);
    const grant = approved.json.grant;
    expect(grant).toMatchObject({
      resourceCode: CONDITIONAL,
      consumerUnit: '611000106',
      consumerPrincipal: 'civil-affairs-relief-system',
      items: ['creditCode', 'legalRepresentative'],
      unmaskedItems: ['legalRepresentative'],
      dailyQuota: 500,
      requestId: request.id,
    });
    expect(grant.expiresAt).toBe('2030-06-30T16:00:00.000Z');

    const again = await call('POST', `/v1/sharing/requests/${request.id}/approve`, 'market-editor', {});
    expect(again.status).toBe(409);
    const refuseAfter = await call('POST', `/v1/sharing/requests/${request.id}/refuse`, 'market-editor', {
      reason: '重复',
    });
    expect(refuseAfter.status).toBe(409);

    const mine = await call('GET', '/v1/sharing/grants?as=consumer', 'civil-affairs-relief-system');
    expect(mine.json.items.map((g: { id: string }) => g.id)).toContain(grant.id);
    const provided = await call('GET', '/v1/sharing/grants?as=provider', 'market-editor');
    expect(provided.json.items.map((g: { id: string }) => g.id)).toContain(grant.id);

    const revoked = await call('POST', `/v1/sharing/grants/${grant.id}/revoke`, 'market-editor');
    expect(revoked.status).toBe(200);
    expect(revoked.json.revokedAt).toBeTruthy();
    expect((await call('POST', `/v1/sharing/grants/${grant.id}/revoke`, 'market-editor')).status).toBe(409);
  });

  it('refuses with a reason when the approver says no', async () => {
    const created = await call(
      'POST',
      `/v1/catalogue/resources/${seg(CONDITIONAL)}/access-requests`,
      'civil-affairs-relief-system',
      requestBody(['name']),
    );
    const refused = await call(
      'POST',
      `/v1/sharing/requests/${created.json.request.id}/refuse`,
      'market-editor',
      {
        reason: '用途与申请事项不符',
      },
    );
    expect(refused.status).toBe(200);
    expect(refused.json.request).toMatchObject({ status: 'refused', reason: '用途与申请事项不符' });
    expect(refused.json.request.grantId).toBeUndefined();
  });

  it('grants an unconditional resource at once, still recording the request', async () => {
    const res = await call(
      'POST',
      `/v1/catalogue/resources/${seg(UNCONDITIONAL)}/access-requests`,
      'civil-affairs-relief-system',
      requestBody(['indicator', 'value']),
    );
    expect(res.status).toBe(201);
    expect(res.json.request.status).toBe('approved');
    expect(res.json.grant.items).toEqual(['indicator', 'value']);
    const stored = await call(
      'GET',
      `/v1/sharing/requests/${res.json.request.id}`,
      'civil-affairs-relief-system',
    );
    expect(stored.json.grantId).toBe(res.json.grant.id);
  });

  it('refuses a not-shared resource with a clear reason, storing only the refusal', async () => {
    const res = await call(
      'POST',
      `/v1/catalogue/resources/${seg(NOT_SHARED)}/access-requests`,
      'civil-affairs-relief-system',
      requestBody(['creditCode']),
    );
    expect(res.status).toBe(403);
    expect(res.json.detail).toContain('不予共享');
    const mine = await call('GET', '/v1/sharing/requests?as=consumer', 'civil-affairs-relief-system');
    const refusals = mine.json.items.filter((r: { resourceCode: string }) => r.resourceCode === NOT_SHARED);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ status: 'refused', decidedBy: 'platform' });
    const grants = await call('GET', '/v1/sharing/grants?as=consumer', 'civil-affairs-relief-system');
    expect(
      grants.json.items.filter((g: { resourceCode: string }) => g.resourceCode === NOT_SHARED),
    ).toHaveLength(0);
  });

  it("pages a unit's requests and grants by cursor, of one status, and refuses a forged cursor", async () => {
    // Three pending and one refused request of 市民政局 waiting on 市场监管局, besides the earlier ones.
    const filed: string[] = [];
    for (const items of [['creditCode'], ['name'], ['creditCode', 'name'], ['legalRepresentative']]) {
      const res = await call(
        'POST',
        `/v1/catalogue/resources/${seg(CONDITIONAL)}/access-requests`,
        'civil-affairs-relief-system',
        requestBody(items),
      );
      expect(res.status).toBe(201);
      filed.push(res.json.request.id);
    }
    await call('POST', `/v1/sharing/requests/${filed[3]}/refuse`, 'market-editor', { reason: '无需此项' });

    const walk = async (path: string, user: string) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await call('GET', `${path}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, user);
        expect(res.status, JSON.stringify(res.json)).toBe(200);
        expect(res.json.items.length).toBeLessThanOrEqual(2);
        ids.push(...res.json.items.map((item: { id: string }) => item.id));
        cursor = res.json.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      return { ids, pages };
    };
    const pending = await walk('/v1/sharing/requests?as=provider&status=pending', 'market-editor');
    const all = (await call('GET', '/v1/sharing/requests?as=provider&limit=100', 'market-editor')).json
      .items as { id: string; status: string }[];
    expect(pending.ids).toEqual(all.filter((r) => r.status === 'pending').map((r) => r.id));
    expect(pending.ids).toEqual(expect.arrayContaining(filed.slice(0, 3)));
    expect(pending.ids).not.toContain(filed[3]);
    expect(pending.pages).toBeGreaterThan(1);
    // The consumer's side: the refused one among the refused only. (The test's clock stands still, so
    // these requests share one filing instant: their order among themselves is not asserted.)
    const mine = await walk('/v1/sharing/requests?as=consumer&status=refused', 'civil-affairs-relief-system');
    expect(mine.ids).toContain(filed[3]);
    expect(mine.ids).not.toContain(filed[0]);
    const everything = await walk('/v1/sharing/requests?as=consumer', 'civil-affairs-relief-system');
    expect(new Set(everything.ids).size).toBe(everything.ids.length);
    expect(everything.ids).toEqual(expect.arrayContaining([...filed, ...mine.ids]));
    // Grants on either side page the same way, each grant once.
    const held = await walk('/v1/sharing/grants?as=consumer', 'civil-affairs-relief-system');
    expect(new Set(held.ids).size).toBe(held.ids.length);
    expect(held.ids).toEqual(expect.arrayContaining([SAMPLE_GRANT_IDS.legalEntities]));
    const given = await walk('/v1/sharing/grants?as=provider', 'market-editor');
    expect(given.ids).toEqual(expect.arrayContaining([SAMPLE_GRANT_IDS.legalEntities]));

    const forged = Buffer.from(
      JSON.stringify({ gsi1pk: 'ACCESSREQ-PROVIDER#611000105', gsi1sk: 'x', pk: 'a', sk: 'b' }),
    ).toString('base64url');
    const refused = await call('GET', `/v1/sharing/requests?as=provider&cursor=${forged}`, 'market-editor');
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json.errors)).toContain('query.cursor');
    const tooMany = await call('GET', '/v1/sharing/requests?as=provider&limit=1000', 'market-editor');
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.json.errors)).toContain('query.limit');
  });

  it('lets the provider see and revoke the sample grants, like any other grant', async () => {
    const population = SAMPLE_GRANT_IDS.population;
    const provided = await call('GET', '/v1/sharing/grants?as=provider', 'police-approver');
    expect(provided.status).toBe(200);
    expect(provided.json.items.map((g: { id: string }) => g.id)).toContain(population);
    const one = await call('GET', `/v1/sharing/grants/${population}`, 'police-approver');
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id: population, providerUnit: '611000105', consumerUnit: '611000106' });
    // The grant answers a request, which its provider can read too.
    const request = await call('GET', `/v1/sharing/requests/${one.json.requestId}`, 'police-approver');
    expect(request.json).toMatchObject({ status: 'approved', grantId: population });
    const mine = await call('GET', '/v1/sharing/grants?as=consumer', 'civil-affairs-relief-system');
    expect(mine.json.items.map((g: { id: string }) => g.id).sort()).toEqual(
      expect.arrayContaining([SAMPLE_GRANT_IDS.population, SAMPLE_GRANT_IDS.legalEntities]),
    );
    const revoked = await call('POST', `/v1/sharing/grants/${population}/revoke`, 'police-approver');
    expect(revoked.status).toBe(200);
    expect(revoked.json.revokedAt).toBeTruthy();
  });

  it('finds the sample grants again on a restart, and drops those of older data under their old ids', async () => {
    const grants = dynamoGrantStore(dynamo(), local.platform.env[tableEnvName('catalogue')] as string);
    await grants.put({ ...(sampleGrants()[1] as Grant), id: 'sample-relief-legal-entities' });
    const again = await seedSharing(() => undefined);
    expect(again.created).toBe(0);
    expect(await grants.get('sample-relief-legal-entities')).toBeUndefined();
    const mine = await call('GET', '/v1/sharing/grants?as=consumer', 'civil-affairs-relief-system');
    const ids = mine.json.items.map((g: { id: string }) => g.id);
    expect(ids.filter((id: string) => Object.values(SAMPLE_GRANT_IDS).includes(id as never))).toHaveLength(2);
  });

  it('starts with a sample request waiting for the sample approver', async () => {
    const waiting = await call('GET', '/v1/sharing/requests?as=provider', 'market-editor');
    const sample = waiting.json.items.find((r: { id: string }) => r.id === 'sample-relief-legal-entities');
    expect(sample).toMatchObject({
      status: 'pending',
      resourceCode: '102/000001',
      consumerUnit: '611000106',
    });
  });

  it('flags an unanswered request overdue after its working-day deadline and counts it against the provider', async () => {
    const created = await call(
      'POST',
      `/v1/catalogue/resources/${seg(CONDITIONAL)}/access-requests`,
      'civil-affairs-relief-system',
      requestBody(['status']),
    );
    const id = created.json.request.id;
    await local.platform.triggerSchedule('access-deadlines');
    expect((await call('GET', `/v1/sharing/requests/${id}`, 'market-editor')).json.overdue).toBeUndefined();

    // Moves the sweep's clock past the deadline (local mode only).
    process.env.GOVSHARE_LOCAL_CLOCK = new Date(Date.parse(created.json.request.dueAt) + 1000).toISOString();
    try {
      await local.platform.triggerSchedule('access-deadlines');
    } finally {
      process.env.GOVSHARE_LOCAL_CLOCK = CLOCK;
    }
    const after = await call('GET', `/v1/sharing/requests/${id}`, 'market-editor');
    expect(after.json).toMatchObject({ status: 'pending', overdue: true });
    const summary = await call('GET', `/v1/sharing/providers/${MARKET}/requests-summary`, 'stats-editor');
    expect(summary.status).toBe(200);
    expect(summary.json.pendingOverdue).toBeGreaterThanOrEqual(1);
    expect(summary.json.overdue).toBeGreaterThanOrEqual(1);
    expect(summary.json.pending).toBeGreaterThanOrEqual(1);
  });
});

describe('idempotent creates (Idempotency-Key)', () => {
  const withKey = (method: string, path: string, user: string, key: string, body: unknown) =>
    local.request(method, path, { token: tokens[user], body, headers: { 'idempotency-key': key } });
  const requestsOn = async (code: string) =>
    (await call('GET', '/v1/sharing/requests?as=consumer', 'civil-affairs-relief-system')).json.items.filter(
      (r: { resourceCode: string }) => r.resourceCode === code,
    );

  it('answers a retried access request with the first answer and files it once', async () => {
    const path = `/v1/catalogue/resources/${seg(CONDITIONAL)}/access-requests`;
    const before = (await requestsOn(CONDITIONAL)).length;
    const body = requestBody(['creditCode', 'name']);
    const key = `retry-${crypto.randomUUID()}`;
    const first = await withKey('POST', path, 'civil-affairs-relief-system', key, body);
    expect(first.status).toBe(201);
    const again = await withKey('POST', path, 'civil-affairs-relief-system', key, body);
    expect(again.status).toBe(201);
    expect(again.json.request.id).toBe(first.json.request.id);
    expect((await requestsOn(CONDITIONAL)).length).toBe(before + 1);

    // The same key with another body is a mistake of the client's, named, and files nothing.
    const other = await withKey('POST', path, 'civil-affairs-relief-system', key, requestBody(['name']));
    expect(other.status).toBe(422);
    expect(other.json.type).toBe('urn:govshare:problem:idempotency-key-reused');
    expect(other.json.errors).toEqual([
      { path: 'header.idempotency-key', message: 'was used for another request' },
    ]);
    expect((await requestsOn(CONDITIONAL)).length).toBe(before + 1);

    // Without a key, a second POST is a second request (as before).
    await call('POST', path, 'civil-affairs-relief-system', body);
    expect((await requestsOn(CONDITIONAL)).length).toBe(before + 2);
  });

  it('does not grant an unconditional resource twice on a retry', async () => {
    const path = `/v1/catalogue/resources/${seg(UNCONDITIONAL)}/access-requests`;
    const grantsOn = async () =>
      (await call('GET', '/v1/sharing/grants?as=consumer', 'civil-affairs-relief-system')).json.items.filter(
        (g: { resourceCode: string }) => g.resourceCode === UNCONDITIONAL,
      ).length;
    const before = await grantsOn();
    const key = `grant-${crypto.randomUUID()}`;
    const body = requestBody(['indicator', 'value']);
    const first = await withKey('POST', path, 'civil-affairs-relief-system', key, body);
    const again = await withKey('POST', path, 'civil-affairs-relief-system', key, body);
    expect(first.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(await grantsOn()).toBe(before + 1);
  });

  it('starts one upload for a retried start, and refuses a key that is not a token', async () => {
    const path = `/v1/catalogue/resources/${seg(PEOPLE)}/datasets/uploads`;
    const key = `upload-${crypto.randomUUID()}`;
    const first = await withKey('POST', path, 'market-editor', key, { format: 'csv' });
    const again = await withKey('POST', path, 'market-editor', key, { format: 'csv' });
    expect(first.status).toBe(201);
    expect(again.json.upload.id).toBe(first.json.upload.id);
    const bad = await withKey('POST', path, 'market-editor', 'has spaces in it', { format: 'csv' });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([
      { path: 'header.idempotency-key', message: 'is 1 to 128 printable ASCII characters' },
    ]);
  });
});

describe('dataset uploads', () => {
  const upload = async (file: Buffer, options: { format?: string; encoding?: string } = {}) => {
    const started = await call(
      'POST',
      `/v1/catalogue/resources/${seg(PEOPLE)}/datasets/uploads`,
      'market-editor',
      {
        format: options.format ?? 'csv',
        encoding: options.encoding ?? 'utf-8',
      },
    );
    expect(started.status).toBe(201);
    // On the gateway's own origin (a console page may PUT there), passed on to the object store.
    expect(new URL(started.json.uploadUrl).origin).toBe(local.platform.apiUrl);
    const put = await fetch(started.json.uploadUrl, { method: 'PUT', body: file });
    expect(put.status).toBe(200);
    const completed = await call('POST', started.json.completeUrl, 'market-editor');
    expect(completed.status).toBe(202);
    return started.json.upload.id as string;
  };
  const finished = async (id: string, after = '') => {
    for (let i = 0; i < 200; i++) {
      const res = await call(
        'GET',
        `/v1/catalogue/resources/${seg(PEOPLE)}/datasets/uploads/${id}`,
        'market-editor',
      );
      if ((res.json.status === 'loaded' || res.json.status === 'rejected') && res.json.updatedAt > after)
        return res.json;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`upload ${id} did not finish`);
  };
  const countRows = async (id: string) => {
    let count = 0;
    for (let shard = 0; shard < ROW_SHARDS; shard++) {
      const { Count = 0 } = await dynamo().send(
        new QueryCommand({
          TableName: local.platform.env[tableEnvName('catalogue')],
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `DATASET#${PEOPLE}#${id}#${shard}` },
          Select: 'COUNT',
        }),
      );
      count += Count;
    }
    return count;
  };

  const good1 = citizenId('61100219900101123');
  const good2 = citizenId('61102119851231004');
  const badCheck = `${good1.slice(0, 17)}${good1[17] === '0' ? '1' : '0'}`;

  it('loads the good rows of a CSV and reports each bad row by line and reason; a re-delivery adds no rows', async () => {
    const csv = [
      'citizenId,name,birthDate,score',
      `${good1},王某甲,1990-01-01,7`,
      `${badCheck},李某乙,1990-01-01,`,
      `${good2},,1985-12-31,3`,
      `${good2},张某丙,1985-02-30,3`,
      `${good2},刘某丁,1985-12-31,many`,
      `${good2},陈某戊,1985-12-31,`,
    ].join('\n');
    const id = await upload(Buffer.from(`${csv}\n`));
    const report = await finished(id);
    expect(report).toMatchObject({ status: 'loaded', rowsRead: 6, rowsLoaded: 2, rowsRejected: 4 });
    expect(report.rejections.map((r: { line: number }) => r.line)).toEqual([3, 4, 5, 6]);
    expect(report.rejections[0].reason).toMatch(/citizenId: .*checkDigit/);
    expect(report.rejections[1].reason).toBe('name: is required');
    expect(report.rejections[2].reason).toContain('birthDate');
    expect(report.rejections[3].reason).toContain('score');
    expect(await countRows(id)).toBe(2);
    const datasets = await call('GET', `/v1/catalogue/resources/${seg(PEOPLE)}/datasets`, 'stats-editor');
    expect(datasets.json.current).toMatchObject({ uploadId: id, rows: 2 });

    // As if the consumer had crashed after loading: the message comes again and the file is read again.
    await dynamo().send(
      new UpdateCommand({
        TableName: local.platform.env[tableEnvName('catalogue')],
        Key: { pk: `UPLOAD#${id}`, sk: 'UPLOAD' },
        UpdateExpression: 'SET #s = :loading',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':loading': 'loading' },
      }),
    );
    const sqs = new SQSClient({});
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: local.platform.env[queueUrlEnvName('dataset-ingest')],
        MessageBody: JSON.stringify({ uploadId: id }),
      }),
    );
    sqs.destroy();
    const again = await finished(id, report.updatedAt);
    expect(again).toMatchObject({ status: 'loaded', rowsLoaded: 2, rowsRejected: 4 });
    expect(await countRows(id)).toBe(2);
  });

  it('decodes a GBK file', async () => {
    const csv = `citizenId,姓名,birthDate\n${good1},王某甲,1990-01-01\n${badCheck},李某乙,1990-01-01\n`;
    const id = await upload(iconv.encode(csv, 'gbk'), { encoding: 'gbk' });
    const report = await finished(id);
    expect(report).toMatchObject({ status: 'loaded', rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(report.rejections).toEqual([{ line: 3, reason: expect.stringContaining('checkDigit') }]);
    const { Items = [] } = await dynamo().send(
      new QueryCommand({
        TableName: local.platform.env[tableEnvName('catalogue')],
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': rowPartition(PEOPLE, id, rowShard(good1)) },
      }),
    );
    expect(Items[0]?.row).toMatchObject({ name: '王某甲', birthDate: '1990-01-01' });
  });

  it('refuses an upload by another unit, and completing before the file is there', async () => {
    const other = await call(
      'POST',
      `/v1/catalogue/resources/${seg(PEOPLE)}/datasets/uploads`,
      'stats-editor',
      {
        format: 'csv',
      },
    );
    expect(other.status).toBe(403);
    const started = await call(
      'POST',
      `/v1/catalogue/resources/${seg(PEOPLE)}/datasets/uploads`,
      'market-editor',
      {
        format: 'xlsx',
      },
    );
    expect(started.status).toBe(400);
    expect(JSON.stringify(started.json.errors)).toContain('body.format');
    const ok = await call(
      'POST',
      `/v1/catalogue/resources/${seg(PEOPLE)}/datasets/uploads`,
      'market-editor',
      {
        format: 'csv',
      },
    );
    const early = await call('POST', ok.json.completeUrl, 'market-editor');
    expect(early.status).toBe(409);
    expect(early.json.detail).toContain('not been uploaded');
  });

  it('rejects a file with a wrong header as a whole, naming the missing and unexpected columns', async () => {
    const id = await upload(Buffer.from(`citizenId,fullName,birthDate\n${good1},王某甲,1990-01-01\n`));
    const report = await finished(id);
    expect(report.status).toBe('rejected');
    expect(report.fileRejection).toContain('missing columns: name');
    expect(report.fileRejection).toContain('unexpected columns: fullName');
    expect(report.rowsLoaded).toBe(0);
    expect(await countRows(id)).toBe(0);
  });

  it('rejects a truncated file and a file that is not text', async () => {
    const truncated = await finished(
      await upload(Buffer.from(`citizenId,name,birthDate\n${good1},"王某甲,1990-01-01\n${good2},李`)),
    );
    expect(truncated.status).toBe('rejected');
    expect(truncated.fileRejection).toContain('truncated');
    const binary = await finished(
      await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00])),
    );
    expect(binary).toMatchObject({ status: 'rejected', fileRejection: expect.stringContaining('not text') });
    const datasets = await call('GET', `/v1/catalogue/resources/${seg(PEOPLE)}/datasets`, 'market-editor');
    // The current version is still the last accepted upload.
    expect(datasets.json.current.rows).toBeGreaterThan(0);
  });
});
