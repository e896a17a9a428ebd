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
  verifier = await createTokenVerifier(config.auth);
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe('verification against a remote JWKS', () => {
  it('accepts a Cognito-style access token signed by a published key', async () => {
    const token = await signToken(key, {
      iss: issuer,
      aud: '',
      client_id: 'app-client',
      roles: undefined,
      unit: undefined,
      'custom:unit': '611000204',
      'cognito:groups': ['platform-admin'],
    });
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({
      unit: '611000204',
      roles: ['platform-admin'],
    });
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('refuses a token signed by a key the issuer does not publish', async () => {
    const other = await makeDevKey();
    const token = await signToken({ ...other, kid: key.kid } as JWK, { iss: issuer, aud: 'app-client' });
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toMatchObject({ slug: 'unauthorized' });
  });
});
