import type { RouteSpec } from '@govshare/blueprint';
import type { AuditTrail } from '@govshare/domain/audit';
import { BASE_RESOURCES, type BaseResourceDefinition } from '@govshare/domain/catalogue';
import {
  checkCitizenId,
  checkCreditCode,
  type FieldIssue,
  type IdentifierVerdict,
  NotFoundError,
  ValidationError,
} from '@govshare/domain/kernel';
import {
  type Company,
  DIVISION_CODE,
  MAX_PURPOSE_LENGTH,
  type Person,
  periodKind,
  periodRange,
  regionCodeSet,
} from '@govshare/domain/registry';
import { z } from 'zod';
import { auditTrailFromEnv, subjectHasherFromEnv } from '../audit/index.ts';
import { type PublishedCatalogue, publishedCatalogue } from '../catalogue/index.ts';
import { type Caller, type TokenVerifier, tokenVerifierFor } from '../platform/auth.ts';
import { dynamo } from '../platform/aws-clients.ts';
import { type PlatformConfig, readFunctionConfig } from '../platform/config.ts';
import { httpFunction, route } from '../platform/http.ts';
import { createLogger } from '../platform/logger.ts';
import { grantReader } from '../sharing/index.ts';
import { registryFunctions } from './blueprint.ts';
import { countyLevelDivisions, historicalRegionCodes } from './divisions-data.ts';
import { createQueryRunner, type RegistryQueryDeps } from './query.ts';
import { dynamoQuotaCounter } from './quota-counter.ts';
import { dynamoRegistryStore, type RegistryStore } from './registry-store.ts';

const routes = registryFunctions.registry.routes;

export const MAX_BATCH = 100;

// Shapes only: identifiers are checked by the domain inside the audited query, so that a bad one
// is refused with the failed check named *and* recorded.
const identifier = z.string().max(64);
const purpose = z.string().max(MAX_PURPOSE_LENGTH).optional();
const grant = z.string().min(1).max(100).optional();
const items = z.string().max(500).optional();
const lookupQuery = z.strictObject({ purpose, grant, items });

const batchBody = z.strictObject({
  ids: z.array(identifier).max(10_000),
  purpose,
  grant,
  items: z.array(z.string().max(50)).max(50).optional(),
});
const verifyPersonBody = z.strictObject({
  citizenId: identifier,
  name: z.string().min(1).max(50),
  purpose,
  grant,
});
const verifyCompanyBody = z.strictObject({
  creditCode: identifier,
  name: z.string().min(1).max(200),
  legalRepresentative: z.string().min(1).max(50),
  purpose,
  grant,
});
const companySearchQuery = z.strictObject({
  name: z.string().min(1).max(200),
  match: z.enum(['exact', 'prefix']).default('exact'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  purpose,
  grant,
  items,
});
const seriesQuery = z.strictObject({
  indicator: z.string().regex(/^[a-z][a-z0-9-]{0,49}$/),
  region: z.string().regex(/^\d{6}$/),
  from: z.string().max(7),
  to: z.string().max(7).optional(),
  purpose,
});
const unconditionalQuery = z.strictObject({ purpose });

const refuseIdentifier = (path: string, verdict: IdentifierVerdict) => {
  if (verdict.valid) return;
  throw new ValidationError(
    [{ path, message: `${verdict.failed}: ${verdict.reason}` }],
    `The identifier failed its ${verdict.failed} check`,
  );
};

export interface RegistryDeps extends RegistryQueryDeps {
  config: PlatformConfig<'registry' | 'catalogue'>;
  store: RegistryStore;
  verifier: TokenVerifier;
  /** A division of today (series are asked for by today's divisions). */
  isKnownRegion: (code: string) => boolean;
  /** A region code some GB/T 2260 list has held: identifiers keep the code they were issued under. */
  isIssuedRegion: (code: string) => boolean;
}

export function createRegistryHandler(deps: RegistryDeps) {
  const { store, isKnownRegion, isIssuedRegion } = deps;
  const run = createQueryRunner(deps);
  const citizenCheck = (path: string, id: string) =>
    refuseIdentifier(path, checkCitizenId(id, { isKnownRegion: isIssuedRegion, today: deps.now() }));
  const creditCheck = (path: string, code: string) =>
    refuseIdentifier(path, checkCreditCode(code, { isKnownRegion: isIssuedRegion }));
  const { population, legalEntities, macroEconomy, divisions } = BASE_RESOURCES;

  /** What the ID routes of one base database share: people by citizen ID, companies by credit code. */
  interface ById<R> {
    resource: BaseResourceDefinition;
    /** The identifier's name, in the route path and in verification bodies. */
    id: string;
    check: (path: string, id: string) => void;
    lookup: (id: string) => Promise<R | undefined>;
  }
  const people: ById<Person> = {
    resource: population,
    id: 'citizenId',
    check: citizenCheck,
    lookup: (id) => store.person(id),
  };
  const companies: ById<Company> = {
    resource: legalEntities,
    id: 'creditCode',
    check: creditCheck,
    lookup: (code) => store.company(code),
  };

  /** The query of one record by its identifier (in `params` or `body`): all but what its route adds. */
  const oneRecord = <R>(
    { resource, id, check, lookup }: ById<R>,
    at: 'params' | 'body',
    value: string,
    request: { caller: Caller | undefined; correlationId: string; purpose?: string; grant?: string },
  ) => ({
    resource,
    caller: request.caller,
    correlationId: request.correlationId,
    purpose: request.purpose,
    // An identifier in the path comes with its purpose in the query string.
    purposePath: at === 'params' ? 'query.purpose' : 'body.purpose',
    grantId: request.grant,
    subjects: [value],
    validate: () => check(`${at}.${id}`, value),
    lookup: () => lookup(value),
    charge: 1,
    records: (record: R | undefined) => (record ? 1 : 0),
  });

  /** GET one record by its identifier, with the granted items (sensitive ones masked unless granted). */
  const getById = <R extends object>(spec: RouteSpec, action: string, db: ById<R>, notFound: string) =>
    route(spec, {
      params: z.strictObject({ [db.id]: identifier }),
      query: lookupQuery,
      handle: async ({ params, query, caller, correlationId }) => {
        const body = await run({
          ...oneRecord(db, 'params', params[db.id] as string, { caller, correlationId, ...query }),
          action,
          items: query.items,
          answer: (record, view) => {
            if (!record) throw new NotFoundError(notFound);
            return { record: view.show(record), items: view.items };
          },
        });
        return { status: 200, body };
      },
    });

  /** POST a claim about one record; the answer is match / no match and nothing else. */
  const verifyById = <R, B extends Record<string, unknown> & { purpose?: string; grant?: string }>(
    spec: RouteSpec,
    action: string,
    db: ById<R>,
    bodySchema: z.ZodType<B>,
    comparedItems: readonly string[],
    matches: (record: R, body: B) => boolean,
  ) =>
    route(spec, {
      body: bodySchema,
      handle: async ({ body, caller, correlationId }) => {
        const answer = await run({
          ...oneRecord(db, 'body', body[db.id] as string, { caller, correlationId, ...body }),
          action,
          comparedItems,
          // Not which part differs, not whether the ID exists.
          answer: (record) => ({ match: record !== undefined && matches(record, body) }),
        });
        return { status: 200, body: answer };
      },
    });

  return httpFunction(
    registryFunctions.registry,
    [
      getById(routes.person, 'registry.population.get', people, 'No person has this citizen ID'),
      route(routes.peopleBatch, {
        body: batchBody,
        maxBodyBytes: 64 * 1024,
        handle: async ({ body, caller, correlationId }) => {
          const answer = await run({
            action: 'registry.population.batch',
            resource: population,
            caller,
            correlationId,
            purpose: body.purpose,
            purposePath: 'body.purpose',
            grantId: body.grant,
            items: body.items?.join(','),
            subjects: body.ids,
            validate: () => {
              if (body.ids.length === 0 || body.ids.length > MAX_BATCH) {
                throw new ValidationError([
                  {
                    path: 'body.ids',
                    message: `holds ${body.ids.length} IDs; a batch holds 1 to ${MAX_BATCH}`,
                  },
                ]);
              }
              const issues: FieldIssue[] = [];
              body.ids.forEach((id, index) => {
                const verdict = checkCitizenId(id, { isKnownRegion: isIssuedRegion, today: deps.now() });
                if (!verdict.valid) {
                  issues.push({ path: `body.ids.${index}`, message: `${verdict.failed}: ${verdict.reason}` });
                }
              });
              if (issues.length > 0)
                throw new ValidationError(issues, 'Some identifiers failed their checks');
            },
            lookup: () => store.people(body.ids),
            charge: body.ids.length,
            records: (found) => body.ids.filter((id) => found.has(id)).length,
            answer: (found, view) => ({
              items: view.items,
              // In request order; a duplicate ID is answered at each place it was asked.
              results: body.ids.map((id) => {
                const person = found.get(id);
                return person ? { id, found: true, record: view.show(person) } : { id, found: false };
              }),
            }),
          });
          return { status: 200, body: answer };
        },
      }),
      verifyById(
        routes.verifyPerson,
        'registry.population.verify',
        people,
        verifyPersonBody,
        ['citizenId', 'name'],
        (person, body) => person.name === body.name.trim(),
      ),
      getById(
        routes.company,
        'registry.legal-entities.get',
        companies,
        'No legal entity has this credit code',
      ),
      route(routes.searchCompanies, {
        query: companySearchQuery,
        handle: async ({ query, caller, correlationId }) => {
          const body = await run({
            action: `registry.legal-entities.search-${query.match}`,
            resource: legalEntities,
            caller,
            correlationId,
            purpose: query.purpose,
            purposePath: 'query.purpose',
            grantId: query.grant,
            items: query.items,
            subjects: [],
            validate: () => {
              if ([...query.name.trim()].length < 2) {
                throw new ValidationError([{ path: 'query.name', message: 'needs at least 2 characters' }]);
              }
            },
            lookup: () => store.companiesByName(query.name.trim(), query.match, query.limit),
            // A search costs what it returns, and at least one record: an empty answer is still a query.
            charge: (found: Company[]) => Math.max(1, found.length),
            records: (found) => found.length,
            found: (found) => found.map((c) => c.creditCode),
            answer: (found, view) => ({ items: view.items, results: found.map((c) => view.show(c)) }),
          });
          return { status: 200, body };
        },
      }),
      verifyById(
        routes.verifyCompany,
        'registry.legal-entities.verify',
        companies,
        verifyCompanyBody,
        ['creditCode', 'name', 'legalRepresentative'],
        (company, body) =>
          company.name === body.name.trim() &&
          company.legalRepresentative === body.legalRepresentative.trim(),
      ),
      route(routes.indicators, {
        query: unconditionalQuery,
        handle: async ({ query, caller, correlationId }) => {
          const body = await run({
            action: 'registry.macro.indicators',
            resource: macroEconomy,
            caller,
            correlationId,
            purpose: query.purpose,
            purposePath: 'query.purpose',
            subjects: [],
            lookup: () => store.indicators(),
            charge: 0,
            records: (list) => list.length,
            answer: (list) => ({ indicators: list }),
          });
          return { status: 200, body };
        },
      }),
      route(routes.series, {
        query: seriesQuery,
        handle: async ({ query, caller, correlationId }) => {
          const to = query.to ?? query.from;
          const body = await run({
            action: 'registry.macro.series',
            resource: macroEconomy,
            caller,
            correlationId,
            purpose: query.purpose,
            purposePath: 'query.purpose',
            subjects: [],
            validate: () => {
              const range = periodRange(query.from, to);
              if (!range.ok) throw new ValidationError([{ path: 'query.from', message: range.reason }]);
              if (!isKnownRegion(query.region)) {
                throw new ValidationError([
                  { path: 'query.region', message: 'is not a known division code' },
                ]);
              }
            },
            lookup: () => store.series(query.indicator, query.region, query.from, to),
            charge: 0,
            records: (points) => points.length,
            answer: (points) => ({
              indicator: query.indicator,
              region: query.region,
              periodKind: periodKind(query.from),
              unit: points[0]?.unit,
              points: points.map((p) => ({ period: p.period, value: p.value })),
            }),
          });
          return { status: 200, body };
        },
      }),
      route(routes.division, {
        params: z.strictObject({ code: z.string().max(12) }),
        query: unconditionalQuery,
        handle: async ({ params, query, caller, correlationId }) => {
          const body = await run({
            action: 'registry.divisions.get',
            resource: divisions,
            caller,
            correlationId,
            purpose: query.purpose,
            purposePath: 'query.purpose',
            subjects: [],
            validate: () => {
              if (!DIVISION_CODE.test(params.code)) {
                throw new ValidationError([
                  { path: 'params.code', message: 'is 6 digits (county level and above) or 9 (township)' },
                ]);
              }
            },
            lookup: () => Promise.all([store.division(params.code), store.children(params.code)]),
            charge: 0,
            records: ([division, children]) => (division ? 1 + children.length : 0),
            answer: ([division, children]) => {
              if (!division) throw new NotFoundError('No division has this code');
              return {
                ...division,
                children: children.map(({ code, name, level }) => ({ code, name, level })),
              };
            },
          });
          return { status: 200, body };
        },
      }),
    ],
    { config: deps.config, verifier: deps.verifier, logger: createLogger('registry') },
  );
}

/** Providers change rarely: each instance asks the catalogue at most once a minute per resource. */
const PROVIDER_TTL_MS = 60_000;
function cachedProviderOf(catalogue: Pick<PublishedCatalogue, 'getPublishedResource'>) {
  const known = new Map<string, { unit: string | undefined; untilMs: number }>();
  return async (code: string): Promise<string | undefined> => {
    const hit = known.get(code);
    if (hit && hit.untilMs > Date.now()) return hit.unit;
    const unit = (await catalogue.getPublishedResource(code))?.providerUnit;
    known.set(code, { unit, untilMs: Date.now() + PROVIDER_TTL_MS });
    return unit;
  };
}

// Cold start: config validated, the known region codes built once from the bundled GB/T 2260 data.
const config = readFunctionConfig(registryFunctions.registry);
// today's, and every code ever listed (today's list may be newer than the historical file).
const knownRegions = regionCodeSet(countyLevelDivisions());
const issuedRegions = new Set([...historicalRegionCodes(), ...knownRegions]);
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
  providerOf: cachedProviderOf(publishedCatalogue(dynamo(), config.tables.catalogue)),
  now: () => new Date(),
  verifier: tokenVerifierFor(config.auth),
  isKnownRegion: (code) => knownRegions.has(code),
  isIssuedRegion: (code) => issuedRegions.has(code),
});
