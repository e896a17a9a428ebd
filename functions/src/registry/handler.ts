import type { AuditTrail } from '@govshare/domain/audit';
import { auditTrailFromEnv, subjectHasherFromEnv } from '../audit/index.ts';
import { publishedCatalogue } from '../catalogue/index.ts';
import { principalDirectory } from '../identity/index.ts';
import { type TokenVerifier, tokenVerifierFor } from '../platform/auth.ts';
import { dynamo } from '../platform/aws-clients.ts';
import { cachedByKey } from '../platform/cache.ts';
import { type PlatformConfig, readFunctionConfig } from '../platform/config.ts';
import { httpFunction } from '../platform/http.ts';
import { telemetryFor } from '../platform/observability.ts';
import { datasetReaderOnFirstUse, grantReader } from '../sharing/index.ts';
import { registryFunctions } from './blueprint.ts';
import { historicalRegionCodes, todaysRegionCodes } from './divisions-data.ts';
import { createQueryRunner, type RegistryQueryDeps } from './query.ts';
import { dynamoQuotaCounter } from './quota-counter.ts';
import { dynamoRegistryStore } from './registry-store.ts';
import { companyRoutes } from './routes/companies.ts';
import { type DatasetRouteContext, datasetRoutes } from './routes/datasets.ts';
import { divisionRoutes } from './routes/divisions.ts';
import { macroRoutes } from './routes/macro.ts';
import { peopleRoutes } from './routes/people.ts';
import type { RegistryRouteContext } from './routes/shared.ts';

export const MAX_BATCH = 100;

export interface RegistryDeps
  extends RegistryQueryDeps,
    DatasetRouteContext,
    Pick<RegistryRouteContext, 'store' | 'isKnownRegion' | 'isIssuedRegion'> {
  config: PlatformConfig<'registry' | 'catalogue', 'datasets'>;
  verifier: TokenVerifier;
}

/** The registry's HTTP function: one audited query runner behind the route modules of each base database. */
export function createRegistryHandler(deps: RegistryDeps) {
  const context: RegistryRouteContext & DatasetRouteContext = { ...deps, run: createQueryRunner(deps) };
  return httpFunction(
    registryFunctions.registry,
    [
      ...peopleRoutes(context),
      ...companyRoutes(context),
      ...macroRoutes(context),
      ...divisionRoutes(context),
      ...datasetRoutes(context),
    ],
    { config: deps.config, verifier: deps.verifier, ...telemetryFor('registry') },
  );
}

const PROVIDER_TTL_MS = 60_000;

// Cold start: config validated, the known region codes built once from the bundled GB/T 2260 data.
const config = readFunctionConfig(registryFunctions.registry);
const catalogue = publishedCatalogue(dynamo(), config.tables.catalogue);
// today's, and every code ever listed (today's list may be newer than the historical file).
const knownRegions = new Set(todaysRegionCodes());
const issuedRegions = new Set([...historicalRegionCodes(), ...knownRegions]);
// Resources change rarely: each instance reads one at most once a minute (its provider, its items).
const publishedResource = cachedByKey((code) => catalogue.getPublishedResource(code), {
  maxAgeMs: PROVIDER_TTL_MS,
});
// The audit key and queue are resolved lazily so that a missing one fails the first query (500),
// loudly, without failing routes that are refused before any audit.
const hasherReady = subjectHasherFromEnv();
hasherReady.catch(() => undefined);
let trail: AuditTrail | undefined;
const auditTrail = (): AuditTrail => {
  trail ??= auditTrailFromEnv();
  return trail;
};

export const handler = createRegistryHandler({
  config,
  store: dynamoRegistryStore(dynamo(), config.tables.registry),
  grants: grantReader(dynamo(), config.tables.catalogue),
  quota: dynamoQuotaCounter(dynamo(), config.tables.registry),
  audit: { record: (event) => auditTrail().record(event) },
  hashSubject: async (identifier) => (await hasherReady)(identifier),
  providerOf: async (code) => (await publishedResource(code))?.providerUnit,
  publishedResource,
  datasets: datasetReaderOnFirstUse({
    client: dynamo(),
    table: config.tables.catalogue,
    bucket: config.buckets.datasets,
    catalogue,
  }),
  now: () => new Date(),
  verifier: tokenVerifierFor(config.auth, principalDirectory(dynamo(), config.tables.identity)),
  isKnownRegion: (code) => knownRegions.has(code),
  isIssuedRegion: (code) => issuedRegions.has(code),
});
