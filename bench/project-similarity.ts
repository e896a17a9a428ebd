/**
 * The duplicate-construction check (重复建设) against 1,000 and 10,000 earlier projects and systems,
 * beside its floor: reading the same corpus back from the review table on the same DynamoDB Local.
 *
 *   npx tsx bench/project-similarity.ts                       (part of `npm run bench`)
 *   BENCH_SIMILARITY_SIZES=1000,10000 BENCH_SIMILARITY_SEED=10 npx tsx bench/project-similarity.ts
 *
 * For each size: a labelled set from `labelledDuplicateSet(seed, n)` (the corpus, then paraphrased
 * duplicates of some of it and unrelated new projects), the corpus written as review-table items
 * (pk CORPUS#<shard> sk <id>, 16 shards). The generator draws the corpus first, so the corpus of a
 * smaller size is the start of a larger one's: sizes run smallest first and each writes only the
 * documents it adds. Then:
 * - floor: the whole corpus read back, the 16 partitions queried in parallel (p50 of 3);
 * - cold: what a function's first check pays on a new instance, that read and `buildSimilarityIndex`;
 * - warm: `checkDuplicateConstruction` per labelled submission on the built index (p50, p95);
 * - quality: recall and precision at the fail and at the warn threshold (`measureDuplicateCheck`).
 *
 * Ends with RESULT review-similarity-<n>-query-p95 and -cold (ms, floor: the read p50), and
 * review-similarity-<n>-{fail,flagged}-{recall,precision} (a share, floor 1).
 */
import { tableEnvName } from '@govshare/blueprint';
import {
  buildSimilarityIndex,
  checkDuplicateConstruction,
  labelledDuplicateSet,
  measureDuplicateCheck,
  type SimilarityDocument,
} from '@govshare/domain/review';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { batchPutAll, queryAll } from '@govshare/functions/platform/dynamo.ts';
import { startTestPlatform } from '../test/support/local-platform.ts';
import { printResults, result } from './result.ts';

const SIZES = (process.env.BENCH_SIMILARITY_SIZES ?? '1000,10000')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const SEED = Number(process.env.BENCH_SIMILARITY_SEED ?? 10);
const SHARDS = 16;
const FLOOR_READS = 3;
const WRITERS = 8;
const WARMUP = 20;

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

/** FNV-1a of the id, so a document's shard does not depend on the order it was written in. */
const shardOf = (id: string) => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % SHARDS;
};

const corpusItem = (doc: SimilarityDocument) => ({
  pk: `CORPUS#${shardOf(doc.id)}`,
  sk: doc.id,
  kind: doc.kind,
  unit: doc.unit,
  name: doc.name,
  description: doc.description,
  functions: [...doc.functions],
});

const asDocument = (item: Record<string, unknown>): SimilarityDocument => ({
  id: item.sk as string,
  kind: item.kind as SimilarityDocument['kind'],
  unit: item.unit as string,
  name: item.name as string,
  description: item.description as string,
  functions: item.functions as string[],
});

async function writeCorpus(table: string, docs: readonly SimilarityDocument[]): Promise<void> {
  const items = docs.map(corpusItem);
  const slice = Math.ceil(items.length / WRITERS);
  await Promise.all(
    Array.from({ length: WRITERS }, (_, w) =>
      batchPutAll(dynamo(), table, items.slice(w * slice, (w + 1) * slice)),
    ),
  );
}

async function readCorpus(table: string): Promise<SimilarityDocument[]> {
  const shards = await Promise.all(
    Array.from({ length: SHARDS }, (_, shard) =>
      queryAll(dynamo(), {
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CORPUS#${shard}` },
      }),
    ),
  );
  // In id order, so the index (and its tie-breaks) is the same whatever order the shards answer in.
  return shards
    .flat()
    .map(asDocument)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

interface SizeFigures {
  n: number;
  submissions: number;
  write: number;
  read: number;
  readSamples: number[];
  build: number;
  cold: number;
  p50: number;
  p95: number;
}

const ms = (v: number) => `${v.toFixed(v >= 100 ? 0 : 2)} ms`;
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

const local = await startTestPlatform('bench-similarity', { sampleData: false });
try {
  const table = process.env[tableEnvName('review')] as string;
  console.log(
    `duplicate-construction bench: corpus sizes ${SIZES.join(', ')}, seed ${SEED}, ${SHARDS} shards in ${table}`,
  );
  const figures: SizeFigures[] = [];
  let written: SimilarityDocument[] = [];
  for (const n of SIZES) {
    const set = labelledDuplicateSet(SEED, n);
    for (let i = 0; i < written.length; i++) {
      if (set.corpus[i]?.id !== written[i]?.id || set.corpus[i]?.name !== written[i]?.name)
        throw new Error(`the corpus of ${n} does not start with the corpus already written`);
    }
    const writeStart = performance.now();
    await writeCorpus(table, set.corpus.slice(written.length));
    const write = performance.now() - writeStart;
    written = set.corpus;

    // Floor: the least a check can do without an index kept between calls, read the corpus.
    const readSamples: number[] = [];
    for (let r = 0; r < FLOOR_READS; r++) {
      const start = performance.now();
      const docs = await readCorpus(table);
      readSamples.push(performance.now() - start);
      if (docs.length !== n) throw new Error(`read ${docs.length} documents, wrote ${n}`);
    }
    const read = percentile(readSamples, 50);

    // Cold: a new instance reads the corpus and builds the index once.
    const coldStart = performance.now();
    const corpus = await readCorpus(table);
    const buildStart = performance.now();
    const index = buildSimilarityIndex(corpus);
    const cold = performance.now() - coldStart;
    const build = performance.now() - buildStart;

    // Warm: each labelled submission checked on the built index.
    for (const { submission } of set.cases.slice(0, WARMUP)) checkDuplicateConstruction(index, submission);
    const samples = set.cases.map(({ submission }) => {
      const start = performance.now();
      checkDuplicateConstruction(index, submission);
      return performance.now() - start;
    });
    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);

    const quality = measureDuplicateCheck(set, {}, index);
    figures.push({
      n,
      submissions: set.cases.length,
      write,
      read,
      readSamples,
      build,
      cold,
      p50,
      p95,
    });

    const duplicates = set.cases.filter((c) => c.duplicateOf !== undefined).length;
    console.log('');
    console.log(
      `${n.toLocaleString('en')} earlier projects and systems (${set.corpus.filter((d) => d.kind === 'system').length} systems), ` +
        `${set.cases.length} submissions (${duplicates} paraphrased duplicates, ${set.cases.length - duplicates} unrelated); ` +
        `written in ${(write / 1000).toFixed(1)} s`,
    );
    console.log(
      `  floor: read the corpus (16 partitions in parallel)  p50 ${ms(read)}  (${readSamples.map((s) => s.toFixed(0)).join(', ')} ms)`,
    );
    console.log(
      `  cold:  read + build the index                       ${ms(cold)}  (build ${ms(build)})  ×${(cold / read).toFixed(2)} the floor`,
    );
    console.log(
      `  warm:  one check on the built index                 p50 ${ms(p50)}  p95 ${ms(p95)}  max ${ms(Math.max(...samples))}  ` +
        `(p95 is ${((p95 / read) * 100).toFixed(2)}% of the floor)`,
    );
    for (const [label, q] of [
      ['fail', quality.fail],
      ['warn or fail', quality.flagged],
    ] as const) {
      console.log(
        `  ${`flagged = ${label}:`.padEnd(24)} recall ${pct(q.recall)}  precision ${pct(q.precision)}  ` +
          `(${q.truePositives} found, ${q.falseNegatives} missed, ${q.falsePositives} wrongly flagged)`,
      );
    }
    result(`review-similarity-${n}-query-p95`, p95, 'ms', read);
    result(`review-similarity-${n}-cold`, cold, 'ms', read);
    for (const [name, q] of [
      ['fail', quality.fail],
      ['flagged', quality.flagged],
    ] as const) {
      result(`review-similarity-${n}-${name}-recall`, q.recall, 'share', 1, true);
      result(`review-similarity-${n}-${name}-precision`, q.precision, 'share', 1, true);
    }
  }

  console.log('');
  console.log('| corpus | read (floor) p50 | cold: read + build |   build | check p50 | check p95 |');
  console.log('| -----: | ---------------: | -----------------: | ------: | --------: | --------: |');
  for (const f of figures) {
    console.log(
      `| ${f.n.toLocaleString('en').padStart(6)} | ${ms(f.read).padStart(16)} | ${ms(f.cold).padStart(18)} | ${ms(f.build).padStart(7)} | ${ms(f.p50).padStart(9)} | ${ms(f.p95).padStart(9)} |`,
    );
  }
  const [small, large] = [figures[0], figures[figures.length - 1]];
  if (small && large && large.n > small.n) {
    const growth = large.n / small.n;
    const x = (a: number, b: number) => `×${(a / b).toFixed(1)}`;
    const target = 100_000;
    const ahead = target / large.n;
    console.log('');
    console.log(
      `From ${small.n.toLocaleString('en')} to ${large.n.toLocaleString('en')} (×${growth.toFixed(0)} the corpus): ` +
        `read ${x(large.read, small.read)}, build ${x(large.build, small.build)}, cold ${x(large.cold, small.cold)}, ` +
        `check p50 ${x(large.p50, small.p50)}, p95 ${x(large.p95, small.p95)}.`,
    );
    console.log(
      `At ${target.toLocaleString('en')}: the read and the build are linear in the corpus and paid once per warm instance, ` +
        `about ${((large.cold * ahead) / 1000).toFixed(0)} s if they keep their ${large.n.toLocaleString('en')} rate; ` +
        `a check reads at most the postings budget (20,000 postings) in its candidate phase and scores 40 candidates ` +
        `exactly whatever the corpus, plus one pass over the touched slots, so it should stay near ` +
        `${ms(large.p95)} at p95 (${ms(large.p95 * ahead)} would be the bound if it kept growing linearly from here).`,
    );
  }
  printResults();
} finally {
  await local.stop();
}
