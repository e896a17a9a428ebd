/**
 * Catalogue search through the whole HTTP path (gateway → token check → handler → in-memory index)
 * at 10k and 100k generated published entries, beside the floor: a full scan of the same entries on
 * the same DynamoDB Local (the 16 published partitions read in parallel with the same projection,
 * then matched in memory), which is what any search without an index must at least do.
 * p50 and p95 over a mix of Chinese, English and filtered queries.
 *
 *   npx tsx bench/catalogue-search.ts                       (part of `npm run bench`)
 *   BENCH_CATALOGUE_SIZES=10000,100000 BENCH_SEARCHES=300 npx tsx bench/catalogue-search.ts
 *
 * Then the first search on a cold instance: a new catalogue search (as a new Lambda instance makes
 * it) reads the index's snapshot from the search bucket, loads it, catches up from the table (one
 * entry published after the snapshot) and answers; beside its floor, the bare GetObject of the same
 * snapshot bytes on the same S3 emulator.
 *
 * Ends with RESULT catalogue-search-<size>-p50 and -p95 (ms, floor: the full scan) and
 * RESULT catalogue-search-cold-first-<size> (ms, floor: the GetObject).
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { bucketEnvName, tableEnvName } from '@govshare/blueprint';
import { cachedCatalogueSearch } from '@govshare/functions/catalogue/catalogue-search.ts';
import {
  dynamoCatalogueStore,
  PUBLISHED_SHARDS,
  publishedItem,
  type SearchDocument,
} from '@govshare/functions/catalogue/catalogue-store.ts';
import { SNAPSHOT_KEY, s3SnapshotStore } from '@govshare/functions/catalogue/search-snapshot.ts';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { s3 } from '@govshare/functions/platform/s3-clients.ts';
import { startTestPlatform } from '../test/support/local-platform.ts';
import { printResults, result } from './result.ts';
import { generated, QUERIES } from './support/catalogue-corpus.ts';

const SIZES = (process.env.BENCH_CATALOGUE_SIZES ?? '10000,100000').split(',').map(Number);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 200);
const SCANS = Number(process.env.BENCH_SCANS ?? 10);
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 3);
const WARMUP = 20;
process.env.GOVSHARE_SAMPLE_PEOPLE ??= '200';
process.env.GOVSHARE_SAMPLE_COMPANIES ??= '50';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

async function load(table: string, from: number, to: number) {
  const client = dynamo();
  const starts: number[] = [];
  for (let i = from; i < to; i += 25) starts.push(i);
  let next = 0;
  const worker = async () => {
    while (next < starts.length) {
      const start = starts[next++] as number;
      // Stamped as it is written, as the catalogue's own writes are: the incremental reads (warm
      // instances, the snapshot builder) rely on a write showing within the overlap of its stamp.
      const at = new Date().toISOString();
      let requests = Array.from({ length: Math.min(25, to - start) }, (_, k) => ({
        PutRequest: { Item: publishedItem(generated(start + k, at)) },
      }));
      while (requests.length > 0) {
        const out = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

/** The floor: read every published entry (same projection the index loads), match the text in memory. */
async function fullScan(table: string, text: string) {
  const store = dynamoCatalogueStore(dynamo(), table);
  const shards = await Promise.all(
    Array.from({ length: PUBLISHED_SHARDS }, (_, s) => store.searchDocuments(s)),
  );
  const needle = text.toLowerCase();
  return shards
    .flat()
    .filter((d: SearchDocument) =>
      `${d.name} ${d.abstract} ${d.itemText} ${d.tags.join(' ')}`.toLowerCase().includes(needle),
    ).length;
}

const local = await startTestPlatform('bench-catalogue', { sampleData: true });
const { platform } = local;
try {
  const table = process.env[tableEnvName('catalogue')] as string;
  const token = await local.tokenFor('civil-affairs-relief-system');
  const search = async (query: string) => {
    const res = await fetch(`${platform.apiUrl}/v1/catalogue/search?${query}&limit=20`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200) throw new Error(`search ${query}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { total: number };
  };

  const bucket = process.env[bucketEnvName('search')] as string;
  /** The first search of a new instance: snapshot GetObject + load + catch-up + search, in this process. */
  const coldFirstSearch = async () => {
    const started = performance.now();
    const cold = cachedCatalogueSearch(dynamoCatalogueStore(dynamo(), table), {
      snapshots: s3SnapshotStore(s3(), bucket, (message, details) => console.warn(message, details)),
    });
    const { total } = await cold.search({ text: '人口', limit: 20 });
    return { ms: performance.now() - started, total, size: cold.snapshot()?.index.size ?? 0 };
  };
  const bareGetObject = async () => {
    const started = performance.now();
    const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: SNAPSHOT_KEY }));
    const bytes = (await object.Body?.transformToByteArray())?.length ?? 0;
    return { ms: performance.now() - started, bytes };
  };

  console.log(
    `catalogue search bench: ${SEARCHES} searches per size over ${QUERIES.length} queries; floor: ${SCANS} full scans`,
  );
  let loaded = 0;
  for (const size of SIZES) {
    const started = performance.now();
    await load(table, loaded, size);
    loaded = size;
    const loadSeconds = (performance.now() - started) / 1000;
    // The first search after the load pays the (incremental) index load on this warm instance.
    // A load longer than the function timeout answers 5xx but goes on; the next search joins it.
    const firstStart = performance.now();
    let first: { total: number } | undefined;
    for (let attempt = 0; !first; attempt++) {
      first = await search('q=人口').catch((error: Error) => {
        if (attempt >= 5) throw error;
        return undefined;
      });
    }
    const firstMs = performance.now() - firstStart;
    for (let i = 0; i < WARMUP; i++) await search(QUERIES[i % QUERIES.length] as string);
    const samples: number[] = [];
    const byQuery = new Map<string, number[]>(QUERIES.map((query) => [query, []]));
    for (let i = 0; i < SEARCHES; i++) {
      const query = QUERIES[i % QUERIES.length] as string;
      const t = performance.now();
      await search(query);
      const ms = performance.now() - t;
      samples.push(ms);
      byQuery.get(query)?.push(ms);
    }
    const floor: number[] = [];
    for (let i = 0; i < SCANS; i++) {
      const t = performance.now();
      await fullScan(table, i % 2 ? '人口' : '营业执照');
      floor.push(performance.now() - t);
    }
    const [p50, p95, f50, f95] = [
      percentile(samples, 50),
      percentile(samples, 95),
      percentile(floor, 50),
      percentile(floor, 95),
    ];
    console.log(
      `${String(size).padStart(7)} entries (+${24} samples; loaded in ${loadSeconds.toFixed(1)} s): ` +
        `search p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms   ` +
        `full scan p50 ${f50.toFixed(0)} ms, p95 ${f95.toFixed(0)} ms   (×${(f50 / p50).toFixed(0)} faster at p50)   ` +
        `first search after load ${firstMs.toFixed(0)} ms ('人口': ${first.total} hits)`,
    );
    for (const [query, times] of byQuery) {
      console.log(
        `    ${query.padEnd(40)} p50 ${percentile(times, 50).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms`,
      );
    }
    result(`catalogue-search-${size}-p50`, p50, 'ms', f50);
    result(`catalogue-search-${size}-p95`, p95, 'ms', f95);

    // The snapshot as the scheduled builder keeps it, then one entry published after it.
    const buildStart = performance.now();
    await platform.triggerSchedule('catalogue-search-snapshot');
    const buildMs = performance.now() - buildStart;
    const late = generated(size, new Date().toISOString());
    await dynamo().send(
      new PutCommand({ TableName: table, Item: publishedItem({ ...late, name: `人口${late.name}` }) }),
    );
    loaded = size + 1;
    const colds: number[] = [];
    const floors: number[] = [];
    let seen = { total: 0, size: 0 };
    let snapshotBytes = 0;
    for (let i = 0; i < COLD_STARTS; i++) {
      const bare = await bareGetObject();
      floors.push(bare.ms);
      snapshotBytes = bare.bytes;
      const cold = await coldFirstSearch();
      colds.push(cold.ms);
      seen = cold;
    }
    // The figure is the worst of the runs: the first runs the index code with this process's JIT
    // still cold, as a new instance does.
    const [coldest, g50] = [Math.max(...colds), percentile(floors, 50)];
    console.log(
      `${String(size).padStart(7)} entries: first search on a cold instance ${coldest.toFixed(0)} ms ` +
        `(worst of ${colds.map((ms) => ms.toFixed(0)).join(', ')} ms; snapshot read + load + catch-up + search, ` +
        `'人口': ${seen.total} hits over ${seen.size} entries)   ` +
        `bare GetObject of the snapshot ${g50.toFixed(0)} ms (${(snapshotBytes / 1e6).toFixed(1)} MB)   ` +
        `builder run (scheduled function, catching up and writing) ${(buildMs / 1000).toFixed(1)} s`,
    );
    result(`catalogue-search-cold-first-${size}`, coldest, 'ms', g50);
  }
  printResults();
} finally {
  await local.stop();
}
