import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 820, height: 1160 } });
page.on('console', (m) => console.log('console:', m.text().slice(0, 300)));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.setContent('<html><body style="margin:0;background:#888"><div id="pages"></div></body></html>');
await page.addScriptTag({
  content: readFileSync('functions/node_modules/ofd.js/lib/ofd.umd.min.js', 'utf8'),
});
const b64 = readFileSync(process.argv[2]).toString('base64');
const result = await page.evaluate(async (b64) => {
  const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return await new Promise((resolve) => {
    window.ofd.parseOfdDocument({
      ofd: bin.buffer,
      success(res) {
        try {
          const doc = res[0];
          const divs = window.ofd.renderOfd(794, doc);
          for (const d of divs) document.getElementById('pages').appendChild(d);
          resolve({
            docs: res.length,
            pages: doc.pages.length,
            keys: Object.keys(doc),
            sig: JSON.stringify(doc.stampAnnot ?? doc.signatures ?? null)?.slice(0, 300),
            text: divs.map((d) => d.textContent.slice(0, 200)),
            html: divs[0].innerHTML.slice(0, 1500),
          });
        } catch (e) {
          resolve({ error: String((e && e.stack) || e) });
        }
      },
      fail(e) {
        resolve({ fail: String((e && e.stack) || e) });
      },
    });
  });
}, b64);
console.log(JSON.stringify(result, null, 1));
await page.waitForTimeout(500);
await page.screenshot({ path: '/tmp/ofd/shot.png' });
await browser.close();
