import { randomUUID } from 'node:crypto';
import {
  type AuditRecord,
  type AuditTrail,
  type CheckpointSigner,
  checkpointSigner,
  recordsUpToHead,
  verifyChain,
} from '@govshare/domain/audit';
import { unitCodeSchema } from '@govshare/domain/identity';
import {
  checkCitizenId,
  ForbiddenError,
  type Role,
  UnauthorizedError,
  ValidationError,
} from '@govshare/domain/kernel';
import * as z from 'zod';
import { principalDirectory } from '../identity/index.ts';
import { type TokenVerifier, tokenVerifierFor } from '../platform/auth.ts';
import { dynamo } from '../platform/aws-clients.ts';
import { type PlatformConfig, readFunctionConfig } from '../platform/config.ts';
import { httpFunction, route } from '../platform/http.ts';
import { s3AdapterOnFirstUse } from '../platform/lazy.ts';
import { telemetryFor } from '../platform/observability.ts';
import type { CheckpointArchive, DigestArchive } from './audit-archive.ts';
import { type AuditStore, dynamoAuditStore } from './audit-store.ts';
import { auditKeyFromEnv, auditTrailFromEnv, type SubjectHasher, subjectHasher } from './audit-trail.ts';
import { auditFunctions } from './blueprint.ts';
import { chainVerificationResponse, providerEventsResponse, subjectQueriesResponse } from './schemas.ts';

const routes = auditFunctions.audit.routes;

const DAY_MS = 24 * 3600_000;

// zod's ISO date knows the calendar (2026-02-30 and 2025-02-29 are no days); a hand-made check that
// parsed an unmatched text into a Date threw RangeError (a 500) instead of naming the field.
const daySchema = z.iso.date({ error: 'is a calendar day, YYYY-MM-DD' });
const instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text).toISOString());
const pageFields = {
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(2048).optional(),
};

const verifyParams = z.strictObject({ day: daySchema });
const providerParams = z.strictObject({ unit: unitCodeSchema });
const providerQuery = z.strictObject({ from: instant.optional(), to: instant.optional(), ...pageFields });
const subjectQueryBody = z.strictObject({ citizenId: z.string().min(1).max(32), ...pageFields });

export interface AuditDeps {
  config: PlatformConfig<'audit'>;
  store: AuditStore;
  archive: DigestArchive;
  checkpoints: CheckpointArchive;
  /** Checks the checkpoints' signatures. */
  signer: CheckpointSigner;
  verifier: TokenVerifier;
  hashSubject: SubjectHasher;
  /** Where the subject queries themselves are audited (looking a person up is an access too). */
  trail: AuditTrail;
  now?: () => Date;
}

/**
 * Who may list the events of any provider unit (the route table, packages/blueprint's audit functions,
 * says the same): the platform admin, and auditors, whose role is read-only and platform-wide (审计局,
 * 电子政务办). A data approver sees its own unit's only.
 */
const READS_EVERY_PROVIDER: readonly Role[] = ['platform-admin', 'auditor'];

/** What a provider sees of an event: who, why, what and how many, but not whose (no subject hashes). */
const providerView = (record: AuditRecord) => ({
  id: record.id,
  at: record.at,
  action: record.action,
  actor: record.actor,
  ...(record.resourceCode ? { resourceCode: record.resourceCode } : {}),
  ...(record.grantId ? { grantId: record.grantId } : {}),
  ...(record.purpose ? { purpose: record.purpose } : {}),
  items: record.items,
  recordCount: record.recordCount,
  subjectCount: record.subjectHashes.length,
  outcome: record.outcome,
  ...(record.problemType ? { problemType: record.problemType } : {}),
  correlationId: record.correlationId,
  chain: { day: record.day, seq: record.seq },
});

export function createAuditHandler(deps: AuditDeps) {
  const { config, store, archive, checkpoints, signer, verifier, hashSubject, trail, now } = deps;
  const clock = now ?? (() => new Date());
  return httpFunction(
    auditFunctions.audit,
    [
      route(routes.verifyChain, {
        response: {
          status: 200,
          description: "Whether the day's chain holds, against its digest and checkpoint",
          body: chainVerificationResponse,
        },
        params: verifyParams,
        handle: async ({ params }) => {
          // The archive first, then the head, then the records: the head is then at or past what the
          // checkpoint saw, and records appended while the chain is read are simply left out.
          const [checkpoint, digest] = await Promise.all([
            checkpoints.latest(params.day),
            archive.get(params.day),
          ]);
          const head = await store.head(params.day);
          const records = recordsUpToHead(await store.chain(params.day), head);
          const checked = checkpoint === undefined ? undefined : signer.check(checkpoint);
          return { status: 200, body: verifyChain(params.day, records, head, digest, checked) };
        },
      }),
      route(routes.providerEvents, {
        response: { status: 200, body: providerEventsResponse },
        params: providerParams,
        query: providerQuery,
        handle: async ({ params, query, caller }) => {
          if (!caller) throw new UnauthorizedError('A bearer token is required');
          if (caller.unit !== params.unit && !caller.roles.some((r) => READS_EVERY_PROVIDER.includes(r))) {
            throw new ForbiddenError('Only the audit trail of your own unit can be listed');
          }
          const to = query.to ?? clock().toISOString();
          const from = query.from ?? new Date(Date.parse(to) - 30 * DAY_MS).toISOString();
          if (from > to)
            throw new ValidationError([{ path: 'query.from', message: 'must not be after `to`' }]);
          const page = await store.byProvider(params.unit, {
            from,
            to,
            limit: query.limit,
            ...(query.cursor ? { cursor: query.cursor } : {}),
          });
          return {
            status: 200,
            body: {
              unit: params.unit,
              from,
              to,
              items: page.items.map(providerView),
              ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
            },
          };
        },
      }),
      route(routes.subjectQueries, {
        response: { status: 200, body: subjectQueriesResponse },
        body: subjectQueryBody,
        maxBodyBytes: 4096,
        handle: async ({ body, caller, correlationId }) => {
          if (!caller) throw new UnauthorizedError('A bearer token is required');
          const verdict = checkCitizenId(body.citizenId, { today: clock() });
          if (!verdict.valid) {
            throw new ValidationError([
              { path: 'body.citizenId', message: `failed the ${verdict.failed} check: ${verdict.reason}` },
            ]);
          }
          const subjectHash = hashSubject(body.citizenId);
          const page = await store.bySubject(subjectHash, {
            limit: body.limit,
            ...(body.cursor ? { cursor: body.cursor } : {}),
          });
          // Looking up who queried a person is itself an access to that person's trail: audited too.
          await trail.record({
            id: `audit.subject-query:${correlationId}:${randomUUID()}`,
            at: clock().toISOString(),
            actor: { unit: caller.unit, principal: caller.subject, kind: caller.kind },
            action: 'audit.subject-query',
            items: ['audit-trail'],
            recordCount: page.items.length,
            subjectHashes: [subjectHash],
            outcome: 'ok',
            correlationId,
          });
          return {
            status: 200,
            body: {
              items: page.items,
              ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
            },
          };
        },
      }),
    ],
    { config, verifier, ...telemetryFor('audit') },
  );
}

// Cold start: config validated, clients, keys and the subject-hash key prepared once.
const config = readFunctionConfig(auditFunctions.audit);
const trail = auditTrailFromEnv();
// Top-level await (ESM): a missing or short key fails the cold start, not a request.
const auditKey = await auditKeyFromEnv();

export const handler = createAuditHandler({
  config,
  store: dynamoAuditStore(dynamo(), config.tables.audit),
  // The archive bucket's adapters, with the S3 client, load on the first request that reads the archive.
  archive: s3AdapterOnFirstUse(async ({ s3 }) =>
    (await import('./audit-archive.ts')).s3DigestArchive(s3(), config.buckets.archive),
  ),
  checkpoints: s3AdapterOnFirstUse(async ({ s3 }) =>
    (await import('./audit-archive.ts')).s3CheckpointArchive(s3(), config.buckets.archive),
  ),
  signer: checkpointSigner(auditKey),
  verifier: tokenVerifierFor(config.auth, principalDirectory(dynamo(), config.tables.identity)),
  hashSubject: subjectHasher(auditKey),
  trail,
});
