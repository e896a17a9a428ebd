import { randomUUID } from 'node:crypto';
import {
  CalendarNotLoadedError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from '@govshare/domain/kernel';
import {
  type Actor,
  approveAccessRequest,
  approveAccessRequestSchema,
  assertMayDecide,
  createAccessRequestSchema,
  openAccessRequest,
  providerCounts,
  refuseAccessRequest,
  refuseAccessRequestSchema,
} from '@govshare/domain/sharing';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { sharingFunctions } from '../blueprint.ts';
import {
  accessRequestListResponse,
  accessRequestSchema,
  providerSummaryResponse,
  requestOutcomeResponse,
} from '../schemas.ts';
import {
  actorOf,
  assertMayRead,
  codeParams,
  requestListQuery,
  requestParams,
  type SharingRouteContext,
  unitParams,
} from './shared.ts';

const routes = sharingFunctions.sharing.routes;

/** 共享申请: requesting access, the requests of a unit on either side, approving and refusing, a provider's summary. */
export function requestRoutes(deps: SharingRouteContext): RouteDefinition[] {
  const { requests, catalogue, settings, now, logger } = deps;
  const requireRequest = async (id: string, actor: Actor) => {
    const request = await requests.get(id);
    if (!request) throw new NotFoundError('No access request has this id');
    assertMayRead(request, actor);
    return request;
  };

  /** An approver of another unit learns the request exists but may not answer it: 403, as the rules say. */
  const requireDecidable = async (id: string, actor: Actor) => {
    const request = await requests.get(id);
    if (!request) throw new NotFoundError('No access request has this id');
    assertMayDecide(request, actor);
    return request;
  };

  return [
    route(routes.requestAccess, {
      response: {
        status: 201,
        description: 'Filed (pending), or granted at once for an unconditional resource',
        body: requestOutcomeResponse,
      },
      params: codeParams,
      body: createAccessRequestSchema,
      handle: async ({ params, body, caller }) => {
        const actor = actorOf(caller);
        const id = randomUUID();
        const resource = await catalogue.getPublishedResource(params.code);
        const at = now();
        // A deadline running past the calendar's last year is refused (503 naming the year), not
        // counted on weekdays alone: a wrong deadline would flag the provider overdue unfairly.
        const outcome = await deps.calendar
          .withCalendar((calendar) =>
            openAccessRequest({
              id,
              resource,
              input: body,
              caller: actor,
              now: at,
              calendar,
              answerWithinWorkingDays: settings.answerWorkingDays,
            }),
          )
          .catch((error: unknown) => {
            if (error instanceof CalendarNotLoadedError) {
              // Every such refusal, so a log alarm sees the administrator's missed year.
              logger.warn('deadline refused: working-day calendar missing a year', {
                missingYear: error.year,
              });
            }
            throw error;
          });
        await requests.create(outcome);
        const location = `/v1/sharing/requests/${outcome.request.id}`;
        if (outcome.kind === 'refused') {
          // The refusal is recorded (and readable at its location); the answer is a refusal, with its reason.
          throw new ForbiddenError(`${outcome.request.reason}. Refusal recorded as ${location}`);
        }
        return {
          status: 201,
          headers: { location },
          body: {
            request: outcome.request,
            ...(outcome.kind === 'granted' ? { grant: outcome.grant } : {}),
          },
        };
      },
    }),
    route(routes.listRequests, {
      response: {
        status: 200,
        description: 'A page of the requests of the unit, on the side asked for, newest first',
        body: accessRequestListResponse,
      },
      query: requestListQuery,
      handle: async ({ query, caller }) => {
        const actor = actorOf(caller);
        const { as, ...page } = query;
        const body =
          as === 'provider'
            ? await requests.pageOfProvider(actor.unit, page)
            : await requests.pageOfConsumer(actor.unit, page);
        return { status: 200, body };
      },
    }),
    route(routes.getRequest, {
      response: { status: 200, description: 'The request', body: accessRequestSchema },
      params: requestParams,
      handle: async ({ params, caller }) => ({
        status: 200,
        body: await requireRequest(params.id, actorOf(caller)),
      }),
    }),
    route(routes.approve, {
      response: {
        status: 200,
        description: 'Approved, with the grant it gives',
        body: requestOutcomeResponse,
      },
      params: requestParams,
      body: approveAccessRequestSchema,
      handle: async ({ params, body, caller }) => {
        const actor = actorOf(caller);
        const request = await requireDecidable(params.id, actor);
        const resource = await catalogue.getPublishedResource(request.resourceCode);
        if (!resource) throw new ConflictError(`Resource ${request.resourceCode} is no longer published`);
        const decided = approveAccessRequest({ request, resource, input: body, actor, now: now() });
        await requests.decide(request, decided.request, decided.grant);
        return { status: 200, body: decided };
      },
    }),
    route(routes.refuse, {
      response: { status: 200, description: 'Refused', body: requestOutcomeResponse },
      params: requestParams,
      body: refuseAccessRequestSchema,
      handle: async ({ params, body, caller }) => {
        const actor = actorOf(caller);
        const request = await requireDecidable(params.id, actor);
        const refused = refuseAccessRequest({ request, reason: body.reason, actor, now: now() });
        await requests.decide(request, refused);
        return { status: 200, body: { request: refused } };
      },
    }),
    route(routes.providerSummary, {
      response: {
        status: 200,
        description: "The provider's requests, counted",
        body: providerSummaryResponse,
      },
      params: unitParams,
      handle: async ({ params }) => {
        const all = await requests.ofProvider(params.unit);
        return { status: 200, body: { providerUnit: params.unit, ...providerCounts(all) } };
      },
    }),
  ];
}
