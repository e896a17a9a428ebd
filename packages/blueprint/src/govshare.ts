import type { Blueprint, IndexSpec, TableSpec } from './types.ts';

/**
 * Every table is keyed the same way (pk/sk plus one overloaded index), so that each
 * bounded context models its own item types without a new table per type.
 */
const gsi1: IndexSpec = {
  name: 'gsi1',
  partitionKey: { name: 'gsi1pk', type: 'S' },
  sortKey: { name: 'gsi1sk', type: 'S' },
};

const contextTable = (extra: Partial<TableSpec> = {}): TableSpec => ({
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  indexes: [gsi1],
  ...extra,
});

/** The one description of govshare, read by infra/ (CDK) and packages/local (local runtime). */
export const govshare = {
  name: 'govshare',
  tables: {
    /** Units (the organisation tree) and the users and systems acting for them. */
    identity: contextTable(),
    /** The shared catalogue of information resources, access requests and grants. */
    catalogue: contextTable({ timeToLiveAttribute: 'expiresAt' }),
    /** The base databases: population, legal entities, macro-economic series, divisions. */
    registry: contextTable(),
    /** Official documents, deliveries and their history. */
    exchange: contextTable(),
    /** Project submissions, machine checks and decisions. */
    review: contextTable(),
    /** Hash-chained audit records of every query and state change. */
    audit: contextTable(),
  },
  buckets: {
    datasets: { purpose: 'Dataset files uploaded by providers, by version', presignedUploads: true },
    documents: { purpose: 'Document bodies and attachments', presignedUploads: true },
    archive: {
      purpose: 'Archived documents and daily audit digests that must never change',
      objectLock: { mode: 'COMPLIANCE', days: 3650 },
    },
  },
  queues: {
    'dataset-ingest': {
      purpose: 'Uploaded dataset files waiting to be validated and loaded',
      visibilityTimeoutSeconds: 900,
      maxReceiveCount: 5,
    },
    'document-dispatch': {
      purpose: 'Deliveries of a sealed document to its recipients',
      visibilityTimeoutSeconds: 120,
      maxReceiveCount: 5,
    },
    'project-checks': {
      purpose: 'Project submissions waiting for their machine checks',
      visibilityTimeoutSeconds: 120,
      maxReceiveCount: 5,
    },
  },
  functions: {
    identity: {
      kind: 'http',
      entry: 'functions/src/http/identity/handler.ts',
      description: 'Health, the caller, units and users, and the local development issuer',
      tables: { identity: 'readwrite' },
      routes: [
        { method: 'GET', path: '/v1/health', access: 'public', summary: 'Liveness of the API' },
        { method: 'GET', path: '/v1/me', access: 'authenticated', summary: 'The caller as the token says' },
        {
          method: 'POST',
          path: '/v1/dev/token',
          access: 'public',
          localOnly: true,
          summary: 'Issue a token for a sample user (local development issuer only)',
        },
        {
          method: 'GET',
          path: '/.well-known/jwks.json',
          access: 'public',
          localOnly: true,
          summary: 'Public keys of the local development issuer',
        },
        { method: 'GET', path: '/v1/units', access: 'authenticated', summary: 'List units, by parent' },
        { method: 'POST', path: '/v1/units', access: ['platform-admin'], summary: 'Create a unit' },
        { method: 'GET', path: '/v1/units/{code}', access: 'authenticated', summary: 'One unit' },
        { method: 'GET', path: '/v1/users', access: ['platform-admin'], summary: 'List the users of a unit' },
        { method: 'POST', path: '/v1/users', access: ['platform-admin'], summary: 'Create a user or system' },
      ],
    },
  },
} as const satisfies Blueprint<'identity' | 'catalogue' | 'registry' | 'exchange' | 'review' | 'audit'>;

export type GovshareBlueprint = typeof govshare;
export type TableName = keyof GovshareBlueprint['tables'];
export type BucketName = keyof GovshareBlueprint['buckets'];
export type QueueName = keyof GovshareBlueprint['queues'];
