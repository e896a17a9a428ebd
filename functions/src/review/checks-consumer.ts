import { auditTrailFromEnv } from '../audit/index.ts';
import { catalogueLookup } from '../catalogue/index.ts';
import { unitDirectory } from '../identity/index.ts';
import { dynamo } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { telemetryFor } from '../platform/observability.ts';
import { reviewFunctions } from './blueprint.ts';
import { corpusIndex } from './corpus-index.ts';
import { createChecksConsumer } from './machine-checks.ts';
import { dynamoProjectStore } from './project-store.ts';
import { dynamoReviewRegisters } from './registers.ts';

/**
 * The project-checks consumer's cold start: configuration validated once, clients and stores built
 * once, and the corpus index kept for the life of the instance (the logic is machine-checks.ts).
 */
const config = readFunctionConfig(reviewFunctions['project-checks']);
const telemetry = telemetryFor('project-checks');
const registers = dynamoReviewRegisters(dynamo(), config.tables.review);
export const handler = createChecksConsumer({
  projects: dynamoProjectStore(dynamo(), config.tables.review),
  registers,
  catalogue: catalogueLookup(dynamo(), config.tables.catalogue),
  corpus: corpusIndex(registers),
  directory: unitDirectory(dynamo(), config.tables.identity),
  audit: auditTrailFromEnv(),
  now: () => platformNow(config.mode),
  logger: telemetry.logger,
  metrics: telemetry.metrics,
});
