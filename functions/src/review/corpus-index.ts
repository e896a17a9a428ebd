import {
  buildSimilarityIndex,
  type CorpusChanges,
  type CorpusEntry,
  type SimilarityIndex,
  type SimilarityUpdateOptions,
  similarityDocumentOf,
  updateSimilarityIndex,
} from '@govshare/domain/review';
import type { ReviewRegisters } from './registers.ts';

/**
 * The duplicate-construction index of the corpus, built once per warm instance and brought up to
 * date, not rebuilt, when the corpus changed.
 *
 * How it knows: each corpus shard carries a revision that every write of one of its entries adds 1
 * to, in the write's own transaction (registers.ts corpusEntryWrites). Before each use the 8
 * revisions are read (one BatchGetItem of 8 small items, consistent); a shard whose revision moved
 * is read again, the others are kept. Why a counter and not a marker such as "count and newest
 * updatedAt": that marker costs a read of every entry (a COUNT query still reads them all), and a
 * changed entry with an older clock could hide behind it; a counter written in the same transaction
 * as the entry cannot miss a write and costs 8 items. The revisions are read before the shards, so
 * an entry written between the two is read under the older revision and its shard read again next
 * time: a shard may be read once too often, the index is never kept stale.
 *
 * What it does with a moved shard: every submission writes its own entry just before its checks
 * run, so in steady state nearly every check finds one shard moved. The entries of the shard are
 * compared with those held (by id; added, changed, gone) and only the difference is applied to the
 * index (domain updateSimilarityIndex: a delta on top of the build, a full rebuild once the
 * changes since the build pass 5% of it). A check then costs one shard read and a query, not the
 * build of the whole corpus.
 */
export interface CorpusIndex {
  /**
   * The index of the corpus as it is now, how many entries it holds, and whether it was built from
   * the whole corpus for this call (first use, or the changes since the last build passed the bound).
   */
  current(): Promise<{ index: SimilarityIndex; size: number; rebuilt: boolean }>;
}

/** The entries of a shard that were added or changed, and the ids that are gone. */
export function shardChanges(before: readonly CorpusEntry[], after: readonly CorpusEntry[]): CorpusChanges {
  const held = new Map(before.map((entry) => [entry.id, entry]));
  const put = after.filter((entry) => {
    const earlier = held.get(entry.id);
    return !earlier || !sameText(earlier, entry);
  });
  const present = new Set(after.map((entry) => entry.id));
  const remove = before.filter((entry) => !present.has(entry.id)).map((entry) => entry.id);
  return { put: put.map(similarityDocumentOf), remove };
}

/** The same for the check: a new updatedAt with the same text (a resubmission unchanged) moves nothing. */
const sameText = (a: CorpusEntry, b: CorpusEntry) =>
  a.kind === b.kind &&
  a.unit === b.unit &&
  a.name === b.name &&
  a.description === b.description &&
  a.functions.length === b.functions.length &&
  a.functions.every((f, i) => f === b.functions[i]);

export function corpusIndex(
  registers: Pick<ReviewRegisters, 'corpusRevisions' | 'readCorpusShard'>,
  options: SimilarityUpdateOptions = {},
): CorpusIndex {
  let shards: { revision: number; entries: CorpusEntry[] }[] = [];
  let built: SimilarityIndex | undefined;
  // Concurrent messages of a batch share one refresh.
  let refreshing: Promise<{ index: SimilarityIndex; size: number; rebuilt: boolean }> | undefined;

  const refresh = async () => {
    const revisions = await registers.corpusRevisions();
    const moved = revisions
      .map((revision, shard) => ({ revision, shard }))
      .filter(({ revision, shard }) => !built || shards[shard]?.revision !== revision);
    if (built && moved.length === 0) return { index: built, size: built.size, rebuilt: false };
    const reread = await Promise.all(
      moved.map(async ({ revision, shard }) => ({
        shard,
        revision,
        entries: await registers.readCorpusShard(shard),
      })),
    );
    const next = [...shards];
    for (const { shard, revision, entries } of reread) next[shard] = { revision, entries };
    const all = () => next.flatMap((shard) => shard?.entries ?? []).map(similarityDocumentOf);
    let rebuilt = true;
    if (!built) built = buildSimilarityIndex(all());
    else {
      const changes = reread.map(({ shard, entries }) => shardChanges(shards[shard]?.entries ?? [], entries));
      const update = updateSimilarityIndex(
        built,
        { put: changes.flatMap((c) => c.put), remove: changes.flatMap((c) => c.remove) },
        all,
        options,
      );
      built = update.index;
      rebuilt = update.rebuilt;
    }
    shards = next;
    return { index: built, size: built.size, rebuilt };
  };

  return {
    current() {
      refreshing ??= refresh().finally(() => {
        refreshing = undefined;
      });
      return refreshing;
    },
  };
}
