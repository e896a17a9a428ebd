import { auditTrailFromEnv } from '@govshare/functions/audit/index.ts';
import { exchangeFunctions } from '@govshare/functions/exchange/blueprint.ts';
import { dynamoDeliveryStore } from '@govshare/functions/exchange/delivery-store.ts';
import { dynamoDocumentReader } from '@govshare/functions/exchange/document-reader.ts';
import { RECEIVING_ROUTES, receivingRoutes } from '@govshare/functions/exchange/routes/deliveries.ts';
import {
  principalDirectory,
  unitDirectory,
  workingCalendarReader,
} from '@govshare/functions/identity/index.ts';
import { tokenVerifierFor } from '@govshare/functions/platform/auth.ts';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { platformNow } from '@govshare/functions/platform/clock.ts';
import { readFunctionConfig } from '@govshare/functions/platform/config.ts';
import { httpFunction } from '@govshare/functions/platform/http.ts';
import { telemetryFor } from '@govshare/functions/platform/observability.ts';

/** The exchange function of the receiving tests: only receivingRoutes (see exchange-receiving.ts). */
const spec = exchangeFunctions.exchange;
const config = readFunctionConfig(spec);
const telemetry = telemetryFor('exchange');
const routes = Object.fromEntries(RECEIVING_ROUTES.map((name) => [name, spec.routes[name]]));

export const handler = httpFunction(
  { description: spec.description, routes },
  receivingRoutes({
    deliveries: dynamoDeliveryStore(dynamo(), config.tables.exchange),
    documents: dynamoDocumentReader(dynamo(), config.tables.exchange),
    directory: unitDirectory(dynamo(), config.tables.identity),
    calendar: workingCalendarReader(dynamo(), config.tables.identity),
    audit: auditTrailFromEnv(),
    now: () => platformNow(config.mode),
    logger: telemetry.logger,
  }),
  {
    config,
    verifier: tokenVerifierFor(config.auth, principalDirectory(dynamo(), config.tables.identity)),
    ...telemetry,
  },
);
