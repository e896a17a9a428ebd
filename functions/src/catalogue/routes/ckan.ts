import {
  booleanParam,
  CATEGORY_TITLES,
  type CkanParams,
  ckanGroup,
  ckanOrganization,
  ckanPackage,
  ckanTag,
  codeFromPathSegment,
  type IndexedResource,
  meetsClause,
  naturalNumber,
  packageSearchPage,
  parsePackageSearch,
  type Resource,
  textParam,
} from '@govshare/domain/catalogue';
import { NotFoundError, ValidationError } from '@govshare/domain/kernel';
import * as z from 'zod';
import type { UnitDirectory } from '../../identity/index.ts';
import type { Caller } from '../../platform/auth.ts';
import { type Reply, type RouteDefinition, route } from '../../platform/http.ts';
import { catalogueFunctions } from '../blueprint.ts';
import type { CatalogueSearch } from '../catalogue-search.ts';
import type { CatalogueStore } from '../catalogue-store.ts';
import { ckanResponses } from '../schemas.ts';

const routes = catalogueFunctions.catalogue.routes;

export interface CkanRoutesDeps {
  store: Pick<CatalogueStore, 'publishedResources'>;
  search: Pick<CatalogueSearch, 'matching'>;
  units: Pick<UnitDirectory, 'units'>;
  /** Where the API is reached from outside; package and help URLs are minted under it. */
  publicBaseUrl: string;
}

/**
 * CKAN's Action API (v3), read-only, over the catalogue's own search index and store: the shapes
 * are CKAN's (`{help, success, result}`; errors `{success: false, error: {__type, …}}` with CKAN's
 * HTTP statuses), the mapping is packages/domain/src/catalogue/ckan.ts, docs/ckan.md explains both.
 *
 * Who sees what, as in CKAN: without a token, only resources open to the public (开放属性), the
 * anonymous view of a CKAN site; with a valid token (`Authorization: Bearer …`), every published
 * resource, as a member of every organization would see private datasets. A missing or refused
 * token is the anonymous view, never an error, so a public harvester needs no account.
 */

const text = z.string().max(2000).optional();
/** The parameters each action reads (others are ignored, as CKAN ignores them); checked CKAN's way. */
const actionQueries = {
  package_search: z.object({
    q: text,
    fq: text,
    rows: text,
    start: text,
    sort: text,
    'facet.field': text,
    'facet.limit': text,
    include_private: text,
  }),
  package_show: z.object({ id: text, name_or_id: text }),
  package_list: z.object({ limit: text, offset: text }),
  organization_list: z.object({ all_fields: text, limit: text, offset: text }),
  organization_show: z.object({ id: text, include_datasets: text }),
  group_list: z.object({ all_fields: text }),
  tag_list: z.object({ query: text, all_fields: text }),
  status_show: z.object({}),
} as const;
type Action = keyof typeof actionQueries;
const isAction = (name: string): name is Action => Object.hasOwn(actionQueries, name);

/** CKAN's error dictionaries and statuses for what the catalogue's errors mean. */
function ckanError(error: unknown): { status: number; error: Record<string, unknown> } | undefined {
  if (error instanceof ValidationError) {
    const fields: Record<string, string[]> = {};
    for (const issue of error.issues) fields[issue.path] = [...(fields[issue.path] ?? []), issue.message];
    return { status: 409, error: { __type: 'Validation Error', ...fields } };
  }
  if (error instanceof NotFoundError) {
    return { status: 404, error: { __type: 'Not Found Error', message: `Not found: ${error.message}` } };
  }
  return undefined;
}

export function ckanRoutes({ store, search, units, publicBaseUrl }: CkanRoutesDeps): RouteDefinition[] {
  const base = publicBaseUrl.replace(/\/$/, '');
  const help = (action: string) => `${base}/api/3/action/help_show?name=${action}`;

  /** What the caller may see: the open resources, or all that are published. */
  const visible = (caller: Caller | undefined) =>
    caller ? undefined : (doc: IndexedResource) => doc.openToPublic === true;

  const unitNames = async (codes: Iterable<string>) => {
    const found = await units.units([...new Set(codes)]);
    return (code: string) => found.get(code)?.name;
  };

  const packagesOf = async (codes: string[]) => {
    const resources = new Map((await store.publishedResources(codes)).map((r) => [r.code, r] as const));
    const ordered = codes.map((code) => resources.get(code)).filter((r): r is Resource => r !== undefined);
    const nameOf = await unitNames(ordered.map((r) => r.providerUnit));
    return ordered.map((r) => ckanPackage(r, { baseUrl: base, unitName: nameOf(r.providerUnit) }));
  };

  /** The visible entries of one organization or group (facet counts of the whole visible catalogue). */
  const everything = (caller: Caller | undefined) => {
    const where = visible(caller);
    return search.matching(where ? { where } : {});
  };

  const idOf = (params: CkanParams) => {
    const id = textParam(params, 'id')?.trim() || textParam(params, 'name_or_id')?.trim();
    if (!id) throw new ValidationError([{ path: 'id', message: 'Missing value' }]);
    return id;
  };

  const actions: Record<Action, (params: CkanParams, caller: Caller | undefined) => Promise<unknown>> = {
    async package_search(params, caller) {
      const request = parsePackageSearch(params);
      const where = visible(caller);
      const matches = await search.matching({
        ...(request.text ? { text: request.text } : {}),
        where: (doc) => (!where || where(doc)) && request.clauses.every((clause) => meetsClause(doc, clause)),
      });
      const page = packageSearchPage(matches, request);
      const providers = page.facets.organization ?? page.facets.owner_org ?? [];
      const nameOf = await unitNames(providers.map(([unit]) => unit));
      const display = (field: string, value: string) =>
        field === 'organization' || field === 'owner_org'
          ? (nameOf(value) ?? value)
          : field === 'groups'
            ? (CATEGORY_TITLES[value as keyof typeof CATEGORY_TITLES] ?? value)
            : value;
      return {
        count: page.count,
        sort: request.sortText,
        facets: Object.fromEntries(
          Object.entries(page.facets).map(([field, counts]) => [field, Object.fromEntries(counts)]),
        ),
        results: await packagesOf(page.page.map(({ doc }) => doc.code)),
        search_facets: Object.fromEntries(
          Object.entries(page.facets).map(([field, counts]) => [
            field,
            {
              title: field,
              items: counts.map(([name, count]) => ({ name, display_name: display(field, name), count })),
            },
          ]),
        ),
      };
    },

    async package_show(params, caller) {
      const id = idOf(params);
      const code = codeFromPathSegment(id);
      const [found] = await store.publishedResources([code]);
      if (!found || (!caller && !found.openToPublic)) throw new NotFoundError(`no package with id "${id}"`);
      const nameOf = await unitNames([found.providerUnit]);
      return ckanPackage(found, { baseUrl: base, unitName: nameOf(found.providerUnit) });
    },

    async package_list(params, caller) {
      const limit = naturalNumber(params, 'limit', Number.MAX_SAFE_INTEGER);
      const offset = naturalNumber(params, 'offset', 0);
      const names = (await everything(caller)).map(({ doc }) => doc.code.replace('/', '-')).sort();
      return names.slice(offset, offset + limit);
    },

    async organization_list(params, caller) {
      const allFields = booleanParam(params, 'all_fields', false);
      const limit = naturalNumber(params, 'limit', 1000, 1000);
      const offset = naturalNumber(params, 'offset', 0);
      const counts = countBy(await everything(caller), (doc) => [doc.providerUnit]);
      const codes = [...counts.keys()].sort().slice(offset, offset + limit);
      if (!allFields) return codes;
      const nameOf = await unitNames(codes);
      return codes.map((code) => ckanOrganization(code, nameOf(code), counts.get(code)));
    },

    async organization_show(params, caller) {
      const id = idOf(params);
      const includeDatasets = booleanParam(params, 'include_datasets', false);
      const own = (await everything(caller)).filter(({ doc }) => doc.providerUnit === id);
      if (own.length === 0) throw new NotFoundError(`no organization with id "${id}"`);
      const nameOf = await unitNames([id]);
      return {
        ...ckanOrganization(id, nameOf(id), own.length),
        ...(includeDatasets
          ? {
              packages: await packagesOf(
                own
                  .map(({ doc }) => doc.code)
                  .sort()
                  .slice(0, 1000),
              ),
            }
          : {}),
      };
    },

    async group_list(params, caller) {
      const allFields = booleanParam(params, 'all_fields', false);
      const counts = countBy(await everything(caller), (doc) => [doc.category]);
      const names = [...counts.keys()].sort() as (keyof typeof CATEGORY_TITLES)[];
      return allFields ? names.map((name) => ckanGroup(name, counts.get(name))) : names;
    },

    async tag_list(params, caller) {
      const query = textParam(params, 'query')?.trim();
      const allFields = booleanParam(params, 'all_fields', false);
      const counts = countBy(await everything(caller), (doc) => doc.tags);
      const tags = [...counts.keys()].filter((tag) => !query || tag.includes(query)).sort();
      return allFields ? tags.map(ckanTag) : tags;
    },

    async status_show() {
      return {
        site_title: '政务数据共享平台',
        site_description: '政务信息资源目录：各部门登记并发布的信息资源',
        site_url: base,
        // The version of CKAN's Action API these answers follow.
        ckan_version: '2.10.0',
        error_emails_to: null,
        locale_default: 'zh_Hans_CN',
        extensions: [],
      };
    },
  };

  const answer = async (action: string, params: CkanParams, caller: Caller | undefined): Promise<Reply> => {
    if (!isAction(action)) {
      return {
        status: 400,
        body: {
          help: help('help_show'),
          success: false,
          error: { __type: 'Bad Request', message: `Bad request - Action name not known: ${action}` },
        },
      };
    }
    try {
      return {
        status: 200,
        body: { help: help(action), success: true, result: await actions[action](params, caller) },
      };
    } catch (error) {
      const refused = ckanError(error);
      if (!refused) throw error;
      return { status: refused.status, body: { help: help(action), success: false, error: refused.error } };
    }
  };

  const get = (action: Action, spec: (typeof routes)[keyof typeof routes]) =>
    route(spec, {
      query: actionQueries[action] as z.ZodType<CkanParams>,
      response: { status: 200, body: ckanResponses[action] },
      handle: ({ query, caller }) => answer(action, query as CkanParams, caller),
    });

  return [
    get('package_search', routes.ckanPackageSearch),
    get('package_show', routes.ckanPackageShow),
    get('package_list', routes.ckanPackageList),
    get('organization_list', routes.ckanOrganizationList),
    get('organization_show', routes.ckanOrganizationShow),
    get('group_list', routes.ckanGroupList),
    get('tag_list', routes.ckanTagList),
    get('status_show', routes.ckanStatusShow),
    route(routes.ckanAction, {
      params: z.strictObject({ action: z.string().max(100) }),
      body: z.record(z.string(), z.unknown()),
      response: { status: 200, body: ckanResponses.any },
      handle: ({ params, body, caller }) => answer(params.action, body, caller),
    }),
  ];
}

function countBy(
  matches: readonly { doc: IndexedResource }[],
  valuesOf: (doc: IndexedResource) => readonly string[],
) {
  const counts = new Map<string, number>();
  for (const { doc } of matches)
    for (const value of valuesOf(doc)) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
