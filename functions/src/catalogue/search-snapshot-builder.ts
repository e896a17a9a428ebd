import { dynamo, s3 } from '../platform/aws-clients.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { catalogueFunctions } from './blueprint.ts';
import { type CatalogueSearch, cachedCatalogueSearch } from './catalogue-search.ts';
import { type CatalogueStore, dynamoCatalogueStore } from './catalogue-store.ts';
import { type SearchSnapshot, type SnapshotStore, s3SnapshotStore } from './search-snapshot.ts';

type Logger = ReturnType<typeof createLogger>;

/** A snapshot this old is written again even if nothing changed, so readers never find it too old to use. */
const REWRITE_AFTER_MS = 3_600_000;

/**
 * Every minute: the previous snapshot (or, the first time, a build from the table), caught up from
 * the table with the same incremental read a warm search instance makes, written back with the mark
 * it is caught up to. Nothing changed: nothing written (a reader catches up from the old mark just as
 * cheaply), except once an hour. Two overlapping runs each write a consistent snapshot; the last wins.
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
    search ??= cachedCatalogueSearch(store, {
      now,
      snapshots: {
        read: async () => {
          previous = await snapshots.read();
          return previous;
        },
      },
      // The builder keeps any snapshot it can read: catching up is never dearer than building.
      maxSnapshotAgeMs: Number.POSITIVE_INFINITY,
    });
    const { changed } = await search.refresh();
    const caughtUp = search.snapshot();
    if (!caughtUp) throw new Error('The catalogue search index did not load');
    const due = !previous || changed > 0 || caughtUp.mark - previous.mark >= REWRITE_AFTER_MS;
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
