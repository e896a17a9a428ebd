import {
  countLeniently,
  DELIVERY_STATES,
  documentTypeSchema,
  INBOX_VIEWS,
  type InboxView,
  PERSONAL_VIEWS,
  signFor,
  UNIT_VIEWS,
} from '@govshare/domain/exchange';
import { unitCodeSchema } from '@govshare/domain/identity';
import { ConflictError, ForbiddenError, isDay, ValidationError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { mapLimited } from '../../platform/concurrency.ts';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { exchangeFunctions } from '../blueprint.ts';
import type { StoredDelivery } from '../delivery-store.ts';
import { inboxResponse, signForManyResponse } from '../schemas.ts';
import { actorOf } from './context.ts';
import {
  answerOf,
  assertMayView,
  auditDelivery,
  deliveryView,
  type ReceivingActor,
  type ReceivingDeps,
  taskView,
} from './receiving-shared.ts';
import { documentIdSchema, pageQuery } from './shapes.ts';

const routes = exchangeFunctions.exchange.routes;

const day = z.string().refine(isDay, 'must be a day written YYYY-MM-DD');
const inboxQuery = z
  .strictObject({
    view: z.enum(INBOX_VIEWS),
    /** unit: the unit's inbox (clerks and leaders); me: what I handle or read. Default by view. */
    scope: z.enum(['unit', 'me']).optional(),
    state: z.enum(DELIVERY_STATES).optional(),
    type: documentTypeSchema.optional(),
    issuer: unitCodeSchema.optional(),
    from: day.optional(),
    to: day.optional(),
    ...pageQuery,
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ['to'],
    message: 'must not be before from',
  });

const signForManyBody = z.strictObject({
  documentIds: z
    .array(documentIdSchema)
    .min(1, 'must name at least one document')
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a document'),
});

const defaultScope = (view: InboxView): 'unit' | 'me' =>
  view === 'to-read' || view === 'read' ? 'me' : 'unit';

/**
 * 签收, exactly once: of two clerks clicking at once, one signs; the other is told who did (409),
 * whether they read the delivery before or after the first signature was written.
 */
export async function signForOne(
  deps: ReceivingDeps,
  params: { documentId: string; unit: string },
  actor: ReceivingActor,
  correlationId: string,
): Promise<StoredDelivery> {
  const calendar = await deps.calendar.withCalendar((held) => held);
  const at = deps.now();
  const deadlines = deps.deadlines ? { deadlines: deps.deadlines } : {};
  const { after } = await deps.deliveries.update(params.documentId, params.unit, (current) => {
    assertMayView(current, actor);
    if (current.signedForBy) {
      throw new ConflictError(
        `Delivery ${current.id} was signed for already, by ${current.signedForBy} at ${current.signedForAt}`,
      );
    }
    const counted = countLeniently(calendar, (held) =>
      signFor({ delivery: current, actor, now: at, calendar: held, ...deadlines }),
    );
    if (counted.weekendsOnlyYears.length === 0) return counted.value;
    deps.logger.warn('handling deadline counted on weekends alone: the working-day calendar lacks a year', {
      missingYears: counted.weekendsOnlyYears,
    });
    return signFor({
      delivery: current,
      actor,
      now: at,
      calendar: counted.calendar,
      weekendsOnlyYears: counted.weekendsOnlyYears,
      ...deadlines,
    });
  });
  await auditDelivery(deps, 'sign-for', after, actor, correlationId, at);
  return after;
}

/** The inboxes (待签收 待办 已办 of a unit; 待办 已办 待阅 已阅 of a person) and signing for several at once. */
export function inboxRoutes(deps: ReceivingDeps): RouteDefinition[] {
  const { deliveries, now } = deps;
  return [
    route(routes.inbox, {
      response: { status: 200, body: inboxResponse },
      query: inboxQuery,
      handle: async ({ query, caller }) => {
        const actor = actorOf(caller);
        const scope = query.scope ?? defaultScope(query.view);
        const allowed = scope === 'unit' ? UNIT_VIEWS : PERSONAL_VIEWS;
        if (!allowed.includes(query.view)) {
          throw new ValidationError([
            { path: 'query.scope', message: `the view ${query.view} is not a view of scope ${scope}` },
          ]);
        }
        const filters = {
          ...(query.state ? { state: query.state } : {}),
          ...(query.type ? { type: query.type } : {}),
          ...(query.issuer ? { issuer: query.issuer } : {}),
          ...(query.from ? { from: query.from } : {}),
          ...(query.to ? { to: query.to } : {}),
        };
        const page = { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) };
        const at = now();
        if (scope === 'unit') {
          if (!actor.roles.includes('clerk') && !actor.roles.includes('leader')) {
            throw new ForbiddenError("Only the unit's clerks and leaders see its inbox; ask for scope=me");
          }
          const result = await deliveries.inbox(actor.unit, query.view, filters, page);
          return {
            status: 200,
            body: {
              view: query.view,
              scope,
              unit: actor.unit,
              items: result.items.map((delivery) => deliveryView(delivery, at)),
              ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
            },
          };
        }
        const result = await deliveries.mine(actor.subject, query.view, filters, page);
        return {
          status: 200,
          body: {
            view: query.view,
            scope,
            items: result.items.map((task) => taskView(task, at)),
            ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
          },
        };
      },
    }),

    route(routes.signForMany, {
      response: { status: 200, body: signForManyResponse },
      body: signForManyBody,
      handle: async ({ body, caller, correlationId }) => {
        const actor = actorOf(caller);
        const results = await mapLimited(body.documentIds, 10, async (documentId) => {
          try {
            const after = await signForOne(deps, { documentId, unit: actor.unit }, actor, correlationId);
            return { documentId, status: 200, delivery: deliveryView(after, now()) };
          } catch (error) {
            return { documentId, ...answerOf(error, correlationId) };
          }
        });
        return { status: 200, body: { signedFor: results.filter((r) => r.status === 200).length, results } };
      },
    }),
  ];
}
