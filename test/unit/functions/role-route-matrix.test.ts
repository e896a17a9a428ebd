import { fileURLToPath } from 'node:url';
import { govshare, type RouteSpec } from '@govshare/blueprint';
import { ROLES, type Role } from '@govshare/domain/kernel';
import type { JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, type HttpHandler, localEnv, makeDevKey, signToken } from './support.ts';

/**
 * Walks every route of every HTTP function in the blueprint with no token and with a token for
 * each role (and one with no role), calling the function's real exported handler, and checks
 * that exactly the callers the blueprint permits get past authentication and authorization.
 */
const httpFunctions = Object.entries(govshare.functions).filter(
  (
    entry,
  ): entry is [string, (typeof entry)[1] & { kind: 'http'; routes: Readonly<Record<string, RouteSpec>> }] =>
    entry[1].kind === 'http',
);

const permits = (access: RouteSpec['access'], roles: readonly Role[] | undefined) => {
  if (access === 'public') return true;
  if (roles === undefined) return false;
  if (access === 'authenticated') return true;
  return access.some((role) => roles.includes(role));
};

const concretePath = (path: string) => path.replace(/\{[^}]+\}/g, '611000204');

let key: JWK;
const handlers = new Map<string, HttpHandler>();
const tokens = new Map<string, string>();
const callers: { label: string; roles: Role[] | undefined }[] = [
  { label: 'no token', roles: undefined },
  { label: 'no role', roles: [] },
  ...ROLES.map((role) => ({ label: role, roles: [role] })),
];

beforeAll(async () => {
  key = await makeDevKey();
  Object.assign(process.env, await localEnv(key));
  for (const [name, fn] of httpFunctions) {
    const entry = fileURLToPath(new URL(`../../../${fn.entry}`, import.meta.url));
    const module = (await import(entry)) as { handler: HttpHandler };
    handlers.set(name, module.handler);
  }
  for (const caller of callers) {
    if (caller.roles) tokens.set(caller.label, await signToken(key, { roles: caller.roles }));
  }
});

describe.each(httpFunctions)('function %s', (name, fn) => {
  it('has at least one route', () => expect(Object.values(fn.routes).length).toBeGreaterThan(0));

  describe.each(Object.values(fn.routes).map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s',
    (_label, spec) => {
      it.each(callers.map((c) => [c.label, c] as const))('caller: %s', async (_caller, caller) => {
        const handler = handlers.get(name);
        if (!handler) throw new Error(`no handler for ${name}`);
        const token = tokens.get(caller.label);
        const response = await call(handler, {
          method: spec.method,
          path: concretePath(spec.path),
          ...(token ? { token } : {}),
        });
        if (permits(spec.access, caller.roles)) {
          expect([401, 403]).not.toContain(response.status);
          // The handler must serve every route the blueprint declares.
          expect(response.json.type).not.toBe('urn:govshare:problem:no-such-route');
        } else {
          expect(response.status).toBe(caller.roles === undefined ? 401 : 403);
          expect(response.headers['content-type']).toBe('application/problem+json');
        }
      });
    },
  );
});
