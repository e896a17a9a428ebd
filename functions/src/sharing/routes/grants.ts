import { NotFoundError } from '@govshare/domain/kernel';
import { assertMayRevoke } from '@govshare/domain/sharing';
import * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { sharingFunctions } from '../blueprint.ts';
import { grantListResponse, grantSchema } from '../schemas.ts';
import { actorOf, grantListQuery, type SharingRouteContext } from './shared.ts';

const routes = sharingFunctions.sharing.routes;

/** 授权: the grants of a unit on either side, one grant, revoking one. */
export function grantRoutes(deps: SharingRouteContext): RouteDefinition[] {
  const { requests, grants, now } = deps;
  return [
    route(routes.listGrants, {
      response: {
        status: 200,
        description: 'A page of the grants of the unit, on the side asked for',
        body: grantListResponse,
      },
      query: grantListQuery,
      handle: async ({ query, caller }) => {
        const actor = actorOf(caller);
        const { as, ...page } = query;
        if (as === 'consumer') return { status: 200, body: await deps.grantPageOfUnit(actor.unit, page) };
        // Every grant answers a request (unconditional ones too), so the provider's requests find its grants.
        const answered = await requests.pageOfProvider(actor.unit, { ...page, granted: true });
        const ids = answered.items.flatMap((r) => (r.grantId ? [r.grantId] : []));
        const byId = new Map((await requests.grantsByIds(ids)).map((grant) => [grant.id, grant]));
        return {
          status: 200,
          body: {
            items: ids.flatMap((id) => byId.get(id) ?? []),
            ...(answered.nextCursor ? { nextCursor: answered.nextCursor } : {}),
          },
        };
      },
    }),
    route(routes.getGrant, {
      response: { status: 200, description: 'The grant', body: grantSchema },
      params: z.strictObject({ id: z.string().regex(/^g-[a-z0-9-]{8,64}$/, 'is not a grant id') }),
      handle: async ({ params, caller }) => {
        const actor = actorOf(caller);
        const grant = await grants.get(params.id);
        const mayRead =
          grant &&
          (actor.roles.includes('platform-admin') ||
            actor.unit === grant.consumerUnit ||
            actor.unit === grant.providerUnit);
        if (!grant || !mayRead) throw new NotFoundError('No grant has this id');
        return { status: 200, body: grant };
      },
    }),
    route(routes.revokeGrant, {
      response: { status: 200, description: 'The grant, revoked', body: grantSchema },
      params: z.strictObject({ id: z.string().regex(/^g-[a-z0-9-]{8,64}$/, 'is not a grant id') }),
      handle: async ({ params, caller }) => {
        const actor = actorOf(caller);
        const grant = await grants.get(params.id);
        if (!grant) throw new NotFoundError('No grant has this id');
        assertMayRevoke(grant, actor);
        return { status: 200, body: await grants.revoke(grant.id, now().toISOString()) };
      },
    }),
  ];
}
