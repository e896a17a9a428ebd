import { unitCodeSchema } from '@govshare/domain/identity';
import { ConflictError, NotFoundError, UnprocessableError } from '@govshare/domain/kernel';
import {
  corpusIdSchema,
  planItemCodeSchema,
  planItemInputSchema,
  planItemView,
  type ReviewRules,
  reviewRulesInputSchema,
  rulesLabelOf,
  systemInputSchema,
} from '@govshare/domain/review';
import * as z from 'zod';
import { changeAuditor } from '../../audit/index.ts';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { reviewFunctions } from '../blueprint.ts';
import {
  getReviewRulesResponse,
  listPlanItemsResponse,
  listSystemsResponse,
  putPlanItemResponse,
  putReviewRulesResponse,
  putSystemResponse,
} from '../schemas.ts';
import type { ReviewRouteContext } from './context.ts';

const routes = reviewFunctions.review.routes;

const planItemParams = z.strictObject({ code: planItemCodeSchema });
const systemParams = z.strictObject({ id: corpusIdSchema });
const systemsQuery = z.strictObject({
  unit: unitCodeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2000).optional(),
});
const rulesQuery = z.strictObject({ version: z.coerce.number().int().min(0).max(999).optional() });

const rulesView = (rules: ReviewRules) => ({ ...rules, label: rulesLabelOf(rules) });

/** The plan items, the register of existing systems and the rule file (the e-government office's). */
export function registerRoutes(context: ReviewRouteContext): RouteDefinition[] {
  const { registers, directory, now } = context;
  const audit = changeAuditor(context.audit);

  return [
    route(routes.listPlanItems, {
      response: { status: 200, body: listPlanItemsResponse },
      handle: async () => ({
        status: 200,
        body: { items: (await registers.listPlanItems()).map(planItemView) },
      }),
    }),

    route(routes.putPlanItem, {
      response: { status: 200, body: putPlanItemResponse },
      params: planItemParams,
      body: planItemInputSchema,
      handle: async ({ params, body, caller, correlationId }) => {
        const at = now().toISOString();
        const item = await registers.putPlanItem(params.code, body, at);
        await audit({
          action: 'review.plan-item.put',
          caller,
          correlationId,
          at,
          subject: params.code,
          items: [`envelope:${item.envelope}`, `state:${item.state}`, `approved:${item.approved}`],
        });
        return { status: 200, body: planItemView(item) };
      },
    }),

    route(routes.listSystems, {
      response: { status: 200, body: listSystemsResponse },
      query: systemsQuery,
      handle: async ({ query }) => ({
        status: 200,
        body: await registers.listSystems({
          limit: query.limit,
          ...(query.unit ? { unit: query.unit } : {}),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        }),
      }),
    }),

    route(routes.putSystem, {
      response: { status: 200, body: putSystemResponse },
      params: systemParams,
      body: systemInputSchema,
      handle: async ({ params, body, caller, correlationId }) => {
        const unit = await directory.unit(body.unit);
        if (!unit) {
          throw new UnprocessableError(
            [{ path: 'body.unit', message: 'is no unit of the directory' }],
            'A system of the register belongs to a unit of the directory',
          );
        }
        const at = now().toISOString();
        const system = await registers.putSystem(params.id, body, at);
        await audit({
          action: 'review.system.put',
          caller,
          correlationId,
          at,
          subject: params.id,
          items: [`unit:${body.unit}`, `deployment:${body.deployment}`, `functions:${body.functions.length}`],
        });
        return { status: 200, body: system };
      },
    }),

    route(routes.getReviewRules, {
      response: { status: 200, body: getReviewRulesResponse },
      query: rulesQuery,
      handle: async ({ query }) => {
        const rules =
          query.version === undefined
            ? await registers.currentRules()
            : await registers.rulesVersion(query.version);
        if (!rules) throw new NotFoundError(`The rule file has no version ${query.version}`);
        return { status: 200, body: rulesView(rules) };
      },
    }),

    route(routes.putReviewRules, {
      response: { status: 200, body: putReviewRulesResponse },
      body: reviewRulesInputSchema,
      handle: async ({ body, caller, correlationId }) => {
        const current = await registers.currentRules();
        const replaces = body.replaces ?? current.version;
        if (replaces !== current.version) {
          throw new ConflictError(
            `The rule file is at version ${current.version}, not ${replaces}: read it and write again`,
          );
        }
        const at = now().toISOString();
        const stored = await registers.putRules(
          { budget: body.budget, similarity: body.similarity },
          replaces,
          caller?.subject ?? 'anonymous',
          at,
        );
        await audit({
          action: 'review.rules.put',
          caller,
          correlationId,
          at,
          subject: `rules/${stored.version}`,
          items: [`version:${stored.version}`, `replaces:${replaces}`],
        });
        return { status: 200, body: rulesView(stored) };
      },
    }),
  ];
}
