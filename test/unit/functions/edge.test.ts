import { readConfig } from '@govshare/functions/platform/config.ts';
import { disallowedCharacter, strictQuery } from '@govshare/functions/platform/edge.ts';
import { httpFunction, route } from '@govshare/functions/platform/http.ts';
import { createLogger } from '@govshare/functions/platform/logger.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { call, type HttpHandler, httpEvent, lambdaContext, localEnv, makeDevKey } from './support.ts';

/**
 * The edge every route shares (platform/edge.ts, applied by platform/http.ts): what the web sends,
 * hostile or broken, is a 400 naming the field before any route code runs, never a 500 and never
 * silently accepted.
 */
const lookup = {
  method: 'GET',
  path: '/v1/things/{id}',
  access: 'authenticated',
  summary: 'a route with params and a strict query',
} as const;
const create = {
  method: 'POST',
  path: '/v1/things',
  access: 'authenticated',
  summary: 'a strict body',
} as const;

let handler: HttpHandler;
const seen: unknown[] = [];

beforeAll(async () => {
  const config = readConfig({}, await localEnv(await makeDevKey()));
  handler = httpFunction(
    { description: 'edge test', routes: { lookup, create } },
    [
      route(lookup, {
        params: z.strictObject({ id: z.string().max(64) }),
        query: z.strictObject({ purpose: z.string().max(200).optional(), cursor: z.string().optional() }),
        response: { status: 200, body: z.object({ params: z.unknown(), query: z.unknown() }) },
        handle: async (input) => {
          seen.push(input);
          return { status: 200, body: { params: input.params, query: input.query } };
        },
      }),
      route(create, {
        body: z.strictObject({ name: z.string().max(50), tags: z.array(z.string()).optional() }),
        response: { status: 201, body: z.unknown() },
        handle: async (input) => {
          seen.push(input);
          return { status: 201, body: input.body };
        },
      }),
    ],
    {
      config,
      logger: createLogger('edge-test'),
      verifier: { verify: async () => ({ subject: 's', unit: '611000204', roles: [], kind: 'person' }) },
    },
  ) as HttpHandler;
});

/** Calls with the query string exactly as written, as a browser or curl would send it. */
async function withRawQuery(rawQueryString: string) {
  const event = { ...httpEvent({ method: 'GET', path: '/v1/things/a1', token: 't' }), rawQueryString };
  event.pathParameters = { id: 'a1' };
  const result = (await handler(event, lambdaContext())) as { statusCode: number; body: string };
  return { status: result.statusCode, json: JSON.parse(result.body) };
}

const paths = (json: { errors?: { path: string }[] }) => (json.errors ?? []).map((e) => e.path);

describe('characters no text may hold', () => {
  it.each([
    ['\uD800', 'an unpaired surrogate'],
    ['a\uDC00b', 'an unpaired surrogate'],
    ['\uFFFE', 'the non-character U+FFFE'],
    ['\uFFFF', 'the non-character U+FFFF'],
    ['\uFDD0', 'the non-character U+FDD0'],
    ['\u{1FFFF}', 'the non-character U+1FFFF'],
  ])('refuses %j', (text, reason) => expect(disallowedCharacter(text)).toBe(reason));

  it.each([['张三'], ['𠀀𠀁 (CJK Extension B)'], ['核查😀'], ['\uFFFD'], ['tab\tand newline\n']])(
    'accepts %j',
    (text) => expect(disallowedCharacter(text)).toBeUndefined(),
  );
});

describe('the query string, decoded strictly', () => {
  it.each([
    ['purpose=%FF'],
    ['purpose=%E4%B8'],
    ['purpose=%'],
    ['purpose=%zz'],
    ['purpose=ok&cursor=%C0%AF'],
  ])('%s is a 400 naming the parameter', async (raw) => {
    const res = await withRawQuery(raw);
    expect(res.status).toBe(400);
    expect(res.json.type).toBe('urn:govshare:problem:validation');
    expect(paths(res.json)).toEqual([`query.${raw.includes('cursor') ? 'cursor' : 'purpose'}`]);
  });

  it.each([['__proto__'], ['constructor'], ['prototype']])(
    '%s as a query key is refused like any unknown field',
    async (key) => {
      const res = await withRawQuery(`${key}=x`);
      expect(res.status).toBe(400);
      expect(paths(res.json)).toEqual([`query.${key}`]);
    },
  );

  it('keeps __proto__ an ordinary key of a map without prototype', () => {
    const { values } = strictQuery({
      ...httpEvent({ method: 'GET', path: '/' }),
      rawQueryString: '__proto__=x',
    });
    expect(Object.keys(values)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(values)).toBeNull();
  });

  it('refuses non-characters and unpaired surrogates sent percent-encoded', async () => {
    expect(paths((await withRawQuery('purpose=%EF%BF%BE')).json)).toEqual(['query.purpose']);
    expect(paths((await withRawQuery('purpose=%ED%A0%80')).json)).toEqual(['query.purpose']);
  });

  it('passes characters outside the BMP, + as a space, and repeated names joined', async () => {
    const res = await withRawQuery(`purpose=${encodeURIComponent('核查𠀀😀')}+ok`);
    expect(res.status).toBe(200);
    expect(res.json.query).toEqual({ purpose: '核查𠀀😀 ok' });
    expect((await withRawQuery('purpose=a&purpose=b')).json.query).toEqual({ purpose: 'a,b' });
  });
});

describe('path parameters and bodies', () => {
  it('refuses a path parameter holding a non-character', async () => {
    const event = httpEvent({ method: 'GET', path: '/v1/things/x', token: 't' });
    event.pathParameters = { id: 'x\uFFFF' };
    const result = (await handler(event, lambdaContext())) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(400);
    expect(paths(JSON.parse(result.body))).toEqual(['params.id']);
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    call(handler, {
      method: 'POST',
      path: '/v1/things',
      token: 't',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

  it.each([['prototype'], ['constructor'], ['__proto__']])('refuses %s as a body key', async (key) => {
    const res = await post(`{"name":"x","${key}":{"polluted":true}}`);
    expect(res.status).toBe(400);
    expect({} as Record<string, unknown>).not.toHaveProperty('polluted');
  });

  it('names a prototype key nested in the body', async () => {
    const res = await post('{"name":"x","tags":[{"prototype":1}]}');
    expect(res.status).toBe(400);
    expect(paths(res.json as { errors?: { path: string }[] })).toContain('body.tags.0.prototype');
  });

  it('refuses unpaired surrogates and non-characters in body strings, by field', async () => {
    const res = await post('{"name":"\\ud800","tags":["ok","\\uffff"]}');
    expect(res.status).toBe(400);
    expect(paths(res.json as { errors?: { path: string }[] })).toEqual(['body.name', 'body.tags.1']);
  });

  it('refuses a body whose bytes are not UTF-8 (passed base64-encoded by the gateway)', async () => {
    const event = httpEvent({
      method: 'POST',
      path: '/v1/things',
      token: 't',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]).toString(
        'base64',
      ),
    });
    event.isBase64Encoded = true;
    const result = (await handler(event, lambdaContext())) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(400);
    expect(paths(JSON.parse(result.body))).toEqual(['body']);
  });

  it('accepts a base64-encoded body that is valid UTF-8, and CJK Extension B in it', async () => {
    const event = httpEvent({
      method: 'POST',
      path: '/v1/things',
      token: 't',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ name: '𠀀明' })).toString('base64'),
    });
    event.isBase64Encoded = true;
    const result = (await handler(event, lambdaContext())) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body)).toEqual({ name: '𠀀明' });
  });
});
