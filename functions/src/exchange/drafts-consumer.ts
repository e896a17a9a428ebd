import { auditTrailFromEnv } from '../audit/index.ts';
import { principalDirectory, unitDirectory } from '../identity/index.ts';
import { dynamo } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { telemetryFor } from '../platform/observability.ts';
import { dynamoAttachmentStore } from './attachment-store.ts';
import { exchangeFunctions } from './blueprint.ts';
import { dynamoDocumentStore } from './document-store.ts';
import { createOfficialDraftsConsumer } from './official-drafts.ts';
import { dynamoRecipientListStore } from './recipient-lists.ts';

/** The exchange-drafts consumer's cold start: configuration validated once, clients built once (the logic is official-drafts.ts). */
const config = readFunctionConfig(exchangeFunctions['exchange-drafts']);
const telemetry = telemetryFor('exchange-drafts');
const table = config.tables.exchange;
export const handler = createOfficialDraftsConsumer({
  documents: dynamoDocumentStore(dynamo(), table),
  principals: principalDirectory(dynamo(), config.tables.identity),
  draftChecks: {
    directory: unitDirectory(dynamo(), config.tables.identity),
    recipientLists: dynamoRecipientListStore(dynamo(), table),
    attachments: dynamoAttachmentStore(dynamo(), table),
  },
  audit: auditTrailFromEnv(),
  now: () => platformNow(config.mode),
  logger: telemetry.logger,
});
