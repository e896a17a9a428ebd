import { dcatCatalogue } from '@govshare/domain/catalogue';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { publishedOpenApi } from '../../platform/openapi.ts';
import { catalogueFunctions } from '../blueprint.ts';
import type { CatalogueSearch } from '../catalogue-search.ts';
import type { CatalogueStore } from '../catalogue-store.ts';
import { dcatQuery, searchQuery, staleQuery } from '../schemas.ts';

const routes = catalogueFunctions.catalogue.routes;

export interface DiscoveryRoutesDeps {
  store: CatalogueStore;
  search: CatalogueSearch;
  /** Where the API is reached from outside; DCAT-AP IRIs are minted under it. */
  publicBaseUrl: string;
}

/** Finding resources: search with facets, the stale ones, the DCAT-AP export, the OpenAPI document. */
export function discoveryRoutes({ store, search, publicBaseUrl }: DiscoveryRoutesDeps): RouteDefinition[] {
  return [
    route(routes.search, {
      query: searchQuery,
      handle: async ({ query }) => {
        const result = await search.search({
          ...(query.q ? { text: query.q } : {}),
          filters: {
            ...(query.category ? { category: query.category } : {}),
            ...(query.provider ? { providerUnit: query.provider } : {}),
            ...(query.shareType ? { shareType: query.shareType } : {}),
            ...(query.updateCycle ? { updateCycle: query.updateCycle } : {}),
            ...(query.format ? { format: query.format } : {}),
            ...(query.tag ? { tags: query.tag } : {}),
          },
          limit: query.limit,
          ...(query.cursor ? { cursor: query.cursor } : {}),
        });
        // itemText is the index's own field (data item names and titles, flattened): not part of the answer.
        const hits = result.hits.map(({ itemText: _indexOnly, ...hit }) => hit);
        return { status: 200, body: { ...result, hits } };
      },
    }),
    route(routes.stale, {
      query: staleQuery,
      handle: async ({ query }) => ({
        status: 200,
        body: { items: await store.listStale(query.provider) },
      }),
    }),
    route(routes.dcat, {
      query: dcatQuery,
      handle: async ({ query }) => {
        const page = await store.listPublished({
          limit: query.limit,
          ...(query.cursor ? { cursor: query.cursor } : {}),
        });
        return {
          status: 200,
          body: dcatCatalogue(page.items, { baseUrl: publicBaseUrl, next: page.cursor }),
          headers: { 'content-type': 'application/ld+json' },
        };
      },
    }),
    // Where the catalogue's document used to be: now the platform's, the same as GET /v1/openapi.json.
    route(routes.catalogueOpenApi, {
      response: { status: 200, description: 'The OpenAPI 3.1 document of every route of the platform' },
      handle: async () => ({ status: 200, body: await publishedOpenApi() }),
    }),
  ];
}
