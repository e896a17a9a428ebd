import { dcatCatalogue } from '@govshare/domain/catalogue';
import type * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { openApiResponse, publishedOpenApi } from '../../platform/openapi.ts';
import { catalogueFunctions } from '../blueprint.ts';
import type { CatalogueSearch } from '../catalogue-search.ts';
import type { CatalogueStore } from '../catalogue-store.ts';
import {
  dcatQuery,
  dcatResponse,
  searchQuery,
  searchResponse,
  staleQuery,
  staleResponse,
} from '../schemas.ts';

const routes = catalogueFunctions.catalogue.routes;

export interface DiscoveryRoutesDeps {
  store: CatalogueStore;
  search: CatalogueSearch;
  /** Where the API is reached from outside; DCAT-AP IRIs are minted under it. */
  publicBaseUrl: string;
}

/** Finding resources: search with facets, the stale ones, the DCAT-AP export, the OpenAPI document. */
export function discoveryRoutes({ store, search, publicBaseUrl }: DiscoveryRoutesDeps): RouteDefinition[] {
  /**
   * One page of the published catalogue as DCAT-AP; the public feed keeps the resources open to the
   * public (开放属性), so a page of it may hold fewer than `limit` (its cursor still goes on).
   */
  const dcatPage = async (query: z.infer<typeof dcatQuery>, audience: 'all' | 'public') => {
    const page = await store.listPublished({
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    const items = audience === 'public' ? page.items.filter((resource) => resource.openToPublic) : page.items;
    return {
      status: 200,
      body: dcatCatalogue(items, {
        baseUrl: publicBaseUrl,
        next: page.cursor,
        feedPath: audience === 'public' ? routes.dcatPublic.path : routes.dcat.path,
      }),
      headers: { 'content-type': 'application/ld+json' },
    };
  };

  return [
    route(routes.search, {
      response: {
        status: 200,
        description: 'The matching published resources, best first, with facet counts',
        body: searchResponse,
      },
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
      response: {
        status: 200,
        description: "The provider's resources past their update cycle",
        body: staleResponse,
      },
      query: staleQuery,
      handle: async ({ query }) => ({
        status: 200,
        body: { items: await store.listStale(query.provider) },
      }),
    }),
    route(routes.dcat, {
      response: {
        status: 200,
        description: 'A page of the published catalogue as DCAT-AP (JSON-LD)',
        body: dcatResponse,
        contentType: 'application/ld+json',
      },
      query: dcatQuery,
      handle: ({ query }) => dcatPage(query, 'all'),
    }),
    route(routes.dcatPublic, {
      response: {
        status: 200,
        description: 'A page of the resources open to the public as DCAT-AP (JSON-LD)',
        body: dcatResponse,
        contentType: 'application/ld+json',
      },
      query: dcatQuery,
      handle: ({ query }) => dcatPage(query, 'public'),
    }),
    // Where the catalogue's document used to be: now the platform's, the same as GET /v1/openapi.json.
    route(routes.catalogueOpenApi, {
      response: {
        status: 200,
        description: 'The OpenAPI 3.1 document of every route of the platform',
        body: openApiResponse,
      },
      handle: async () => ({ status: 200, body: await publishedOpenApi() }),
    }),
  ];
}
