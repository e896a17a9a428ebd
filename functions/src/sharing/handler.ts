import { publishedCatalogue } from '../catalogue/index.ts';
import { principalDirectory, workingCalendarReader } from '../identity/index.ts';
import { tokenVerifierFor } from '../platform/auth.ts';
import { dynamo, sqs } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { httpFunction } from '../platform/http.ts';
import { dynamoIdempotencyStore } from '../platform/idempotency.ts';
import { s3AdapterOnFirstUse } from '../platform/lazy.ts';
import { telemetryFor } from '../platform/observability.ts';
import { dynamoAccessRequestStore } from './access-request-store.ts';
import { sharingFunctions } from './blueprint.ts';
import { dynamoDatasetStore } from './dataset-store.ts';
import { dynamoGrantStore, grantPageOfConsumerUnit } from './grant-store.ts';
import { grantRoutes } from './routes/grants.ts';
import { requestRoutes } from './routes/requests.ts';
import type { SharingDeps, SharingRouteContext } from './routes/shared.ts';
import { uploadRoutes } from './routes/uploads.ts';
import { readSharingSettings } from './settings.ts';

export type { SharingDeps } from './routes/shared.ts';

/** Sharing's HTTP function: access requests, grants, dataset uploads. */
export function createSharingHandler(deps: SharingDeps) {
  const telemetry = telemetryFor('sharing');
  const context: SharingRouteContext = {
    ...deps,
    now: deps.now ?? (() => platformNow(deps.config.mode)),
    logger: telemetry.logger,
  };
  return httpFunction(
    sharingFunctions.sharing,
    [...requestRoutes(context), ...grantRoutes(context), ...uploadRoutes(context)],
    {
      config: deps.config,
      verifier: deps.verifier,
      ...telemetry,
      ...(deps.idempotency ? { idempotency: deps.idempotency } : {}),
    },
  );
}

// Cold start: configuration validated once; clients built once.
const config = readFunctionConfig(sharingFunctions.sharing);
const settings = readSharingSettings();

export const handler = createSharingHandler({
  config,
  verifier: tokenVerifierFor(config.auth, principalDirectory(dynamo(), config.tables.identity)),
  catalogue: publishedCatalogue(dynamo(), config.tables.catalogue),
  requests: dynamoAccessRequestStore(dynamo(), config.tables.catalogue),
  grants: dynamoGrantStore(dynamo(), config.tables.catalogue),
  grantPageOfUnit: (unit, page) => grantPageOfConsumerUnit(dynamo(), config.tables.catalogue, unit, page),
  datasets: dynamoDatasetStore(dynamo(), config.tables.catalogue),
  uploadFiles: s3AdapterOnFirstUse(async ({ s3, s3ForPresigning }) =>
    (await import('./dataset-upload-files.ts')).s3DatasetUploadFiles({
      s3: s3(),
      presigner: s3ForPresigning(),
      bucket: config.buckets.datasets,
    }),
  ),
  sqs: sqs(),
  settings,
  calendar: workingCalendarReader(dynamo(), config.tables.identity),
  idempotency: dynamoIdempotencyStore(config.tables.catalogue),
});
