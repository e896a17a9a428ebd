import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { cstDay } from '@govshare/domain/kernel';
import { SAMPLE_CITY_CODE } from '@govshare/domain/registry';
import type { Grant } from '@govshare/domain/sharing';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { sampleCompanies, sampleGeography, samplePeople } from '@govshare/functions/registry/sample.ts';
import { sampleDivisions } from '@govshare/functions/registry/seed.ts';
import { dynamoGrantStore } from '@govshare/functions/sharing/grant-store.ts';
import {
  SAMPLE_GRANT_IDS,
  SAMPLE_SYSTEM,
  SAMPLE_SYSTEM_UNIT,
  sampleGrants,
} from '@govshare/functions/sharing/seed.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventsByLabel } from '../../support/audit-events.ts';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/** The registry over HTTP on the real local platform: grants, masking, quota, verification, audit. */
let local: TestPlatform;
let systemToken: string;
let adminToken: string;
let person: { citizenId: string; name: string; householdAddress: string };
let people: string[];
let company: { creditCode: string; name: string; legalRepresentative: string };

let requestNumber = 0;
const correlationIds: Record<string, string> = {};

/** Each request carries a correlation id, so its audit record can be found afterwards. */
function request(
  method: string,
  path: string,
  { token = systemToken, body, label }: { token?: string; body?: unknown; label?: string } = {},
) {
  const correlationId = `registry-test-${process.pid}-${++requestNumber}`;
  if (label) correlationIds[label] = correlationId;
  return local.request(method, path, { token, body, headers: { 'x-correlation-id': correlationId } });
}

const tokenFor = (userId: string) => local.tokenFor(userId);

const purpose = encodeURIComponent('最低生活保障申请人身份核验');
const testGrant = (id: string, overrides: Partial<Grant> = {}): Grant => ({
  // The sample grant's terms, answering no request.
  ...(({ requestId: _request, ...terms }) => terms)(sampleGrants()[0] as Grant),
  id,
  // Older than the sample grant, so a query naming no grant is served under the sample one.
  validFrom: '2024-01-01T00:00:00Z',
  ...overrides,
});

beforeAll(async () => {
  local = await startTestPlatform('registry', { sampleData: true });
  systemToken = await tokenFor(SAMPLE_SYSTEM);
  adminToken = await tokenFor('egov-admin');
  // The seed's generator with its default seed: the same people and companies it loaded.
  const geo = sampleGeography(await sampleDivisions(), SAMPLE_CITY_CODE);
  const generated = [...samplePeople(3, geo)];
  people = generated.map((p) => p.citizenId);
  person = generated[0] as typeof person;
  company = [...sampleCompanies(1, geo)][0] as typeof company;

  const grants = dynamoGrantStore(dynamo(), process.env.TABLE_CATALOGUE as string);
  await grants.put(testGrant('test-quota', { dailyQuota: 3 }));
  await grants.put(testGrant('test-race', { dailyQuota: 5 }));
  await grants.put(testGrant('test-expired', { expiresAt: '2025-06-01T00:00:00Z' }));
  await grants.put(testGrant('test-revoked'));
  await grants.revoke('test-revoked', '2025-06-01T00:00:00Z');
  await grants.put(
    testGrant('test-other-unit', { consumerUnit: '611000108', consumerPrincipal: 'finance-clerk' }),
  );
  await grants.put(testGrant('test-unmasked', { unmaskedItems: ['name', 'citizenId', 'householdAddress'] }));
});

afterAll(async () => {
  await local?.stop();
});

describe('population', () => {
  it('answers a person with the granted items, sensitive ones masked', async () => {
    const res = await request('GET', `/v1/registry/people/${person.citizenId}?purpose=${purpose}`, {
      label: 'get',
    });
    expect(res.status).toBe(200);
    const record = res.json.record as Record<string, string>;
    expect(record.citizenId).toBe(`${person.citizenId.slice(0, 6)}********${person.citizenId.slice(14)}`);
    expect(record.name).not.toBe(person.name);
    expect(record.name?.[0]).toBe(person.name[0]);
    expect(record.name).toContain('*');
    expect(person.householdAddress.startsWith(record.householdAddress as string)).toBe(true);
    expect(record.householdAddress?.length).toBeLessThan(person.householdAddress.length);
    expect(record).not.toHaveProperty('ethnicity');
    expect(res.json.items).not.toContain('ethnicity');
  });

  it('shows items in clear when the grant unmasks them, and only the items asked for', async () => {
    const res = await request(
      'GET',
      `/v1/registry/people/${person.citizenId}?purpose=${purpose}&grant=test-unmasked&items=name,citizenId`,
    );
    expect(res.status).toBe(200);
    expect(res.json.record).toEqual({ name: person.name, citizenId: person.citizenId });
  });

  it('answers a batch in request order, with per-ID not-found', async () => {
    const missing = '11010519491231002X'; // valid, not in the sample
    const ids = [people[2], missing, people[0]];
    const res = await request('POST', '/v1/registry/people/batch', {
      body: { ids, purpose: '救助审核', items: ['sex', 'status'] },
    });
    expect(res.status).toBe(200);
    const results = res.json.results as { id: string; found: boolean; record?: Record<string, unknown> }[];
    expect(results.map((r) => [r.id, r.found])).toEqual([
      [people[2], true],
      [missing, false],
      [people[0], true],
    ]);
    expect(Object.keys(results[0]?.record ?? {}).sort()).toEqual(['sex', 'status']);
  });

  it('verifies a pair with match / no match and nothing else', async () => {
    const yes = await request('POST', '/v1/registry/people/verify', {
      body: { citizenId: person.citizenId, name: person.name, purpose: '救助审核' },
    });
    expect(yes.status).toBe(200);
    // The match, and the grant the query was charged to: nothing of the record.
    expect(yes.json).toEqual({ match: true, grant: SAMPLE_GRANT_IDS.population });
    const no = await request('POST', '/v1/registry/people/verify', {
      body: { citizenId: person.citizenId, name: '某某某', purpose: '救助审核' },
    });
    expect(no.json).toEqual({ match: false, grant: SAMPLE_GRANT_IDS.population });
  });
});

describe('legal entities, series and divisions', () => {
  it('answers a company by code, by exact name and by prefix, the legal representative masked', async () => {
    const byCode = await request('GET', `/v1/registry/companies/${company.creditCode}?purpose=${purpose}`);
    expect(byCode.status).toBe(200);
    const record = byCode.json.record as Record<string, unknown>;
    expect(record).toMatchObject({ creditCode: company.creditCode, name: company.name });
    expect(record.legalRepresentative).not.toBe(company.legalRepresentative);

    const exact = await request(
      'GET',
      `/v1/registry/companies?name=${encodeURIComponent(company.name)}&purpose=${purpose}`,
    );
    expect((exact.json.results as { creditCode: string }[]).map((c) => c.creditCode)).toEqual([
      company.creditCode,
    ]);

    const prefix = await request(
      'GET',
      `/v1/registry/companies?name=${encodeURIComponent(company.name.slice(0, 2))}&match=prefix&purpose=${purpose}`,
    );
    const names = (prefix.json.results as { name: string }[]).map((c) => c.name);
    expect(names).toContain(company.name);
    expect(names.every((n) => n.startsWith(company.name.slice(0, 2)))).toBe(true);
  });

  it('verifies a company by code, name and legal representative', async () => {
    const body = { creditCode: company.creditCode, name: company.name, purpose: '核查' };
    const yes = await request('POST', '/v1/registry/companies/verify', {
      body: { ...body, legalRepresentative: company.legalRepresentative },
    });
    expect(yes.json).toEqual({ match: true, grant: SAMPLE_GRANT_IDS.legalEntities });
    const no = await request('POST', '/v1/registry/companies/verify', {
      body: { ...body, legalRepresentative: '某某' },
    });
    expect(no.json).toEqual({ match: false, grant: SAMPLE_GRANT_IDS.legalEntities });
  });

  it('answers a quarterly range of a series and lists indicators', async () => {
    const series = await request(
      'GET',
      `/v1/registry/macro/series?indicator=gdp&region=611000&from=2025Q1&to=2025Q3&purpose=${purpose}`,
    );
    expect(series.status).toBe(200);
    expect((series.json.points as { period: string }[]).map((p) => p.period)).toEqual([
      '2025Q1',
      '2025Q2',
      '2025Q3',
    ]);
    expect(series.json.unit).toBe('亿元');
    const years = await request(
      'GET',
      `/v1/registry/macro/series?indicator=population&region=611002&from=2020&to=2025&purpose=${purpose}`,
    );
    expect((years.json.points as { period: string }[]).map((p) => p.period)).toEqual([
      '2020',
      '2021',
      '2022',
      '2023',
      '2024',
      '2025',
    ]);
    const indicators = await request('GET', `/v1/registry/macro/indicators?purpose=${purpose}`);
    expect((indicators.json.indicators as unknown[]).length).toBe(5);
  });

  it('answers a division with its parent and children', async () => {
    const res = await request('GET', `/v1/registry/divisions/611000?purpose=${purpose}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: '商洛市', level: 'city', parentCode: '610000' });
    expect((res.json.children as { name: string }[]).map((c) => c.name)).toContain('商州区');
  });
});

describe('identifiers issued under region codes since retired', () => {
  it.each([
    ['412723199010050012', '412723 商水县 of 周口地区, until 2000'],
    ['612522197001011231', '612522 洛南县 of 商洛地区, until 2001'],
  ])('looks up the citizen ID %s (%s): not in the sample, not refused', async (id) => {
    const res = await request('GET', `/v1/registry/people/${id}?purpose=${purpose}`);
    expect(res.status).toBe(404);
  });

  it('looks up a credit code registered under 120224 (宝坻县, until 2001)', async () => {
    const res = await request('GET', `/v1/registry/companies/91120224064012553U?purpose=${purpose}`);
    expect(res.status).toBe(404);
  });

  it('keeps divisions and series to the divisions of today', async () => {
    const division = await request('GET', `/v1/registry/divisions/412723?purpose=${purpose}`);
    expect(division.status).toBe(404);
    const series = await request(
      'GET',
      `/v1/registry/macro/series?indicator=gdp&region=412723&from=2025Q1&purpose=${purpose}`,
    );
    expect(series.status).toBe(400);
  });
});

describe('refusals', () => {
  it.each([
    ['invalid-length', '61100219900101123', 'length'],
    ['invalid-format', '61100219900101123x', 'format'],
    ['invalid-check', '611002199001011230', 'checkDigit'],
    ['invalid-date', '611002199002301234', 'birthDate'],
    ['invalid-region', '999999199001011234', 'region'],
  ])('refuses %s citizen IDs with the failed check named (400)', async (label, id, check) => {
    const res = await request('GET', `/v1/registry/people/${id}?purpose=${purpose}`, { label });
    expect(res.status).toBe(400);
    expect((res.json.errors as { path: string; message: string }[])[0]).toMatchObject({
      path: 'params.citizenId',
      message: expect.stringMatching(new RegExp(`^${check}:`)),
    });
  });

  it('refuses an invalid credit code, naming the check', async () => {
    const bad = `${company.creditCode.slice(0, 17)}${company.creditCode[17] === '0' ? '1' : '0'}`;
    const res = await request('GET', `/v1/registry/companies/${bad}?purpose=${purpose}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.errors)).toMatch(/checkDigit/);
  });

  it('refuses a batch of 101', async () => {
    const ids = Array.from({ length: 101 }, () => person.citizenId);
    const res = await request('POST', '/v1/registry/people/batch', {
      body: { ids, purpose: '救助' },
      label: 'batch-101',
    });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: 'body.ids', message: expect.stringContaining('101') }]);
  });

  it('refuses a query without purpose', async () => {
    const res = await request('GET', `/v1/registry/people/${person.citizenId}`, { label: 'no-purpose' });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: 'query.purpose', message: expect.any(String) }]);
  });

  it('refuses items outside the grant (403)', async () => {
    const res = await request(
      'GET',
      `/v1/registry/people/${person.citizenId}?purpose=${purpose}&items=name,ethnicity`,
      {
        label: 'outside',
      },
    );
    expect(res.status).toBe(403);
    expect(res.json.detail).toMatch(/items-outside-grant.*ethnicity/);
  });

  it.each([
    ['test-expired', 'expired'],
    ['test-revoked', 'revoked'],
    ['test-other-unit', 'other-unit'],
    ['no-such-grant', 'no-grant'],
  ])('refuses the grant %s with its reason (403)', async (grant, reason) => {
    const res = await request(
      'GET',
      `/v1/registry/people/${person.citizenId}?purpose=${purpose}&grant=${grant}`,
      {
        label: grant,
      },
    );
    expect(res.status).toBe(403);
    expect(res.json.detail).toMatch(new RegExp(`^${reason}:`));
  });

  it('refuses a unit without any grant', async () => {
    const other = await tokenFor('finance-clerk');
    const res = await request('GET', `/v1/registry/people/${person.citizenId}?purpose=${purpose}`, {
      token: other,
    });
    expect(res.status).toBe(403);
  });

  it('stops at the daily quota with 429, Retry-After and when it resets', async () => {
    const path = `/v1/registry/people/${person.citizenId}?purpose=${purpose}&grant=test-quota`;
    for (let i = 0; i < 3; i++) expect((await request('GET', path)).status).toBe(200);
    const res = await request('GET', path, { label: 'quota' });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.json.type).toBe('urn:govshare:problem:quota-exceeded');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Date.parse(res.json.resetsAt as string)).toBeGreaterThan(Date.now());
  });

  it('lets concurrent callers take no more than the quota between them', async () => {
    const path = `/v1/registry/people/${person.citizenId}?purpose=${purpose}&grant=test-race`;
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () => request('GET', path).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('refuses a grant revoked after use at once, and the refused query keeps none of its quota', async () => {
    const grants = dynamoGrantStore(dynamo(), process.env.TABLE_CATALOGUE as string);
    await grants.put(testGrant('test-revoked-later', { dailyQuota: 10 }));
    const path = `/v1/registry/people/${person.citizenId}?purpose=${purpose}&grant=test-revoked-later`;
    expect((await request('GET', path)).status).toBe(200);
    await grants.revoke('test-revoked-later', new Date().toISOString());
    // The instance has seen this grant usable, so it charges the quota before the fresh grant is back.
    const res = await request('GET', path, { label: 'test-revoked-later' });
    expect(res.status).toBe(403);
    expect(res.json.detail).toMatch(/^revoked:/);
    const { Item } = await dynamo().send(
      new GetCommand({
        TableName: process.env.TABLE_REGISTRY as string,
        Key: { pk: 'QUOTA#test-revoked-later', sk: `DAY#${cstDay(new Date())}` },
        ConsistentRead: true,
      }),
    );
    expect(Item?.count).toBe(1);
  });

  it('records every query, refusals included, in the audit trail', async () => {
    const seen = await auditEventsByLabel(local, {
      provider: '611000105',
      token: adminToken,
      correlationIds,
    });
    expect([...seen.keys()].sort()).toEqual(Object.keys(correlationIds).sort());
    expect(seen.get('get')).toMatchObject({
      outcome: 'ok',
      action: 'registry.population.get',
      grantId: SAMPLE_GRANT_IDS.population,
      actor: { unit: SAMPLE_SYSTEM_UNIT, principal: SAMPLE_SYSTEM, kind: 'system' },
      purpose: '最低生活保障申请人身份核验',
      recordCount: 1,
      subjectCount: 1,
    });
    expect(seen.get('quota')).toMatchObject({
      outcome: 'refused',
      problemType: 'urn:govshare:problem:quota-exceeded',
    });
    expect(seen.get('test-revoked')).toMatchObject({
      outcome: 'refused',
      problemType: 'urn:govshare:problem:forbidden',
    });
    expect(seen.get('invalid-region')).toMatchObject({
      outcome: 'refused',
      problemType: 'urn:govshare:problem:validation',
    });
    expect(seen.get('batch-101')).toMatchObject({ outcome: 'refused', subjectCount: 1 });
    expect(JSON.stringify([...seen.values()])).not.toContain(person.citizenId);
  });
});

describe('a unit holding several grants on one resource', () => {
  it('is served under a grant with quota left, and told which grant each query was charged to', async () => {
    const grants = dynamoGrantStore(dynamo(), process.env.TABLE_CATALOGUE as string);
    // Newer than the sample grant, so a query naming no grant looks at these two first, the smaller first.
    await grants.put(testGrant('test-several-1000', { dailyQuota: 1000, validFrom: '2025-06-01T00:00:00Z' }));
    await grants.put(testGrant('test-several-1', { dailyQuota: 1, validFrom: '2025-06-02T00:00:00Z' }));
    const path = `/v1/registry/people/${person.citizenId}?purpose=${purpose}`;
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await request('GET', path));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((a) => a.json.grant)).toEqual([
      'test-several-1',
      'test-several-1000',
      'test-several-1000',
      'test-several-1000',
    ]);
    const batch = await request('POST', '/v1/registry/people/batch', {
      body: { ids: people.slice(0, 2), purpose: '救助审核' },
    });
    expect(batch.status).toBe(200);
    expect(batch.json.grant).toBe('test-several-1000');
    const counted = async (grant: string) =>
      (
        await dynamo().send(
          new GetCommand({
            TableName: process.env.TABLE_REGISTRY as string,
            Key: { pk: `QUOTA#${grant}`, sk: `DAY#${cstDay(new Date())}` },
            ConsistentRead: true,
          }),
        )
      ).Item?.count;
    expect(await counted('test-several-1')).toBe(1);
    expect(await counted('test-several-1000')).toBe(5);
  });
});
