import { randomUUID } from 'node:crypto';
import type { RouteSpec } from '@govshare/blueprint';
import {
  adoptInformationItem,
  adoptInformationItemSchema,
  declineInformationItem,
  declineInformationItemSchema,
  INFORMATION_STATES,
  type InformationItem,
  informationEntries,
  informationItemEntries,
  informationProgress,
  informationQuotaTableSchema,
  informationScoringMethodSchema,
  informationYearOf,
  leaderInstructionSchema,
  quotaOf,
  recordLeaderInstruction,
  round2,
  submitInformationItem,
  submitInformationItemSchema,
} from '@govshare/domain/assessment';
import { ConflictError, NotFoundError, requiredText, ValidationError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { changeAuditor } from '../../audit/index.ts';
import { type Caller, requiredCaller } from '../../platform/auth.ts';
import { type RouteDefinition, route } from '../../platform/http.ts';
import type { InformationRouteContext } from '../information/context.ts';
import type {
  InformationHistoryLine,
  SavedYearSetting,
  SaveVersion,
  StoredCommission,
} from '../information/information-store.ts';
import {
  commissionView,
  cstYearOf,
  foundItem,
  itemSummary,
  itemView,
  progressView,
  readableItem,
  unitInScope,
  unitPage,
  yearProgress,
} from '../information/reporting.ts';
import { informationRouteSpecs as routes } from '../information/routes.ts';
import {
  commissionPageSchema,
  commissionSchema,
  inboxPageSchema,
  informationItemPageSchema,
  informationItemSchema,
  informationItemWithHistorySchema,
  itemPointsSchema,
  progressPageSchema,
  quotaTableSchema,
  scoringMethodSchema,
  unitProgressSchema,
} from '../information/schemas.ts';

const idSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'is not an id');
const unitCodeSchema = z.string().regex(/^[0-9A-Z]{4,24}$/, 'must be a unit code');
const yearSchema = z.coerce.number().int().min(2000).max(2099);
const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2000).optional(),
};

const itemParams = z.strictObject({ id: idSchema });
const unitParams = z.strictObject({ unitCode: unitCodeSchema });
const listItemsQuery = z.strictObject({
  year: yearSchema.optional(),
  unit: unitCodeSchema.optional(),
  state: z.enum(INFORMATION_STATES).optional(),
  ...pageQuery,
});
const listCommissionsQuery = z.strictObject({
  year: yearSchema.optional(),
  unit: unitCodeSchema.optional(),
  open: z
    .enum(['true', 'false'])
    .transform((open) => open === 'true')
    .optional(),
  ...pageQuery,
});
const yearQuery = z.strictObject({ year: yearSchema.optional() });
const progressQuery = z.strictObject({ year: yearSchema.optional(), ...pageQuery });
const yearParams = z.strictObject({ year: yearSchema });
/** The version a save writes: the one in force + 1 (1 for a year's first). */
const nextVersion = { version: z.number().int().min(1).max(9999) };
const quotasBody = informationQuotaTableSchema.omit({ year: true }).extend(nextVersion);
const scoringMethodBody = informationScoringMethodSchema.omit({ year: true }).extend(nextVersion);
const commissionBody = z.strictObject({
  unitCode: unitCodeSchema,
  topic: requiredText(200),
  dueAt: z.iso.datetime({ offset: true }),
});

/**
 * 政务信息报送与采用 (seed 004): units submit items, the city government office adopts them at
 * levels, declines them, records leaders' 批示 and commissions items (约稿); every unit's points
 * against its yearly quota. Each change is one transaction of the store, then an audit event
 * (ids, states, levels; never an item's text).
 */
export function informationRoutes(context: InformationRouteContext): RouteDefinition[] {
  const { information, now } = context;
  const audit = changeAuditor(context.audit);

  const auditItem = (
    item: InformationItem,
    args: { action: string; caller: Caller | undefined; correlationId: string; items?: string[] },
  ) =>
    audit({
      action: `assessment.information.${args.action}`,
      caller: args.caller,
      correlationId: args.correlationId,
      at: now().toISOString(),
      subject: item.id,
      unit: item.unitCode,
      items: [`state:${item.state}`, `version:${item.version}`, ...(args.items ?? [])],
    });

  /** The year's scoring method, or 404 naming the year. */
  const methodOf = async (year: number) => {
    const method = await information.scoringMethod(year);
    if (!method)
      throw new NotFoundError(`No scoring method (计分办法) of information items is kept for ${year}`);
    return method;
  };

  /**
   * An editor's route that changes a stored item by a domain transition (decided again if another
   * request changed it first): the item and its history line in one transaction, then the audit event.
   */
  const editorChange = <B>(
    spec: RouteSpec,
    body: z.ZodType<B>,
    decide: (
      item: InformationItem,
      body: B,
      editor: { id: string; at: Date },
    ) => {
      item: InformationItem;
      line: Pick<InformationHistoryLine, 'action' | 'level' | 'combined' | 'leaderLevel'>;
      facts?: string[];
    },
  ) =>
    route(spec, {
      response: { status: 200, body: informationItemSchema },
      params: itemParams,
      body,
      handle: async ({ params, body: input, caller, correlationId }) => {
        const actor = requiredCaller(caller);
        const at = now();
        let facts: string[] = [];
        let action = '';
        const item = foundItem(
          await information.updateItem(params.id, (before) => {
            const decided = decide(before, input, { id: actor.subject, at });
            facts = decided.facts ?? [];
            action = decided.line.action;
            return { item: decided.item, line: { ...decided.line, at: at.toISOString(), by: actor.subject } };
          }),
        );
        await auditItem(item, { action, caller, correlationId, items: facts });
        return { status: 200, body: itemView(item) };
      },
    });

  /**
   * GET and PUT of one of a year's settings (its quota table, its scoring method): the version in
   * force, or 404 naming the year; a save of the next version (the store refuses another: 409),
   * then its audit event (the year, the version, counts; no content).
   */
  const yearSettingRoutes = <B extends { version: number }, T>(setting: {
    get: RouteSpec;
    put: RouteSpec;
    name: string;
    subject: string;
    response: z.ZodType;
    body: z.ZodType<B>;
    maxBodyBytes?: number;
    read: (year: number) => Promise<SavedYearSetting<T> | undefined>;
    save: (year: number, body: B, saved: SaveVersion) => Promise<SavedYearSetting<T>>;
    facts: (body: B) => string[];
  }): RouteDefinition[] => {
    const view = ({ value, ...version }: SavedYearSetting<T>) => ({ ...value, ...version });
    return [
      route(setting.get, {
        response: { status: 200, body: setting.response },
        params: yearParams,
        handle: async ({ params }) => {
          const saved = await setting.read(params.year);
          if (!saved) throw new NotFoundError(`No ${setting.name} is kept for ${params.year}`);
          return { status: 200, body: view(saved) };
        },
      }),
      route(setting.put, {
        response: { status: 200, body: setting.response },
        params: yearParams,
        body: setting.body,
        ...(setting.maxBodyBytes ? { maxBodyBytes: setting.maxBodyBytes } : {}),
        handle: async ({ params, body, caller, correlationId }) => {
          const actor = requiredCaller(caller);
          const at = now().toISOString();
          const saved = await setting.save(params.year, body, {
            version: body.version,
            savedBy: actor.subject,
            savedAt: at,
          });
          await audit({
            action: `assessment.information.${setting.subject}.saved`,
            caller,
            correlationId,
            at,
            subject: `${setting.subject}/${params.year}`,
            items: [`version:${body.version}`, ...setting.facts(body)],
          });
          return { status: 200, body: view(saved) };
        },
      }),
    ];
  };

  return [
    route(routes.submitInformationItem, {
      response: { status: 201, body: informationItemSchema },
      body: submitInformationItemSchema,
      handle: async ({ body, caller, correlationId }) => {
        const actor = requiredCaller(caller);
        let commission: StoredCommission | undefined;
        if (body.commissionId) {
          commission = await information.getCommission(body.commissionId);
          if (!commission || commission.unitCode !== actor.unit) {
            throw new ValidationError([
              { path: 'body.commissionId', message: `is not a commission of unit ${actor.unit}` },
            ]);
          }
          if (commission.itemId) {
            throw new ConflictError(
              `Commission ${commission.id} was answered by item ${commission.itemId} already`,
            );
          }
        }
        const item = submitInformationItem({
          id: randomUUID(),
          unitCode: actor.unit,
          authorId: actor.subject,
          input: body,
          now: now(),
        });
        await information.submit(item, actor.subject, commission);
        await auditItem(item, {
          action: 'submitted',
          caller,
          correlationId,
          items: [`category:${item.category}`, ...(commission ? [`commission:${commission.id}`] : [])],
        });
        return {
          status: 201,
          headers: { location: `/v1/assessment/information/items/${item.id}` },
          body: itemView(item),
        };
      },
    }),

    route(routes.listInformationItems, {
      response: { status: 200, body: informationItemPageSchema },
      query: listItemsQuery,
      handle: async ({ query, caller }) => {
        const actor = requiredCaller(caller);
        const unitCode = unitInScope(actor, query.unit);
        const page = await information.listItems(
          query.year ?? cstYearOf(now()),
          { unitCode, state: query.state },
          { limit: query.limit, cursor: query.cursor },
        );
        return { status: 200, body: { ...page, items: page.items.map(itemSummary) } };
      },
    }),

    route(routes.getInformationItem, {
      response: { status: 200, body: informationItemWithHistorySchema },
      params: itemParams,
      handle: async ({ params, caller }) => {
        const item = readableItem(requiredCaller(caller), await information.getItem(params.id));
        return { status: 200, body: { ...itemView(item), history: await information.history(item.id) } };
      },
    }),

    route(routes.informationInbox, {
      response: { status: 200, body: inboxPageSchema },
      query: z.strictObject(pageQuery),
      handle: async ({ query }) => ({ status: 200, body: await information.inbox(query) }),
    }),

    editorChange(routes.adoptInformationItem, adoptInformationItemSchema, (item, input, editor) => ({
      item: adoptInformationItem({ item, input, editorId: editor.id, now: editor.at }),
      line: { action: 'adopted', level: input.level, combined: input.combined },
      facts: [`level:${input.level}`, `combined:${input.combined}`],
    })),

    editorChange(routes.declineInformationItem, declineInformationItemSchema, (item, input, editor) => ({
      item: declineInformationItem({ item, reason: input.reason, editorId: editor.id, now: editor.at }),
      line: { action: 'declined' },
    })),

    editorChange(routes.recordLeaderInstruction, leaderInstructionSchema, (item, input, editor) => ({
      item: recordLeaderInstruction({
        item,
        leaderLevel: input.leaderLevel,
        recordedBy: editor.id,
        now: editor.at,
      }),
      line: { action: 'instructed', leaderLevel: input.leaderLevel },
      facts: [`leaderLevel:${input.leaderLevel}`],
    })),

    route(routes.informationItemPoints, {
      response: { status: 200, body: itemPointsSchema },
      params: itemParams,
      query: yearQuery,
      handle: async ({ params, query, caller }) => {
        const item = readableItem(requiredCaller(caller), await information.getItem(params.id));
        const year = query.year ?? informationYearOf(item);
        // Another year's method refuses the item (400 naming itemId): it counts to its own year only.
        const entries = informationItemEntries(await methodOf(year), item);
        const points = round2(entries.reduce((sum, entry) => sum + entry.points, 0));
        return { status: 200, body: { itemId: item.id, year, points, entries } };
      },
    }),

    route(routes.createInformationCommission, {
      response: { status: 201, body: commissionSchema },
      body: commissionBody,
      handle: async ({ body, caller, correlationId }) => {
        const actor = requiredCaller(caller);
        const at = now();
        const dueAt = new Date(body.dueAt);
        if (dueAt.getTime() <= at.getTime()) {
          throw new ValidationError([{ path: 'body.dueAt', message: 'must be in the future' }]);
        }
        if (!(await context.directory.unit(body.unitCode))) {
          throw new ValidationError([{ path: 'body.unitCode', message: 'is not a unit of the directory' }]);
        }
        const commission: StoredCommission = {
          id: randomUUID(),
          unitCode: body.unitCode,
          topic: body.topic,
          requestedAt: at.toISOString(),
          requestedBy: actor.subject,
          dueAt: dueAt.toISOString(),
          version: 1,
        };
        await information.createCommission(commission);
        await audit({
          action: 'assessment.information.commissioned',
          caller,
          correlationId,
          at: commission.requestedAt,
          subject: commission.id,
          unit: commission.unitCode,
          items: [`dueAt:${commission.dueAt}`],
        });
        return {
          status: 201,
          headers: { location: `/v1/assessment/information/commissions?unit=${commission.unitCode}` },
          body: commissionView(commission),
        };
      },
    }),

    route(routes.listInformationCommissions, {
      response: { status: 200, body: commissionPageSchema },
      query: listCommissionsQuery,
      handle: async ({ query, caller }) => {
        const unitCode = unitInScope(requiredCaller(caller), query.unit);
        const page = await information.listCommissions(
          query.year ?? cstYearOf(now()),
          { unitCode, open: query.open },
          { limit: query.limit, cursor: query.cursor },
        );
        return { status: 200, body: { ...page, items: page.items.map(commissionView) } };
      },
    }),

    route(routes.unitInformationProgress, {
      response: { status: 200, body: unitProgressSchema },
      params: unitParams,
      query: yearQuery,
      handle: async ({ params, query, caller }) => {
        const unitCode = unitInScope(requiredCaller(caller), params.unitCode) ?? params.unitCode;
        if (!(await context.directory.unit(unitCode))) throw new NotFoundError('No unit has this code');
        const asOf = now();
        const year = query.year ?? cstYearOf(asOf);
        const method = await methodOf(year);
        const [items, commissions, quotas] = await Promise.all([
          information.yearItems(year, unitCode),
          information.yearCommissions(year, unitCode),
          information.quotaTable(year),
        ]);
        const entries = informationEntries({ method, items, commissions, asOf });
        const progress = informationProgress({ unitCode, year, quota: quotaOf(quotas, unitCode), entries });
        return { status: 200, body: { ...progressView(progress), entries } };
      },
    }),

    route(routes.informationProgress, {
      response: { status: 200, body: progressPageSchema },
      query: progressQuery,
      handle: async ({ query }) => {
        const asOf = now();
        const year = query.year ?? cstYearOf(asOf);
        const method = await methodOf(year);
        // The year's items and commissions read once: the city's some thousands a year (see the store).
        const [items, commissions, quotas] = await Promise.all([
          information.yearItems(year),
          information.yearCommissions(year),
          information.quotaTable(year),
        ]);
        const page = unitPage(yearProgress({ method, quotas, items, commissions, asOf }), query);
        return {
          status: 200,
          body: { year, asOf: asOf.toISOString(), ...page, items: page.items.map(progressView) },
        };
      },
    }),

    ...yearSettingRoutes({
      get: routes.getInformationQuotas,
      put: routes.putInformationQuotas,
      name: 'quota table (采用任务分配表)',
      subject: 'quotas',
      response: quotaTableSchema,
      body: quotasBody,
      // 10,000 units of some 60 bytes each.
      maxBodyBytes: 1024 * 1024,
      read: (year) => information.savedQuotaTable(year),
      save: async (year, { version: _version, ...table }, saved) => {
        const codes = table.quotas.map((quota) => quota.unitCode);
        const known = await context.directory.units(codes);
        const unknown = codes.flatMap((code, index) =>
          known.has(code)
            ? []
            : [{ path: `body.quotas.${index}.unitCode`, message: `${code} is not a unit of the directory` }],
        );
        if (unknown.length > 0)
          throw new ValidationError(
            unknown.slice(0, 20),
            'The quota table names units the directory does not hold',
          );
        return information.saveQuotaTable({ year, ...table }, saved);
      },
      facts: ({ quotas }) => [
        `units:${quotas.length}`,
        `points:${quotas.reduce((sum, q) => sum + q.points, 0)}`,
      ],
    }),
    ...yearSettingRoutes({
      get: routes.getInformationScoringMethod,
      put: routes.putInformationScoringMethod,
      name: 'scoring method (计分办法) of information items',
      subject: 'scoring-method',
      response: scoringMethodSchema,
      body: scoringMethodBody,
      read: (year) => information.savedScoringMethod(year),
      save: (year, { version: _version, ...method }, saved) =>
        information.saveScoringMethod({ year, ...method }, saved),
      facts: () => [],
    }),
  ];
}
