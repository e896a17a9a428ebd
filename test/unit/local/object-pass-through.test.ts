import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Blueprint } from '@govshare/blueprint';
import { createGateway, localFunctions, silentLog } from '@govshare/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectPassThrough } from '../../../packages/local/src/object-pass-through.ts';

const blueprint: Blueprint = { name: 't', tables: {}, buckets: {}, queues: {}, functions: {} };

/** A stand-in object store that answers what it was sent. */
let store: Server;
let gateway: ReturnType<typeof createGateway>;
let base: string;

beforeAll(async () => {
  store = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', etag: '"abc"' });
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          host: req.headers.host,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => store.listen(0, '127.0.0.1', resolve));
  const storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}`;
  gateway = createGateway(
    blueprint,
    localFunctions(blueprint),
    silentLog,
    undefined,
    objectPassThrough(storeUrl, ['t-datasets']),
  );
  base = `http://localhost:${await gateway.listen(0)}`;
});

afterAll(async () => {
  await gateway.close();
  await new Promise((resolve) => store.close(resolve));
});

describe("the gateway's pass-through of presigned URLs", () => {
  it("passes a bucket's PUT on with its path, query and Host untouched, and S3's answer back", async () => {
    const path = '/t-datasets/uploads/301201-000001/u.csv?X-Amz-Signature=abc&x-id=PutObject';
    const res = await fetch(`${base}${path}`, { method: 'PUT', body: 'creditCode\n1\n' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"abc"');
    // The object store's answer, not the API's: no API Gateway request id on it.
    expect(res.headers.get('apigw-requestid')).toBeNull();
    expect(await res.json()).toEqual({
      method: 'PUT',
      url: path,
      host: new URL(base).host,
      body: 'creditCode\n1\n',
    });
  });

  it('leaves other buckets, other paths and other methods to the API (a 404 problem here)', async () => {
    for (const [method, path] of [
      ['PUT', '/t-archive/a.txt'],
      ['GET', '/v1/t-datasets/a.txt'],
      ['DELETE', '/t-datasets/a.txt'],
      ['POST', '/t-datasets/a.txt'],
    ] as const) {
      const res = await fetch(`${base}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('content-type')).toContain('problem+json');
    }
  });
});
