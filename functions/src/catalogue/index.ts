import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type CatalogueStore, dynamoCatalogueStore } from './catalogue-store.ts';

/**
 * The catalogue's published interface: what other contexts (sharing) may read of it. Published
 * resources, the exact version a dataset was uploaded for, and the status of resources by code
 * (project pre-review: is a code the catalogue's, and is it published); nothing that writes.
 */
export type PublishedCatalogue = Pick<
  CatalogueStore,
  'getPublishedResource' | 'getVersion' | 'resourceStatuses'
>;
export type { ResourceStatusEntry } from './catalogue-store.ts';

export function publishedCatalogue(client: DynamoDBDocumentClient, table: string): PublishedCatalogue {
  const store = dynamoCatalogueStore(client, table);
  return {
    getPublishedResource: (code) => store.getPublishedResource(code),
    getVersion: (code, version) => store.getVersion(code, version),
    resourceStatuses: (codes) => store.resourceStatuses(codes),
  };
}

/** The sample catalogue's providers, for the seeds of contexts that build on it. */
export { SAMPLE_BASE_PROVIDERS } from './sample-providers.ts';
