import { auditTrailFromEnv } from '../audit/index.ts';
import { unitDirectory, workingCalendarReader } from '../identity/index.ts';
import { dynamo, sqs } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { telemetryFor } from '../platform/observability.ts';
import { exchangeFunctions } from './blueprint.ts';
import { dynamoDeliveryStore } from './delivery-store.ts';
import { createDispatchConsumer, localCrashHook } from './dispatch.ts';
import { dynamoDocumentStore } from './document-store.ts';
import { dynamoRecipientListStore } from './recipient-lists.ts';
import { readExchangeDeadlines } from './settings.ts';

/** The document-dispatch consumer's cold start: configuration validated once, clients built once (the logic is dispatch.ts). */
const config = readFunctionConfig(exchangeFunctions['document-dispatch']);
const deadlines = readExchangeDeadlines();
const telemetry = telemetryFor('document-dispatch');
const crashHook = localCrashHook(config.mode);
export const handler = createDispatchConsumer({
  documents: dynamoDocumentStore(dynamo(), config.tables.exchange),
  deliveries: dynamoDeliveryStore(dynamo(), config.tables.exchange),
  directory: unitDirectory(dynamo(), config.tables.identity),
  lists: dynamoRecipientListStore(dynamo(), config.tables.exchange),
  calendar: workingCalendarReader(dynamo(), config.tables.identity),
  queue: { sqs: sqs(), url: config.queues['document-dispatch'] },
  audit: auditTrailFromEnv(),
  now: () => platformNow(config.mode),
  logger: telemetry.logger,
  metrics: telemetry.metrics,
  deadlines,
  ...(crashHook ? { afterDeliveriesWritten: crashHook } : {}),
});
