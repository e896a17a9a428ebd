import type { CalendarStore, Principal, Unit } from '@govshare/domain/identity';
import { createTokenVerifier } from '@govshare/functions/platform/auth.ts';
import { readConfig } from '@govshare/functions/platform/config.ts';
import type { JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  directoryOver,
  type HttpHandler,
  ISSUER,
  localEnv,
  makeDevKey,
  memoryStore,
  tokenFor,
} from './support.ts';

/** The identity function's HTTP behaviour over an in-memory store (storage is covered by the integration test). */
const city: Unit = {
  code: '611000000',
  name: '商洛市人民政府',
  shortName: '商政',
  level: 'city',
  kind: 'government',
};
const egov: Unit = {
  code: '611000204',
  name: '商洛市电子政务办公室',
  shortName: '商电政办',
  parentCode: city.code,
  level: 'city',
  kind: 'institution',
};
const admin: Principal = {
  id: 'egov-admin',
  name: '王某甲',
  unitCode: egov.code,
  roles: ['platform-admin'],
  kind: 'person',
};
const newUnit = {
  code: '611000119',
  name: '商洛市退役军人事务局',
  shortName: '商退役',
  parentCode: city.code,
  level: 'city',
  kind: 'department',
};

let key: JWK;
let store: ReturnType<typeof memoryStore>;
let handler: HttpHandler;
let adminToken: string;
let createIdentityHandler: typeof import('@govshare/functions/identity/handler.ts').createIdentityHandler;

beforeAll(async () => {
  key = await makeDevKey();
  Object.assign(process.env, await localEnv(key));
  ({ createIdentityHandler } = await import('@govshare/functions/identity/handler.ts'));
  adminToken = await tokenFor(key, ['platform-admin']);
});

// The calendar's routes are covered by test/integration/identity/calendar.test.ts.
const noCalendar: CalendarStore = {
  listYears: async () => [],
  getYear: async () => undefined,
  putYear: async () => {},
};

const build = async (env: NodeJS.ProcessEnv = process.env) => {
  store = memoryStore([city, egov], [admin]);
  const config = readConfig({ tables: ['identity'] }, env);
  handler = createIdentityHandler({
    config,
    store,
    calendar: noCalendar,
    verifier: await createTokenVerifier(config.auth, directoryOver(store)),
  });
  return handler;
};

const postJson = (path: string, body: unknown, token = adminToken) => ({
  method: 'POST',
  path,
  token,
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('identity over HTTP', () => {
  it('answers health without a token, with a correlation id', async () => {
    const res = await call(await build(), { method: 'GET', path: '/v1/health' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
    expect(res.headers['x-correlation-id']).toMatch(/.+/);
  });

  it('echoes an incoming correlation id, also on errors', async () => {
    const res = await call(await build(), {
      method: 'GET',
      path: '/v1/me',
      headers: { 'X-Correlation-Id': 'abc-123' },
    });
    expect(res.status).toBe(401);
    expect(res.headers['x-correlation-id']).toBe('abc-123');
    expect(res.json.correlationId).toBe('abc-123');
  });

  it('issues a dev token that /v1/me accepts, naming the unit', async () => {
    await build();
    const issued = await call(handler, postJson('/v1/dev/token', { userId: 'egov-admin' }, ''));
    expect(issued.status).toBe(200);
    const me = await call(handler, {
      method: 'GET',
      path: '/v1/me',
      token: issued.json.access_token as string,
    });
    expect(me.status).toBe(200);
    expect(me.json).toEqual({
      subject: 'egov-admin',
      name: '王某甲',
      kind: 'person',
      roles: ['platform-admin'],
      unit: { code: egov.code, name: egov.name, shortName: egov.shortName },
    });
  });

  it('serves the public key at /.well-known/jwks.json without the private part', async () => {
    const res = await call(await build(), { method: 'GET', path: '/.well-known/jwks.json' });
    const [jwk] = res.json.keys as JWK[];
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: key.kid, x: key.x });
    expect(jwk).not.toHaveProperty('d');
  });

  it('refuses a dev token for an unknown user with 404', async () => {
    const res = await call(await build(), postJson('/v1/dev/token', { userId: 'nobody' }, ''));
    expect(res.status).toBe(404);
    expect(res.json.type).toBe('urn:govshare:problem:not-found');
  });

  it('hides the development issuer outside local mode', async () => {
    const env = { ...process.env, GOVSHARE_MODE: 'aws', AUTH_JWKS_URL: `${ISSUER}/jwks` };
    const aws = await build(env);
    expect((await call(aws, postJson('/v1/dev/token', { userId: 'egov-admin' }, ''))).status).toBe(404);
    expect((await call(aws, { method: 'GET', path: '/.well-known/jwks.json' })).status).toBe(404);
    expect((await call(aws, { method: 'GET', path: '/v1/dev/users' })).status).toBe(404);
  });

  it('lists the sample people the console signs in as, with their units and roles (local mode)', async () => {
    const res = await call(await build(), { method: 'GET', path: '/v1/dev/users' });
    expect(res.status).toBe(200);
    const items = res.json.items as { id: string; unit: { code: string; name: string }; roles: string[] }[];
    expect(items.find((user) => user.id === 'market-editor')).toMatchObject({
      unit: { code: '611000201', name: '商洛市市场监督管理局' },
      roles: ['catalogue-editor', 'data-approver'],
    });
    // Systems call the API with tokens of their own: not on the sign-in page.
    expect(items.some((user) => user.id === 'civil-affairs-relief-system')).toBe(false);
  });

  it('creates a unit (201), and a retried identical create returns it (200)', async () => {
    await build();
    const first = await call(handler, postJson('/v1/units', newUnit));
    expect(first.status).toBe(201);
    expect(first.headers.location).toBe(`/v1/units/${newUnit.code}`);
    const again = await call(handler, postJson('/v1/units', newUnit));
    expect(again.status).toBe(200);
    expect(store.writes).toBe(1);
    const got = await call(handler, { method: 'GET', path: `/v1/units/${newUnit.code}`, token: adminToken });
    expect(got.json).toEqual(newUnit);
  });

  it('refuses a different unit under a used code with 409', async () => {
    await build();
    const res = await call(handler, postJson('/v1/units', { ...newUnit, code: egov.code }));
    expect(res.status).toBe(409);
    expect(res.json.type).toBe('urn:govshare:problem:conflict');
  });

  it('lists field-level errors for wrong types and unknown fields, writing nothing', async () => {
    await build();
    const res = await call(
      handler,
      postJson('/v1/units', { ...newUnit, level: 'galaxy', name: 42, colour: 'red' }),
    );
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.json.type).toBe('urn:govshare:problem:validation');
    const paths = (res.json.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['body.colour', 'body.level', 'body.name']);
    expect(store.writes).toBe(0);
  });

  it('refuses a unit whose parent does not exist or sits lower', async () => {
    await build();
    const orphan = await call(handler, postJson('/v1/units', { ...newUnit, parentCode: '999999000' }));
    expect(orphan.status).toBe(400);
    expect(orphan.json.errors).toEqual([{ path: 'parentCode', message: 'no unit has this code' }]);
    const upsideDown = await call(
      handler,
      postJson('/v1/units', { ...newUnit, level: 'province', kind: 'government' }),
    );
    expect(upsideDown.status).toBe(400);
    expect(store.writes).toBe(0);
  });

  it('says what is wrong with malformed JSON (400), a wrong content type (415) and a huge body (413)', async () => {
    await build();
    const malformed = await call(handler, postJson('/v1/units', '{"code": '));
    expect(malformed.status).toBe(400);
    expect(malformed.json.type).toBe('urn:govshare:problem:malformed-json');
    expect(malformed.json.detail).toMatch(/not valid JSON/);
    const text = await call(handler, {
      ...postJson('/v1/units', newUnit),
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const huge = await call(handler, postJson('/v1/units', { ...newUnit, name: 'x'.repeat(300_000) }));
    expect(huge.status).toBe(413);
    expect(store.writes).toBe(0);
  });

  it('validates query parameters, including unknown ones', async () => {
    await build();
    const res = await call(handler, {
      method: 'GET',
      path: '/v1/units',
      token: adminToken,
      query: { limit: 'many', sort: 'name' },
    });
    expect(res.status).toBe(400);
    expect((res.json.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'query.limit',
      'query.sort',
    ]);
  });

  it('lists children of a parent in pages', async () => {
    await build();
    const page1 = await call(handler, {
      method: 'GET',
      path: '/v1/units',
      token: adminToken,
      query: { parent: city.code, limit: '1' },
    });
    expect(page1.json.items).toEqual([egov]);
    expect(page1.json.nextCursor).toBeUndefined();
  });

  it('creates users for existing units only', async () => {
    await build();
    const user = { id: 'new-clerk', name: '李某乙', unitCode: egov.code, roles: ['clerk'], kind: 'person' };
    expect((await call(handler, postJson('/v1/users', user))).status).toBe(201);
    const bad = await call(handler, postJson('/v1/users', { ...user, id: 'other', unitCode: '999999000' }));
    expect(bad.status).toBe(400);
    const unknownRole = await call(
      handler,
      postJson('/v1/users', { ...user, id: 'other', roles: ['emperor'] }),
    );
    expect(unknownRole.status).toBe(400);
    expect((unknownRole.json.errors as { path: string }[])[0]?.path).toBe('body.roles.0');
    const listed = await call(handler, {
      method: 'GET',
      path: '/v1/users',
      token: adminToken,
      query: { unit: egov.code },
    });
    expect((listed.json.items as Principal[]).map((p) => p.id).sort()).toEqual(['egov-admin', 'new-clerk']);
  });

  it('refuses a non-admin creating a unit with 403', async () => {
    await build();
    const clerk = await tokenFor(key, ['clerk']);
    const res = await call(handler, postJson('/v1/units', newUnit, clerk));
    expect(res.status).toBe(403);
    expect(res.json.type).toBe('urn:govshare:problem:forbidden');
    expect(store.writes).toBe(0);
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const res = await call(await build(), { method: 'GET', path: '/v1/nothing' });
    expect(res.status).toBe(404);
    expect(res.json.type).toBe('urn:govshare:problem:no-such-route');
  });

  it('turns an unexpected failure into a generic 500 with the correlation id', async () => {
    await build();
    store.getUnit = async () => {
      throw new Error('disk on fire at /secret/path');
    };
    const res = await call(handler, { method: 'GET', path: '/v1/units/611000000', token: adminToken });
    expect(res.status).toBe(500);
    expect(res.json.detail).not.toMatch(/disk|secret/);
    expect(res.json.correlationId).toBe(res.headers['x-correlation-id']);
  });
});
