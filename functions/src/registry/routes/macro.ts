import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import { ValidationError } from '@govshare/domain/kernel';
import { periodKind, periodRange } from '@govshare/domain/registry';
import * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { registryFunctions } from '../blueprint.ts';
import { indicatorsResponse, runnerAnswer, seriesResponse } from '../schemas.ts';
import { purpose, type RegistryRouteContext, unconditionalQuery } from './shared.ts';

const routes = registryFunctions.registry.routes;

const seriesQuery = z.strictObject({
  indicator: z.string().regex(/^[a-z][a-z0-9-]{0,49}$/),
  region: z.string().regex(/^\d{6}$/),
  from: z.string().max(7),
  to: z.string().max(7).optional(),
  purpose,
});

/** 宏观经济: the indicators, and one indicator of one region over a range of periods. */
export function macroRoutes(ctx: RegistryRouteContext): RouteDefinition[] {
  const { store, isKnownRegion } = ctx;
  return [
    route(routes.indicators, {
      response: {
        status: 200,
        description: 'Every indicator of the macro-economic database',
        body: runnerAnswer(indicatorsResponse),
      },
      query: unconditionalQuery,
      handle: async ({ query, caller, correlationId }) => {
        const body = await ctx.run({
          action: 'registry.macro.indicators',
          resource: BASE_RESOURCES.macroEconomy,
          caller,
          correlationId,
          purpose: query.purpose,
          purposePath: 'query.purpose',
          subjects: [],
          lookup: () => store.indicators(),
          charge: 0,
          records: (list) => list.length,
          answer: (list) => ({ indicators: list }),
        });
        return { status: 200, body };
      },
    }),
    route(routes.series, {
      response: {
        status: 200,
        description: 'The values of the indicator for the region, period by period',
        body: runnerAnswer(seriesResponse),
      },
      query: seriesQuery,
      handle: async ({ query, caller, correlationId }) => {
        const to = query.to ?? query.from;
        const body = await ctx.run({
          action: 'registry.macro.series',
          resource: BASE_RESOURCES.macroEconomy,
          caller,
          correlationId,
          purpose: query.purpose,
          purposePath: 'query.purpose',
          subjects: [],
          validate: () => {
            const range = periodRange(query.from, to);
            if (!range.ok) throw new ValidationError([{ path: 'query.from', message: range.reason }]);
            if (!isKnownRegion(query.region)) {
              throw new ValidationError([{ path: 'query.region', message: 'is not a known division code' }]);
            }
          },
          lookup: () => store.series(query.indicator, query.region, query.from, to),
          charge: 0,
          records: (points) => points.length,
          answer: (points) => ({
            indicator: query.indicator,
            region: query.region,
            periodKind: periodKind(query.from),
            unit: points[0]?.unit,
            points: points.map((p) => ({ period: p.period, value: p.value })),
          }),
        });
        return { status: 200, body };
      },
    }),
  ];
}
