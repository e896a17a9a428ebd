import {
  EXPLANATION_PAGE_MAX,
  type ExplanationEntry,
  explanationPage,
  PEER_GROUPS,
  parsePeriod,
  RECORD_KINDS,
} from '@govshare/domain/assessment';
import { unitCodeSchema } from '@govshare/domain/identity';
import { NotFoundError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { requiredCaller } from '../../platform/auth.ts';
import { route } from '../../platform/http.ts';
import { assessmentFunctions } from '../blueprint.ts';
import { rankingRows, toCsv } from '../export.ts';
import { explanationResponse, rankingResponse, unitTableResponse } from '../schemas.ts';
import { type AssessmentRouteModule, assertReadsUnit, auditor } from './context.ts';
import { periodParams } from './periods.ts';

const routes = assessmentFunctions.assessment.routes;

const unitParams = periodParams.extend({ unit: unitCodeSchema });
const rankingQuery = z.strictObject({ peerGroup: z.enum(PEER_GROUPS as [string, ...string[]]).optional() });
const exportQuery = rankingQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') });
const explanationQuery = z.strictObject({
  /** An indicator, veto or bonus id of the scheme. */
  item: z.string().min(1).max(48).optional(),
  recordKind: z.enum(RECORD_KINDS).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(EXPLANATION_PAGE_MAX).default(50),
  /** The offset of the next page, as a previous page gave it (nextOffset). */
  cursor: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

/**
 * Where a record behind a deduction can be read (the route's own access rules apply): the delivery
 * (an urge's delivery for an urge), the catalogue resource, the access request, the project, the
 * information item; a 约稿 in the list of the unit's commissions of the period's year, the quota in
 * the unit's progress against it.
 */
export function recordHref(
  entry: Pick<ExplanationEntry, 'recordKind' | 'recordId'>,
  unit: string,
  year: number,
): string | undefined {
  switch (entry.recordKind) {
    case 'delivery':
      return `/v1/exchange/deliveries/${entry.recordId}`;
    case 'urge': {
      const documentId = entry.recordId.split('/')[0];
      return documentId ? `/v1/exchange/deliveries/${documentId}/${unit}` : undefined;
    }
    case 'catalogue-entry':
      return `/v1/catalogue/resources/${encodeURIComponent(entry.recordId)}`;
    case 'access-request':
      return `/v1/sharing/requests/${encodeURIComponent(entry.recordId)}`;
    case 'project':
      return `/v1/review/projects/${encodeURIComponent(entry.recordId)}`;
    case 'information-item':
      return `/v1/assessment/information/items/${encodeURIComponent(entry.recordId)}`;
    case 'commission':
      return `/v1/assessment/information/commissions?year=${year}&unit=${unit}`;
    case 'quota':
      return `/v1/assessment/information/progress/${unit}?year=${year}`;
  }
}

/** Results: the ranking, its export, a unit's table and the records behind it. */
export const resultRoutes: AssessmentRouteModule = (context) => {
  const { results, spreadsheets, now } = context;
  const audit = auditor(context);

  const periodRanking = async (periodKey: string) => {
    const period = parsePeriod(periodKey);
    const [record, ranking] = await Promise.all([results.period(period.key), results.ranking(period.key)]);
    if (!ranking || !record) throw new NotFoundError(`Period ${period.key} has not been computed`);
    return { period, record, ranking };
  };

  const unitTable = async (periodKey: string, unit: string) => {
    const period = parsePeriod(periodKey);
    const stored = await results.table(period.key, unit);
    if (!stored) throw new NotFoundError(`No table of unit ${unit} for ${period.key}`);
    return { period, stored };
  };

  return [
    route(routes.getAssessmentRanking, {
      response: { status: 200, body: rankingResponse },
      params: periodParams,
      query: rankingQuery,
      handle: async ({ params, query, caller, correlationId }) => {
        const { period, record, ranking } = await periodRanking(params.period);
        const items = query.peerGroup ? ranking.filter((e) => e.peerGroup === query.peerGroup) : ranking;
        await audit({
          action: 'assessment.ranking.read',
          caller,
          correlationId,
          at: now().toISOString(),
          subject: period.key,
          items: [`units:${items.length}`, ...(query.peerGroup ? [`peerGroup:${query.peerGroup}`] : [])],
        });
        return {
          status: 200,
          body: {
            period: period.key,
            state: record.frozen ? ('final' as const) : ('provisional' as const),
            ...(record.computedAt ? { computedAt: record.computedAt } : {}),
            items,
          },
        };
      },
    }),

    route(routes.exportAssessmentRanking, {
      response: {
        status: 200,
        description: 'The ranking as CSV (text/csv, UTF-8 with BOM) or as an .xlsx workbook',
        contentType: 'text/csv',
        body: z.string().meta({ description: 'CSV, or with format=xlsx an .xlsx workbook' }),
      },
      params: periodParams,
      query: exportQuery,
      handle: async ({ params, query, caller, correlationId }) => {
        const { period, ranking } = await periodRanking(params.period);
        const entries = query.peerGroup ? ranking.filter((e) => e.peerGroup === query.peerGroup) : ranking;
        const tables = (await results.tables(period.key)).map((t) => t.table);
        const rows = rankingRows(entries, tables);
        await audit({
          action: 'assessment.ranking.exported',
          caller,
          correlationId,
          at: now().toISOString(),
          subject: period.key,
          items: [`format:${query.format}`, `units:${entries.length}`],
        });
        const baseName = `绩效考核-${period.key}`;
        if (query.format === 'xlsx') {
          return {
            status: 200,
            file: {
              bytes: await spreadsheets.xlsx(period.key, rows),
              contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              fileName: `${baseName}.xlsx`,
            },
          };
        }
        return {
          status: 200,
          file: { bytes: toCsv(rows), contentType: 'text/csv; charset=utf-8', fileName: `${baseName}.csv` },
        };
      },
    }),

    route(routes.getAssessmentUnitTable, {
      response: { status: 200, body: unitTableResponse },
      params: unitParams,
      handle: async ({ params, caller, correlationId }) => {
        assertReadsUnit(caller, params.unit);
        // The table and the period (is it frozen?) read at once: two GetItems, one round trip's wait.
        const period = parsePeriod(params.period);
        const [{ stored }, record] = await Promise.all([
          unitTable(period.key, params.unit),
          results.period(period.key),
        ]);
        await audit({
          action: 'assessment.table.read',
          caller,
          correlationId,
          at: now().toISOString(),
          subject: `${period.key}/${params.unit}`,
          unit: params.unit,
          items: [`total:${stored.table.total ?? 'none'}`, `rank:${stored.rank ?? 'none'}`],
        });
        return {
          status: 200,
          body: {
            ...stored.table,
            state: record?.frozen ? ('final' as const) : stored.table.state,
            rank: stored.rank,
            ranked: stored.ranked,
            ...(stored.rankChange !== undefined ? { rankChange: stored.rankChange } : {}),
            ...(stored.totalChange !== undefined ? { totalChange: stored.totalChange } : {}),
          },
        };
      },
    }),

    route(routes.getAssessmentExplanation, {
      response: { status: 200, body: explanationResponse },
      params: unitParams,
      query: explanationQuery,
      handle: async ({ params, query, caller, correlationId }) => {
        requiredCaller(caller);
        assertReadsUnit(caller, params.unit);
        const { period, stored } = await unitTable(params.period, params.unit);
        const page = explanationPage(stored.table, {
          ...(query.item ? { itemId: query.item } : {}),
          ...(query.recordKind ? { recordKind: query.recordKind } : {}),
          offset: query.cursor ?? query.offset,
          limit: query.limit,
        });
        await audit({
          action: 'assessment.explanation.read',
          caller,
          correlationId,
          at: now().toISOString(),
          subject: `${period.key}/${params.unit}`,
          unit: params.unit,
          items: [`entries:${page.entries.length}`, ...(query.item ? [`item:${query.item}`] : [])],
        });
        return {
          status: 200,
          body: {
            period: period.key,
            unit: params.unit,
            total: page.total,
            items: page.entries.map((entry) => {
              const href = recordHref(entry, params.unit, period.year);
              return { ...entry, ...(href ? { href } : {}) };
            }),
            ...(page.nextOffset !== undefined ? { nextOffset: page.nextOffset } : {}),
          },
        };
      },
    }),
  ];
};
