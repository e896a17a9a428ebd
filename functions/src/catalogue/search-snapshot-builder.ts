import { dynamo, s3 } from '../platform/aws-clients.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { catalogueFunctions } from './blueprint.ts';
import { type CatalogueSearch, cachedCatalogueSearch } from './catalogue-search.ts';
import { type CatalogueStore, dynamoCatalogueStore } from './catalogue-store.ts';
import { type SearchSnapshot, type SnapshotStore, s3SnapshotStore } from './search-snapshot.ts';

type Logger = ReturnType<typeof createLogger>;

/**
 * Every hour the index is built from the table again: an incremental read misses a write that
 * became visible later than the overlap after its stamp, and a snapshot would carry that miss to
 * every cold instance; a whole build heals it (and renews the snapshot's mark).
 */
const REBUILD_AFTER_MS = 3_600_000;

/**
 * Every minute: the previous snapshot (or, the first time, a build from the table), caught up from
 * the table with the same incremental read a warm search instance makes, written back with the mark
 * it is caught up to. Nothing changed: nothing written (a reader catches up from the old mark just as
 * cheaply). Once an hour, a whole build from the table instead. Two overlapping runs each write a
 * consistent snapshot; the last wins.
 */
export function createSnapshotBuilder(
  store: Pick<CatalogueStore, 'searchDocuments'>,
  snapshots: SnapshotStore,
  logger: Pick<Logger, 'info'>,
  now: () => number = Date.now,
) {
  /** A warm builder keeps its index between runs: only a cold one reads the snapshot back. */
  let search: CatalogueSearch | undefined;
  let previous: SearchSnapshot | undefined;
  return async () => {
    const started = now();
    const current = search?.snapshot();
    if (current && started - current.builtAt >= REBUILD_AFTER_MS) search = undefined;
    search ??= cachedCatalogueSearch(store, {
      now,
      snapshots: {
        read: async () => {
          previous = await snapshots.read();
          // Too long since its whole build: build again (previous stays, so the result is written).
          return previous && started - previous.builtAt < REBUILD_AFTER_MS ? previous : undefined;
        },
      },
      // The builder keeps any snapshot it can read: catching up is never dearer than building.
      maxSnapshotAgeMs: Number.POSITIVE_INFINITY,
    });
    const { changed } = await search.refresh();
    const caughtUp = search.snapshot();
    if (!caughtUp) throw new Error('The catalogue search index did not load');
    const due = !previous || changed > 0 || caughtUp.builtAt !== previous.builtAt;
    const { bytes } = due ? await snapshots.write(caughtUp) : { bytes: 0 };
    if (due) previous = caughtUp;
    const outcome = {
      entries: caughtUp.index.size,
      changed,
      written: due,
      bytes,
      ms: now() - started,
    };
    logger.info('catalogue search snapshot', outcome);
    return outcome;
  };
}

const config = readFunctionConfig(catalogueFunctions['catalogue-search-snapshot']);
const logger = createLogger('catalogue-search-snapshot');
export const handler = createSnapshotBuilder(
  dynamoCatalogueStore(dynamo(), config.tables.catalogue),
  s3SnapshotStore(s3(), config.buckets.search, (message, details) => logger.warn(message, details)),
  logger,
);
