import { auditTrailFromEnv } from '../audit/index.ts';
import { providerResources } from '../catalogue/index.ts';
import { exchangeRecords } from '../exchange/index.ts';
import { everyUnit, unitDirectory, workingCalendarReader } from '../identity/index.ts';
import { dynamo, sqs } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { telemetryFor } from '../platform/observability.ts';
import { projectSetbacks } from '../review/index.ts';
import { providerRequests } from '../sharing/index.ts';
import { assessmentFunctions } from './blueprint.ts';
import { sqsBulletins } from './bulletin.ts';
import { createComputationsConsumer } from './computation.ts';
import { informationFacts } from './information/information-facts.ts';
import { dynamoInformationStore } from './information/information-store.ts';
import { dynamoResultsStore } from './results-store.ts';
import { dynamoSchemeStore } from './scheme-store.ts';

/**
 * The assessment-computations consumer's cold start (the logic is computation.ts): the other
 * contexts' records are read through their published interfaces, on their tables, read-only.
 */
const config = readFunctionConfig(assessmentFunctions['assessment-computations']);
const telemetry = telemetryFor('assessment-computations');

export const handler = createComputationsConsumer({
  results: dynamoResultsStore(dynamo(), config.tables.assessment),
  schemes: dynamoSchemeStore(dynamo(), config.tables.assessment),
  readers: {
    exchange: exchangeRecords(dynamo(), config.tables.exchange),
    catalogue: providerResources(dynamo(), config.tables.catalogue),
    sharing: providerRequests(dynamo(), config.tables.catalogue),
    review: projectSetbacks(dynamo(), config.tables.review),
    information: informationFacts(dynamoInformationStore(dynamo(), config.tables.assessment), () =>
      platformNow(config.mode),
    ),
  },
  units: () => everyUnit(dynamo(), config.tables.identity),
  calendar: workingCalendarReader(dynamo(), config.tables.identity),
  audit: auditTrailFromEnv(),
  bulletins: sqsBulletins(
    sqs(),
    config.queues['official-drafts'],
    unitDirectory(dynamo(), config.tables.identity),
    () => platformNow(config.mode),
  ),
  now: () => platformNow(config.mode),
  logger: telemetry.logger,
  metrics: telemetry.metrics,
});
