import type { S3Client } from '@aws-sdk/client-s3';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  DOCUMENT_STREAM,
  deliveryStream,
  type ExchangeActor,
  manualUrge,
  overdueFor,
  verifyHistory,
} from '@govshare/domain/exchange';
import { unitCodeSchema } from '@govshare/domain/identity';
import {
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  UnauthorizedError,
} from '@govshare/domain/kernel';
import { z } from 'zod';
import type { Caller } from '../../platform/auth.ts';
import { type RouteDefinition, route } from '../../platform/http.ts';
import type { ArchiveWriter } from '../archive-writer.ts';
import { exchangeFunctions } from '../blueprint.ts';
import type { NotificationStore } from '../notification-store.ts';
import { type ExchangeRecords, headsOf, type StoredDelivery, type StoredDocument } from '../record-store.ts';
import { attemptUrge, type UrgingDeps } from '../urging.ts';

const routes = exchangeFunctions.exchange.routes;

/** What the record routes (urges, notifications, history, archive) are given by the exchange handler. */
export interface RecordDeps {
  records: ExchangeRecords;
  notifications: NotificationStore;
  /** The urge writer's dependencies (table, directory, notification events, audit trail, logger). */
  urging: UrgingDeps;
  archives: ArchiveWriter;
  /** Signs the archive package's GET URL (see s3ForPresigning). */
  presigner: S3Client;
  archiveBucket: string;
  now: () => Date;
}

export const ARCHIVE_URL_SECONDS = 900;
/** Urges written at once when a sender urges many recipients: each is one transaction of its own. */
const URGE_CONCURRENCY = 8;

/** `work` over `items`, at most `limit` at a time, the results in the items' order. */
async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
const MAX_URGED_AT_ONCE = 1000;

export const documentIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'is not a document id');
const documentParams = z.strictObject({ id: documentIdSchema });
const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

const actorOf = (caller: Caller | undefined): ExchangeActor => {
  if (!caller) throw new UnauthorizedError('A bearer token is required');
  return { subject: caller.subject, unit: caller.unit, roles: caller.roles };
};

type Visibility = { all: true } | { all: false; streams: string[] };

/**
 * Who may read a document's records: its issuing and drafting units, auditors and the platform
 * administrator all of it; a recipient unit the document's own stream and its delivery's. Anyone
 * else learns nothing, not even that it exists.
 */
function visibilityOf(
  document: StoredDocument,
  deliveries: readonly StoredDelivery[],
  actor: ExchangeActor,
): Visibility {
  if (
    actor.roles.includes('auditor') ||
    actor.roles.includes('platform-admin') ||
    actor.unit === document.drafterUnit ||
    document.content.issuingUnits.includes(actor.unit)
  ) {
    return { all: true };
  }
  if (deliveries.some((d) => d.recipientUnit === actor.unit)) {
    return { all: false, streams: [DOCUMENT_STREAM, deliveryStream(actor.unit)] };
  }
  throw new NotFoundError('No document has this id');
}

async function readable(deps: RecordDeps, id: string, actor: ExchangeActor) {
  const document = await deps.records.document(id);
  if (!document) throw new NotFoundError('No document has this id');
  const deliveries = await deps.records.deliveries(id);
  return { document, deliveries, visibility: visibilityOf(document, deliveries, actor) };
}

const urgeBody = z
  .strictObject({
    units: z.array(unitCodeSchema).min(1).max(MAX_URGED_AT_ONCE).optional(),
    all: z.literal(true).optional(),
  })
  .refine((body) => (body.units === undefined) !== (body.all === undefined), {
    message: 'must name the units to urge, or say all: true for every overdue one (not both)',
    path: ['units'],
  });

type UrgeReport =
  | { unit: string; outcome: 'urged'; kind: string; users: number }
  | { unit: string; outcome: 'already-urged-today' }
  | { unit: string; outcome: 'not-open'; state: string }
  | { unit: string; outcome: 'not-a-recipient' };

/** 催办 from the status matrix, notification lists, history and its verification, archive. */
export function recordRoutes(deps: RecordDeps): RouteDefinition[] {
  const { records, notifications, now } = deps;

  const urgeOne = async (
    document: StoredDocument,
    delivery: StoredDelivery,
    actor: ExchangeActor,
    at: Date,
    correlationId: string,
  ): Promise<UrgeReport> => {
    let current: StoredDelivery | undefined = delivery;
    for (let attempt = 0; current && attempt < 5; attempt++) {
      const decided = manualUrge({
        delivery: current,
        issuingUnits: document.content.issuingUnits,
        actor,
        now: at,
      });
      if (decided.outcome === 'not-open')
        return { unit: current.recipientUnit, outcome: 'not-open', state: decided.state };
      const result = await attemptUrge(deps.urging, {
        delivery: current,
        decision: decided.decision,
        actor: { subject: actor.subject, unit: actor.unit, kind: 'person' },
        now: at,
        correlationId,
      });
      if (result.outcome === 'urged') {
        return {
          unit: current.recipientUnit,
          outcome: 'urged',
          kind: decided.decision.kind,
          users: result.users.length,
        };
      }
      if (result.outcome === 'already-urged')
        return { unit: current.recipientUnit, outcome: 'already-urged-today' };
      current = await records.delivery(current.documentId, current.recipientUnit);
    }
    throw new InvalidTransitionError(`Delivery ${delivery.id} keeps changing; try again`);
  };

  return [
    route(routes.urgeDeliveries, {
      params: documentParams,
      body: urgeBody,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        const document = await records.document(params.id);
        if (!document) throw new NotFoundError('No document has this id');
        if (!document.content.issuingUnits.includes(actor.unit)) {
          throw new ForbiddenError(
            `Only a clerk or signer of an issuing unit may urge document ${document.id}`,
          );
        }
        if (document.state !== 'dispatched') {
          throw new InvalidTransitionError(
            `Document ${document.id} is ${document.state}: only dispatched documents are urged`,
          );
        }
        const at = now();
        const deliveries = await records.deliveries(document.id);
        const byUnit = new Map(deliveries.map((d) => [d.recipientUnit, d]));
        const targets: (StoredDelivery | string)[] = body.all
          ? deliveries.filter((d) => overdueFor(d, at) !== undefined)
          : [...new Set(body.units)].map((unit) => byUnit.get(unit) ?? unit);
        const results = await inParallel(targets, URGE_CONCURRENCY, (target) =>
          typeof target === 'string'
            ? Promise.resolve<UrgeReport>({ unit: target, outcome: 'not-a-recipient' })
            : urgeOne(document, target, actor, at, correlationId),
        );
        return {
          status: 200,
          body: { urged: results.filter((r) => r.outcome === 'urged').length, results },
        };
      },
    }),

    route(routes.notifications, {
      query: z.strictObject({
        limit: limit(100, 20),
        cursor: z.string().max(2000).optional(),
        unread: z.enum(['true', 'false']).optional(),
      }),
      handle: async ({ query, caller }) => {
        const actor = actorOf(caller);
        const page = await notifications.list(
          { subject: actor.subject, unit: actor.unit },
          { limit: query.limit, cursor: query.cursor, unreadOnly: query.unread === 'true' },
        );
        return { status: 200, body: page };
      },
    }),

    route(routes.readNotification, {
      params: z.strictObject({ id: z.string().max(64) }),
      handle: async ({ params, caller }) => {
        const actor = actorOf(caller);
        const notice = await notifications.markRead(
          params.id,
          { subject: actor.subject, unit: actor.unit },
          now(),
        );
        return { status: 200, body: notice };
      },
    }),

    route(routes.history, {
      params: documentParams,
      query: z.strictObject({ limit: limit(500, 100), cursor: z.string().max(2000).optional() }),
      handle: async ({ params, query, caller }) => {
        const { visibility } = await readable(deps, params.id, actorOf(caller));
        const page = await records.historyPage(params.id, {
          limit: query.limit,
          cursor: query.cursor,
          streams: visibility.all ? undefined : visibility.streams,
        });
        return {
          status: 200,
          body: { items: page.entries, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
        };
      },
    }),

    route(routes.verifyHistory, {
      params: documentParams,
      handle: async ({ params, caller }) => {
        const { document, deliveries, visibility } = await readable(deps, params.id, actorOf(caller));
        const heads = headsOf(document, deliveries);
        let entries = await records.allHistory(params.id);
        if (!visibility.all) {
          const seen = new Set(visibility.streams);
          entries = entries.filter((entry) => seen.has(entry.stream));
          for (const stream of [...heads.keys()]) if (!seen.has(stream)) heads.delete(stream);
        }
        const verification = verifyHistory(params.id, entries, heads);
        return {
          status: 200,
          body: { documentId: params.id, verifiedAt: now().toISOString(), ...verification },
        };
      },
    }),

    route(routes.archiveDocument, {
      params: documentParams,
      handle: async ({ params, caller, correlationId }) => {
        const record = await deps.archives.archive({
          documentId: params.id,
          actor: actorOf(caller),
          now: now(),
          correlationId,
        });
        return { status: 201, body: record };
      },
    }),

    route(routes.getArchive, {
      params: documentParams,
      query: z.strictObject({ verify: z.enum(['true', 'false']).optional() }),
      handle: async ({ params, query, caller }) => {
        await readable(deps, params.id, actorOf(caller));
        const record = await deps.archives.get(params.id);
        if (!record) throw new NotFoundError(`Document ${params.id} is not archived`);
        const downloadUrl = await getSignedUrl(
          deps.presigner,
          new GetObjectCommand({
            Bucket: deps.archiveBucket,
            Key: record.key,
            ...(record.versionId ? { VersionId: record.versionId } : {}),
          }),
          { expiresIn: ARCHIVE_URL_SECONDS },
        );
        const integrity = query.verify === 'true' ? { integrity: await deps.archives.verify(record) } : {};
        return {
          status: 200,
          body: { ...record, ...integrity, downloadUrl, downloadExpiresInSeconds: ARCHIVE_URL_SECONDS },
        };
      },
    }),
  ];
}
