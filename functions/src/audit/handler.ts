import { randomUUID } from 'node:crypto';
import { type AuditRecord, type AuditTrail, recordsUpToHead, verifyChain } from '@govshare/domain/audit';
import { unitCodeSchema } from '@govshare/domain/identity';
import { checkCitizenId, ForbiddenError, UnauthorizedError, ValidationError } from '@govshare/domain/kernel';
import { z } from 'zod';
import { type TokenVerifier, tokenVerifierFor } from '../platform/auth.ts';
import { dynamo, s3 } from '../platform/aws-clients.ts';
import { type PlatformConfig, readFunctionConfig } from '../platform/config.ts';
import { httpFunction, route } from '../platform/http.ts';
import { telemetryFor } from '../platform/observability.ts';
import { type AuditStore, type DigestArchive, dynamoAuditStore, s3DigestArchive } from './audit-store.ts';
import { auditTrailFromEnv, type SubjectHasher, subjectHasherFromEnv } from './audit-trail.ts';
import { auditFunctions } from './blueprint.ts';

const routes = auditFunctions.audit.routes;

const DAY_MS = 24 * 3600_000;

const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'is a day, YYYY-MM-DD')
  .refine((day) => new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), 'is not a calendar day');
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
  verifier: TokenVerifier;
  hashSubject: SubjectHasher;
  /** Where the subject queries themselves are audited (looking a person up is an access too). */
  trail: AuditTrail;
  now?: () => Date;
}

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

export function createAuditHandler({ config, store, archive, verifier, hashSubject, trail, now }: AuditDeps) {
  const clock = now ?? (() => new Date());
  return httpFunction(
    auditFunctions.audit,
    [
      route(routes.verifyChain, {
        params: verifyParams,
        handle: async ({ params }) => {
          // The head first: records appended while the chain is read are then simply left out.
          const [head, digest] = await Promise.all([store.head(params.day), archive.get(params.day)]);
          const records = recordsUpToHead(await store.chain(params.day), head);
          return { status: 200, body: verifyChain(params.day, records, head, digest) };
        },
      }),
      route(routes.providerEvents, {
        params: providerParams,
        query: providerQuery,
        handle: async ({ params, query, caller }) => {
          if (!caller) throw new UnauthorizedError('A bearer token is required');
          if (!caller.roles.includes('platform-admin') && caller.unit !== params.unit) {
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

export const handler = createAuditHandler({
  config,
  store: dynamoAuditStore(dynamo(), config.tables.audit),
  archive: s3DigestArchive(s3(), config.buckets.archive),
  verifier: tokenVerifierFor(config.auth),
  // Top-level await (ESM): a missing or short key fails the cold start, not a request.
  hashSubject: await subjectHasherFromEnv(),
  trail,
});
