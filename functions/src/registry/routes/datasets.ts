import { type Resource, resourceCodeSegmentSchema } from '@govshare/domain/catalogue';
import { NotFoundError } from '@govshare/domain/kernel';
import {
  isIdentifierItem,
  MAX_ROWS_PER_PAGE,
  parseRowFilters,
  ROW_FILTER_PREFIX,
  type RowFilters,
} from '@govshare/domain/sharing';
import * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import type { DatasetReader, DatasetVersion } from '../../sharing/index.ts';
import { registryFunctions } from '../blueprint.ts';
import { grantCharged, runnerAnswer } from '../schemas.ts';
import { fromQueryString, grant, items, purpose, type RegistryRouteContext } from './shared.ts';

const routes = registryFunctions.registry.routes;

const codeParams = z.strictObject({ code: resourceCodeSegmentSchema });
const version = z.string().min(1).max(64).optional();
const fileQuery = z.strictObject({ purpose, grant, items, version });
// The `where.` filters are read by the domain (parseRowFilters), which refuses any other field.
const rowsQuery = z
  .object({
    purpose,
    grant,
    items,
    version,
    cursor: z.string().max(2000).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_ROWS_PER_PAGE).default(20),
  })
  .catchall(z.string().max(200));

const versionSchema = z.object({
  id: z.string().describe('The upload that loaded it: name it as ?version= to read this version'),
  loadedAt: z.iso.datetime(),
  rows: z.number().int(),
  keyItem: z.string().describe('where.<keyItem>=… reads one partition'),
});
export const rowsResponse = z.object({
  version: versionSchema,
  items: z.array(z.string()),
  rows: z
    .array(z.record(z.string(), z.unknown()))
    .describe('The granted items of each row, sensitive ones masked'),
  nextCursor: z.string().optional(),
  grant: grantCharged,
});
export const fileResponse = z.object({
  version: versionSchema,
  items: z.array(z.string()),
  masked: z.array(z.string()),
  url: z.url().describe('Presigned GET of the file, valid for five minutes'),
  expiresAt: z.iso.datetime(),
  format: z.enum(['csv', 'jsonl']),
  grant: grantCharged,
});

/** What the routes of datasets read: the published resource (its items, share type) and its data. */
export interface DatasetRouteContext {
  publishedResource: (code: string) => Promise<Resource | undefined>;
  datasets: DatasetReader;
}

const versionView = (v: DatasetVersion) => ({
  id: v.id,
  loadedAt: v.loadedAt,
  rows: v.rows,
  keyItem: v.keyItem,
});

/**
 * 数据集 as consumers use them: rows by key and filters (接口) and the file (文件下载), each under a
 * grant (any unit for an unconditional resource), the granted items only, masked as the grant says,
 * audited by the registry's query; rows are counted against the grant's quota.
 */
export function datasetRoutes(ctx: RegistryRouteContext & DatasetRouteContext): RouteDefinition[] {
  const resourceOf = async (code: string) => {
    const resource = await ctx.publishedResource(code);
    if (!resource) throw new NotFoundError('No published resource has this code');
    return resource;
  };
  return [
    route(routes.datasetRows, {
      params: codeParams,
      query: rowsQuery,
      response: {
        status: 200,
        description:
          'A page of rows. Filters: where.<item>=v (equality), where.<item>.from / .to (inclusive, numbers and dates)',
        body: runnerAnswer(rowsResponse),
      },
      handle: async ({ params, query, caller, correlationId }) => {
        const resource = await resourceOf(params.code);
        const { purpose, grant, items, version, cursor, limit, ...where } = query;
        const filterParams = where as Record<string, string>;
        let filters: RowFilters = { equals: [], ranges: [], filtered: [] };
        // Identifiers asked for (a key lookup by citizen ID): hashed into the audit, never kept in clear.
        const subjects = Object.entries(filterParams)
          .filter(([name]) => {
            const item = resource.items.find((i) => `${ROW_FILTER_PREFIX}${i.name}` === name);
            return item !== undefined && isIdentifierItem(item);
          })
          .map(([, value]) => value.trim());
        const body = await ctx.run({
          action: 'registry.dataset.rows',
          resource,
          caller,
          correlationId,
          ...fromQueryString({ purpose, grant, items }),
          subjects,
          validate: () => {
            filters = parseRowFilters(resource.items, filterParams, ctx.now());
          },
          filtered: () => filters.filtered,
          lookup: () => ctx.datasets.rows(params.code, { version, cursor, filters, limit }),
          charge: (page) => page.rows.length,
          records: (page) => page.rows.length,
          answer: (page, view) => ({
            version: versionView(page.version),
            items: view.items,
            rows: page.rows.map(({ row }) => view.show(row)),
            ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
          }),
        });
        return { status: 200, body };
      },
    }),
    route(routes.datasetFile, {
      params: codeParams,
      query: fileQuery,
      response: { status: 200, description: 'Where to download the file', body: runnerAnswer(fileResponse) },
      handle: async ({ params, query, caller, correlationId }) => {
        const resource = await resourceOf(params.code);
        const body = await ctx.run({
          action: 'registry.dataset.file',
          resource,
          caller,
          correlationId,
          ...fromQueryString(query),
          subjects: [],
          lookup: () => ctx.datasets.version(params.code, query.version),
          // A file is not metered row by row: its rows are counted in the audit.
          charge: 0,
          records: (v) => v.rows,
          answer: async (v, view) => {
            const file = await ctx.datasets.file(v, {
              items: view.items,
              masked: view.masked,
              project: (row) => view.show(row),
            });
            return { version: versionView(v), items: view.items, masked: view.masked, ...file };
          },
        });
        return { status: 200, body };
      },
    }),
  ];
}
