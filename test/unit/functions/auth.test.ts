import {
  authorize,
  createTokenVerifier,
  type Directory,
  type DirectoryEntry,
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
  verifier = await createTokenVerifier(config.auth, directory);
});

const bearer = (token: string) => `Bearer ${token}`;

/** The platform's directory, in memory: the only place a caller's unit and roles come from. */
const people: DirectoryEntry[] = [
  { id: 'u1', unitCode: '611000108', roles: ['clerk'], kind: 'person' },
  { id: 'u2', unitCode: '611000204', roles: [], kind: 'person' },
  { id: 'relief-system', unitCode: '611000106', roles: ['data-consumer'], kind: 'system' },
  { id: 'gone', unitCode: '611000204', roles: ['platform-admin'], kind: 'person', disabled: true },
];
const directory: Directory & { entries: DirectoryEntry[] } = {
  entries: people,
  principalFor: async (subject) =>
    directory.entries.find((p) => p.id === subject || `ext:${p.id}` === subject),
};

describe('bearer token verification', () => {
  it.each([['bearer'], ['BEARER'], ['Bearer']])(
    'reads the scheme %s case-insensitively (RFC 9110)',
    async (scheme) => {
      const token = await signToken(key, { sub: 'u1' });
      await expect(verifier.verify(`${scheme} ${token}`)).resolves.toMatchObject({ subject: 'u1' });
    },
  );

  it('takes unit, roles and kind from the directory, whatever the token claims', async () => {
    const token = await signToken(key, {
      sub: 'u1',
      unit: '611000204',
      roles: ['platform-admin', 'clerk'],
      kind: 'system',
    });
    await expect(verifier.verify(bearer(token))).resolves.toEqual({
      subject: 'u1',
      unit: '611000108',
      roles: ['clerk'],
      kind: 'person',
    });
  });

  it('refuses a validly signed token for a subject the directory does not know, whatever roles it claims', async () => {
    const token = await signToken(key, { sub: 'intruder', unit: 'X0000', roles: ['platform-admin'] });
    await expect(verifier.verify(bearer(token))).rejects.toMatchObject({
      slug: 'unauthorized',
      message: 'The bearer token names no user or system of this platform',
    });
  });

  it('refuses a disabled user at once, and a revoked role on the next directory read', async () => {
    const gone = await signToken(key, { sub: 'gone' });
    await expect(verifier.verify(bearer(gone))).rejects.toMatchObject({
      message: 'This user or system is disabled',
    });
    const own = await createTokenVerifier(config.auth, directory);
    const token = await signToken(key, { sub: 'u1' });
    await expect(own.verify(bearer(token))).resolves.toMatchObject({ roles: ['clerk'] });
    directory.entries = people.map((p) => (p.id === 'u1' ? { ...p, roles: [] } : p));
    try {
      // The same token, remembered as verified: the directory is still asked.
      await expect(own.verify(bearer(token))).resolves.toMatchObject({ roles: [] });
    } finally {
      directory.entries = people;
    }
  });

  it("maps an external issuer's subject to its directory user", async () => {
    const token = await signToken(key, { sub: 'ext:relief-system', aud: '', client_id: AUDIENCE });
    await expect(verifier.verify(bearer(token))).resolves.toEqual({
      subject: 'relief-system',
      unit: '611000106',
      roles: ['data-consumer'],
      kind: 'system',
    });
  });

  it('trusts a verified token again only until it expires', async () => {
    const own = await createTokenVerifier(config.auth, directory);
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
    const forged = await signToken(await makeDevKey(), { sub: 'u1' });
    await expect(verifier.verify(bearer(forged))).rejects.toMatchObject({ slug: 'unauthorized' });
  });

  it('refuses a token whose payload was altered after signing', async () => {
    const [header, , signature] = (await signToken(key, { sub: 'u2' })).split('.');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'u1', iss: config.auth.issuer, aud: AUDIENCE, iat: 1e9, exp: 4e9 }),
    ).toString('base64url');
    await expect(verifier.verify(bearer(`${header}.${payload}.${signature}`))).rejects.toMatchObject({
      slug: 'unauthorized',
    });
  });

  const nowSeconds = () => Math.floor(Date.now() / 1000);
  it.each([
    ['expired', () => ({ expiresIn: nowSeconds() - 60 })],
    ['from another issuer', () => ({ iss: 'https://evil.example' })],
    ['for another audience', () => ({ aud: 'someone-else' })],
    [
      'issued in the future, beyond clock skew',
      () => ({ iat: nowSeconds() + 600, expiresIn: nowSeconds() + 1200 }),
    ],
    ['living longer than the configured maximum', () => ({ expiresIn: '25h' })],
    ['without iat', () => ({ iat: undefined })],
  ])('refuses a token %s', async (_label, claims) => {
    const token = await signToken(key, { sub: 'u1', ...claims() });
    await expect(verifier.verify(bearer(token))).rejects.toMatchObject({ slug: 'unauthorized' });
  });

  it('accepts a token issued a few seconds ahead (clock skew)', async () => {
    const token = await signToken(key, { sub: 'u1', iat: nowSeconds() + 20 });
    await expect(verifier.verify(bearer(token))).resolves.toMatchObject({ subject: 'u1' });
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
