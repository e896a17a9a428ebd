import type { ContextFunctions } from '@govshare/blueprint';

/**
 * The audit trail: events arrive on the audit-trail queue (producers: the registry and any audited
 * context), are appended to each day's hash chain, checkpointed every few minutes and sealed and
 * digested into the Object-Lock archive, verified and listed.
 */
export const auditFunctions = {
  'audit-trail': {
    kind: 'consumer',
    entry: 'functions/src/audit/consumer.ts',
    description: "Appends audit events to the day's hash chain, once per event id",
    tables: { audit: 'readwrite' },
    queue: 'audit-trail',
    // In order within a batch; a larger batch amortises the chain-head round trips.
    batchSize: 25,
    maxBatchingWindowSeconds: 1,
  },
  'audit-digest': {
    kind: 'schedule',
    entry: 'functions/src/audit/digest.ts',
    description: 'Seals each closed day of the audit trail and writes its digest to the archive',
    tables: { audit: 'readwrite' },
    buckets: { archive: 'readwrite' },
    // 00:30 in Asia/Shanghai: the day just closed.
    schedule: { dailyAtUtc: '16:30' },
  },
  'audit-checkpoint': {
    kind: 'schedule',
    entry: 'functions/src/audit/checkpoint-schedule.ts',
    description: "Anchors the open days' audit chain heads in the archive, signed, when they moved",
    tables: { audit: 'read' },
    buckets: { archive: 'readwrite' },
    // Signs with a key derived from the audit trail's key, though it records no audit event.
    auditKey: true,
    // How many minutes of an open day's records a consistent cut (records deleted, head moved back)
    // can take unseen before the digest of the day.
    schedule: { everyMinutes: 5 },
  },
  audit: {
    kind: 'http',
    entry: 'functions/src/audit/handler.ts',
    description: 'Verify the audit chain of a day; who queried a unit’s data; who queried a person',
    tables: { audit: 'read', identity: 'read' },
    buckets: { archive: 'read' },
    // Subject queries are themselves audited.
    sendsTo: ['audit-trail'],
    routes: {
      verifyChain: {
        method: 'GET',
        path: '/v1/audit/chains/{day}/verify',
        access: ['platform-admin', 'auditor'],
        summary: "Walk a day's audit hash chain (and its archived digest) and report the first break",
      },
      providerEvents: {
        method: 'GET',
        path: '/v1/audit/provider/{unit}/events',
        // A data approver: its own unit's only; the platform admin and auditors (read-only,
        // platform-wide): any unit's (functions/src/http/audit/handler.ts, READS_EVERY_PROVIDER).
        access: ['platform-admin', 'data-approver', 'auditor'],
        summary:
          'Who queried the data of a provider unit, newest first: data approvers their own unit, platform admins and auditors any unit',
      },
      subjectQueries: {
        method: 'POST',
        path: '/v1/audit/subject-queries',
        access: ['platform-admin'],
        summary: 'Who queried the record of a person, by citizen ID (answering that person’s request)',
      },
    },
  },
} as const satisfies ContextFunctions;
