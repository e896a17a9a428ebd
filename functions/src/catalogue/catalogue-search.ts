import {
  CatalogueIndex,
  type IndexedResource,
  type IndexMatch,
  type SearchQuery,
  type SearchResult,
} from '@govshare/domain/catalogue';
import { type CatalogueStore, PUBLISHED_SHARDS, type SearchDocument } from './catalogue-store.ts';
import type { SearchSnapshot, SnapshotStore } from './search-snapshot.ts';

/**
 * Catalogue search: an in-memory inverted index (packages/domain/src/catalogue/search.ts) per warm
 * Lambda instance, built from DynamoDB, never the source of truth.
 *
 * Why this design: search needs free-text AND over Han bigrams, disjunctive facet counts and a
 * ranked keyset cursor. Term postings kept as DynamoDB items would make one query read every posting
 * of a common term (信息 occurs in most entries: tens of thousands of items per search at 100k) plus
 * the facet values of each match. In memory, that is a few milliseconds. The index is only a cache:
 *  - cold start: the index as the snapshot builder last wrote it (search-snapshot.ts: one GetObject,
 *    no text segmented), then caught up from the table like a warm refresh, from the snapshot's mark.
 *    No snapshot (a fresh deploy, its first minute), an unreadable one or one older than
 *    `maxSnapshotAgeMs`: the PUBLISHED items are read from PUBLISHED_SHARDS gsi1 partitions in
 *    parallel, projected to the few searchable attributes, and indexed here;
 *  - warm: each shard is read again from the previous load's start minus `overlapMs` (gsi1sk is
 *    `<written at>#<code>`, so only what changed comes back; the overlap covers writers whose clocks
 *    lag and transactions that commit late). A PUBLISHED item is only ever replaced (a new version,
 *    a new gsi1sk), never deleted, so what changed is all an incremental read must see; the stale
 *    flag is not part of the index;
 *  - freshness off the hot path: a search never waits for a refresh while the last load started
 *    less than `refreshEveryMs` ago; from `backgroundAfterMs` on it starts one and answers from
 *    memory, so under steady traffic the refresh runs between searches. An instance that was idle
 *    (or frozen by Lambda between invocations) waits, so no search reflects a load older than
 *    `refreshEveryMs`, as before;
 *  - a publish handled by this instance is applied at once (read-your-writes for its caller).
 * Any instance can be killed at any time: the next one loads the snapshot or rebuilds from the table.
 */
export interface CatalogueSearch {
  search(query: SearchQuery): Promise<SearchResult>;
  /** Every match, unordered (CatalogueIndex.matching), from an index as fresh as search's. */
  matching(query: Parameters<CatalogueIndex['matching']>[0]): Promise<IndexMatch[]>;
  /** Applies a document this instance just published. */
  apply(document: IndexedResource): void;
  /** Loads what changed since the last load (all of it, the first time); how many entries changed. */
  refresh(): Promise<{ changed: number }>;
  /** The index and the start of the last load it holds; undefined before the first load. */
  snapshot(): SearchSnapshot | undefined;
}

export interface CatalogueSearchOptions {
  refreshEveryMs?: number;
  /** From this age of the last load on, a search starts a refresh in the background. */
  backgroundAfterMs?: number;
  overlapMs?: number;
  now?: () => number;
  /** Where a cold instance finds the built index. */
  snapshots?: Pick<SnapshotStore, 'read'>;
  /** A snapshot older than this is not caught up (that read could cost as much as a build). */
  maxSnapshotAgeMs?: number;
}

const toIndexed = ({ position: _position, stale: _stale, ...document }: SearchDocument): IndexedResource => ({
  ...document,
  tags: document.tags ?? [],
});

export function cachedCatalogueSearch(
  store: Pick<CatalogueStore, 'searchDocuments'>,
  options: CatalogueSearchOptions = {},
): CatalogueSearch {
  const {
    refreshEveryMs = 2_000,
    backgroundAfterMs = refreshEveryMs / 2,
    overlapMs = 10_000,
    now = Date.now,
    snapshots,
    maxSnapshotAgeMs = 24 * 3_600_000,
  } = options;
  let index = new CatalogueIndex();
  /** When the last complete load started (this instance's clock); undefined before the first. */
  let lastLoadStartedAt: number | undefined;
  /** When the whole build this index descends from started (its own, or its snapshot's). */
  let builtAt: number | undefined;
  let loading: Promise<{ changed: number }> | undefined;
  /** Publishes applied before the first load, applied again over a snapshot that replaces the index. */
  let appliedBeforeLoad: IndexedResource[] = [];

  const fromSnapshot = async () => {
    const snapshot = await snapshots?.read();
    if (!snapshot || now() - snapshot.mark > maxSnapshotAgeMs) return;
    index = snapshot.index;
    for (const document of appliedBeforeLoad) index.upsert(document);
    lastLoadStartedAt = snapshot.mark;
    builtAt = snapshot.builtAt;
  };

  const refresh = () => {
    loading ??= (async () => {
      const started = now();
      try {
        if (lastLoadStartedAt === undefined) await fromSnapshot();
        // A write stamped T is visible by T + overlapMs at the latest (commit delay and clock skew), so
        // whatever is stamped before (last load's start − overlap) was already read by that load.
        const after =
          lastLoadStartedAt === undefined ? undefined : new Date(lastLoadStartedAt - overlapMs).toISOString();
        const shards = await Promise.all(
          Array.from({ length: PUBLISHED_SHARDS }, (_, shard) => store.searchDocuments(shard, after)),
        );
        let changed = 0;
        for (const documents of shards) {
          for (const document of documents) if (index.upsert(toIndexed(document))) changed++;
        }
        builtAt ??= started;
        lastLoadStartedAt = started;
        appliedBeforeLoad = [];
        return { changed };
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  };

  const fresh = async () => {
    // An in-flight refresh may have started long ago (frozen between invocations): wait, then judge again.
    while (lastLoadStartedAt === undefined || now() - lastLoadStartedAt >= refreshEveryMs) await refresh();
    if (now() - lastLoadStartedAt >= backgroundAfterMs && !loading) {
      // Errors surface on the next search that must wait; a failed background refresh changes nothing.
      refresh().catch(() => {});
    }
  };

  return {
    async search(query) {
      await fresh();
      return index.search(query);
    },
    async matching(query) {
      await fresh();
      return index.matching(query);
    },
    apply(document) {
      index.upsert(document);
      if (lastLoadStartedAt === undefined) appliedBeforeLoad.push(document);
    },
    refresh,
    snapshot: () =>
      lastLoadStartedAt === undefined || builtAt === undefined
        ? undefined
        : { index, mark: lastLoadStartedAt, builtAt },
  };
}
