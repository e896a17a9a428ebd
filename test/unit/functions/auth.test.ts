import {
  authorize,
  createTokenVerifier,
  signDevToken,
  type TokenVerifier,
} from '@govshare/functions/platform/auth.ts';
import { readConfig } from '@govshare/functions/platform/config.ts';
import type { JWK } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AUDIENCE, localEnv, makeDevKey, signToken } from './support.ts';

let key: JWK;
let verifier: TokenVerifier;
let config: ReturnType<typeof readConfig>;

beforeAll(async () => {
  key = await makeDevKey();
  config = readConfig({}, await localEnv(key));
  verifier = await createTokenVerifier(config.auth);
});

const bearer = (token: string) => `Bearer ${token}`;

describe('bearer token verification', () => {
  it.each([['bearer'], ['BEARER'], ['Bearer']])(
    'reads the scheme %s case-insensitively (RFC 9110)',
    async (scheme) => {
      const token = await signToken(key, { sub: 'u1' });
      await expect(verifier.verify(`${scheme} ${token}`)).resolves.toMatchObject({ subject: 'u1' });
    },
  );

  it('accepts a valid token and reads subject, unit, known roles and kind', async () => {
    const token = await signToken(key, {
      sub: 'u1',
      unit: '611000108',
      roles: ['clerk', 'emperor', 'clerk'],
    });
    await expect(verifier.verify(bearer(token))).resolves.toEqual({
      subject: 'u1',
      unit: '611000108',
      roles: ['clerk'],
      kind: 'person',
    });
  });

  it('reads Cognito claims: custom:unit, cognito:groups and client_id as audience', async () => {
    const token = await signToken(key, {
      aud: '',
      client_id: AUDIENCE,
      unit: undefined,
      roles: undefined,
      'custom:unit': '611000202',
      'cognito:groups': ['auditor'],
      kind: undefined,
      username: 'someone',
    });
    await expect(verifier.verify(bearer(token))).resolves.toMatchObject({
      unit: '611000202',
      roles: ['auditor'],
      kind: 'person',
    });
  });

  it('trusts a verified token again only until it expires', async () => {
    const own = await createTokenVerifier(config.auth);
    const token = await signToken(key, { sub: 'u2', expiresIn: '60s' });
    const first = await own.verify(bearer(token));
    first.roles.push('platform-admin'); // a caller's copy: changing it changes nothing remembered
    await expect(own.verify(bearer(token))).resolves.toEqual({ ...first, roles: [] });
    vi.useFakeTimers({ now: Date.now() + 61_000, toFake: ['Date'] });
    try {
      await expect(own.verify(bearer(token))).rejects.toMatchObject({ slug: 'unauthorized' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a token signed by another key (forged)', async () => {
    const forged = await signToken(await makeDevKey(), { roles: ['platform-admin'] });
    await expect(verifier.verify(bearer(forged))).rejects.toMatchObject({ slug: 'unauthorized' });
  });

  it('refuses a token whose payload was altered after signing', async () => {
    const [header, , signature] = (await signToken(key, { roles: ['clerk'] })).split('.');
    const payload = Buffer.from(
      JSON.stringify({
        sub: 'x',
        unit: '611000204',
        roles: ['platform-admin'],
        iss: config.auth.issuer,
        aud: AUDIENCE,
        exp: 4e9,
      }),
    ).toString('base64url');
    await expect(verifier.verify(bearer(`${header}.${payload}.${signature}`))).rejects.toMatchObject({
      slug: 'unauthorized',
    });
  });

  it.each([
    ['expired', { expiresIn: Math.floor(Date.now() / 1000) - 60 }],
    ['from another issuer', { iss: 'https://evil.example' }],
    ['for another audience', { aud: 'someone-else' }],
    ['without a unit', { unit: undefined }],
  ])('refuses a token %s', async (_label, claims) => {
    const token = await signToken(key, claims);
    await expect(verifier.verify(bearer(token))).rejects.toMatchObject({ slug: 'unauthorized' });
  });

  it.each([undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer not a jwt', 'Bearer a.b.c'])(
    'refuses the authorization header %j',
    async (header) => {
      await expect(verifier.verify(header)).rejects.toMatchObject({ slug: 'unauthorized' });
    },
  );

  it('verifies the tokens the development issuer signs', async () => {
    const { token, expiresIn } = await signDevToken(config.auth, {
      id: 'relief-system',
      unitCode: '611000106',
      roles: ['data-consumer'],
      kind: 'system',
    });
    expect(expiresIn).toBe(3600);
    await expect(verifier.verify(bearer(token))).resolves.toEqual({
      subject: 'relief-system',
      unit: '611000106',
      roles: ['data-consumer'],
      kind: 'system',
    });
  });
});

describe('authorize (deny by default)', () => {
  const caller = { subject: 's', unit: 'u', roles: ['clerk' as const], kind: 'person' as const };
  it('lets anyone call a public route', () => expect(() => authorize('public', undefined)).not.toThrow());
  it('needs a caller for an authenticated route', () => {
    expect(() => authorize('authenticated', undefined)).toThrow(
      expect.objectContaining({ slug: 'unauthorized' }),
    );
    expect(() => authorize('authenticated', { ...caller, roles: [] })).not.toThrow();
  });
  it('needs one of the listed roles', () => {
    expect(() => authorize(['clerk', 'handler'], caller)).not.toThrow();
    expect(() => authorize(['platform-admin'], caller)).toThrow(
      expect.objectContaining({ slug: 'forbidden' }),
    );
  });
  it('denies a route the blueprint does not declare, even to an admin', () => {
    expect(() => authorize(undefined, { ...caller, roles: ['platform-admin'] })).toThrow(
      expect.objectContaining({ slug: 'forbidden' }),
    );
  });
});
