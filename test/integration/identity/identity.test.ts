import { CITY_GOVERNMENT, EGOV_OFFICE, sampleUnits } from '@govshare/functions/identity/sample-directory.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSampleData } from '../../../packages/local/src/seed/index.ts';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/** The identity function over HTTP, on the real local platform (DynamoDB Local, the gateway, sample data). */
let local: TestPlatform;
let adminToken: string;

const request: TestPlatform['request'] = (...args) => local.request(...args);
const tokenFor = (userId: string) => local.tokenFor(userId);

const newUnit = {
  code: '611000119',
  name: '商洛市退役军人事务局',
  shortName: '商退役',
  parentCode: CITY_GOVERNMENT,
  level: 'city',
  kind: 'department',
};

beforeAll(async () => {
  local = await startTestPlatform('identity', { sampleData: true });
  adminToken = await tokenFor('egov-admin');
});

afterAll(async () => {
  await local?.stop();
});

describe('identity on the local platform', () => {
  it('answers health without a token', async () => {
    const res = await request('GET', '/v1/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-correlation-id')).toBeTruthy();
  });

  it('loads the sample data only once', async () => {
    // As the test platform loaded it: without the exchange's sample documents (seed.test.ts covers those).
    await expect(seedSampleData({ documents: false })).resolves.toMatchObject({ created: 0 });
  });

  it('tells egov-admin who they are, with their unit from the store', async () => {
    const res = await request('GET', '/v1/me', { token: adminToken });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      subject: 'egov-admin',
      roles: ['platform-admin'],
      kind: 'person',
      unit: { code: EGOV_OFFICE, name: '商洛市电子政务办公室', shortName: '商电政办' },
    });
  });

  it('refuses a forged token with 401 problem+json', async () => {
    const [header, payload] = adminToken.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(86)}`;
    const res = await request('GET', '/v1/me', { token: forged });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(res.json.type).toBe('urn:govshare:problem:unauthorized');
  });

  it('creates a unit, answers a retried create with the same unit, and refuses a different one under its code', async () => {
    const created = await request('POST', '/v1/units', { token: adminToken, body: newUnit });
    expect(created.status).toBe(201);
    expect(created.json).toEqual(newUnit);
    expect((await request('POST', '/v1/units', { token: adminToken, body: newUnit })).status).toBe(200);
    const fetched = await request('GET', `/v1/units/${newUnit.code}`, { token: adminToken });
    expect(fetched.json).toEqual(newUnit);
    const duplicate = await request('POST', '/v1/units', {
      token: adminToken,
      body: { ...newUnit, name: '别的局' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.type).toBe('urn:govshare:problem:conflict');
  });

  it('creates a user in the new unit, who can then get a token', async () => {
    const user = {
      id: 'veterans-clerk',
      name: '孙某甲',
      unitCode: newUnit.code,
      roles: ['clerk'],
      kind: 'person',
    };
    expect((await request('POST', '/v1/users', { token: adminToken, body: user })).status).toBe(201);
    const listed = await request('GET', `/v1/users?unit=${newUnit.code}`, { token: adminToken });
    expect(listed.json.items).toEqual([user]);
    const me = await request('GET', '/v1/me', { token: await tokenFor('veterans-clerk') });
    expect(me.json).toMatchObject({ subject: 'veterans-clerk', unit: { code: newUnit.code } });
  });

  it('refuses a bad body with field-level errors and writes nothing', async () => {
    const bad = { ...newUnit, code: '611000120', level: 'galaxy', shortName: 7 };
    const res = await request('POST', '/v1/units', { token: adminToken, body: bad });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((res.json.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'body.level',
      'body.shortName',
    ]);
    expect((await request('GET', '/v1/units/611000120', { token: adminToken })).status).toBe(404);
  });

  it('refuses an unknown field', async () => {
    const res = await request('POST', '/v1/units', {
      token: adminToken,
      body: { ...newUnit, code: '611000121', budget: 100 },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: 'body.budget', message: 'is not a known field' }]);
    expect((await request('GET', '/v1/units/611000121', { token: adminToken })).status).toBe(404);
  });

  it('refuses malformed JSON, naming the problem', async () => {
    const res = await request('POST', '/v1/units', { token: adminToken, body: '{"code": "611000122",' });
    expect(res.status).toBe(400);
    expect(res.json.type).toBe('urn:govshare:problem:malformed-json');
    expect(res.json.detail).toMatch(/not valid JSON/);
  });

  it('refuses a unit created by someone who is not a platform admin', async () => {
    const clerkToken = await tokenFor('office-clerk');
    const res = await request('POST', '/v1/units', {
      token: clerkToken,
      body: { ...newUnit, code: '611000123' },
    });
    expect(res.status).toBe(403);
    expect(res.json.type).toBe('urn:govshare:problem:forbidden');
    expect((await request('GET', '/v1/units/611000123', { token: adminToken })).status).toBe(404);
  });

  it('pages through the children of the city government with an opaque cursor', async () => {
    const expected = sampleUnits.filter((u) => u.parentCode === CITY_GOVERNMENT).map((u) => u.code);
    expected.push(newUnit.code);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = new URLSearchParams({
        parent: CITY_GOVERNMENT,
        limit: '10',
        ...(cursor ? { cursor } : {}),
      });
      const res = await request('GET', `/v1/units?${query}`, { token: adminToken });
      expect(res.status).toBe(200);
      seen.push(...(res.json.items as { code: string }[]).map((u) => u.code));
      cursor = res.json.nextCursor as string | undefined;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBeGreaterThan(1);
    expect(seen.sort()).toEqual(expected.sort());
  });

  it('refuses a tampered cursor with 400', async () => {
    const res = await request('GET', `/v1/units?cursor=${Buffer.from('{"pk":"x"}').toString('base64url')}`, {
      token: adminToken,
    });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: 'query.cursor', message: 'is not a cursor of this list' }]);
  });

  it("lists the people of the caller's own unit (to name a handler), and refuses another unit's", async () => {
    const clerk = await tokenFor('chengguan-clerk');
    const own = await request('GET', '/v1/units/611002001000/people?limit=100', { token: clerk });
    expect(own.status).toBe(200);
    const people = own.json.items as { id: string; name: string; roles: string[] }[];
    expect(people.map((p) => p.id)).toEqual(
      expect.arrayContaining(['chengguan-handler', 'chengguan-leader']),
    );
    expect(people.find((p) => p.id === 'chengguan-handler')?.roles).toEqual(['handler']);
    // Only who and what they do: no external subjects, no kinds.
    expect(Object.keys(people[0] ?? {}).sort()).toEqual(['id', 'name', 'roles']);
    const other = await request('GET', '/v1/units/611002100000/people', { token: clerk });
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toContain('problem+json');
    const bad = await request('GET', '/v1/units/611002001000/people?limit=0', { token: clerk });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('query.limit');
  });
});
