import type { ContextFunctions } from '@govshare/blueprint';

const consumers = ['data-consumer'] as const;

/**
 * The base databases (population, legal entities, macro-economic series, divisions) queried by
 * other units' systems. Conditional resources are served under grants read from the catalogue
 * table; every query, refusals included, goes to the audit trail.
 */
export const registryFunctions = {
  registry: {
    kind: 'http',
    entry: 'functions/src/registry/handler.ts',
    description: 'Base databases queried by API under grants, masked, metered and audited',
    memoryMb: 512,
    tables: { registry: 'readwrite', catalogue: 'read', identity: 'read' },
    // datasets: the loaded files read, and the files cut to a grant's view written beside them (derived/).
    buckets: { datasets: 'readwrite' },
    sendsTo: ['audit-trail'],
    routes: {
      person: {
        method: 'GET',
        path: '/v1/registry/people/{citizenId}',
        access: consumers,
        summary: 'A person by citizen ID, the granted items, masked as the grant says',
      },
      peopleBatch: {
        method: 'POST',
        path: '/v1/registry/people/batch',
        access: consumers,
        summary: 'Up to 100 people by citizen ID, in request order, with per-ID not-found',
      },
      verifyPerson: {
        method: 'POST',
        path: '/v1/registry/people/verify',
        access: consumers,
        summary: 'Whether a citizen ID and a name belong together (match / no match only)',
      },
      company: {
        method: 'GET',
        path: '/v1/registry/companies/{creditCode}',
        access: consumers,
        summary: 'A legal entity by unified social credit code',
      },
      searchCompanies: {
        method: 'GET',
        path: '/v1/registry/companies',
        access: consumers,
        summary: 'Legal entities by exact name or name prefix',
      },
      verifyCompany: {
        method: 'POST',
        path: '/v1/registry/companies/verify',
        access: consumers,
        summary: 'Whether a credit code, a name and a legal representative belong together',
      },
      indicators: {
        method: 'GET',
        path: '/v1/registry/macro/indicators',
        access: 'authenticated',
        summary: 'The macro-economic indicators and their units',
      },
      series: {
        method: 'GET',
        path: '/v1/registry/macro/series',
        access: 'authenticated',
        summary: 'One indicator of one region over a range of years, quarters or months',
      },
      datasetRows: {
        method: 'GET',
        path: '/v1/catalogue/resources/{code}/datasets/rows',
        access: 'authenticated',
        summary: "A dataset's rows by key and filters, paged, the granted items masked (共享方式 接口)",
      },
      datasetFile: {
        method: 'GET',
        path: '/v1/catalogue/resources/{code}/datasets/file',
        access: 'authenticated',
        summary: 'A dataset version as a file of the granted items, masked, by presigned GET (文件下载)',
      },
      division: {
        method: 'GET',
        path: '/v1/registry/divisions/{code}',
        access: 'authenticated',
        summary: 'An administrative division, its parent and its children',
      },
    },
  },
} as const satisfies ContextFunctions;
