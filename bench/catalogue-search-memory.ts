/**
 * Catalogue search in memory: the index alone (CatalogueIndex.search), no emulator, no HTTP, over the
 * same generated entries and queries as bench/catalogue-search.ts, query by query, so what a broad
 * query costs is seen apart from the gateway. Also the JSON of each answer (what the route then
 * serialises) and the snapshot's round trip (toSnapshot, fromSnapshot).
 *
 *   npx tsx bench/catalogue-search-memory.ts                                  (10k then 100k)
 *   BENCH_CATALOGUE_SIZES=100000 BENCH_MEMORY_SEARCHES=200 npx tsx bench/catalogue-search-memory.ts
 *   BENCH_INDEX_CACHE=/tmp npx tsx bench/catalogue-search-memory.ts    (keeps the built index's snapshot)
 *
 * Ends with RESULT catalogue-search-memory-<size>-<query>-p95 (ms; floor: the same query's p50).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogueIndex, IndexSnapshotError, SNAPSHOT_FORMAT } from '@govshare/domain/catalogue';
import { printResults, result } from './result.ts';
import { generated, indexedOf, QUERIES, searchQueryOf } from './support/catalogue-corpus.ts';

const SIZES = (process.env.BENCH_CATALOGUE_SIZES ?? '10000,100000').split(',').map(Number);
const SEARCHES = Number(process.env.BENCH_MEMORY_SEARCHES ?? 100);
const CACHE = process.env.BENCH_INDEX_CACHE;
const WARMUP = 20;

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

function built(size: number): { index: CatalogueIndex; buildMs?: number } {
  const cached = CACHE && join(CACHE, `catalogue-index-${size}-format-${SNAPSHOT_FORMAT}.bin`);
  if (cached && existsSync(cached)) {
    try {
      return { index: CatalogueIndex.fromSnapshot(readFileSync(cached)) };
    } catch (error) {
      if (!(error instanceof IndexSnapshotError)) throw error;
    }
  }
  const started = performance.now();
  const index = new CatalogueIndex();
  const at = '2026-12-01T00:00:00.000Z';
  for (let i = 0; i < size; i++) index.upsert(indexedOf(generated(i, at)));
  const buildMs = performance.now() - started;
  if (cached) writeFileSync(cached, index.toSnapshot());
  return { index, buildMs };
}

console.log(
  `catalogue search in memory: ${SEARCHES} searches per query and size, after ${WARMUP} to warm up`,
);
for (const size of SIZES) {
  const { index: builtIndex, buildMs } = built(size);
  const snapshotStart = performance.now();
  const bytes = builtIndex.toSnapshot();
  const writeMs = performance.now() - snapshotStart;
  const loadStart = performance.now();
  const index = CatalogueIndex.fromSnapshot(bytes);
  const loadMs = performance.now() - loadStart;
  console.log(
    `${String(size).padStart(7)} entries: ${buildMs === undefined ? 'index from the cache' : `built in ${(buildMs / 1000).toFixed(1)} s`}, ` +
      `snapshot ${(bytes.byteLength / 1e6).toFixed(1)} MB written in ${writeMs.toFixed(0)} ms, loaded in ${loadMs.toFixed(0)} ms`,
  );
  const mix: number[] = [];
  for (const query of QUERIES) {
    const asked = searchQueryOf(query);
    for (let i = 0; i < WARMUP; i++) index.search(asked);
    const samples: number[] = [];
    const json: number[] = [];
    let total = 0;
    for (let i = 0; i < SEARCHES; i++) {
      const t = performance.now();
      const answer = index.search(asked);
      const searched = performance.now();
      JSON.stringify(answer);
      json.push(performance.now() - searched);
      samples.push(searched - t);
      total = answer.total;
    }
    mix.push(...samples);
    const [p50, p95] = [percentile(samples, 50), percentile(samples, 95)];
    console.log(
      `  ${query.padEnd(40)} ${String(total).padStart(7)} matches   search p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms   ` +
        `JSON p50 ${percentile(json, 50).toFixed(2)} ms`,
    );
    result(`catalogue-search-memory-${size}-${query}-p95`, p95, 'ms', p50);
  }
  console.log(
    `  all queries: p50 ${percentile(mix, 50).toFixed(2)} ms, p95 ${percentile(mix, 95).toFixed(2)} ms`,
  );
  result(`catalogue-search-memory-${size}-p95`, percentile(mix, 95), 'ms', percentile(mix, 50));
}
printResults();
