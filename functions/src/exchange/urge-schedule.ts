import { auditTrailFromEnv } from '../audit/index.ts';
import { unitDirectory, workingCalendarReader } from '../identity/index.ts';
import { dynamo, sqs } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { exchangeFunctions } from './blueprint.ts';
import { dynamoDeliveryStore } from './delivery-store.ts';
import { sqsNotificationEvents } from './notification-events.ts';
import { createUrgeSweep, readUrgePolicy } from './urge-sweep.ts';

/** The exchange-urges schedule's cold start: configuration validated once, clients built once (the sweep is urge-sweep.ts). */
const config = readFunctionConfig(exchangeFunctions['exchange-urges']);
const logger = createLogger('exchange-urges');
export const handler = createUrgeSweep({
  client: dynamo(),
  table: config.tables.exchange,
  deliveries: dynamoDeliveryStore(dynamo(), config.tables.exchange),
  directory: unitDirectory(dynamo(), config.tables.identity),
  events: sqsNotificationEvents(sqs(), config.queues['notification-events']),
  audit: auditTrailFromEnv(),
  logger,
  calendar: workingCalendarReader(dynamo(), config.tables.identity),
  policy: readUrgePolicy(),
  now: () => platformNow(config.mode),
});
