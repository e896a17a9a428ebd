/**
 * The duplicate-construction check (重复建设) as the project-checks consumer runs it, against 1,000 and
 * 10,000 earlier projects and systems, beside its floor: reading the same corpus back from the review
 * table on the same DynamoDB Local.
 *
 *   npx tsx bench/project-similarity.ts                       (part of `npm run bench`)
 *   BENCH_SIMILARITY_SIZES=1000,10000 BENCH_SIMILARITY_SEED=10 npx tsx bench/project-similarity.ts
 *
 * For each size: a labelled set from `labelledDuplicateSet(seed, n)` (the corpus, then paraphrased
 * duplicates of some of it and unrelated new projects). The corpus is written with the review
 * table's own layout (table-keys.ts corpusProjectKey / corpusSystemKey over CORPUS_SHARDS) in
 * batches, each shard's revision raised by what it received. The generator draws the corpus first,
 * so the corpus of a smaller size is the start of a larger one's: sizes run smallest first and each
 * writes only the documents it adds (the entries of the previous size's submissions are deleted,
 * their revisions raised). Then, through the registers and the consumer's own cache (corpus-index.ts):
 * - floor: the whole corpus read back (registers.readCorpus, the shards in parallel; p50 of 3);
 * - cold: the first `current()` of a new cache (read every shard, build the index);
 * - query: `checkDuplicateConstruction` per labelled submission on that built index (p50, p95),
 *   what the check alone costs;
 * - steady state, per labelled submission in turn: its own corpus entry written as a submission
 *   writes it (one transaction of corpusEntryWrites: the entry and its shard's revision + 1), then
 *   timed: `current()` (revisions read, the moved shard re-read, the change applied or, past the
 *   bound, the index rebuilt) and the check excluding the submission itself (p50, p95, max, mean);
 * - quality: recall and precision of those steady-state checks, at the fail and the warn threshold.
 *
 * Ends with RESULT review-similarity-<n>-{steady-p50,steady-p95,query-p95,cold} (ms, floor: the
 * read p50) and review-similarity-<n>-{fail,flagged}-{recall,precision} (a share, floor 1).
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableEnvName } from '@govshare/blueprint';
import {
  type CorpusEntry,
  type CorpusProject,
  checkDuplicateConstruction,
  checkQualityOf,
  DEFAULT_SIMILARITY_THRESHOLDS,
  labelledDuplicateSet,
  SIMILARITY_DELTA_SHARE,
  type SimilarityDocument,
} from '@govshare/domain/review';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { batchPutAll } from '@govshare/functions/platform/dynamo.ts';
import { corpusIndex } from '@govshare/functions/review/corpus-index.ts';
import { corpusEntryWrites, dynamoReviewRegisters } from '@govshare/functions/review/registers.ts';
import {
  CORPUS_SHARDS,
  corpusProjectKey,
  corpusRevisionKey,
  corpusShardOf,
  corpusSystemKey,
} from '@govshare/functions/review/table-keys.ts';
import { startTestPlatform } from '../test/support/local-platform.ts';
import { printResults, result } from './result.ts';

const SIZES = (process.env.BENCH_SIMILARITY_SIZES ?? '1000,10000')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const SEED = Number(process.env.BENCH_SIMILARITY_SEED ?? 10);
const FLOOR_READS = 3;
const WRITERS = 8;
const WARMUP = 20;
const AT = '2026-01-01T00:00:00.000Z';
const UNIT = '611000109';

const percentile = (samples: readonly number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const mean = (samples: readonly number[]) => samples.reduce((a, b) => a + b, 0) / samples.length;

/** A generated document as the corpus entry the registers would have written. */
const entryOf = (doc: SimilarityDocument, i: number): CorpusEntry =>
  doc.kind === 'system'
    ? {
        ...doc,
        kind: 'system',
        functions: [...doc.functions],
        deployment: i % 3 === 0 ? 'self-built' : 'government-cloud',
        builtYear: 2010 + (i % 15),
        updatedAt: AT,
      }
    : { ...doc, kind: 'project', functions: [...doc.functions], year: 2015 + (i % 10), updatedAt: AT };

const keyOfEntry = (entry: { kind: CorpusEntry['kind']; id: string }) =>
  entry.kind === 'system' ? corpusSystemKey(entry.id) : corpusProjectKey(entry.id);

/** Raises each shard's revision by what it received, as the entries' own transactions would have. */
async function bumpRevisions(table: string, ids: readonly string[]): Promise<void> {
  const perShard = new Map<number, number>();
  for (const id of ids) perShard.set(corpusShardOf(id), (perShard.get(corpusShardOf(id)) ?? 0) + 1);
  await Promise.all(
    [...perShard].map(([shard, count]) =>
      dynamo().send(
        new UpdateCommand({
          TableName: table,
          Key: corpusRevisionKey(shard),
          UpdateExpression: 'ADD revision :count',
          ExpressionAttributeValues: { ':count': count },
        }),
      ),
    ),
  );
}

async function writeCorpus(table: string, entries: readonly CorpusEntry[]): Promise<void> {
  const items = entries.map((entry) => ({ ...entry, ...keyOfEntry(entry) }));
  const slice = Math.ceil(items.length / WRITERS);
  await Promise.all(
    Array.from({ length: WRITERS }, (_, w) =>
      batchPutAll(dynamo(), table, items.slice(w * slice, (w + 1) * slice)),
    ),
  );
  await bumpRevisions(
    table,
    entries.map((entry) => entry.id),
  );
}

async function deleteEntries(table: string, entries: readonly CorpusProject[]): Promise<void> {
  for (const entry of entries)
    await dynamo().send(new DeleteCommand({ TableName: table, Key: keyOfEntry(entry) }));
  await bumpRevisions(
    table,
    entries.map((entry) => entry.id),
  );
}

interface SizeFigures {
  n: number;
  submissions: number;
  read: number;
  cold: number;
  queryP50: number;
  queryP95: number;
  steadyP50: number;
  steadyP95: number;
  steadyMax: number;
  steadyMean: number;
  rebuilds: number;
  bound: number;
  submitWrite: number;
}

const ms = (v: number) => `${v.toFixed(v >= 100 ? 0 : 2)} ms`;
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

const local = await startTestPlatform('bench-similarity', { sampleData: false });
try {
  const table = process.env[tableEnvName('review')] as string;
  const registers = dynamoReviewRegisters(dynamo(), table);
  console.log(
    `duplicate-construction bench: corpus sizes ${SIZES.join(', ')}, seed ${SEED}, ${CORPUS_SHARDS} shards in ${table}`,
  );
  const figures: SizeFigures[] = [];
  let written: SimilarityDocument[] = [];
  let submitted: CorpusProject[] = [];
  for (const n of SIZES) {
    const set = labelledDuplicateSet(SEED, n);
    for (let i = 0; i < written.length; i++) {
      if (set.corpus[i]?.id !== written[i]?.id || set.corpus[i]?.name !== written[i]?.name)
        throw new Error(`the corpus of ${n} does not start with the corpus already written`);
    }
    await deleteEntries(table, submitted);
    const writeStart = performance.now();
    await writeCorpus(
      table,
      set.corpus.slice(written.length).map((doc, i) => entryOf(doc, written.length + i)),
    );
    const write = performance.now() - writeStart;
    written = set.corpus;

    // Floor: the least a check can do without an index kept between calls, read the corpus.
    const readSamples: number[] = [];
    for (let r = 0; r < FLOOR_READS; r++) {
      const start = performance.now();
      const shards = await registers.readCorpus();
      readSamples.push(performance.now() - start);
      const count = shards.reduce((sum, shard) => sum + shard.entries.length, 0);
      if (count !== n) throw new Error(`read ${count} entries, wrote ${n}`);
    }
    const read = percentile(readSamples, 50);

    // Cold: a new instance's first check reads every shard and builds the index.
    const cache = corpusIndex(registers);
    const coldStart = performance.now();
    const { index: built } = await cache.current();
    const cold = performance.now() - coldStart;

    // The check alone, on the index as built.
    for (const { submission } of set.cases.slice(0, WARMUP)) checkDuplicateConstruction(built, submission);
    const querySamples = set.cases.map(({ submission }) => {
      const start = performance.now();
      checkDuplicateConstruction(built, submission);
      return performance.now() - start;
    });

    // Steady state: each submission writes its own entry, then its check brings the index up to date.
    submitted = [];
    const steadySamples: number[] = [];
    const writeSamples: number[] = [];
    const flagged: { duplicateOf?: string; fail: string[]; warn: string[] }[] = [];
    let rebuilds = 0;
    for (const { submission, duplicateOf } of set.cases) {
      const entry: CorpusProject = {
        kind: 'project',
        id: randomUUID(),
        unit: UNIT,
        name: submission.name,
        description: submission.description,
        functions: [...submission.functions],
        updatedAt: new Date().toISOString(),
      };
      submitted.push(entry);
      const writeAt = performance.now();
      await dynamo().send(new TransactWriteCommand({ TransactItems: corpusEntryWrites(table, entry) }));
      writeSamples.push(performance.now() - writeAt);
      const start = performance.now();
      const { index, rebuilt } = await cache.current();
      const check = checkDuplicateConstruction(index, submission, { exclude: [entry.id] });
      steadySamples.push(performance.now() - start);
      if (rebuilt) rebuilds++;
      flagged.push({
        ...(duplicateOf !== undefined ? { duplicateOf } : {}),
        fail: check.evidence.filter((m) => m.score >= DEFAULT_SIMILARITY_THRESHOLDS.fail).map((m) => m.id),
        warn: check.evidence.filter((m) => m.score >= DEFAULT_SIMILARITY_THRESHOLDS.warn).map((m) => m.id),
      });
    }
    // The labels speak of the generated corpus only: a flag against another submission of the run
    // (two unrelated projects about the same held-out objects) is counted apart, not as a false positive.
    const ours = new Set(submitted.map((entry) => entry.id));
    const onCorpus = (ids: string[]) => ids.filter((id) => !ours.has(id));
    const quality = {
      fail: checkQualityOf(
        flagged.map((f) => ({ duplicateOf: f.duplicateOf, flaggedIds: onCorpus(f.fail) })),
      ),
      flagged: checkQualityOf(
        flagged.map((f) => ({ duplicateOf: f.duplicateOf, flaggedIds: onCorpus(f.warn) })),
      ),
    };
    const againstSubmissions = flagged.filter((f) => f.warn.some((id) => ours.has(id))).length;

    const f: SizeFigures = {
      n,
      submissions: set.cases.length,
      read,
      cold,
      queryP50: percentile(querySamples, 50),
      queryP95: percentile(querySamples, 95),
      steadyP50: percentile(steadySamples, 50),
      steadyP95: percentile(steadySamples, 95),
      steadyMax: Math.max(...steadySamples),
      steadyMean: mean(steadySamples),
      rebuilds,
      bound: Math.floor(SIMILARITY_DELTA_SHARE * n),
      submitWrite: percentile(writeSamples, 50),
    };
    figures.push(f);

    const duplicates = set.cases.filter((c) => c.duplicateOf !== undefined).length;
    console.log('');
    console.log(
      `${n.toLocaleString('en')} earlier projects and systems (${set.corpus.filter((d) => d.kind === 'system').length} systems), ` +
        `${set.cases.length} submissions (${duplicates} paraphrased duplicates, ${set.cases.length - duplicates} unrelated); ` +
        `written in ${(write / 1000).toFixed(1)} s`,
    );
    console.log(
      `  floor:  read the corpus (${CORPUS_SHARDS} shards in parallel)          p50 ${ms(read)}  (${readSamples.map((s) => s.toFixed(0)).join(', ')} ms)`,
    );
    console.log(
      `  cold:   first current() of a new cache (read + build)     ${ms(cold)}  ×${(cold / read).toFixed(2)} the floor`,
    );
    console.log(
      `  query:  the check alone on the built index                p50 ${ms(f.queryP50)}  p95 ${ms(f.queryP95)}`,
    );
    console.log(
      `  steady: per submission, current() + the check             p50 ${ms(f.steadyP50)}  p95 ${ms(f.steadyP95)}  ` +
        `max ${ms(f.steadyMax)}  mean ${ms(f.steadyMean)}  (p95 ×${(f.steadyP95 / read).toFixed(2)} the floor; ` +
        `${rebuilds} full rebuilds, bound ${f.bound} changes since the build; its own entry written in p50 ${ms(f.submitWrite)}, untimed)`,
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
    console.log(
      `  ${againstSubmissions} submissions also warned or failed against an earlier submission of the run (not counted above)`,
    );
    result(`review-similarity-${n}-steady-p50`, f.steadyP50, 'ms', read);
    result(`review-similarity-${n}-steady-p95`, f.steadyP95, 'ms', read);
    result(`review-similarity-${n}-query-p95`, f.queryP95, 'ms', read);
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
  console.log(
    '| corpus | read (floor) p50 |    cold | query p95 | steady p50 | steady p95 | steady max | steady mean | rebuilds |',
  );
  console.log(
    '| -----: | ---------------: | ------: | --------: | ---------: | ---------: | ---------: | ----------: | -------: |',
  );
  for (const f of figures) {
    console.log(
      `| ${f.n.toLocaleString('en').padStart(6)} | ${ms(f.read).padStart(16)} | ${ms(f.cold).padStart(7)} | ${ms(f.queryP95).padStart(9)} | ` +
        `${ms(f.steadyP50).padStart(10)} | ${ms(f.steadyP95).padStart(10)} | ${ms(f.steadyMax).padStart(10)} | ${ms(f.steadyMean).padStart(11)} | ` +
        `${`${f.rebuilds} / ${f.submissions}`.padStart(8)} |`,
    );
  }
  const [small, large] = [figures[0], figures[figures.length - 1]];
  if (small && large && large.n > small.n) {
    const x = (a: number, b: number) => `×${(a / b).toFixed(1)}`;
    console.log('');
    console.log(
      `From ${small.n.toLocaleString('en')} to ${large.n.toLocaleString('en')} (×${(large.n / small.n).toFixed(0)} the corpus): ` +
        `read ${x(large.read, small.read)}, cold ${x(large.cold, small.cold)}, query p95 ${x(large.queryP95, small.queryP95)}, ` +
        `steady p50 ${x(large.steadyP50, small.steadyP50)}, p95 ${x(large.steadyP95, small.steadyP95)}.`,
    );
    const buildShare = (large.cold - large.read) / large.bound;
    console.log(
      `A full rebuild comes once per ${large.bound.toLocaleString('en')} changes at ${large.n.toLocaleString('en')} ` +
        `(5% of the build): amortised about ${ms(buildShare)} per submission on top of the steady p50.`,
    );
  }
  printResults();
} finally {
  await local.stop();
}
