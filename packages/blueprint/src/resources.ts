import type { BucketSpec, FunctionSpec, IndexSpec, QueueSpec, TableSpec } from './types.ts';

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

export const tables = {
  /** Units (the organisation tree) and the users and systems acting for them. */
  identity: contextTable(),
  /** The shared catalogue of information resources, access requests and grants. */
  catalogue: contextTable({ timeToLiveAttribute: 'ttl' }),
  /** The base databases: population, legal entities, macro-economic series, divisions. */
  registry: contextTable({ timeToLiveAttribute: 'ttl' }),
  /** Official documents, deliveries and their history. */
  exchange: contextTable({
    indexes: [
      gsi1,
      // Deliveries awaiting sign-for or handling, by the instant they fall due (the 催办 sweep).
      {
        name: 'gsi2',
        partitionKey: { name: 'gsi2pk', type: 'S' },
        sortKey: { name: 'gsi2sk', type: 'S' },
      },
    ],
  }),
  /** Project submissions, machine checks and decisions. */
  review: contextTable(),
  /** Assessment schemes, period computations, unit tables and rankings; information items (政务信息). */
  assessment: contextTable(),
  /** Hash-chained audit records of every query and state change. */
  audit: contextTable(),
} as const satisfies Record<string, TableSpec>;

export const buckets = {
  datasets: { purpose: 'Dataset files uploaded by providers, by version', presignedUploads: true },
  documents: { purpose: 'Document bodies and attachments', presignedUploads: true },
  search: {
    purpose: 'Snapshots of the catalogue search index, rebuilt from the catalogue table (a cache)',
    // Rewritten every minute something changes: older versions are of no use to anyone.
    noncurrentVersionsExpireAfterDays: 1,
  },
  archive: {
    purpose: 'Archived documents and daily audit digests that must never change',
    objectLock: { mode: 'COMPLIANCE', days: 3650 },
  },
} as const satisfies Record<string, BucketSpec>;

export const queues = {
  'dataset-ingest': {
    purpose: 'Uploaded dataset files waiting to be validated and loaded',
    // At least its consumer's 840 s timeout, as Lambda requires; the consumer holds each message on a
    // 60 s lease of its own while it loads (leaseSeconds), so a crashed load returns within a minute.
    visibilityTimeoutSeconds: 900,
    maxReceiveCount: 5,
    // A file of any size loads within its 840 s timeout; one waiting half an hour is stuck.
    alarmAfterSeconds: 1800,
  },
  'document-dispatch': {
    purpose: 'Deliveries of a sealed document to its recipients',
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
    // Official documents are expected in the inbox within minutes.
    alarmAfterSeconds: 300,
  },
  'audit-trail': {
    purpose: "Audit events accepted from the API, waiting to be appended to the day's hash chain",
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 10,
    // Audit lag: a provider asking "who queried my data" should see queries of five minutes ago.
    alarmAfterSeconds: 300,
  },
  'notification-events': {
    purpose:
      'Urges (催办) and other notices, for a deployment to route to SMS or e-mail (the platform keeps its own list)',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    // Nothing in the platform consumes these: a deployment subscribes its SMS or mail gateway. A day
    // of waiting means that gateway is missing or stuck.
    alarmAfterSeconds: 86_400,
  },
  'project-checks': {
    purpose: 'Project submissions waiting for their machine checks',
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
    alarmAfterSeconds: 900,
  },
  'official-drafts': {
    purpose:
      "Documents another context asks the exchange to draft (a project's approval reply, 批复), each once",
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    // A reviewer who approved a project expects its reply among the office's drafts within minutes.
    alarmAfterSeconds: 300,
  },
  'assessment-computations': {
    purpose: "Periods waiting to be computed: every unit's table, the ranking",
    // At least the consumer's 840 s timeout, as Lambda requires.
    visibilityTimeoutSeconds: 900,
    maxReceiveCount: 3,
    // A computation of a city's units takes seconds to minutes; one waiting half an hour is stuck.
    alarmAfterSeconds: 1800,
  },
} as const satisfies Record<string, QueueSpec>;

export type TableName = keyof typeof tables;
export type BucketName = keyof typeof buckets;
export type QueueName = keyof typeof queues;

/** The functions of one bounded context, using the resources above. */
export type ContextFunctions = Record<string, FunctionSpec<TableName, BucketName, QueueName>>;
