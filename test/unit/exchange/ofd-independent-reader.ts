import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { type Browser, chromium } from 'playwright-core';
import { readPackage } from '../../../functions/src/exchange/rendering/ofd/zip-package.ts';

/**
 * The independent reader: ofd.js 0.2.6 (DLTech21, Apache-2.0; its own OFD parser on JSZip and x2js,
 * rendering each page to SVG), run in Debian's Chromium. It draws text with the browser's fonts by
 * the OFD's FamilyName (it does not load FontFile), so the page is given the package's own embedded
 * subsets as web fonts: a glyph missing from a subset shows as a box in the screenshot. It draws a
 * StampAnnot's picture only when it is PNG/JPG/GIF or an OFD; ours is SVG, and the seal is drawn in
 * the page content itself, so the page looks the same either way.
 * (ofd.js 1.x on npm is a licensed WebAssembly core that refuses to open files without a key.)
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumPresent = () => existsSync(CHROMIUM);

export interface ReaderResult {
  pages: number;
  /** Each page's text as the reader drew it (its SVG text, in drawing order). */
  text: string[];
  png?: Uint8Array;
}

let browser: Browser | undefined;
export async function closeReader() {
  await browser?.close();
  browser = undefined;
}

/** Reads `ofd`, and screenshots its page `screenshotPage` (0-based) when given. */
export async function readWithOfdJs(ofd: Uint8Array, screenshotPage?: number): Promise<ReaderResult> {
  browser ??= await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const require = createRequire(import.meta.url);
  const script = readFileSync(
    require.resolve('ofd.js/lib/ofd.umd.min.js', { paths: [`${process.cwd()}/functions`] }),
    'utf8',
  );
  const fonts = embeddedFonts(ofd);
  const page = await browser.newPage({ viewport: { width: 834, height: 1163 } });
  try {
    await page.setContent(
      '<html><body style="margin:0;padding:20px;background:#777"><div id="pages"></div></body></html>',
    );
    await page.addScriptTag({ content: script });
    const argument = JSON.stringify({ ofdBase64: Buffer.from(ofd).toString('base64'), fonts });
    const result = (await page.evaluate(`(${IN_BROWSER})(${argument})`)) as Omit<ReaderResult, 'png'>;
    const png =
      screenshotPage === undefined
        ? undefined
        : new Uint8Array(await page.locator('#pages > div').nth(screenshotPage).screenshot());
    return { ...result, ...(png ? { png } : {}) };
  } finally {
    await page.close();
  }
}

/** Runs in the page (as source text: this project's types have no DOM): parse, render, extract. */
const IN_BROWSER = `async ({ ofdBase64, fonts }) => {
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  for (const font of fonts) {
    const face = new FontFace(font.family, bytes(font.data), { weight: String(font.weight) });
    document.fonts.add(await face.load());
  }
  const docs = await new Promise((resolve, reject) =>
    window.ofd.parseOfdDocument({ ofd: bytes(ofdBase64).buffer, success: resolve, fail: reject }),
  );
  const doc = docs[0];
  const divs = window.ofd.renderOfd(794, doc);
  for (const div of divs) document.getElementById('pages').appendChild(div);
  return {
    pages: doc.pages.length,
    text: divs.map((div) => [...div.querySelectorAll('text')].map((t) => t.textContent).join('')),
  };
}`;

function embeddedFonts(ofd: Uint8Array) {
  const files = readPackage(ofd);
  const publicRes = new TextDecoder().decode(files.get('Doc_0/PublicRes.xml'));
  return [...publicRes.matchAll(/<ofd:Font [^>]*FamilyName="([^"]+)"[^>]*><ofd:FontFile>([^<]+)</g)].map(
    ([, family, file]) => {
      const data = files.get(`Doc_0/Res/${file}`) as Uint8Array;
      const face = fontkit.create(Buffer.from(data)) as fontkit.Font;
      return {
        family: family as string,
        weight: (face['OS/2'] as { usWeightClass?: number }).usWeightClass ?? 400,
        data: Buffer.from(data).toString('base64'),
      };
    },
  );
}
