import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSealKeyPair } from '@govshare/domain/exchange';
import { afterAll, describe, expect, it } from 'vitest';
import { sealKeySigner, signOfd } from '../../../functions/src/exchange/rendering/ofd/sign.ts';
import { longNotice, notice } from './layout-samples.ts';
import { layoutText, renderSample } from './ofd-fixture.ts';
import { CHROMIUM, chromiumPresent, closeReader, readWithOfdJs } from './ofd-independent-reader.ts';

/**
 * The OFD opens in an independent reader (ofd.js in Chromium) with the document's page count and
 * text. CI installs Chromium (apt-get install chromium); locally the test is skipped, saying so,
 * only when Chromium is absent and CI is not set.
 */
const run = chromiumPresent() || process.env.CI ? describe : describe.skip;
if (!chromiumPresent())
  console.warn(
    `ofd-reader.test.ts: no Chromium at ${CHROMIUM}: apt-get install -y chromium (CI must have it)`,
  );

const squeeze = (text: string) => text.replace(/\s+/g, '');
export const OFD_SCREENSHOT = join(tmpdir(), 'govshare-ofd-page1.png');
const SEAL_SCREENSHOT = join(tmpdir(), 'govshare-ofd-seal-page.png');

run('an independent reader (ofd.js 0.2.6 in Chromium)', () => {
  afterAll(closeReader);

  it('opens a sealed notice with its page count and each page’s text, and draws page 1', async () => {
    const { layout, ofd } = await renderSample(notice);
    const pair = generateSealKeyPair('SM2-SM3');
    const signed = await signOfd(
      ofd,
      sealKeySigner('商洛市人民政府', pair, new Date('2026-12-02T09:00:00Z')),
    );
    const read = await readWithOfdJs(signed, 0);
    expect(read.pages).toBe(layout.pages.length);
    expect(read.text.map(squeeze)).toEqual(layoutText(layout).map(squeeze));
    writeFileSync(OFD_SCREENSHOT, read.png as Uint8Array);
    expect((read.png as Uint8Array).length).toBeGreaterThan(20_000);
    const sealPage = layout.pages.findIndex((page) =>
      page.elements.some((element) => element.kind === 'seal'),
    );
    writeFileSync(SEAL_SCREENSHOT, (await readWithOfdJs(signed, sealPage)).png as Uint8Array);
  }, 60_000);

  it('opens a 20-page document with every page', async () => {
    const { layout, ofd } = await renderSample(longNotice(30), 'doc-long');
    expect(layout.pages.length).toBeGreaterThanOrEqual(20);
    const read = await readWithOfdJs(ofd);
    expect(read.pages).toBe(layout.pages.length);
    expect(read.text.map(squeeze)).toEqual(layoutText(layout).map(squeeze));
  }, 60_000);
});
