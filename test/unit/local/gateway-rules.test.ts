import type { Blueprint } from '@govshare/blueprint';
import { localFunctions } from '@govshare/local';
import { describe, expect, it } from 'vitest';
import { compileRoutes, matchRoute, toResponse } from '../../../packages/local/src/gateway.ts';

const blueprint: Blueprint = {
  name: 't',
  tables: {},
  buckets: {},
  queues: {},
  functions: {
    a: {
      kind: 'http',
      entry: 'nowhere.ts',
      description: 'routes only',
      routes: {
        r1: { method: 'GET', path: '/v1/units/{code}', access: 'public', summary: '' },
        r2: { method: 'GET', path: '/v1/units/mine', access: 'public', summary: '' },
        r3: { method: 'GET', path: '/files/{key+}', access: 'public', summary: '' },
        r4: { method: 'GET', path: '/files/index', access: 'public', summary: '' },
      },
    },
  },
};
const routes = compileRoutes(blueprint, localFunctions(blueprint));

describe('route matching', () => {
  it('prefers literal segments, then parameters, then greedy paths', () => {
    expect(matchRoute(routes, 'GET', '/v1/units/mine')?.route.routeKey).toBe('GET /v1/units/mine');
    expect(matchRoute(routes, 'GET', '/v1/units/3301')).toMatchObject({
      route: { routeKey: 'GET /v1/units/{code}' },
      pathParameters: { code: '3301' },
    });
    expect(matchRoute(routes, 'GET', '/files/index')?.route.routeKey).toBe('GET /files/index');
    expect(matchRoute(routes, 'GET', '/files/a/b%2Fc.pdf')?.pathParameters).toEqual({ key: 'a/b/c.pdf' });
  });

  it('matches no other method and no partial path', () => {
    expect(matchRoute(routes, 'POST', '/v1/units/3301')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/v1/units/3301/extra')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/v1/units/')).toBeUndefined();
  });
});

describe('payload 2.0 response rules', () => {
  it('takes a result with statusCode as the response', () => {
    expect(toResponse({ statusCode: 204 })).toEqual({ statusCode: 204 });
    expect(toResponse({ statusCode: 200, body: { a: 1 } })).toMatchObject({ body: '{"a":1}' });
  });

  it('turns any other value into 200 JSON', () => {
    expect(toResponse({ a: 1 })).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(toResponse('plain')).toMatchObject({ statusCode: 200, body: 'plain' });
  });

  it('rejects a statusCode that is not a number', () => {
    expect(() => toResponse({ statusCode: '200' })).toThrow();
  });
});
