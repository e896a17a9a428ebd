/**
 * 版式: rendering a signed document to GB/T 9704 as PDF and as OFD (the OFD then sealed with a
 * GB/T 38540 SM2 signature), for a 1-page and a 20-page notice, beside the floor: a bare S3
 * PutObject of the same bytes on the same emulator (what storing the rendered file costs at least,
 * which a sign-off pays anyway). Fonts are loaded once first (a warm instance), as layoutFonts
 * caches them per process; that first load is reported on its own.
 *
 *   npx tsx bench/official-layout.ts
 *   BENCH_LAYOUT_RUNS=10 npx tsx bench/official-layout.ts
 *
 * Ends with RESULT official-layout-<pdf|ofd>-<pages>p (ms, floor: the PutObject of that file),
 * RESULT official-layout-<pdf|ofd>-first-render (ms, floor: loading the fonts) and
 * RESULT official-layout-<pdf|ofd>-<pages>p-bytes-per-page (bytes, floor: the 1-page file per page).
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { bucketEnvName } from '@govshare/blueprint';
import { generateSealKeyPair, type LayoutInput, layoutDocument } from '@govshare/domain/exchange';
import { layoutFonts } from '@govshare/functions/exchange/rendering/fonts.ts';
import { renderOfd, sealKeySigner, signOfd } from '@govshare/functions/exchange/rendering/ofd/index.ts';
import { renderPdf } from '@govshare/functions/exchange/rendering/pdf.ts';
import { s3 } from '@govshare/functions/platform/s3-clients.ts';
import { startTestPlatform } from '../test/support/local-platform.ts';
import { longNotice, notice } from '../test/unit/exchange/layout-samples.ts';
import { printResults, result } from './result.ts';

const RUNS = Number(process.env.BENCH_LAYOUT_RUNS ?? 5);
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const time = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
  const started = performance.now();
  const value = await work();
  return [performance.now() - started, value];
};

/** The long notice with enough sections for `pages` pages. */
function documentOf(pages: number): LayoutInput {
  const fonts = layoutFonts();
  if (pages === 1) {
    // One paragraph, no 附件说明, 附注 or 版记 (GB/T 9704 puts the 版记 on the last even page).
    const { printedBy: _by, printedOn: _on, note: _note, ...rest } = notice;
    const short = {
      ...rest,
      body: '为推进政务数据有序共享，提升政务服务效能，现将有关事项通知如下。',
      attachments: [],
      copyRecipients: [],
    };
    if (layoutDocument(short, fonts.measure).pages.length === 1) return short;
    throw new Error('the short notice is not one page');
  }
  for (let sections = 1; sections < 200; sections++) {
    const input = longNotice(sections);
    if (layoutDocument(input, fonts.measure).pages.length >= pages) return input;
  }
  throw new Error(`no sample of ${pages} pages`);
}

const local = await startTestPlatform('bench-official-layout');
try {
  const bucket = local.platform.env[bucketEnvName('documents')] as string;
  const [fontLoadMs, fonts] = await time(async () => layoutFonts());
  console.log(`fonts loaded once per instance: ${fontLoadMs.toFixed(0)} ms`);
  const key = generateSealKeyPair('SM2-SM3');
  const signedAt = new Date('2026-12-02T08:00:00+08:00');
  const signer = sealKeySigner('商洛市人民政府', key, signedAt);
  const put = (name: string, bytes: Uint8Array) =>
    s3().send(new PutObjectCommand({ Bucket: bucket, Key: `bench/${name}`, Body: bytes }));

  const perPageOfOne: Record<string, number> = {};
  for (const pages of [1, 20]) {
    const input = documentOf(pages);
    const meta = { title: input.title, author: '商洛市人民政府', createdAt: signedAt };
    const formats = {
      pdf: async () => renderPdf(layoutDocument(input, fonts.measure), fonts, meta),
      ofd: async () =>
        signOfd(
          await renderOfd(layoutDocument(input, fonts.measure), fonts, { ...meta, documentId: 'bench' }),
          signer,
          { fonts },
        ),
    };
    for (const [format, render] of Object.entries(formats)) {
      // The first render of an instance pays once for the subsetter (WebAssembly) and the font tables.
      const [firstMs] = await time(render);
      if (pages === 1) {
        console.log(`${format}: the first render of an instance ${firstMs.toFixed(0)} ms`);
        result(`official-layout-${format}-first-render`, firstMs, 'ms', fontLoadMs);
      }
      const renders: number[] = [];
      const puts: number[] = [];
      let bytes: Uint8Array = new Uint8Array();
      for (let run = 0; run < RUNS; run++) {
        const [ms, file] = await time(render);
        renders.push(ms);
        bytes = file;
        const [putMs] = await time(() => put(`${format}-${pages}-${run}`, file));
        puts.push(putMs);
      }
      const actualPages = layoutDocument(input, fonts.measure).pages.length;
      const perPage = bytes.byteLength / actualPages;
      perPageOfOne[format] ??= perPage;
      console.log(
        `${format} ${actualPages} pages: render ${median(renders).toFixed(0)} ms (median of ${RUNS}), ` +
          `${bytes.byteLength} bytes (${(perPage / 1024).toFixed(1)} KiB per page); PutObject ${median(puts).toFixed(1)} ms`,
      );
      result(`official-layout-${format}-${pages}p`, median(renders), 'ms', median(puts));
      result(
        `official-layout-${format}-${pages}p-bytes-per-page`,
        perPage,
        'bytes',
        perPageOfOne[format] as number,
      );
    }
  }
} finally {
  await local.stop();
}
printResults();
