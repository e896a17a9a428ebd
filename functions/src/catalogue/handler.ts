import { COMMON_ENV } from '@govshare/blueprint';
import type { AuditTrail } from '@govshare/domain/audit';
import { auditTrailFromEnv } from '../audit/index.ts';
import { principalDirectory, type UnitDirectory, unitDirectory } from '../identity/index.ts';
import { type TokenVerifier, tokenVerifierFor } from '../platform/auth.ts';
import { dynamo } from '../platform/aws-clients.ts';
import { type PlatformConfig, readFunctionConfig } from '../platform/config.ts';
import { httpFunction } from '../platform/http.ts';
import { dynamoIdempotencyStore, type IdempotencyStore } from '../platform/idempotency.ts';
import { s3AdapterOnFirstUse } from '../platform/lazy.ts';
import { telemetryFor } from '../platform/observability.ts';
import { catalogueFunctions } from './blueprint.ts';
import { type CatalogueSearch, cachedCatalogueSearch } from './catalogue-search.ts';
import { type CatalogueStore, dynamoCatalogueStore } from './catalogue-store.ts';
import { ckanRoutes } from './routes/ckan.ts';
import { discoveryRoutes } from './routes/discovery.ts';
import { resourceRoutes } from './routes/resources.ts';

export interface CatalogueDeps {
  config: PlatformConfig<'catalogue'>;
  store: CatalogueStore;
  search: CatalogueSearch;
  audit: AuditTrail;
  verifier: TokenVerifier;
  /** Names of the provider units, for CKAN's organizations. */
  units: Pick<UnitDirectory, 'units'>;
  now?: () => Date;
  /** Where the API is reached from outside; DCAT-AP IRIs are minted under it. */
  publicBaseUrl?: string;
  /** Where registering a resource keeps its first answer (Idempotency-Key). */
  idempotency?: IdempotencyStore;
}

/** A reserved name (RFC 2606) until a deployment knows its public URL. */
const DEFAULT_PUBLIC_BASE_URL = 'https://govshare.invalid';

/** The catalogue's HTTP function: the resources' lifecycle, and finding them. */
export function createCatalogueHandler({
  config,
  store,
  search,
  audit,
  verifier,
  units,
  now = () => new Date(),
  publicBaseUrl = DEFAULT_PUBLIC_BASE_URL,
  idempotency,
}: CatalogueDeps) {
  return httpFunction(
    catalogueFunctions.catalogue,
    [
      ...resourceRoutes({ store, search, audit, now }),
      ...discoveryRoutes({ store, search, publicBaseUrl }),
      ...ckanRoutes({ store, search, units, publicBaseUrl }),
    ],
    { config, verifier, ...telemetryFor('catalogue'), ...(idempotency ? { idempotency } : {}) },
  );
}

// Cold start: config validated, clients prepared once; the search index loads on first search (from
// its snapshot in the search bucket when there is one).
const config = readFunctionConfig(catalogueFunctions.catalogue);
const store = dynamoCatalogueStore(dynamo(), config.tables.catalogue);
const telemetry = telemetryFor('catalogue');

export const handler = createCatalogueHandler({
  config,
  store,
  search: cachedCatalogueSearch(store, {
    // Loaded with the S3 client by the first search, which reads the snapshot.
    snapshots: s3AdapterOnFirstUse(async ({ s3 }) =>
      (await import('./search-snapshot.ts')).s3SnapshotStore(
        s3(),
        config.buckets.search,
        (message, details) => telemetry.logger.warn(message, details),
      ),
    ),
  }),
  units: unitDirectory(dynamo(), config.tables.identity),
  ...(process.env[COMMON_ENV.publicBaseUrl]?.trim()
    ? { publicBaseUrl: process.env[COMMON_ENV.publicBaseUrl]?.trim() }
    : {}),
  audit: auditTrailFromEnv(),
  idempotency: dynamoIdempotencyStore(config.tables.catalogue),
  verifier: tokenVerifierFor(config.auth, principalDirectory(dynamo(), config.tables.identity)),
});
