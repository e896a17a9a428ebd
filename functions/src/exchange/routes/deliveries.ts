import {
  assign,
  assignDeliverySchema,
  circulate,
  circulateDeliverySchema,
  countDeliveries,
  DELIVERY_STATES,
  type Delivery,
  handleDeliverySchema,
  markHandled,
  markRead,
  openDelivery,
  register,
  registerDeliverySchema,
  resend,
  returnDelivery,
  returnDeliverySchema,
  withdrawDelivery,
} from '@govshare/domain/exchange';
import { unitCodeSchema } from '@govshare/domain/identity';
import { ForbiddenError, NotFoundError, ValidationError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { mapLimited } from '../../platform/concurrency.ts';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { exchangeFunctions } from '../blueprint.ts';
import type { StoredDelivery } from '../delivery-store.ts';
import {
  assignDeliveryResponse,
  circulateDeliveryResponse,
  getDeliveryResponse,
  handleDeliveryResponse,
  listDeliveriesResponse,
  readDeliveryResponse,
  registerDeliveryResponse,
  resendDeliveryResponse,
  returnDeliveryResponse,
  signForResponse,
  withdrawDeliveriesResponse,
} from '../schemas.ts';
import { actorOf, recipientView } from './context.ts';
import { inboxRoutes, signForOne } from './inbox.ts';
import {
  answerOf,
  assertMayView,
  auditDelivery,
  deliveryView,
  lenientCount,
  type ReceivingActor,
  type ReceivingDeps,
} from './receiving-shared.ts';
import { deliveryParams, documentParams } from './shapes.ts';

const routes = exchangeFunctions.exchange.routes;

const MATRIX_SORTS = ['unit', 'state', 'delivered', 'due', 'signed-for'] as const;
const matrixQuery = z.strictObject({
  state: z.enum(DELIVERY_STATES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  sort: z.enum(MATRIX_SORTS).default('unit'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
const withdrawBody = z.strictObject({
  units: z
    .array(unitCodeSchema)
    .min(1, 'must name at least one unit')
    .max(500)
    .refine((units) => new Set(units).size === units.length, 'must not repeat a unit'),
});
const resendBody = z.strictObject({ from: unitCodeSchema, to: unitCodeSchema });
const STATE_ORDER = new Map(DELIVERY_STATES.map((state, index) => [state, index]));

const sortKey = (sort: (typeof MATRIX_SORTS)[number], delivery: Delivery): string | number => {
  switch (sort) {
    case 'state':
      return STATE_ORDER.get(delivery.state) ?? 0;
    case 'delivered':
      return delivery.deliveredAt;
    case 'due':
      return delivery.handleDueAt ?? delivery.signForDueAt;
    case 'signed-for':
      return delivery.signedForAt ?? '~';
    default:
      return delivery.recipientUnit;
  }
};

/**
 * 收文 and the sender's view of one document's deliveries: the status matrix, withdrawing and
 * resending (the sender); opening, signing for, returning, registering, assigning, circulating,
 * reading and handling (the recipient); and the inboxes (inbox.ts).
 */
export function receivingRoutes(deps: ReceivingDeps): RouteDefinition[] {
  const { deliveries, documents, directory, now } = deps;

  const requireDelivery = async (documentId: string, unit: string, actor: ReceivingActor) => {
    const delivery = await deliveries.get(documentId, unit);
    if (!delivery) throw new NotFoundError(`No delivery of document ${documentId} to unit ${unit}`);
    assertMayView(delivery, actor);
    return delivery;
  };

  /** The sender's side: a member of an issuing unit, or the platform administrator or an auditor. */
  const requireSenderView = async (documentId: string, actor: ReceivingActor) => {
    const document = await documents.get(documentId);
    if (!document) throw new NotFoundError(`No document has id ${documentId}`);
    const oversees = actor.roles.includes('platform-admin') || actor.roles.includes('auditor');
    if (!oversees && !document.content.issuingUnits.includes(actor.unit)) {
      throw new ForbiddenError(
        'Only the issuing units, the platform administrator and auditors see the status of its deliveries',
      );
    }
    return document;
  };

  /** A transition of one delivery, stored and audited; the delivery must be visible to the actor. */
  const transition = async <T extends Parameters<typeof deliveries.commit>[1]>(
    params: { documentId: string; unit: string },
    actor: ReceivingActor,
    verb: Parameters<typeof auditDelivery>[1],
    correlationId: string,
    decide: (current: StoredDelivery, at: Date) => T,
  ) => {
    const at = now();
    const result = await deliveries.update(params.documentId, params.unit, (current) => {
      assertMayView(current, actor);
      return decide(current, at);
    });
    if (result.events.length > 0) await auditDelivery(deps, verb, result.after, actor, correlationId, at);
    return result;
  };

  const requireMember = async (id: string, unit: string, path: string, role?: 'handler') => {
    const principal = await directory.principal(id);
    if (!principal || principal.disabled || principal.unitCode !== unit) {
      throw new ValidationError([{ path, message: `is no user of unit ${unit}` }]);
    }
    if (role && !principal.roles.includes(role)) {
      throw new ValidationError([{ path, message: `does not have the ${role} role in unit ${unit}` }]);
    }
  };

  return [
    // ---------------------------------------------------------------- the sender's view
    route(routes.listDeliveries, {
      response: { status: 200, body: listDeliveriesResponse },
      params: documentParams,
      query: matrixQuery,
      handle: async ({ params, query, caller }) => {
        const actor = actorOf(caller);
        await requireSenderView(params.id, actor);
        const at = now();
        const [all, undeliverable] = await Promise.all([
          deliveries.ofDocument(params.id),
          deliveries.undeliverableOf(params.id),
        ]);
        const shown = all
          .map((delivery) => deliveryView(delivery, at))
          .filter((row) => !query.state || row.state === query.state)
          .filter((row) => !query.overdue || (row.overdue !== null) === (query.overdue === 'true'));
        const direction = query.order === 'desc' ? -1 : 1;
        shown.sort((a, b) => {
          const x = sortKey(query.sort, a);
          const y = sortKey(query.sort, b);
          if (x === y) return a.recipientUnit < b.recipientUnit ? -1 : 1;
          return (x < y ? -1 : 1) * direction;
        });
        return {
          status: 200,
          body: {
            documentId: params.id,
            counts: { ...countDeliveries(all, at), undeliverable: undeliverable.length },
            items: shown,
            undeliverable: undeliverable.map(({ historyHead: _head, ...item }) => item),
          },
        };
      },
    }),

    route(routes.withdrawDeliveries, {
      response: { status: 200, body: withdrawDeliveriesResponse },
      params: documentParams,
      body: withdrawBody,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        await requireSenderView(params.id, actor);
        const results = await mapLimited(body.units, 10, async (unit) => {
          try {
            const { after } = await transition(
              { documentId: params.id, unit },
              actor,
              'withdraw',
              correlationId,
              (current, at) => withdrawDelivery({ delivery: current, actor, now: at }),
            );
            return { unit, status: 200, delivery: deliveryView(after, now()) };
          } catch (error) {
            return { unit, ...answerOf(error, correlationId) };
          }
        });
        return {
          status: 200,
          body: { withdrawn: results.filter((r) => r.status === 200).length, results },
        };
      },
    }),

    route(routes.resendDelivery, {
      response: { status: 201, body: resendDeliveryResponse },
      params: documentParams,
      body: resendBody,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        const document = await requireSenderView(params.id, actor);
        const returned = await deliveries.get(params.id, body.from);
        if (!returned) throw new NotFoundError(`No delivery of document ${params.id} to unit ${body.from}`);
        const unit = await directory.unit(body.to);
        if (!unit) throw new ValidationError([{ path: 'body.to', message: 'is no known unit' }]);
        if (unit.dissolved) throw new ValidationError([{ path: 'body.to', message: 'is a dissolved unit' }]);
        const at = now();
        const { value: step, weekendsOnlyYears } = await lenientCount(deps.calendar, (calendar) =>
          resend({
            returned,
            actor,
            to: { unit: unit.code, name: unit.name },
            issuingUnits: document.content.issuingUnits,
            now: at,
            calendar,
            ...(deps.deadlines ? { deadlines: deps.deadlines } : {}),
          }),
        );
        const fresh = {
          ...step.delivery,
          ...(weekendsOnlyYears.length > 0 ? { deadlinesWithoutHolidays: weekendsOnlyYears } : {}),
          title: returned.title,
          documentType: returned.documentType,
          ...(returned.documentNumber ? { documentNumber: returned.documentNumber } : {}),
          issuingUnits: returned.issuingUnits,
        };
        const stored = await deliveries.resend(returned, step.returned, {
          delivery: fresh,
          events: step.events,
        });
        await auditDelivery(deps, 'resend', stored.delivery, actor, correlationId, at);
        return {
          status: 201,
          headers: { location: `/v1/exchange/deliveries/${params.id}/${unit.code}` },
          body: { returned: deliveryView(stored.returned, at), delivery: deliveryView(stored.delivery, at) },
        };
      },
    }),

    // ---------------------------------------------------------------- the recipient's
    route(routes.getDelivery, {
      response: { status: 200, body: getDeliveryResponse },
      params: deliveryParams,
      handle: async ({ params, caller, correlationId }) => {
        const actor = actorOf(caller);
        let delivery = await requireDelivery(params.documentId, params.unit, actor);
        if (actor.unit === delivery.recipientUnit && delivery.state === 'delivered') {
          // The first opening by anyone of the recipient unit is recorded; the sender sees it.
          const opened = await transition(params, actor, 'open', correlationId, (current, at) =>
            openDelivery({ delivery: current, actor, now: at }),
          );
          delivery = opened.after;
        }
        // A withdrawn document is no longer the recipient's to read.
        const withdrawnFromMe = delivery.state === 'withdrawn' && actor.unit === delivery.recipientUnit;
        const document = withdrawnFromMe ? undefined : await documents.get(params.documentId);
        const at = now();
        return {
          status: 200,
          body: {
            delivery: deliveryView(delivery, at),
            ...(document ? { document: recipientView(document) } : {}),
          },
        };
      },
    }),

    route(routes.signFor, {
      response: { status: 200, body: signForResponse },
      params: deliveryParams,
      handle: async ({ params, caller, correlationId }) => {
        const actor = actorOf(caller);
        const after = await signForOne(deps, params, actor, correlationId);
        return { status: 200, body: { delivery: deliveryView(after, now()) } };
      },
    }),

    route(routes.returnDelivery, {
      response: { status: 200, body: returnDeliveryResponse },
      params: deliveryParams,
      body: returnDeliverySchema,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        const { after } = await transition(params, actor, 'return', correlationId, (current, at) =>
          returnDelivery({ delivery: current, actor, input: body, now: at }),
        );
        return { status: 200, body: { delivery: deliveryView(after, now()) } };
      },
    }),

    route(routes.registerDelivery, {
      response: { status: 200, body: registerDeliveryResponse },
      params: deliveryParams,
      body: registerDeliverySchema,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        const { after } = await transition(params, actor, 'register', correlationId, (current, at) =>
          register({ delivery: current, actor, registerNumber: body.registerNumber, now: at }),
        );
        return { status: 200, body: { delivery: deliveryView(after, now()) } };
      },
    }),

    route(routes.assignDelivery, {
      response: { status: 200, body: assignDeliveryResponse },
      params: deliveryParams,
      body: assignDeliverySchema,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        await requireDelivery(params.documentId, params.unit, actor);
        await Promise.all([
          requireMember(body.lead, params.unit, 'body.lead', 'handler'),
          ...body.others.map((id, index) =>
            requireMember(id, params.unit, `body.others.${index}`, 'handler'),
          ),
        ]);
        const { after } = await transition(params, actor, 'assign', correlationId, (current, at) =>
          assign({
            delivery: current,
            actor,
            lead: body.lead,
            others: body.others,
            ...(body.dueOn ? { dueOn: body.dueOn } : {}),
            now: at,
          }),
        );
        return { status: 200, body: { delivery: deliveryView(after, now()) } };
      },
    }),

    route(routes.circulateDelivery, {
      response: { status: 200, body: circulateDeliveryResponse },
      params: deliveryParams,
      body: circulateDeliverySchema,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        await requireDelivery(params.documentId, params.unit, actor);
        await Promise.all(
          body.readers.map((id, index) => requireMember(id, params.unit, `body.readers.${index}`)),
        );
        const { after, added } = await transition(params, actor, 'circulate', correlationId, (current, at) =>
          circulate({ delivery: current, actor, readers: body.readers, now: at }),
        );
        return { status: 200, body: { delivery: deliveryView(after, now()), added } };
      },
    }),

    route(routes.readDelivery, {
      response: { status: 200, body: readDeliveryResponse },
      params: deliveryParams,
      handle: async ({ params, caller, correlationId }) => {
        const actor = actorOf(caller);
        const { after } = await transition(params, actor, 'read', correlationId, (current, at) =>
          markRead({ delivery: current, actor, now: at }),
        );
        return { status: 200, body: { delivery: deliveryView(after, now()) } };
      },
    }),

    route(routes.handleDelivery, {
      response: { status: 200, body: handleDeliveryResponse },
      params: deliveryParams,
      body: handleDeliverySchema,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        const { after } = await transition(params, actor, 'handle', correlationId, (current, at) =>
          markHandled({ delivery: current, actor, opinion: body.opinion, now: at }),
        );
        return { status: 200, body: { delivery: deliveryView(after, now()) } };
      },
    }),

    ...inboxRoutes(deps),
  ];
}
