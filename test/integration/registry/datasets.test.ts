import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import { cstDay } from '@govshare/domain/kernel';
import { type Company, maskName, SAMPLE_CITY_CODE } from '@govshare/domain/registry';
import type { Grant } from '@govshare/domain/sharing';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { fileResponse, rowsResponse } from '@govshare/functions/registry/routes/datasets.ts';
import { sampleCompanies, sampleGeography } from '@govshare/functions/registry/sample.ts';
import { sampleDivisions } from '@govshare/functions/registry/seed.ts';
import { dynamoGrantStore } from '@govshare/functions/sharing/grant-store.ts';
import { SAMPLE_GRANT_IDS, SAMPLE_SYSTEM, sampleGrants } from '@govshare/functions/sharing/seed.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventsByLabel } from '../../support/audit-events.ts';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * Datasets as consumers use them, on the real local platform: 市场监管局 loads a CSV of its legal
 * entities; 民政局's relief system (which holds a grant on them) downloads the granted columns and
 * queries rows by key and filters, masked, metered and audited.
 */
let local: TestPlatform;
const tokens: Record<string, string> = {};
const SEG = '102-000001';
const MARKET = '611000201';
const purpose = encodeURIComponent('救助对象名下企业核查');
let requestNumber = 0;
const correlationIds: Record<string, string> = {};
let companies: Company[];
let version1: string;

const call = (path: string, { user = SAMPLE_SYSTEM, label }: { user?: string; label?: string } = {}) => {
  const correlationId = `datasets-test-${process.pid}-${++requestNumber}`;
  if (label) correlationIds[label] = correlationId;
  return local.request('GET', path, { token: tokens[user], headers: { 'x-correlation-id': correlationId } });
};

const csvOf = (rows: readonly Company[]) => {
  const items = BASE_RESOURCES.legalEntities.items.map((i) => i.name);
  const field = (v: unknown) =>
    /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v);
  return `${[items.join(','), ...rows.map((r) => items.map((i) => field(r[i as keyof Company])).join(','))].join('\n')}\n`;
};

/** Loads a CSV as market-editor through the upload routes; the upload id once it is loaded. */
async function load(code: string, file: string, format: 'csv' | 'jsonl' = 'csv'): Promise<string> {
  const seg = code.replace('/', '-');
  const started = await local.request('POST', `/v1/catalogue/resources/${seg}/datasets/uploads`, {
    token: tokens['market-editor'],
    body: { format },
  });
  expect(started.status).toBe(201);
  expect((await fetch(started.json.uploadUrl, { method: 'PUT', body: file })).status).toBe(200);
  const id = started.json.upload.id as string;
  const path = `/v1/catalogue/resources/${seg}/datasets/uploads/${id}`;
  expect((await local.request('POST', `${path}/complete`, { token: tokens['market-editor'] })).status).toBe(
    202,
  );
  for (let attempt = 0; attempt < 150; attempt++) {
    const res = await local.request('GET', path, { token: tokens['market-editor'] });
    if (res.json.status === 'loaded') return id;
    if (res.json.status === 'rejected') throw new Error(`upload rejected: ${JSON.stringify(res.json)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`upload ${id} did not finish`);
}

const quotaCount = async (grantId: string) => {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: process.env.TABLE_REGISTRY as string,
      Key: { pk: `QUOTA#${grantId}`, sk: `DAY#${cstDay(new Date())}` },
    }),
  );
  return (Item?.count as number | undefined) ?? 0;
};

const rowsPath = (query: string) =>
  `/v1/catalogue/resources/${SEG}/datasets/rows?purpose=${purpose}&${query}`;

beforeAll(async () => {
  local = await startTestPlatform('datasets', { sampleData: true });
  for (const user of [SAMPLE_SYSTEM, 'market-editor', 'stats-editor', 'egov-admin']) {
    tokens[user] = await local.tokenFor(user);
  }
  const geo = sampleGeography(await sampleDivisions(), SAMPLE_CITY_CODE);
  // Another seed than the registry's sample: rows of this dataset only.
  companies = [...sampleCompanies(40, geo, 7)];
  version1 = await load(BASE_RESOURCES.legalEntities.code, csvOf(companies.slice(0, 30)));
  // A grant of the relief system without the address, named by `grant=` where a test needs it.
  const grants = dynamoGrantStore(dynamo(), process.env.TABLE_CATALOGUE as string);
  const template = sampleGrants()[1] as Grant;
  const { requestId: _request, ...terms } = template;
  await grants.put({
    ...terms,
    id: 'test-no-address',
    items: template.items.filter((i) => i !== 'address'),
    validFrom: '2024-01-01T00:00:00Z',
  });
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

describe('a loaded dataset, as the relief system uses it', () => {
  it('downloads the granted columns as a file, masked', async () => {
    const res = await call(
      `/v1/catalogue/resources/${SEG}/datasets/file?purpose=${purpose}&items=creditCode,legalRepresentative,foundingDate`,
      { label: 'file' },
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      version: { id: version1, rows: 30 },
      items: ['creditCode', 'legalRepresentative', 'foundingDate'],
      masked: ['legalRepresentative'],
      format: 'csv',
      grant: SAMPLE_GRANT_IDS.legalEntities,
    });
    expect(fileResponse.safeParse(res.json).error?.issues ?? []).toEqual([]);
    const file = await (await fetch(res.json.url)).text();
    const lines = file.trimEnd().split('\n');
    expect(lines[0]).toBe('creditCode,legalRepresentative,foundingDate');
    expect(lines.slice(1)).toEqual(
      companies
        .slice(0, 30)
        .map((c) => `${c.creditCode},${maskName(c.legalRepresentative)},${c.foundingDate}`),
    );
    // Made once per view: the second download is the same file.
    const again = await call(
      `/v1/catalogue/resources/${SEG}/datasets/file?purpose=${purpose}&items=creditCode,legalRepresentative,foundingDate`,
    );
    expect(await (await fetch(again.json.url)).text()).toBe(file);
  });

  it('queries rows by key, masked, and counts them against the quota', async () => {
    const before = await quotaCount(SAMPLE_GRANT_IDS.legalEntities);
    const wanted = companies[7] as Company;
    const res = await call(rowsPath(`where.creditCode=${wanted.creditCode}`), { label: 'by-key' });
    expect(res.status).toBe(200);
    expect(res.json.version.id).toBe(version1);
    expect(res.json.rows).toEqual([
      {
        ...wanted,
        legalRepresentative: maskName(wanted.legalRepresentative),
      },
    ]);
    expect(res.json.nextCursor).toBeUndefined();
    expect(rowsResponse.safeParse(res.json).error?.issues ?? []).toEqual([]);
    expect(await quotaCount(SAMPLE_GRANT_IDS.legalEntities)).toBe(before + 1);
  });

  it('filters by equality and ranges, paged by cursor', async () => {
    const from = '2010-01-01';
    const expected = companies
      .slice(0, 30)
      .filter((c) => c.foundingDate >= from && c.registeredCapital >= 100)
      .map((c) => c.creditCode)
      .sort();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await call(
        rowsPath(
          `where.foundingDate.from=${from}&where.registeredCapital.from=100&limit=4&items=creditCode,foundingDate${cursor ? `&cursor=${cursor}` : ''}`,
        ),
      );
      expect(res.status).toBe(200);
      expect(res.json.rows.length).toBeLessThanOrEqual(4);
      for (const row of res.json.rows) expect(Object.keys(row)).toEqual(['creditCode', 'foundingDate']);
      seen.push(...res.json.rows.map((r: { creditCode: string }) => r.creditCode));
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(expected);
    const status = await call(rowsPath(`where.status=${encodeURIComponent('存续')}&limit=100`));
    expect(status.json.rows.length).toBe(companies.slice(0, 30).filter((c) => c.status === '存续').length);
  });

  it('never mixes versions: a reader paging through keeps its version while the next one loads', async () => {
    const first = await call(rowsPath('limit=5&items=creditCode'));
    expect(first.json.version.id).toBe(version1);
    const version2 = await load(BASE_RESOURCES.legalEntities.code, csvOf(companies.slice(30)));
    const old = new Set(companies.slice(0, 30).map((c) => c.creditCode));
    const seen: string[] = first.json.rows.map((r: { creditCode: string }) => r.creditCode);
    let cursor: string | undefined = first.json.nextCursor;
    while (cursor) {
      const page = await call(rowsPath(`limit=5&items=creditCode&cursor=${cursor}`));
      expect(page.json.version.id).toBe(version1);
      seen.push(...page.json.rows.map((r: { creditCode: string }) => r.creditCode));
      cursor = page.json.nextCursor;
    }
    expect(seen.length).toBe(30);
    expect(seen.every((code) => old.has(code))).toBe(true);
    const fresh = await call(rowsPath('limit=100&items=creditCode'));
    expect(fresh.json.version.id).toBe(version2);
    expect(fresh.json.rows.map((r: { creditCode: string }) => r.creditCode).sort()).toEqual(
      companies
        .slice(30)
        .map((c) => c.creditCode)
        .sort(),
    );
    // The earlier version stays readable by name.
    const named = await call(rowsPath(`version=${version1}&where.creditCode=${companies[0]?.creditCode}`));
    expect(named.json.rows).toHaveLength(1);
  });

  it('refuses bad input naming the field, counting nothing', async () => {
    const before = await quotaCount(SAMPLE_GRANT_IDS.legalEntities);
    const beforeNoAddress = await quotaCount('test-no-address');
    const forged = Buffer.from(
      JSON.stringify({ v: version1, s: 0, k: { pk: 'DATASET#101/000001#x#0', sk: 'K#x' } }),
    ).toString('base64url');
    const cases: [string, string][] = [
      ['version=00000000-0000-4000-8000-000000000000', 'query.version'],
      ['where.nickname=x', 'query.where.nickname'],
      ['grant=test-no-address&where.address=x', 'query.where.address'],
      ['where.status.from=a', 'query.where.status.from'],
      ['where.registeredCapital=lots', 'query.where.registeredCapital'],
      ['where.foundingDate.to=2020-13-01', 'query.where.foundingDate.to'],
      [
        'where.foundingDate.from=2020-01-01&where.foundingDate.to=2019-01-01',
        'query.where.foundingDate.from',
      ],
      ['where.creditCode=91611000XXXXXXXXX1', 'query.where.creditCode'],
      ['limit=1000', 'query.limit'],
      ['cursor=not-a-cursor', 'query.cursor'],
      [`cursor=${forged}`, 'query.cursor'],
      ['colour=red', 'query.colour'],
    ];
    for (const [query, path] of cases) {
      const res = await call(rowsPath(query), { label: `bad ${path}` });
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(
        (res.json.errors ?? res.json.issues ?? []).map((i: { path?: string; pointer?: string }) => i.path),
        query,
      ).toContain(path);
    }
    const file = await call(
      `/v1/catalogue/resources/${SEG}/datasets/file?purpose=${purpose}&version=nope-nope-nope`,
    );
    expect(file.status).toBe(400);
    expect(await quotaCount(SAMPLE_GRANT_IDS.legalEntities)).toBe(before);
    expect(await quotaCount('test-no-address')).toBe(beforeNoAddress);
  });

  it('serves an unconditional resource to any unit, as JSON Lines if loaded so; refuses a unit without a grant', async () => {
    const company = companies[0] as Company;
    await load(
      '301201/000001',
      `${JSON.stringify({ creditCode: company.creditCode, entityName: company.name, licenseDate: '2020-01-02', registrationStatus: '存续' })}\n`,
      'jsonl',
    );
    const open = await call('/v1/catalogue/resources/301201-000001/datasets/rows?purpose=x', {
      user: 'stats-editor',
    });
    expect(open.status).toBe(200);
    expect(open.json.rows).toEqual([
      {
        creditCode: company.creditCode,
        entityName: company.name,
        licenseDate: '2020-01-02',
        registrationStatus: '存续',
      },
    ]);
    const file = await call(
      '/v1/catalogue/resources/301201-000001/datasets/file?purpose=x&items=creditCode,licenseDate',
      { user: 'stats-editor' },
    );
    expect(file.json).toMatchObject({ format: 'jsonl', masked: [] });
    expect(await (await fetch(file.json.url)).text()).toBe(
      `${JSON.stringify({ creditCode: company.creditCode, licenseDate: '2020-01-02' })}\n`,
    );
    const refused = await call(rowsPath('limit=1'), { user: 'stats-editor' });
    expect(refused.status).toBe(403);
  });

  it('records every query in the audit trail of the provider', async () => {
    const seen = await auditEventsByLabel(local, {
      provider: MARKET,
      token: tokens['egov-admin'] as string,
      correlationIds,
    });
    const wanted = new Set(Object.keys(correlationIds));
    // A page over its limit is refused by its shape, before the query (and its audit) starts.
    wanted.delete('bad query.limit');
    expect([...seen.keys()].sort()).toEqual([...wanted].sort());
    expect(seen.get('file')).toMatchObject({
      action: 'registry.dataset.file',
      outcome: 'ok',
      grantId: SAMPLE_GRANT_IDS.legalEntities,
      recordCount: 30,
      items: ['creditCode', 'legalRepresentative', 'foundingDate'],
    });
    expect(seen.get('by-key')).toMatchObject({
      action: 'registry.dataset.rows',
      outcome: 'ok',
      recordCount: 1,
      subjectCount: 1,
    });
    expect(seen.get('bad query.where.address')).toMatchObject({
      outcome: 'refused',
      problemType: 'urn:govshare:problem:validation',
    });
    expect(JSON.stringify([...seen.values()])).not.toContain(companies[7]?.creditCode);
  });
});
