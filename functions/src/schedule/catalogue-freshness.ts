import { staleness } from '@govshare/domain';
import type { ScheduledEvent } from 'aws-lambda';
import { dynamo } from '../adapters/aws-clients.ts';
import { type CatalogueStore, dynamoCatalogueStore, PUBLISHED_SHARDS } from '../adapters/catalogue-store.ts';
import { readConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';

type Logger = ReturnType<typeof createLogger>;

/**
 * The daily freshness sweep: flags every published resource whose update cycle lapsed without a new
 * version (the seeds' 睡眠栏目). "Now" is the schedule's own time (event.time), so a re-run of a
 * missed day judges that day. Reads the compact published projection shard by shard; writes only
 * what newly lapsed. Publishing a new version clears the flag (catalogue-store.ts).
 */
export function createFreshnessSweep(store: CatalogueStore, logger: Logger) {
  return async (event: Pick<ScheduledEvent, 'time'>) => {
    const now = new Date(event.time);
    if (Number.isNaN(now.getTime())) throw new Error('The scheduled event has no valid time');
    let checked = 0;
    let flagged = 0;
    // Shards in parallel, entries of a shard one by one: bounded concurrency against the table.
    await Promise.all(
      Array.from({ length: PUBLISHED_SHARDS }, async (_, shard) => {
        for (const document of await store.searchDocuments(shard)) {
          checked++;
          if (document.stale) continue;
          const verdict = staleness({ status: 'published', ...document }, now);
          if (!verdict.stale) continue;
          const { code, version, name, providerUnit, updateCycle, publishedAt } = document;
          const entry = {
            code,
            version,
            name,
            providerUnit,
            updateCycle,
            publishedAt,
            staleSince: verdict.staleSince,
          };
          if (await store.markStale(entry)) flagged++;
        }
      }),
    );
    logger.info('catalogue freshness swept', { checked, flagged });
    return { checked, flagged };
  };
}

const config = readConfig({ tables: ['catalogue'] });
export const handler = createFreshnessSweep(
  dynamoCatalogueStore(dynamo(), config.tables.catalogue),
  createLogger('catalogue-freshness'),
);
