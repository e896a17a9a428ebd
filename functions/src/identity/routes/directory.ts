import {
  createPrincipalSchema,
  createUnitSchema,
  principalIdSchema,
  registerPrincipal,
  registerUnit,
  requireUnit,
  updatePrincipalSchema,
} from '@govshare/domain/identity';
import { UnauthorizedError } from '@govshare/domain/kernel';
import { z } from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { identityFunctions } from '../blueprint.ts';

import { created, type IdentityRouteContext, unitParams, unitsQuery, usersQuery } from './shared.ts';

const routes = identityFunctions.identity.routes;

/** 单位与用户: health, the caller, units, and the users and systems acting for them. */
export function directoryRoutes({ store }: IdentityRouteContext): RouteDefinition[] {
  return [
    route(routes.health, {
      handle: async () => ({ status: 200, body: { status: 'ok' } }),
    }),
    route(routes.me, {
      handle: async ({ caller }) => {
        if (!caller) throw new UnauthorizedError('A bearer token is required');
        const unit = await store.getUnit(caller.unit);
        return {
          status: 200,
          body: {
            subject: caller.subject,
            kind: caller.kind,
            roles: caller.roles,
            unit: unit
              ? { code: unit.code, name: unit.name, shortName: unit.shortName }
              : { code: caller.unit },
          },
        };
      },
    }),
    route(routes.listUnits, {
      query: unitsQuery,
      handle: async ({ query }) => ({
        status: 200,
        body: await store.listUnits({
          limit: query.limit,
          ...(query.parent ? { parentCode: query.parent } : {}),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        }),
      }),
    }),
    route(routes.createUnit, {
      body: createUnitSchema,
      handle: async ({ body }) => created(await registerUnit(store, body), `/v1/units/${body.code}`),
    }),
    route(routes.getUnit, {
      params: unitParams,
      handle: async ({ params }) => ({ status: 200, body: await requireUnit(store, params.code) }),
    }),
    route(routes.listUsers, {
      query: usersQuery,
      handle: async ({ query }) => {
        await requireUnit(store, query.unit);
        return {
          status: 200,
          body: await store.listPrincipals({
            unitCode: query.unit,
            limit: query.limit,
            ...(query.cursor ? { cursor: query.cursor } : {}),
          }),
        };
      },
    }),
    route(routes.createUser, {
      body: createPrincipalSchema,
      handle: async ({ body }) =>
        created(await registerPrincipal(store, body), `/v1/users?unit=${body.unitCode}`),
    }),
    route(routes.updateUser, {
      params: z.strictObject({ id: principalIdSchema }),
      body: updatePrincipalSchema,
      handle: async ({ params, body }) => ({
        status: 200,
        body: await store.updatePrincipal(params.id, body),
      }),
    }),
  ];
}
