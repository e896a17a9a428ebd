import { dynamo } from '../platform/aws-clients.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { s3 } from '../platform/s3-clients.ts';
import { catalogueFunctions } from './blueprint.ts';
import { dynamoCatalogueStore } from './catalogue-store.ts';
import { createSnapshotBuilder, s3SnapshotStore } from './search-snapshot.ts';

/** The scheduled function keeping the search index's snapshot caught up (createSnapshotBuilder). */
const config = readFunctionConfig(catalogueFunctions['catalogue-search-snapshot']);
const logger = createLogger('catalogue-search-snapshot');
export const handler = createSnapshotBuilder(
  dynamoCatalogueStore(dynamo(), config.tables.catalogue),
  s3SnapshotStore(s3(), config.buckets.search, (message, details) => logger.warn(message, details)),
  logger,
);
