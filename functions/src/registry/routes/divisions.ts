import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import { NotFoundError, ValidationError } from '@govshare/domain/kernel';
import { DIVISION_CODE } from '@govshare/domain/registry';
import * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { registryFunctions } from '../blueprint.ts';
import { divisionResponse, runnerAnswer } from '../schemas.ts';
import { type RegistryRouteContext, unconditionalQuery } from './shared.ts';

const routes = registryFunctions.registry.routes;

/** 行政区划: a division of today, its parent and its children. */
export function divisionRoutes(ctx: RegistryRouteContext): RouteDefinition[] {
  const { store } = ctx;
  return [
    route(routes.division, {
      response: {
        status: 200,
        description: 'The division and its children',
        body: runnerAnswer(divisionResponse),
      },
      params: z.strictObject({ code: z.string().max(12) }),
      query: unconditionalQuery,
      handle: async ({ params, query, caller, correlationId }) => {
        const body = await ctx.run({
          action: 'registry.divisions.get',
          resource: BASE_RESOURCES.divisions,
          caller,
          correlationId,
          purpose: query.purpose,
          purposePath: 'query.purpose',
          subjects: [],
          validate: () => {
            if (!DIVISION_CODE.test(params.code)) {
              throw new ValidationError([
                { path: 'params.code', message: 'is 6 digits (county level and above) or 9 (township)' },
              ]);
            }
          },
          lookup: () => Promise.all([store.division(params.code), store.children(params.code)]),
          charge: 0,
          records: ([division, children]) => (division ? 1 + children.length : 0),
          answer: ([division, children]) => {
            if (!division) throw new NotFoundError('No division has this code');
            return {
              ...division,
              children: children.map(({ code, name, level }) => ({ code, name, level })),
            };
          },
        });
        return { status: 200, body };
      },
    }),
  ];
}
