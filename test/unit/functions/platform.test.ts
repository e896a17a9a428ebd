import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '@govshare/domain/kernel';
import { identityFunctions } from '@govshare/functions/identity/blueprint.ts';
import { readConfig } from '@govshare/functions/platform/config.ts';
import { httpFunction, route } from '@govshare/functions/platform/http.ts';
import { createLogger } from '@govshare/functions/platform/logger.ts';
import { problemResponse } from '@govshare/functions/platform/problem.ts';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { call, localEnv, makeDevKey, signToken } from './support.ts';

describe('problem+json mapping', () => {
  const map = (error: unknown) => problemResponse(error, { correlationId: 'c-1', instance: '/v1/x' });

  it.each([
    [new ValidationError([{ path: 'body.code', message: 'bad' }]), 400, 'validation'],
    [new UnauthorizedError('no'), 401, 'unauthorized'],
    [new NotFoundError('no'), 404, 'not-found'],
    [new ConflictError('taken'), 409, 'conflict'],
  ])('maps %s to %i', (error, status, slug) => {
    const { response, problem } = map(error);
    expect(response.statusCode).toBe(status);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(problem).toMatchObject({
      status,
      type: `urn:govshare:problem:${slug}`,
      correlationId: 'c-1',
      instance: '/v1/x',
    });
  });

  it('lists field errors for validation', () => {
    expect(map(new ValidationError([{ path: 'body.code', message: 'bad' }])).problem.errors).toEqual([
      { path: 'body.code', message: 'bad' },
    ]);
  });

  it('asks for a bearer token on 401', () => {
    expect(map(new UnauthorizedError('no')).response.headers?.['www-authenticate']).toBe(
      'Bearer error="invalid_token"',
    );
  });

  it('hides unknown errors behind a generic 500', () => {
    const { response, problem, expected } = map(new Error('connection string with password'));
    expect(response.statusCode).toBe(500);
    expect(expected).toBe(false);
    expect(JSON.stringify(problem)).not.toMatch(/password/);
  });
});

describe('config', () => {
  it('names every missing variable at once', () => {
    expect(() => readConfig({ tables: ['identity'] }, {})).toThrow(
      /AUTH_ISSUER is not set.*AUTH_AUDIENCE is not set.*TABLE_IDENTITY is not set/,
    );
  });
  it('needs a signing key in local mode, and a valid one', () => {
    const env = { GOVSHARE_MODE: 'local', AUTH_ISSUER: 'http://localhost:3000', AUTH_AUDIENCE: 'govshare' };
    expect(() => readConfig({}, env)).toThrow(/DEV_SIGNING_KEY is not set/);
    expect(() => readConfig({}, { ...env, DEV_SIGNING_KEY: '{"kty":"RSA"}' })).toThrow(
      /DEV_SIGNING_KEY must be/,
    );
  });
  it('defaults to aws mode and the issuer JWKS', () => {
    const config = readConfig({}, { AUTH_ISSUER: 'https://issuer.example/pool/', AUTH_AUDIENCE: 'client' });
    expect(config.mode).toBe('aws');
    expect(config.auth.jwksUrl).toBe('https://issuer.example/pool/.well-known/jwks.json');
    expect(config.auth.devSigningKey).toBeUndefined();
  });
});

describe('the http platform', () => {
  it('refuses at cold start to serve a route the blueprint does not declare, or to leave one unserved', async () => {
    const key = await makeDevKey();
    const config = readConfig({}, await localEnv(key));
    const deps = {
      config,
      logger: createLogger('test'),
      verifier: {
        verify: async () => ({
          subject: 's',
          unit: 'u',
          roles: ['platform-admin' as const],
          kind: 'person' as const,
        }),
      },
    };
    const fn = identityFunctions.identity;
    const backdoor = {
      method: 'GET',
      path: '/v1/secret-backdoor',
      access: 'public',
      summary: 'not declared',
    } as const;
    const all = Object.values(fn.routes).map((spec) =>
      route(spec, {
        response: { status: 200, body: z.string() },
        handle: async () => ({ status: 200, body: 'declared' }),
      }),
    );
    expect(() =>
      httpFunction(
        fn,
        [
          ...all,
          route(backdoor, {
            response: { status: 200, body: z.string() },
            handle: async () => ({ status: 200, body: 'oops' }),
          }),
        ],
        deps,
      ),
    ).toThrow('GET /v1/secret-backdoor is not declared by this function');
    expect(() => httpFunction(fn, all.slice(1), deps)).toThrow('GET /v1/health is declared but not served');
    expect(() => httpFunction(fn, all, deps)).not.toThrow();
  });

  it('logs one JSON line per request with the correlation id and without the token or body', async () => {
    const key = await makeDevKey();
    const config = readConfig({}, await localEnv(key));
    const lines: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    const logger = createLogger('test');
    logger.setLogLevel('INFO');
    const me = { method: 'GET', path: '/v1/me', access: 'authenticated', summary: 'the caller' } as const;
    const handler = httpFunction(
      { description: 'test', routes: { me } },
      [
        route(me, {
          response: { status: 200, body: z.object({ ok: z.boolean() }) },
          handle: async () => ({ status: 200, body: { ok: true } }),
        }),
      ],
      {
        config,
        logger,
        verifier: {
          verify: async () => ({ subject: 'secret-subject', unit: 'u', roles: [], kind: 'person' }),
        },
      },
    );
    const token = await signToken(key);
    process.stdout.write = ((chunk: string) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      await call(handler, {
        method: 'GET',
        path: '/v1/me',
        token,
        headers: { 'x-correlation-id': 'corr-42' },
      });
    } finally {
      process.stdout.write = original;
    }
    const entries = lines
      .join('')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(entries).toContainEqual(
      expect.objectContaining({
        message: 'request completed',
        correlationId: 'corr-42',
        route: '/v1/me',
        status: 200,
      }),
    );
    const all = lines.join('');
    expect(all).not.toContain(token);
    expect(all).not.toContain('secret-subject');
  });
});
