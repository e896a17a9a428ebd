/**
 * `AWS_ENDPOINT_URL=http://localhost:4566 npm start` runs the platform on LocalStack, whose one port
 * speaks DynamoDB, S3 and SQS. LocalStack cannot run here (no Docker), so this test stands in a small
 * router with one port in front of the embedded emulators and checks that the platform, given only
 * that endpoint, starts nothing of its own and works end to end.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Emulators,
  type LocalPlatform,
  silentLog,
  startEmulators,
  startLocalPlatform,
} from '@govshare/local';
import { afterAll, beforeAll, expect, it } from 'vitest';

let emulatorDir: string;
let platformDir: string;
let emulators: Emulators;
let router: Server;
let platform: LocalPlatform;

/** DynamoDB's JSON protocol names its operation in X-Amz-Target; everything else is S3 or SQS. */
function singleEndpointRouter(dynamo: URL, aws: URL): Server {
  return createServer((incoming, outgoing) => {
    const target = String(incoming.headers['x-amz-target'] ?? '');
    const upstream = target.startsWith('DynamoDB_') ? dynamo : aws;
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: upstream.host },
      },
      (reply) => {
        outgoing.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
}

beforeAll(async () => {
  emulatorDir = await mkdtemp(join(tmpdir(), 'govshare-external-emulators-'));
  platformDir = await mkdtemp(join(tmpdir(), 'govshare-external-platform-'));
  emulators = await startEmulators({ dataDir: emulatorDir, dynamoPort: 0, awsPort: 0 });
  router = singleEndpointRouter(new URL(emulators.dynamoEndpoint), new URL(emulators.awsEndpoint));
  await new Promise<void>((resolve) => router.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(router.address() as AddressInfo).port}`;
  platform = await startLocalPlatform({ dataDir: platformDir, externalEndpoint: endpoint, log: silentLog });
});

afterAll(async () => {
  await platform?.stop();
  await new Promise((resolve) => router?.close(resolve));
  await emulators?.stop();
  for (const dir of [emulatorDir, platformDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

it('uses the given endpoint for every service and starts no emulator of its own', async () => {
  const endpoint = platform.dynamoEndpoint;
  expect(platform.awsEndpoint).toBe(endpoint);
  expect(platform.env.AWS_ENDPOINT_URL_DYNAMODB).toBe(endpoint);
  expect(platform.env.AWS_ENDPOINT_URL_S3).toBe(endpoint);
  expect(platform.env.AWS_ENDPOINT_URL_SQS).toBe(endpoint);
  // Only the platform's own keys live in its folder; no emulator keeps data there.
  expect((await readdir(platformDir)).sort()).toEqual([
    'audit-subject-key',
    'dev-issuer-key.json',
    'seal-key-wrapping-key',
  ]);
});

it('serves the API with sample data stored behind that endpoint', async () => {
  const tokenReply = await fetch(`${platform.apiUrl}/v1/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'egov-admin' }),
  });
  expect(tokenReply.status).toBe(200);
  const { access_token } = (await tokenReply.json()) as { access_token: string };
  const me = await fetch(`${platform.apiUrl}/v1/me`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ subject: 'egov-admin', roles: ['platform-admin'] });
});
