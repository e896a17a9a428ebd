/**
 * Dataset ingestion: rows/s of a generated CSV streamed from S3 (fauxqs) through decode → parse →
 * validate → BatchWriteItem (the consumer's own pipeline and row writer), beside the floor: bare
 * BatchWriteItem of the same rows at the same concurrency on the same DynamoDB Local. Peak memory
 * (RSS, heapUsed) is sampled during each run and printed for two file sizes: it must not grow with
 * the file.
 *
 *   npx tsx bench/dataset-ingest.ts                         (1,000,000 rows; part of `npm run bench`)
 *   BENCH_INGEST_ROWS=100000 BENCH_INGEST_SMALL_ROWS=20000 npx tsx bench/dataset-ingest.ts
 *
 * Ends with RESULT dataset-ingest-<rows> (rows/s, floor: bare BatchWriteItem).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { bucketEnvName, tableEnvName } from '@govshare/blueprint';
import { citizenIdCheckChar } from '@govshare/domain/kernel';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { batchPutAll } from '@govshare/functions/platform/dynamo.ts';
import { s3 } from '@govshare/functions/platform/s3-clients.ts';
import { dynamoDatasetStore } from '@govshare/functions/sharing/dataset-store.ts';
import { ingest } from '@govshare/functions/sharing/ingest/pipeline.ts';
import { PEOPLE_ITEMS } from '../test/support/datasets.ts';
import { startTestPlatform } from '../test/support/local-platform.ts';
import { printResults, result } from './result.ts';

const ROWS = Number(process.env.BENCH_INGEST_ROWS ?? 1_000_000);
const SMALL_ROWS = Number(process.env.BENCH_INGEST_SMALL_ROWS ?? Math.max(1000, Math.floor(ROWS / 10)));
const CONCURRENCY = 4;
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

/** Synthetic rows; one in a hundred has a wrong check digit. */
function row(i: number): { citizenId: string; name: string; birthDate: string; score: number } {
  const birth = `19${String(50 + (i % 50)).padStart(2, '0')}0${1 + (i % 9)}1${i % 10}`;
  const first17 = `611002${birth}${String(i % 1000).padStart(3, '0')}`;
  const check = citizenIdCheckChar(first17);
  const wrong = i % 100 === 99 ? (check === '0' ? '1' : '0') : check;
  return {
    citizenId: `${first17}${wrong}`,
    name: `王某${i % 1000}`,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    score: i % 1000,
  };
}

async function writeCsv(path: string, rows: number) {
  const out = createWriteStream(path);
  out.write('citizenId,name,birthDate,score\n');
  for (let i = 0; i < rows; i++) {
    const r = row(i);
    if (!out.write(`${r.citizenId},${r.name},${r.birthDate},${r.score}\n`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
}

// V8 collects lazily, so a raw heapUsed peak says more about GC timing than about what the pipeline holds:
// once a second a full collection runs and the heap still in use after it (live data) is sampled too.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function sampleMemory() {
  const peak = { rss: 0, heapUsed: 0, liveHeap: 0 };
  const take = () => {
    const { rss, heapUsed } = process.memoryUsage();
    peak.rss = Math.max(peak.rss, rss);
    peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
  };
  const live = () => {
    gc();
    peak.liveHeap = Math.max(peak.liveHeap, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(take, 50);
  const liveTimer = setInterval(live, 1000);
  return {
    stop: () => {
      clearInterval(timer);
      clearInterval(liveTimer);
      take();
      return peak;
    },
  };
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const local = await startTestPlatform('bench-ingest', { sampleData: false });
const { platform } = local;
const { dataDir } = platform;
const table = platform.env[tableEnvName('catalogue')] as string;
const bucket = platform.env[bucketEnvName('datasets')] as string;
const store = dynamoDatasetStore(dynamo(), table);

async function platformRun(rows: number) {
  const file = join(dataDir, `rows-${rows}.csv`);
  await writeCsv(file, rows);
  console.error(`  generated ${rows} rows`);
  const key = `bench/rows-${rows}.csv`;
  await new Upload({
    client: s3(),
    params: { Bucket: bucket, Key: key, Body: createReadStream(file) },
  }).done();
  const bytes = (await stat(file)).size;
  console.error(`  uploaded ${mb(bytes)} to S3`);
  gc();
  const memory = sampleMemory();
  const start = performance.now();
  const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const report = await ingest({
    source: object.Body as Readable,
    format: 'csv',
    encoding: 'utf-8',
    items: PEOPLE_ITEMS,
    today: new Date(),
    writer: store.rowWriter({ id: `bench-${rows}`, resourceCode: '999/000001' }, 'citizenId'),
    concurrency: CONCURRENCY,
    // As the consumer does: a checkpoint every 5,000 rows (the pipeline waits for its writes, then
    // one UpdateItem, refused here as the bench has no upload item: the same round trip).
    checkpointEveryRows: 5000,
    onCheckpoint: (checkpoint, rejections) =>
      store.checkpoint(`bench-${rows}`, checkpoint, rejections, new Date().toISOString()),
  });
  const seconds = (performance.now() - start) / 1000;
  const peak = memory.stop();
  await rm(file);
  return { report, seconds, peak, bytes };
}

async function floorRun(rows: number) {
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();
  let batch: Record<string, unknown>[] = [];
  for (let i = 0; i < rows; i++) {
    if (i % 100 === 99) continue; // the rows the platform rejects are not written by it either
    const r = row(i);
    batch.push({
      pk: `FLOOR#${rows}#${i % 16}`,
      sk: `L#${String(i + 2).padStart(10, '0')}`,
      line: i + 2,
      row: r,
    });
    if (batch.length === 25) {
      const write = batchPutAll(dynamo(), table, batch).finally(() => inFlight.delete(write));
      inFlight.add(write);
      batch = [];
      while (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
    }
  }
  if (batch.length > 0) await batchPutAll(dynamo(), table, batch);
  await Promise.all(inFlight);
  return (performance.now() - start) / 1000;
}

try {
  console.log(
    `dataset ingestion: ${ROWS.toLocaleString('en')} rows (memory compared with ${SMALL_ROWS.toLocaleString('en')})`,
  );
  const small = await platformRun(SMALL_ROWS);
  const large = await platformRun(ROWS);
  const floorSeconds = await floorRun(ROWS);
  const rate = ROWS / large.seconds;
  const floorRate = (ROWS - Math.floor(ROWS / 100)) / floorSeconds;
  console.log(
    `ingest ${ROWS} rows (${mb(large.bytes)} CSV)  ${rate.toFixed(0).padStart(7)} rows/s  (floor: bare BatchWriteItem ${floorRate.toFixed(0)} rows/s, ×${(floorRate / rate).toFixed(2)} slower)`,
  );
  result(`dataset-ingest-${ROWS}`, rate, 'rows/s', floorRate, true);
  console.log(
    `  loaded ${large.report.rowsLoaded}, rejected ${large.report.rowsRejected}, ${large.seconds.toFixed(1)} s`,
  );
  console.log(
    `peak memory  ${SMALL_ROWS} rows: rss ${mb(small.peak.rss)}, heapUsed ${mb(small.peak.heapUsed)}, live heap ${mb(small.peak.liveHeap)}` +
      `   ${ROWS} rows: rss ${mb(large.peak.rss)}, heapUsed ${mb(large.peak.heapUsed)}, live heap ${mb(large.peak.liveHeap)}  (file ×${(large.bytes / small.bytes).toFixed(0)})`,
  );
  printResults();
} finally {
  await local.stop();
}
