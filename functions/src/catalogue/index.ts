import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Resource, staleSpans } from '@govshare/domain/catalogue';
import { type CatalogueStore, dynamoCatalogueStore } from './catalogue-store.ts';

/**
 * The catalogue's published interface: what other contexts (sharing) may read of it. Published
 * resources and the exact version a dataset was uploaded for; nothing that writes. (Project
 * pre-review reads it through catalogueLookup below.)
 */
export type PublishedCatalogue = Pick<CatalogueStore, 'getPublishedResource' | 'getVersion'>;

export function publishedCatalogue(client: DynamoDBDocumentClient, table: string): PublishedCatalogue {
  const store = dynamoCatalogueStore(client, table);
  return {
    getPublishedResource: (code) => store.getPublishedResource(code),
    getVersion: (code, version) => store.getVersion(code, version),
  };
}

/** The sample catalogue's providers, for the seeds of contexts that build on it. */
export { SAMPLE_BASE_PROVIDERS } from './sample-providers.ts';

/** What the catalogue holds of a code: its status (published if any version is), absent if unknown. */
export interface CatalogueStatus {
  code: string;
  status: 'draft' | 'published';
  name: string;
}

/** A published resource and the titles of its data items; `base` for the base databases (基础数据库). */
export interface HeldCatalogueResource {
  code: string;
  name: string;
  provider: string;
  items: string[];
  base: boolean;
}

/**
 * What the project pre-review reads of the catalogue: whether the resources a project produces are
 * registered and published (不编目不审批), and every published resource with its data items, for
 * no-re-collection (the shapes are review's CatalogueEntry and HeldResource, written here so that
 * the catalogue does not depend on review).
 */
export interface CatalogueLookup {
  statusOf(codes: readonly string[]): Promise<CatalogueStatus[]>;
  heldResources(): Promise<HeldCatalogueResource[]>;
}

const LOOKUP_PAGE = 100;

export function catalogueLookup(client: DynamoDBDocumentClient, table: string): CatalogueLookup {
  const store = dynamoCatalogueStore(client, table);
  return {
    async statusOf(codes) {
      const latest = await store.resourceStatuses(codes);
      // A published resource whose next version is being edited is still published.
      return Promise.all(
        latest.map(async (entry): Promise<CatalogueStatus> => {
          if (entry.status === 'published') return entry;
          const published = await store.getPublishedResource(entry.code);
          return published ? { code: entry.code, status: 'published', name: published.name } : entry;
        }),
      );
    },

    async heldResources() {
      const held: HeldCatalogueResource[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listPublished({ limit: LOOKUP_PAGE, ...(cursor ? { cursor } : {}) });
        for (const resource of page.items) {
          held.push({
            code: resource.code,
            name: resource.name,
            provider: resource.providerUnit,
            items: resource.items.map((item) => item.title),
            base: resource.category === 'base',
          });
        }
        cursor = page.cursor;
      } while (cursor);
      return held.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    },
  };
}

/** A published resource of a provider with its freshness: stale (睡眠栏目) since `staleSince` while flagged. */
export interface ProvidedResource {
  code: string;
  name: string;
  providerUnit: string;
  publishedAt: string;
  /** Present while the published version's update cycle has lapsed (the freshness sweep's flag), or
   * for a span that ended after `staleAfter` (then with `freshAgainAt`). */
  staleSince?: string;
  /** When the version that ended that stale span was published. */
  freshAgainAt?: string;
}

/**
 * What the assessment reads of the catalogue: the resources a unit provides that are published,
 * with their stale flags. Two Queries of gsi1 per unit (PROVIDER#<unit>: the latest version of each
 * resource; STALE#<unit>: the flagged ones), paged; a resource whose latest version is a draft is
 * read once more for its published copy. With `staleAfter`, a resource that is fresh now but was
 * republished after that instant has its versions read (one Query more, only for those): the last
 * stale span of its earlier versions that ended after `staleAfter` is reported, with when it ended.
 */
export interface ProviderResources {
  publishedOf(unit: string, options?: { staleAfter?: string }): Promise<ProvidedResource[]>;
}

export function providerResources(client: DynamoDBDocumentClient, table: string): ProviderResources {
  const store = dynamoCatalogueStore(client, table);
  /** The last span of a fresh resource's earlier versions that ended after `after`. */
  const endedStaleSpan = async (resource: Resource, after: string) => {
    if (resource.version < 2 || (resource.publishedAt as string) <= after) return undefined;
    const spans = staleSpans(await store.listVersions(resource.code));
    return spans.filter((span) => span.until !== undefined && span.until > after).at(-1);
  };
  return {
    async publishedOf(unit, options = {}) {
      const latest: Resource[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listOfProvider(unit, { limit: LOOKUP_PAGE, ...(cursor ? { cursor } : {}) });
        latest.push(...page.items);
        cursor = page.cursor;
      } while (cursor);
      const stale = new Map((await store.listStale(unit)).map((entry) => [entry.code, entry.staleSince]));
      const published = await Promise.all(
        latest.map(async (resource) =>
          resource.status === 'published' ? resource : await store.getPublishedResource(resource.code),
        ),
      );
      return Promise.all(
        published
          .filter((r): r is Resource => r?.publishedAt !== undefined)
          .map(async (r): Promise<ProvidedResource> => {
            const entry = {
              code: r.code,
              name: r.name,
              providerUnit: r.providerUnit,
              publishedAt: r.publishedAt as string,
            };
            const staleSince = stale.get(r.code) ?? (r.stale ? r.staleSince : undefined);
            if (staleSince) return { ...entry, staleSince };
            const ended = options.staleAfter ? await endedStaleSpan(r, options.staleAfter) : undefined;
            return ended?.until ? { ...entry, staleSince: ended.since, freshAgainAt: ended.until } : entry;
          }),
      );
    },
  };
}
