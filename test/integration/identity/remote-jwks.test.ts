import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenVerifier, devPublicJwk, type TokenVerifier } from '@govshare/functions/platform/auth.ts';
import { readConfig } from '@govshare/functions/platform/config.ts';
import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDevKey, signToken } from '../../unit/functions/support.ts';

/** Outside local mode keys come from the issuer's JWKS over HTTP, as from Cognito. */
let server: Server;
let key: JWK;
let issuer: string;
let verifier: TokenVerifier;
let jwksRequests = 0;

beforeAll(async () => {
  key = await makeDevKey();
  const body = JSON.stringify({ keys: [await devPublicJwk(key as Parameters<typeof devPublicJwk>[0])] });
  server = createServer((req, res) => {
    jwksRequests++;
    if (req.url !== '/pool/.well-known/jwks.json') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pool`;
  const config = readConfig({}, { GOVSHARE_MODE: 'aws', AUTH_ISSUER: issuer, AUTH_AUDIENCE: 'app-client' });
  // The directory maps the issuer's subject (a Cognito sub is a UUID) to a platform user.
  verifier = await createTokenVerifier(config.auth, {
    principalFor: async (subject) =>
      subject === COGNITO_SUB
        ? { id: 'egov-admin', unitCode: '611000204', roles: ['platform-admin'], kind: 'person' }
        : undefined,
  });
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

const COGNITO_SUB = '4f1c2a7e-0b6d-4e8a-9c3f-2d5e6f7a8b9c';

describe('verification against a remote JWKS', () => {
  it('accepts a Cognito-style access token signed by a published key, authority from the directory', async () => {
    const token = await signToken(key, {
      sub: COGNITO_SUB,
      iss: issuer,
      aud: '',
      client_id: 'app-client',
      roles: undefined,
      unit: undefined,
      'custom:unit': '611000204',
      // Claims the directory overrides: the token's groups and unit are not authority.
      'cognito:groups': ['auditor'],
    });
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toEqual({
      subject: 'egov-admin',
      unit: '611000204',
      roles: ['platform-admin'],
      kind: 'person',
    });
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('refuses a token that names no key (kid) while the issuer publishes its keys', async () => {
    const { kid: _kid, ...withoutKid } = key;
    const token = await signToken(withoutKid as JWK, { sub: COGNITO_SUB, iss: issuer, aud: 'app-client' });
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toMatchObject({ slug: 'unauthorized' });
  });

  it('refuses a token signed by a key the issuer does not publish', async () => {
    const other = await makeDevKey();
    const token = await signToken({ ...other, kid: key.kid } as JWK, { iss: issuer, aud: 'app-client' });
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toMatchObject({ slug: 'unauthorized' });
  });

  it('refuses a token naming a key the issuer does not publish, without asking again within the cooldown', async () => {
    const other = await makeDevKey();
    const token = await signToken({ ...other, kid: 'not-published' } as JWK, {
      iss: issuer,
      aud: 'app-client',
    });
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toMatchObject({ slug: 'unauthorized' });
    // The keys were fetched once for every token above: kept for 10 minutes, and a key not among
    // them fetches again only 30 s after the last fetch.
    expect(jwksRequests).toBe(1);
  });
});
