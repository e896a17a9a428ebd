import { govshare } from '@govshare/blueprint';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * A sign-off whose rendering fails (the layoutrenderer function answers an error) fails cleanly: a
 * problem+json, and the document as it was (approved, no number, no seal, no layout), still to sign.
 */
let local: TestPlatform;
let SAMPLE: Record<string, string>;

beforeAll(async () => {
  const { layoutrenderer, ...functions } = govshare.functions;
  local = await startTestPlatform('official-layout-failure', {
    sampleDocuments: true,
    blueprint: {
      ...govshare,
      functions: {
        ...functions,
        layoutrenderer: {
          ...layoutrenderer,
          entry: 'test/integration/exchange/fixtures/failing-layout-renderer.ts',
        },
      },
    },
  });
  ({ SAMPLE_DOCUMENTS: SAMPLE } = await import('@govshare/functions/exchange/seed.ts'));
}, 240_000);

afterAll(async () => {
  await local?.stop();
});

it('fails the last sign-off with a problem+json when the rendering fails, writing nothing', async () => {
  const token = await local.tokenFor('office-signer');
  const id = SAMPLE.approved as string;
  const before = await local.request('GET', `/v1/exchange/documents/${id}`, { token });
  expect(before.json.state).toBe('approved');

  const res = await local.request('POST', `/v1/exchange/documents/${id}/sign-off`, {
    token,
    body: { opinion: '同意。' },
  });
  expect(res.status).toBe(500);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.json).toMatchObject({ status: 500, correlationId: expect.any(String) });

  const after = await local.request('GET', `/v1/exchange/documents/${id}`, { token });
  expect(after.json).toMatchObject({ state: 'approved', version: before.json.version });
  expect(after.json.number).toBeUndefined();
  expect(after.json.seal).toBeUndefined();
  expect(after.json.layout).toBeUndefined();
  const layout = await local.request('GET', `/v1/exchange/documents/${id}/layout.pdf`, { token });
  expect(layout.status).toBeGreaterThanOrEqual(400);
}, 60_000);
