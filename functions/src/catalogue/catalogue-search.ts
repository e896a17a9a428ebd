import {
  CatalogueIndex,
  type IndexedResource,
  type IndexMatch,
  type SearchQuery,
  type SearchResult,
} from '@govshare/domain/catalogue';
import { type CatalogueStore, PUBLISHED_SHARDS, type SearchDocument } from './catalogue-store.ts';

/**
 * Catalogue search: an in-memory inverted index (packages/domain/src/catalogue/search.ts) per warm
 * Lambda instance, built from DynamoDB, never the source of truth.
 *
 * Why this design: search needs free-text AND over Han bigrams, disjunctive facet counts and a
 * ranked keyset cursor. Term postings kept as DynamoDB items would make one query read every posting
 * of a common term (信息 occurs in most entries: tens of thousands of items per search at 100k) plus
 * the facet values of each match. In memory, that is a few milliseconds. The index is only a cache:
 *  - cold start: the PUBLISHED items are read from PUBLISHED_SHARDS gsi1 partitions in parallel,
 *    projected to the few searchable attributes (a compact snapshot, no nested data items);
 *  - warm: at most every `refreshEveryMs`, each shard is read again from the previous load's start
 *    minus `overlapMs` (gsi1sk is `<written at>#<code>`, so only what changed comes back; the overlap
 *    covers writers whose clocks lag and transactions that commit late);
 *  - a publish handled by this instance is applied at once (read-your-writes for its caller).
 * Any instance can be killed at any time: the next one rebuilds from the table.
 */
export interface CatalogueSearch {
  search(query: SearchQuery): Promise<SearchResult>;
  /** Every match, unordered (CatalogueIndex.matching), from an index as fresh as search's. */
  matching(query: Parameters<CatalogueIndex['matching']>[0]): Promise<IndexMatch[]>;
  /** Applies a document this instance just published. */
  apply(document: IndexedResource): void;
  /** Loads what changed since the last load (all of it, the first time). */
  refresh(): Promise<void>;
}

export interface CatalogueSearchOptions {
  refreshEveryMs?: number;
  overlapMs?: number;
  now?: () => number;
}

const toIndexed = ({ position: _position, stale: _stale, ...document }: SearchDocument): IndexedResource => ({
  ...document,
  tags: document.tags ?? [],
});

export function cachedCatalogueSearch(
  store: CatalogueStore,
  options: CatalogueSearchOptions = {},
): CatalogueSearch {
  const { refreshEveryMs = 2_000, overlapMs = 10_000, now = Date.now } = options;
  const index = new CatalogueIndex();
  /** When the last complete load started (this instance's clock); undefined before the first. */
  let lastLoadStartedAt: number | undefined;
  let loading: Promise<void> | undefined;

  const refresh = () => {
    loading ??= (async () => {
      const started = now();
      // A write stamped T is visible by T + overlapMs at the latest (commit delay and clock skew), so
      // whatever is stamped before (last load's start − overlap) was already read by that load.
      const after =
        lastLoadStartedAt === undefined ? undefined : new Date(lastLoadStartedAt - overlapMs).toISOString();
      try {
        const shards = await Promise.all(
          Array.from({ length: PUBLISHED_SHARDS }, (_, shard) => store.searchDocuments(shard, after)),
        );
        for (const documents of shards) for (const document of documents) index.upsert(toIndexed(document));
        lastLoadStartedAt = started;
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  };

  const fresh = async () => {
    if (lastLoadStartedAt === undefined || now() - lastLoadStartedAt >= refreshEveryMs) await refresh();
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
    },
    refresh,
  };
}
