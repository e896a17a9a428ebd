import {
  DOCUMENT_STREAM,
  deliveryStream,
  type ExchangeActor,
  manualUrge,
  overdueFor,
  verifyHistory,
} from '@govshare/domain/exchange';
import { unitCodeSchema } from '@govshare/domain/identity';
import { ForbiddenError, InvalidTransitionError, NotFoundError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { mapLimited } from '../../platform/concurrency.ts';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { exchangeFunctions } from '../blueprint.ts';
import type { StoredDelivery } from '../delivery-store.ts';
import { type StoredDocument, streamHeads } from '../document-store.ts';
import {
  archiveDocumentResponse,
  getArchiveResponse,
  historyResponse,
  notificationsResponse,
  readNotificationResponse,
  urgeDeliveriesResponse,
  verifyHistoryResponse,
} from '../schemas.ts';
import { attemptUrge } from '../urging.ts';
import { actorOf, type ExchangeRouteContext, readerOf } from './context.ts';
import { documentParams } from './shapes.ts';

const routes = exchangeFunctions.exchange.routes;

/** What the record routes (urges, notifications, history, archive) use of the exchange's context. */
export type RecordDeps = Pick<
  ExchangeRouteContext,
  'documents' | 'deliveries' | 'notifications' | 'urging' | 'archives' | 'downloads' | 'config' | 'now'
>;

export const ARCHIVE_URL_SECONDS = 900;
/** Urges written at once when a sender urges many recipients: each is one transaction of its own. */
const URGE_CONCURRENCY = 8;
const MAX_URGED_AT_ONCE = 1000;

const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/**
 * The streams of a document's history the actor may read: all of them for its participants
 * (readerOf: issuing units, drafter, reviewers, auditors, the platform administrator); the
 * document's own and its delivery's for a recipient unit. Anyone else learns nothing: 404.
 */
async function readableStreams(deps: RecordDeps, id: string, actor: ExchangeActor) {
  const { document, as } = await readerOf(deps, id, actor);
  return {
    document,
    streams: as === 'participant' ? undefined : [DOCUMENT_STREAM, deliveryStream(actor.unit)],
  };
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
  const { documents, deliveries, notifications, now } = deps;

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
      current = await deliveries.get(current.documentId, current.recipientUnit);
    }
    throw new InvalidTransitionError(`Delivery ${delivery.id} keeps changing; try again`);
  };

  return [
    route(routes.urgeDeliveries, {
      response: { status: 200, body: urgeDeliveriesResponse },
      params: documentParams,
      body: urgeBody,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        const document = await documents.get(params.id);
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
        const all = await deliveries.ofDocument(document.id);
        const byUnit = new Map(all.map((d) => [d.recipientUnit, d]));
        const targets: (StoredDelivery | string)[] = body.all
          ? all.filter((d) => overdueFor(d, at) !== undefined)
          : [...new Set(body.units)].map((unit) => byUnit.get(unit) ?? unit);
        const results = await mapLimited(targets, URGE_CONCURRENCY, (target) =>
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
      response: { status: 200, body: notificationsResponse },
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
      response: { status: 200, body: readNotificationResponse },
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
      response: { status: 200, body: historyResponse },
      params: documentParams,
      query: z.strictObject({ limit: limit(500, 100), cursor: z.string().max(2000).optional() }),
      handle: async ({ params, query, caller }) => {
        const { streams } = await readableStreams(deps, params.id, actorOf(caller));
        const page = await documents.historyPage(params.id, {
          limit: query.limit,
          cursor: query.cursor,
          streams,
        });
        return { status: 200, body: page };
      },
    }),

    route(routes.verifyHistory, {
      response: { status: 200, body: verifyHistoryResponse },
      params: documentParams,
      handle: async ({ params, caller }) => {
        const { document, streams } = await readableStreams(deps, params.id, actorOf(caller));
        const heads = streamHeads(document, await deliveries.historyHeads(params.id));
        let entries = await documents.history(params.id);
        if (streams) {
          const seen = new Set(streams);
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
      response: { status: 201, body: archiveDocumentResponse },
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
      response: { status: 200, body: getArchiveResponse },
      params: documentParams,
      query: z.strictObject({ verify: z.enum(['true', 'false']).optional() }),
      handle: async ({ params, query, caller }) => {
        await readerOf(deps, params.id, actorOf(caller));
        const record = await deps.archives.get(params.id);
        if (!record) throw new NotFoundError(`Document ${params.id} is not archived`);
        const downloadUrl = await deps.downloads.url(
          { bucket: deps.config.buckets.archive, key: record.key, versionId: record.versionId },
          { expiresInSeconds: ARCHIVE_URL_SECONDS },
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
