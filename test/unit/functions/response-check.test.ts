import { readConfig } from '@govshare/functions/platform/config.ts';
import { CHECK_RESPONSES_ENV, httpFunction, route } from '@govshare/functions/platform/http.ts';
import { createLogger } from '@govshare/functions/platform/logger.ts';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type HttpHandler, httpEvent, lambdaContext, localEnv, makeDevKey } from './support.ts';

const thing = { method: 'GET', path: '/v1/things', access: 'public', summary: 'a thing' } as const;
const declared = z.object({ name: z.string(), tags: z.array(z.object({ label: z.string() })) });

/** A function whose one route answers `body` while declaring `declared`, built with the check on or off. */
async function serving(body: unknown, check: '1' | undefined, status = 200) {
  const saved = process.env[CHECK_RESPONSES_ENV];
  if (check) process.env[CHECK_RESPONSES_ENV] = check;
  else delete process.env[CHECK_RESPONSES_ENV];
  try {
    const handler = httpFunction(
      { description: 'response check', routes: { thing } },
      [
        route(thing, {
          response: { status: 200, body: declared },
          // The reply a handler gets wrong at run time (TypeScript would refuse it written out).
          handle: async () => ({ status, body: body as z.infer<typeof declared> }),
        }),
      ],
      {
        config: readConfig({}, await localEnv(await makeDevKey())),
        logger: createLogger('response-check-test'),
        verifier: { verify: async () => ({ subject: 's', unit: '611000204', roles: [], kind: 'person' }) },
      },
    ) as HttpHandler;
    const result = (await handler(httpEvent({ method: 'GET', path: '/v1/things' }), lambdaContext())) as {
      statusCode: number;
      body: string;
    };
    return { status: result.statusCode, json: JSON.parse(result.body) };
  } finally {
    if (saved === undefined) delete process.env[CHECK_RESPONSES_ENV];
    else process.env[CHECK_RESPONSES_ENV] = saved;
  }
}

describe(`replies checked against their declared response (${CHECK_RESPONSES_ENV}=1)`, () => {
  it('lets a reply through that the schema describes', async () => {
    const reply = await serving({ name: 'a', tags: [{ label: 'x' }] }, '1');
    expect(reply).toEqual({ status: 200, json: { name: 'a', tags: [{ label: 'x' }] } });
  });

  it('answers 500 naming the route and the field when a field is not what the schema says', async () => {
    const reply = await serving({ name: 'a', tags: [{ label: 7 }] }, '1');
    expect(reply.status).toBe(500);
    expect(reply.json.detail).toContain('GET /v1/things');
    expect(reply.json.detail).toContain('body.tags.0.label');
  });

  it('names a field the schema does not declare', async () => {
    const reply = await serving({ name: 'a', tags: [{ label: 'x', secret: 1 }] }, '1');
    expect(reply.status).toBe(500);
    expect(reply.json.detail).toContain('undeclared fields body.tags.0.secret');
  });

  it('names a success status other than the declared one', async () => {
    const reply = await serving({ name: 'a', tags: [] }, '1', 201);
    expect(reply.status).toBe(500);
    expect(reply.json.detail).toContain('status 201, declared 200');
  });

  it('checks nothing when the setting is off (production)', async () => {
    const reply = await serving({ name: 'a', tags: [{ label: 7 }] }, undefined);
    expect(reply).toEqual({ status: 200, json: { name: 'a', tags: [{ label: 7 }] } });
  });
});
