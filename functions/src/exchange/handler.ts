import { auditTrailFromEnv } from '../audit/index.ts';
import { principalDirectory, unitDirectory, workingCalendarReader } from '../identity/index.ts';
import { tokenVerifierFor } from '../platform/auth.ts';
import { dynamo, s3, s3ForPresigning, sqs } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { httpFunction } from '../platform/http.ts';
import { dynamoIdempotencyStore } from '../platform/idempotency.ts';
import { telemetryFor } from '../platform/observability.ts';
import { dynamoAttachmentStore } from './attachment-store.ts';
import { exchangeFunctions } from './blueprint.ts';
import { dynamoDocumentNumberStore } from './document-numbers.ts';
import { deliveryExists, dynamoDocumentStore } from './document-store.ts';
import { dynamoPaperDocumentStore } from './paper-documents.ts';
import { dynamoRecipientListStore } from './recipient-lists.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import type { ExchangeDeps, ExchangeRouteContext, ExchangeRouteModule } from './routes/context.ts';
import { documentRoutes } from './routes/documents.ts';
import { pendingRoutes } from './routes/pending.ts';
import { registerRoutes } from './routes/registers.ts';
import { replyRoutes } from './routes/replies.ts';
import { reviewRoutes } from './routes/review.ts';
import { sealRoutes } from './routes/seals.ts';
import { signOffRoutes } from './routes/sign-off.ts';
import { dynamoSealKeyStore, sealAlgorithmFromEnv, sealKeyCipherFromEnv } from './seal-keys.ts';

export type { ExchangeDeps, ExchangeRouteContext, ExchangeRouteModule } from './routes/context.ts';

/**
 * The exchange's route modules, in one list: sending (发文) here; receiving, the sender's view and
 * records add theirs (and take their names out of pendingRoutes).
 */
export const exchangeRouteModules: readonly ExchangeRouteModule[] = [
  documentRoutes,
  reviewRoutes,
  signOffRoutes,
  sealRoutes,
  attachmentRoutes,
  registerRoutes,
  replyRoutes,
  pendingRoutes,
];

/** The exchange's HTTP function: official documents from draft to dispatch, inboxes, history, archive. */
export function createExchangeHandler(
  deps: ExchangeDeps,
  modules: readonly ExchangeRouteModule[] = exchangeRouteModules,
) {
  const telemetry = telemetryFor('exchange');
  const context: ExchangeRouteContext = {
    ...deps,
    now: deps.now ?? (() => platformNow(deps.config.mode)),
    logger: telemetry.logger,
  };
  return httpFunction(
    exchangeFunctions.exchange,
    modules.flatMap((module) => module(context)),
    {
      config: deps.config,
      verifier: deps.verifier,
      ...telemetry,
      ...(deps.idempotency ? { idempotency: deps.idempotency } : {}),
    },
  );
}

// Cold start: configuration validated once; clients built once.
const config = readFunctionConfig(exchangeFunctions.exchange);
const table = config.tables.exchange;

export const handler = createExchangeHandler({
  config,
  verifier: tokenVerifierFor(config.auth, principalDirectory(dynamo(), config.tables.identity)),
  documents: dynamoDocumentStore(dynamo(), table),
  numbers: dynamoDocumentNumberStore(dynamo(), table),
  sealKeys: dynamoSealKeyStore(dynamo(), table, sealKeyCipherFromEnv(), sealAlgorithmFromEnv()),
  attachments: dynamoAttachmentStore(dynamo(), table),
  recipientLists: dynamoRecipientListStore(dynamo(), table),
  paperDocuments: dynamoPaperDocumentStore(dynamo(), table),
  directory: unitDirectory(dynamo(), config.tables.identity),
  isRecipient: deliveryExists(dynamo(), table),
  audit: auditTrailFromEnv(),
  s3: s3(),
  presigner: s3ForPresigning(),
  sqs: sqs(),
  calendar: workingCalendarReader(dynamo(), config.tables.identity),
  idempotency: dynamoIdempotencyStore(table),
});
