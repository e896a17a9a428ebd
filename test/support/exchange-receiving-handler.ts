import { auditTrailFromEnv } from '@govshare/functions/audit/index.ts';
import { dynamoAttachmentStore } from '@govshare/functions/exchange/attachment-store.ts';
import { exchangeFunctions } from '@govshare/functions/exchange/blueprint.ts';
import { deliveryReader, dynamoDeliveryStore } from '@govshare/functions/exchange/delivery-store.ts';
import { dynamoDocumentNumberStore } from '@govshare/functions/exchange/document-numbers.ts';
import { dynamoDocumentStore } from '@govshare/functions/exchange/document-store.ts';
import { createExchangeHandler, exchangeRouteModules } from '@govshare/functions/exchange/handler.ts';
import { dynamoPaperDocumentStore } from '@govshare/functions/exchange/paper-documents.ts';
import { dynamoRecipientListStore } from '@govshare/functions/exchange/recipient-lists.ts';
import type { ExchangeRouteModule } from '@govshare/functions/exchange/routes/context.ts';
import { RECEIVING_ROUTES, receivingRouteModule } from '@govshare/functions/exchange/routes/deliveries.ts';
import { NOT_YET_SERVED, pendingRoutes } from '@govshare/functions/exchange/routes/pending.ts';
import {
  dynamoSealKeyStore,
  sealAlgorithmFromEnv,
  sealKeyCipherFromEnv,
} from '@govshare/functions/exchange/seal-keys.ts';
import {
  principalDirectory,
  unitDirectory,
  workingCalendarReader,
} from '@govshare/functions/identity/index.ts';
import { tokenVerifierFor } from '@govshare/functions/platform/auth.ts';
import { dynamo, s3, s3ForPresigning, sqs } from '@govshare/functions/platform/aws-clients.ts';
import { readFunctionConfig } from '@govshare/functions/platform/config.ts';
import { route } from '@govshare/functions/platform/http.ts';
import { dynamoIdempotencyStore } from '@govshare/functions/platform/idempotency.ts';

/**
 * The exchange function as it is once the receiving routes are wired in: the sending modules,
 * receivingRouteModule, and the pending routes less those it serves. This is what handler.ts should
 * become (TODO(lead): wire it there, take RECEIVING_ROUTES out of NOT_YET_SERVED, and let the
 * receiving test use the plain blueprint).
 */
const spec = exchangeFunctions.exchange;
const config = readFunctionConfig(spec);
const table = config.tables.exchange;
const calendar = workingCalendarReader(dynamo(), config.tables.identity);
const deliveries = dynamoDeliveryStore(dynamo(), table);

const served = new Set<string>(RECEIVING_ROUTES);
const stillPending: ExchangeRouteModule = () =>
  NOT_YET_SERVED.filter((name) => !served.has(name)).map((name) =>
    route(spec.routes[name], {
      handle: async () => {
        throw new Error(`${name} is not served in this test`);
      },
    }),
  );

export const handler = createExchangeHandler(
  {
    config,
    verifier: tokenVerifierFor(config.auth, principalDirectory(dynamo(), config.tables.identity)),
    documents: dynamoDocumentStore(dynamo(), table),
    numbers: dynamoDocumentNumberStore(dynamo(), table),
    sealKeys: dynamoSealKeyStore(dynamo(), table, sealKeyCipherFromEnv(), sealAlgorithmFromEnv()),
    attachments: dynamoAttachmentStore(dynamo(), table),
    recipientLists: dynamoRecipientListStore(dynamo(), table),
    paperDocuments: dynamoPaperDocumentStore(dynamo(), table),
    directory: unitDirectory(dynamo(), config.tables.identity),
    isRecipient: deliveryReader(dynamo(), table).exists,
    audit: auditTrailFromEnv(),
    s3: s3(),
    presigner: s3ForPresigning(),
    sqs: sqs(),
    calendar,
    idempotency: dynamoIdempotencyStore(table),
  },
  [
    ...exchangeRouteModules.filter((module) => module !== pendingRoutes),
    receivingRouteModule(deliveries, calendar),
    stillPending,
  ],
);
