import type { ScheduledEvent } from 'aws-lambda';
import { dynamo } from '../platform/aws-clients.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { catalogueFunctions } from './blueprint.ts';
import { type CatalogueStore, dynamoCatalogueStore, flagLapsedResources } from './catalogue-store.ts';

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
    const { checked, flagged } = await flagLapsedResources(store, now);
    logger.info('catalogue freshness swept', { checked, flagged });
    return { checked, flagged };
  };
}

const config = readFunctionConfig(catalogueFunctions['catalogue-freshness']);
export const handler = createFreshnessSweep(
  dynamoCatalogueStore(dynamo(), config.tables.catalogue),
  createLogger('catalogue-freshness'),
);
