import { auditTrailFromEnv } from '../audit/index.ts';
import { principalDirectory, unitDirectory, workingCalendarReader } from '../identity/index.ts';
import { tokenVerifierFor } from '../platform/auth.ts';
import { dynamo, sqs } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig, readInvokedFunctions } from '../platform/config.ts';
import { httpFunction } from '../platform/http.ts';
import { dynamoIdempotencyStore } from '../platform/idempotency.ts';
import { s3AdapterOnFirstUse } from '../platform/lazy.ts';
import { telemetryFor } from '../platform/observability.ts';
import { archiveWriter } from './archive-writer.ts';
import { dynamoAttachmentStore, exchangeUploadLayout } from './attachment-store.ts';
import { exchangeFunctions } from './blueprint.ts';
import { dynamoDeliveryStore } from './delivery-store.ts';
import { dynamoDocumentNumberStore } from './document-numbers.ts';
import { dynamoDocumentStore } from './document-store.ts';
import { sqsNotificationEvents } from './notification-events.ts';
import { dynamoNotificationStore } from './notification-store.ts';
import { officialLayouts } from './official-layout.ts';
import { dynamoPaperDocumentStore } from './paper-documents.ts';
import { dynamoRecipientListStore } from './recipient-lists.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import type { ExchangeDeps, ExchangeRouteContext, ExchangeRouteModule } from './routes/context.ts';
import { receivingRoutes } from './routes/deliveries.ts';
import { documentRoutes } from './routes/documents.ts';
import { layoutRoutes } from './routes/layouts.ts';
import { recordRoutes } from './routes/records.ts';
import { registerRoutes } from './routes/registers.ts';
import { replyRoutes } from './routes/replies.ts';
import { reviewRoutes } from './routes/review.ts';
import { sealRoutes } from './routes/seals.ts';
import { signOffRoutes } from './routes/sign-off.ts';
import { dynamoSealKeyStore, sealAlgorithmFromEnv, sealKeyCipherFromEnv } from './seal-keys.ts';
import { readExchangeDeadlines } from './settings.ts';

export type { ExchangeDeps, ExchangeRouteContext, ExchangeRouteModule } from './routes/context.ts';

/**
 * The exchange's route modules, in one list: sending (发文: drafts, review, sign-off, seals,
 * attachments, registers, replies), receiving and the sender's matrix (收文), records (urges,
 * notifications, history, archive). Together they serve every route of the blueprint.
 */
export const exchangeRouteModules: readonly ExchangeRouteModule[] = [
  documentRoutes,
  reviewRoutes,
  signOffRoutes,
  sealRoutes,
  layoutRoutes,
  attachmentRoutes,
  registerRoutes,
  replyRoutes,
  receivingRoutes,
  recordRoutes,
];

/** The exchange's HTTP function: official documents from draft to dispatch, inboxes, history, archive. */
export function createExchangeHandler(
  deps: ExchangeDeps,
  modules: readonly ExchangeRouteModule[] = exchangeRouteModules,
) {
  const telemetry = deps.telemetry ?? telemetryFor('exchange');
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

// Cold start: configuration validated once; clients and stores built once.
const config = readFunctionConfig(exchangeFunctions.exchange);
const deadlines = readExchangeDeadlines();
const table = config.tables.exchange;
const telemetry = telemetryFor('exchange');
const audit = auditTrailFromEnv();
const directory = unitDirectory(dynamo(), config.tables.identity);
const documents = dynamoDocumentStore(dynamo(), table);
const deliveries = dynamoDeliveryStore(dynamo(), table);
const attachments = dynamoAttachmentStore(dynamo(), table);
const sealKeys = dynamoSealKeyStore(dynamo(), table, sealKeyCipherFromEnv(), sealAlgorithmFromEnv());
// 版式 is rendered by a function of its own (fonts, PDF and OFD writers), waited for at sign-off.
const invoked = readInvokedFunctions(exchangeFunctions.exchange);
const layouts = officialLayouts({
  // The Lambda client and the invoke load with the first sign-off.
  renderer: async (request) => {
    const [{ invokedLayoutRenderer }, { lambda }] = await Promise.all([
      import('./layout-invoker.ts'),
      import('../platform/lambda-client.ts'),
    ]);
    return invokedLayoutRenderer(lambda(), invoked.layoutrenderer)(request);
  },
  directory,
  client: dynamo(),
  table,
});

export const handler = createExchangeHandler({
  config,
  verifier: tokenVerifierFor(config.auth, principalDirectory(dynamo(), config.tables.identity)),
  documents,
  deliveries,
  numbers: dynamoDocumentNumberStore(dynamo(), table),
  sealKeys,
  attachments,
  recipientLists: dynamoRecipientListStore(dynamo(), table),
  paperDocuments: dynamoPaperDocumentStore(dynamo(), table),
  notifications: dynamoNotificationStore(dynamo(), table),
  urging: {
    client: dynamo(),
    table,
    deliveries,
    directory,
    events: sqsNotificationEvents(sqs(), config.queues['notification-events']),
    audit,
    logger: telemetry.logger,
  },
  layouts,
  archives: archiveWriter({
    client: dynamo(),
    table,
    documents,
    deliveries,
    sealKeys,
    // The S3 side of archiving, with the S3 client, loads with the first archive.
    attachments: s3AdapterOnFirstUse(async ({ s3 }) =>
      (await import('./archive-objects.ts')).s3AttachmentSource(s3(), config.buckets.documents),
    ),
    layoutFiles: s3AdapterOnFirstUse(async ({ s3 }) =>
      (await import('./archive-objects.ts')).s3LayoutFiles(s3(), config.buckets.documents),
    ),
    packages: s3AdapterOnFirstUse(async ({ s3 }) =>
      (await import('./archive-objects.ts')).s3ArchivePackages(s3(), config.buckets.archive),
    ),
    audit,
    logger: telemetry.logger,
  }),
  directory,
  audit,
  uploads: s3AdapterOnFirstUse(async ({ s3, s3ForPresigning }) =>
    (await import('../platform/presigned-uploads.ts')).presignedUploads({
      store: attachments,
      layout: exchangeUploadLayout,
      s3: s3(),
      presigner: s3ForPresigning(),
      bucket: config.buckets.documents,
      now: () => platformNow(config.mode),
    }),
  ),
  downloads: s3AdapterOnFirstUse(async ({ s3ForPresigning }) =>
    (await import('../platform/object-downloads.ts')).s3ObjectDownloads(s3ForPresigning()),
  ),
  sqs: sqs(),
  calendar: workingCalendarReader(dynamo(), config.tables.identity),
  deadlines,
  idempotency: dynamoIdempotencyStore(table),
  telemetry,
});
