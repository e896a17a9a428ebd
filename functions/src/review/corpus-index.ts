import {
  buildSimilarityIndex,
  type CorpusEntry,
  type SimilarityIndex,
  similarityDocumentOf,
} from '@govshare/domain/review';
import type { ReviewRegisters } from './registers.ts';

/**
 * The duplicate-construction index of the corpus, built once per warm instance and rebuilt only
 * when the corpus changed.
 *
 * How it knows: each corpus shard carries a revision that every write of one of its entries adds 1
 * to, in the write's own transaction (registers.ts corpusEntryWrites). Before each use the 8
 * revisions are read (one BatchGetItem of 8 small items, consistent); a shard whose revision moved
 * is read again, the others are kept, and the index is rebuilt from the union. Why a counter and not
 * a marker such as "count and newest updatedAt": that marker costs a read of every entry (a COUNT
 * query still reads them all), and a changed entry with an older clock could hide behind it; a
 * counter written in the same transaction as the entry cannot miss a write and costs 8 items.
 * The revisions are read before the shards, so an entry written between the two is read under the
 * older revision and its shard read again next time: the index may be rebuilt once too often,
 * never kept stale.
 */
export interface CorpusIndex {
  /** The index of the corpus as it is now, and how many entries it holds. */
  current(): Promise<{ index: SimilarityIndex; size: number; rebuilt: boolean }>;
}

export function corpusIndex(
  registers: Pick<ReviewRegisters, 'corpusRevisions' | 'readCorpusShard'>,
  build: (entries: readonly CorpusEntry[]) => SimilarityIndex = (entries) =>
    buildSimilarityIndex(entries.map(similarityDocumentOf)),
): CorpusIndex {
  let shards: { revision: number; entries: CorpusEntry[] }[] = [];
  let built: { index: SimilarityIndex; size: number } | undefined;
  // Concurrent messages of a batch share one refresh.
  let refreshing: Promise<{ index: SimilarityIndex; size: number; rebuilt: boolean }> | undefined;

  const refresh = async () => {
    const revisions = await registers.corpusRevisions();
    const moved = revisions
      .map((revision, shard) => ({ revision, shard }))
      .filter(({ revision, shard }) => !built || shards[shard]?.revision !== revision);
    if (built && moved.length === 0) return { ...built, rebuilt: false };
    const reread = await Promise.all(
      moved.map(async ({ revision, shard }) => ({
        shard,
        revision,
        entries: await registers.readCorpusShard(shard),
      })),
    );
    const next = [...shards];
    for (const { shard, revision, entries } of reread) next[shard] = { revision, entries };
    const entries = next.flatMap((shard) => shard?.entries ?? []);
    built = { index: build(entries), size: entries.length };
    shards = next;
    return { ...built, rebuilt: true };
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
