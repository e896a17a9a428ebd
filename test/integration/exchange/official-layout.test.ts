import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';
import { readPdf } from '../../unit/exchange/layout-pdf-reader.ts';

/**
 * 版式 on the local platform: the sample documents are signed through signDocument (seed.ts), and
 * the approved one is signed here through the sign-off route; each then downloads as a PDF and an
 * OFD, and the verify route tells the files the platform sealed from changed ones.
 */
let local: TestPlatform;
let SAMPLE: Record<string, string>;
const tokens = new Map<string, string>();

const call = async (user: string, method: string, path: string, body?: unknown) => {
  let token = tokens.get(user);
  if (!token) {
    token = await local.tokenFor(user);
    tokens.set(user, token);
  }
  return local.request(method, path, { token, ...(body !== undefined ? { body } : {}) });
};

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function download(user: string, id: string, format: 'pdf' | 'ofd') {
  const got = await call(user, 'GET', `/v1/exchange/documents/${id}/layout.${format}`);
  expect(got.status, JSON.stringify(got.json)).toBe(200);
  const response = await fetch(got.json.url);
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(sha256(bytes)).toBe(got.json.sha256);
  expect(bytes.byteLength).toBe(got.json.bytes);
  return { bytes, meta: got.json };
}

const verify = (user: string, bytes: Uint8Array) =>
  call(user, 'POST', '/v1/exchange/layouts/verify', {
    contentBase64: Buffer.from(bytes).toString('base64'),
  });

/** The file with one byte changed, in the middle of it. */
const tampered = (bytes: Uint8Array) => {
  const copy = new Uint8Array(bytes);
  const at = Math.floor(copy.length / 2);
  copy[at] = (copy[at] as number) ^ 0x01;
  return copy;
};

beforeAll(async () => {
  local = await startTestPlatform('official-layout', { sampleDocuments: true });
  ({ SAMPLE_DOCUMENTS: SAMPLE } = await import('@govshare/functions/exchange/seed.ts'));
}, 240_000);

afterAll(async () => {
  await local?.stop();
});

describe('the official layout of a signed document', () => {
  let signed: { id: string; number: string; title: string };
  let pdf: Uint8Array;
  let ofd: Uint8Array;

  it('is rendered at the last sign-off, its digests in the seal and the history', async () => {
    const id = SAMPLE.approved as string;
    const started = Date.now();
    const res = await call('office-signer', 'POST', `/v1/exchange/documents/${id}/sign-off`, {
      opinion: '同意。',
    });
    const elapsed = Date.now() - started;
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    console.log(`sign-off through the route, rendering PDF and OFD: ${elapsed} ms`);
    expect(res.json.layout.pdf.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.json.layout.ofd.sha256).toMatch(/^[0-9a-f]{64}$/);
    signed = { id, number: res.json.number.normalised, title: res.json.content.title };

    const seal = await call('office-signer', 'GET', `/v1/exchange/documents/${id}/seal`);
    expect(seal.json.sealed.document.metadata.layout).toEqual({
      pdfSha256: res.json.layout.pdf.sha256,
      ofdSha256: res.json.layout.ofd.sha256,
    });
    const history = await call('office-signer', 'GET', `/v1/exchange/documents/${id}/history`);
    const numbered = history.json.items.find(
      (entry: { event: { type: string } }) => entry.event.type === 'numbered',
    );
    expect(numbered.event.details).toMatchObject({
      pdfSha256: res.json.layout.pdf.sha256,
      ofdSha256: res.json.layout.ofd.sha256,
    });
  });

  it('downloads as a PDF holding its title and number, and as an OFD', async () => {
    ({ bytes: pdf } = await download('office-signer', signed.id, 'pdf'));
    const text = (await readPdf(pdf)).flatMap((page) => page.texts.map((t) => t.str)).join('');
    expect(text).toContain(signed.number);
    expect(text.replace(/\s/g, '')).toContain(signed.title.replace(/\s/g, ''));
    ({ bytes: ofd } = await download('office-signer', signed.id, 'ofd'));
    expect(Buffer.from(ofd.subarray(0, 2)).toString('latin1')).toBe('PK');
  });

  it('verifies intact, and tampered or not issued after a byte is changed', async () => {
    for (const bytes of [pdf, ofd]) {
      const good = await verify('office-clerk', bytes);
      expect(good.status, JSON.stringify(good.json)).toBe(200);
      expect(good.json).toMatchObject({
        verdict: 'intact',
        intact: true,
        documentId: signed.id,
        number: signed.number,
        sealedBy: { unit: '611000001' },
      });
      const bad = await verify('office-clerk', tampered(bytes));
      expect(bad.status, JSON.stringify(bad.json)).toBe(200);
      expect(bad.json.intact).toBe(false);
      expect(['tampered', 'not-issued']).toContain(bad.json.verdict);
    }
    const good = await verify('office-clerk', ofd);
    expect(good.json.ofdSignature.intact).toBe(true);
  });

  it('is readable only by the document readers, and is there for the seeded notice', async () => {
    const stranger = await call('shangzhou-clerk', 'GET', `/v1/exchange/documents/${signed.id}/layout.pdf`);
    expect(stranger.status).toBe(404);
    const notice = await download('office-clerk', SAMPLE.notice as string, 'pdf');
    expect(notice.meta.pages).toBeGreaterThan(0);
    const unsigned = await call('office-drafter', 'GET', `/v1/exchange/documents/${SAMPLE.draft}/layout.ofd`);
    expect(unsigned.status).toBe(409);
  });

  it('goes into the archive package, with its digests in the manifest', async () => {
    const id = SAMPLE.archived as string;
    const document = await call('office-clerk', 'GET', `/v1/exchange/documents/${id}`);
    const { layout } = document.json;
    const archive = await call('office-clerk', 'GET', `/v1/exchange/documents/${id}/archive`);
    expect(archive.status, JSON.stringify(archive.json)).toBe(200);
    const files = archive.json.manifest.files.filter((file: { role: string }) => file.role === 'layout');
    expect(files).toEqual([
      expect.objectContaining({
        path: 'layout/document.pdf',
        sha256: layout.pdf.sha256,
        size: layout.pdf.bytes,
      }),
      expect.objectContaining({
        path: 'layout/document.ofd',
        sha256: layout.ofd.sha256,
        size: layout.ofd.bytes,
      }),
    ]);
    const tar = new Uint8Array(await (await fetch(archive.json.downloadUrl)).arrayBuffer());
    expect(sha256(tar)).toBe(archive.json.sha256);
    const names = execFileSync('tar', ['-t'], { input: tar }).toString().split('\n');
    expect(names).toEqual(expect.arrayContaining(['layout/document.pdf', 'layout/document.ofd']));
  });

  it('refuses a body that is neither PDF nor OFD, naming the field', async () => {
    const res = await verify('office-clerk', new TextEncoder().encode('not a file at all'));
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.json)).toContain('body.contentBase64');
  });
});
