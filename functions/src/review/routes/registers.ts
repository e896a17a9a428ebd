import type { AuditTrail } from '@govshare/domain/audit';
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
import { z } from 'zod';
import type { UnitDirectory } from '../../identity/index.ts';
import type { Caller } from '../../platform/auth.ts';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { reviewFunctions } from '../blueprint.ts';
import type { ReviewRegisters } from '../registers.ts';

const routes = reviewFunctions.review.routes;

/** What the register routes need of the review function's context. */
export interface RegisterRoutesContext {
  registers: ReviewRegisters;
  directory: Pick<UnitDirectory, 'unit'>;
  audit: AuditTrail;
  now: () => Date;
}

const planItemParams = z.strictObject({ code: planItemCodeSchema });
const systemParams = z.strictObject({ id: corpusIdSchema });
const systemsQuery = z.strictObject({
  unit: unitCodeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2000).optional(),
});
const rulesQuery = z.strictObject({ version: z.coerce.number().int().min(0).max(999).optional() });

const rulesView = (rules: ReviewRules) => ({ ...rules, label: rulesLabelOf(rules) });

/**
 * A change of what the office keeps, on the audit trail: the key and the figures, never the text.
 * The event id comes from the request's correlation id, so a retried request counts once.
 */
function recordChange(
  audit: AuditTrail,
  args: {
    action: string;
    caller: Caller | undefined;
    correlationId: string;
    at: string;
    subject: string;
    items: string[];
  },
) {
  return audit.record({
    id: `${args.correlationId}:${args.action}:${args.subject}`,
    at: args.at,
    actor: {
      unit: args.caller?.unit ?? 'anonymous',
      principal: args.caller?.subject ?? 'anonymous',
      kind: args.caller?.kind ?? 'person',
    },
    action: args.action,
    resourceCode: args.subject,
    items: args.items,
    recordCount: 1,
    subjectHashes: [],
    outcome: 'ok',
    correlationId: args.correlationId,
  });
}

/** The plan items, the register of existing systems and the rule file (the e-government office's). */
export function registerRoutes(context: RegisterRoutesContext): RouteDefinition[] {
  const { registers, directory, audit, now } = context;

  return [
    route(routes.listPlanItems, {
      handle: async () => ({
        status: 200,
        body: { items: (await registers.listPlanItems()).map(planItemView) },
      }),
    }),

    route(routes.putPlanItem, {
      params: planItemParams,
      body: planItemInputSchema,
      handle: async ({ params, body, caller, correlationId }) => {
        const at = now().toISOString();
        const item = await registers.putPlanItem(params.code, body, at);
        await recordChange(audit, {
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
        await recordChange(audit, {
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
        await recordChange(audit, {
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
