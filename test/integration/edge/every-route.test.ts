import { govshare, type RouteSpec } from '@govshare/blueprint';
import { ROLES, type Role } from '@govshare/domain/kernel';
import { dynamoIdentityStore } from '@govshare/functions/identity/identity-store.ts';
import { signDevToken } from '@govshare/functions/platform/auth.ts';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { readConfig } from '@govshare/functions/platform/config.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * Every route of the blueprint, through the local gateway onto the real functions and emulators,
 * without anyone listing them: a route added to a blueprint is walked here too.
 *   1. The role × route matrix: exactly the callers the route table permits get past the route's
 *      guard; the others get 401 (no token) or 403; a validly signed token whose subject the
 *      directory does not know is refused, whatever roles it claims; a disabled user likewise.
 *   2. Hostile input: broken percent-encoding in every path parameter, invalid UTF-8 and
 *      non-characters in query values, prototype keys, forged cursors, invalid UTF-8 bodies:
 *      always a 4xx problem+json naming the field, never a 5xx.
 */
type HttpRoute = { name: string; spec: RouteSpec };
const routes: HttpRoute[] = Object.entries(govshare.functions).flatMap(([name, fn]) =>
  fn.kind === 'http' ? Object.values(fn.routes).map((spec) => ({ name, spec })) : [],
);
const UNIT = '611000204';
const concretePath = (path: string, value = UNIT) => path.replace(/\{[^}]+\}/g, value);
/** The platform's own refusal by route table (a handler's own 403s, e.g. another unit's data, differ). */
const ROUTE_REFUSAL = 'Your roles do not permit this action';

let local: TestPlatform;
const tokens = new Map<string, string>();

async function send(
  method: string,
  path: string,
  init: { token?: string; body?: string | Uint8Array; type?: string } = {},
) {
  const response = await fetch(`${local.platform.apiUrl}${path}`, {
    method,
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined ? { 'content-type': init.type ?? 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    json: (text ? JSON.parse(text) : {}) as { type?: string; detail?: string; errors?: { path: string }[] },
  };
}

const callers: { label: string; roles: Role[] | undefined }[] = [
  { label: 'no token', roles: undefined },
  { label: 'no role', roles: [] },
  ...ROLES.map((role) => ({ label: role, roles: [role] })),
];

beforeAll(async () => {
  local = await startTestPlatform('every-route', { sampleData: false });
  const { auth, tables } = readConfig({ tables: ['identity'] });
  const directory = dynamoIdentityStore(dynamo(), tables.identity);
  await directory.createUnit({
    code: UNIT,
    name: '商洛市电子政务办公室',
    shortName: '商电政办',
    level: 'city',
    kind: 'institution',
  });
  const principals = [
    ...callers.flatMap((c) => (c.roles ? [{ id: `matrix-${c.label}`, roles: c.roles }] : [])),
    { id: 'matrix-everything', roles: [...ROLES] },
    { id: 'matrix-disabled', roles: [...ROLES], disabled: true },
  ];
  for (const { id, roles, ...rest } of principals) {
    await directory.createPrincipal({ id, name: '测试', unitCode: UNIT, roles, kind: 'person', ...rest });
    tokens.set(id, (await signDevToken(auth, { id, unitCode: UNIT, roles, kind: 'person' })).token);
  }
  // Signed by the platform's own issuer, for someone the directory has never heard of.
  tokens.set(
    'intruder',
    (
      await signDevToken(auth, {
        id: 'intruder',
        unitCode: 'X0000',
        roles: ['platform-admin'],
        kind: 'person',
      })
    ).token,
  );
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

/** A refusal is problem+json; CKAN's Action API answers CKAN's own error shape (docs/ckan.md). */
const refusedInItsShape = (path: string, res: { type: string | null; json: unknown }) =>
  res.type === 'application/problem+json' ||
  (path.startsWith('/api/3/') && (res.json as { success?: unknown }).success === false);

/** A test only where it applies (a route without path parameters has none to break). */
const when = (applies: boolean) => (applies ? it : ((() => undefined) as unknown as typeof it));

const permits = (access: RouteSpec['access'], roles: readonly Role[] | undefined) =>
  access === 'public' ||
  (roles !== undefined && (access === 'authenticated' || access.some((role) => roles.includes(role))));

describe.each(routes.map((r) => [`${r.spec.method} ${r.spec.path}`, r] as const))(
  '%s',
  (_label, { spec }) => {
    it('lets exactly the callers the route table permits past its guard', async () => {
      for (const caller of callers) {
        const token = caller.roles ? tokens.get(`matrix-${caller.label}`) : undefined;
        const res = await send(spec.method, concretePath(spec.path), token ? { token } : {});
        const label = `${caller.label}: ${res.status} ${res.json.detail ?? ''}`;
        expect(res.status, label).toBeLessThan(500);
        if (permits(spec.access, caller.roles)) {
          expect(res.status, label).not.toBe(401);
          expect(res.json.detail, label).not.toBe(ROUTE_REFUSAL);
          expect(res.json.type, label).not.toBe('urn:govshare:problem:no-such-route');
        } else {
          expect(res.status, label).toBe(caller.roles === undefined ? 401 : 403);
          expect(res.type, label).toBe('application/problem+json');
        }
      }
    });

    when(spec.access !== 'public')(
      'refuses a signed token of an unknown subject, and a disabled user',
      async () => {
        for (const who of ['intruder', 'matrix-disabled']) {
          const res = await send(spec.method, concretePath(spec.path), { token: tokens.get(who) as string });
          expect(res.status, who).toBe(401);
          expect(res.type).toBe('application/problem+json');
        }
      },
    );

    const token = () => tokens.get('matrix-everything') as string;

    when(spec.path.includes('{'))('refuses broken percent-encoding in its path parameters', async () => {
      for (const broken of ['%FF', '%E4%B8', '%', '%zz']) {
        const res = await send(spec.method, concretePath(spec.path, broken), { token: token() });
        expect(res.status, broken).toBe(400);
        expect(res.type).toBe('application/problem+json');
        expect(res.json.errors?.[0]?.path, broken).toMatch(/^params\./);
      }
    });

    it('refuses invalid UTF-8, non-characters and prototype keys in the query, naming them', async () => {
      const path = concretePath(spec.path);
      for (const [query, field] of [
        ['purpose=%FF', 'query.purpose'],
        ['q=%C0%AF', 'query.q'],
        ['purpose=%EF%BF%BE', 'query.purpose'],
        ['__proto__=x', 'query.__proto__'],
        ['constructor=x', 'query.constructor'],
        ['prototype=x', 'query.prototype'],
      ] as const) {
        const res = await send(spec.method, `${path}?${query}`, { token: token() });
        expect(res.status, query).toBe(400);
        expect(res.type).toBe('application/problem+json');
        expect(
          res.json.errors?.map((e) => e.path),
          query,
        ).toContain(field);
      }
    });

    it('never fails on a forged cursor or on text outside the BMP', async () => {
      const path = concretePath(spec.path);
      for (const query of [
        'cursor=e30',
        'cursor=bnVsbA',
        'cursor=%E2%9C%93',
        `purpose=${encodeURIComponent('核查𠀀😀')}`,
      ]) {
        const res = await send(spec.method, `${path}?${query}`, { token: token() });
        expect(res.status, query).toBeLessThan(500);
        expect(res.status < 400 || refusedInItsShape(spec.path, res), query).toBe(true);
      }
    });

    when(spec.method === 'POST' || spec.method === 'PUT')(
      'refuses a body that is not UTF-8, or holds prototype keys or non-characters, never failing',
      async () => {
        const path = concretePath(spec.path);
        const notUtf8 = await send(spec.method, path, {
          token: token(),
          body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
        });
        expect(notUtf8.status).toBe(400);
        expect(notUtf8.json.errors?.map((e) => e.path)).toEqual(['body']);
        for (const body of [
          '{"prototype":{"x":1}}',
          '{"constructor":{"x":1}}',
          '{"__proto__":{"x":1}}',
          '{"a":"\\uFFFF"}',
        ]) {
          const res = await send(spec.method, path, { token: token(), body });
          expect(res.status, body).toBeLessThan(500);
        }
      },
    );
  },
);

it('walks every route of the blueprint (45 and counting)', () => {
  expect(routes.length).toBeGreaterThanOrEqual(45);
});

describe('requests the gateway itself refuses', () => {
  it('answers oversized headers with 431 problem+json, not an empty body', async () => {
    const res = await fetch(`${local.platform.apiUrl}/v1/health`, {
      headers: { 'x-padding': 'x'.repeat(64 * 1024) },
    });
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });
  });
});

describe('forged cursors on the listing routes', () => {
  it.each([
    ['/v1/units'],
    [`/v1/users?unit=${UNIT}`],
    ['/v1/catalogue/resources'],
    ['/v1/catalogue/dcat'],
    ['/v1/catalogue/search'],
    [`/v1/audit/provider/${UNIT}/events`],
  ])('%s refuses one by name', async (path) => {
    const token = tokens.get('matrix-everything') as string;
    for (const cursor of ['e30', 'bnVsbA', 'WzEsMl0', 'eyJzaGFyZCI6OTl9', 'not base64!']) {
      const res = await send(
        'GET',
        `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`,
        {
          token,
        },
      );
      expect(res.status, `${path} ${cursor}`).toBe(400);
      expect(
        res.json.errors?.map((e) => e.path),
        cursor,
      ).toContain('query.cursor');
    }
  });
});
