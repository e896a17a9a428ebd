import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { type IndexedResource, type Resource, staleness, type UpdateCycle } from '@govshare/domain/catalogue';
import { ConflictError } from '@govshare/domain/kernel';
import {
  batchGetAll,
  decodeCursor,
  decodeKeyCursor,
  encodeCursor,
  isConditionFailure,
  keyOf,
  shardPositionOf,
} from '../platform/dynamo.ts';

/**
 * Information resources in the catalogue table. Per resource (pk `RESOURCE#<code>`):
 * - `LATEST`: the newest version, draft or published; listed per provider unit on gsi1.
 * - `V#<10-digit version>`: every version ever written (history); a draft version is rewritten in place.
 * - `PUBLISHED`: the newest published version, what every unit sees. On gsi1 under one of
 *   PUBLISHED_SHARDS partitions, sorted by when it was written, so a search node can load the whole
 *   published catalogue in parallel and later fetch only what changed since (see catalogue-search.ts).
 *   Carries `itemText` (data item names and titles) so that load needs no nested attributes.
 * - `STALE`: present while the published version's update cycle has lapsed; on gsi1 per provider.
 * Every change is one conditional transaction: a lost race or a used code is a 409, never half a write.
 */
export const PUBLISHED_SHARDS = 16;

/** The fields the search index needs from a published resource (a projection of the PUBLISHED item). */
export interface SearchDocument extends IndexedResource {
  /** Flagged by the freshness sweep. */
  stale?: boolean;
  /** gsi1sk of the item: `<written at>#<code>`, the resume point of an incremental load. */
  position: string;
}

export interface StaleEntry {
  code: string;
  version: number;
  name: string;
  providerUnit: string;
  updateCycle: UpdateCycle;
  publishedAt: string;
  staleSince: string;
}

/** What another context may know of a resource by its code: that it exists, its status and name. */
export interface ResourceStatusEntry {
  code: string;
  status: Resource['status'];
  name: string;
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface CatalogueStore {
  /** The newest version, in any status (drafts included: check canRead before showing it). */
  getResource(code: string): Promise<Resource | undefined>;
  /** The newest published version, with its stale flag; undefined if never published. */
  getPublishedResource(code: string): Promise<Resource | undefined>;
  getVersion(code: string, version: number): Promise<Resource | undefined>;
  /** The status and name of the newest version of each code the catalogue holds (absent codes left out). */
  resourceStatuses(codes: readonly string[]): Promise<ResourceStatusEntry[]>;
  /** Every version, oldest first. */
  listVersions(code: string): Promise<Resource[]>;
  /** Stores version 1 of a new resource; a used code is a ConflictError. */
  create(resource: Resource): Promise<void>;
  /**
   * Stores `next` as the newest version, provided the newest is still `previous` (same version and
   * updatedAt); publishing also replaces the PUBLISHED item and clears the stale flag.
   */
  save(next: Resource, previous: Resource): Promise<void>;
  /** Published resources of one shard written after `after` (a SearchDocument.position). */
  searchDocuments(shard: number, after?: string): Promise<SearchDocument[]>;
  /** The newest published version of each code (unpublished codes left out), in no order. */
  publishedResources(codes: readonly string[]): Promise<Resource[]>;
  /** Published resources, full, across all shards; for exports and sweeps. */
  listPublished(options: { limit: number; cursor?: string }): Promise<Page<Resource>>;
  /** Unit's resources (newest version of each, drafts included). */
  listOfProvider(unit: string, options: { limit: number; cursor?: string }): Promise<Page<Resource>>;
  /** Flags a published version stale; false (and nothing written) if it was republished meanwhile. */
  markStale(entry: StaleEntry): Promise<boolean>;
  listStale(providerUnit: string): Promise<StaleEntry[]>;
}

const pk = (code: string) => `RESOURCE#${code}`;
const versionSk = (version: number) => `V#${String(version).padStart(10, '0')}`;
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'itemText'] as const;

/** FNV-1a: a stable shard for a code, the same on every node. */
export function shardOf(code: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < code.length; i++) {
    hash ^= code.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % PUBLISHED_SHARDS;
}

const toResource = (item: Record<string, unknown>): Resource => {
  const copy = { ...item };
  for (const name of KEY_ATTRIBUTES) delete copy[name];
  return copy as unknown as Resource;
};

/** Where a walk over the published shards stands. */
const isPublishedPosition = shardPositionOf(PUBLISHED_SHARDS, (shard) =>
  keyOf(['pk', 'sk', 'gsi1pk', 'gsi1sk'], { gsi1pk: `PUBLISHED#${shard}` }),
);

const itemText = (resource: Resource) => resource.items.map((item) => `${item.name} ${item.title}`).join(' ');

/** The PUBLISHED item of a resource, as every unit (and the search index) reads it. */
export const publishedItem = (resource: Resource) => ({
  ...resource,
  pk: pk(resource.code),
  sk: 'PUBLISHED',
  gsi1pk: `PUBLISHED#${shardOf(resource.code)}`,
  // Sorted by when it was written, so a search node can fetch only what changed since its last load.
  gsi1sk: `${resource.updatedAt}#${resource.code}`,
  itemText: itemText(resource),
});

/** The LATEST item of a resource (the newest version, draft or published), listed per provider on gsi1. */
export const latestItem = (resource: Resource) => ({
  ...resource,
  pk: pk(resource.code),
  sk: 'LATEST',
  gsi1pk: `PROVIDER#${resource.providerUnit}`,
  gsi1sk: resource.code,
});

export function dynamoCatalogueStore(client: DynamoDBDocumentClient, table: string): CatalogueStore {
  const get = async (code: string, sk: string) => {
    const { Item } = await client.send(new GetCommand({ TableName: table, Key: { pk: pk(code), sk } }));
    return Item;
  };

  const versionItem = (resource: Resource) => ({
    ...resource,
    pk: pk(resource.code),
    sk: versionSk(resource.version),
  });

  const store: CatalogueStore = {
    async getResource(code) {
      const item = await get(code, 'LATEST');
      if (!item) return undefined;
      const latest = toResource(item);
      // The stale flag lives on the published copy; the latest is that copy when it is published.
      if (latest.status === 'published') return (await store.getPublishedResource(code)) ?? latest;
      return latest;
    },

    async getPublishedResource(code) {
      const item = await get(code, 'PUBLISHED');
      return item ? toResource(item) : undefined;
    },

    async getVersion(code, version) {
      const item = await get(code, versionSk(version));
      return item ? toResource(item) : undefined;
    },

    async resourceStatuses(codes) {
      const unique = [...new Set(codes)];
      const items = await batchGetAll(
        client,
        table,
        unique.map((code) => ({ pk: pk(code), sk: 'LATEST' })),
      );
      return items.map((item) => {
        const resource = toResource(item);
        return { code: resource.code, status: resource.status, name: resource.name };
      });
    },

    async publishedResources(codes) {
      const keys = [...new Set(codes)].map((code) => ({ pk: pk(code), sk: 'PUBLISHED' }));
      return (await batchGetAll(client, table, keys)).map(toResource);
    },

    async listVersions(code) {
      const versions: Resource[] = [];
      for await (const page of paginateQuery(
        { client },
        {
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
          ExpressionAttributeValues: { ':pk': pk(code), ':v': 'V#' },
        },
      )) {
        for (const item of page.Items ?? []) versions.push(toResource(item));
      }
      return versions;
    },

    async create(resource) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table,
                  Item: latestItem(resource),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: table,
                  Item: versionItem(resource),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (isConditionFailure(error))
          throw new ConflictError(`Resource code ${resource.code} is already used`);
        throw error;
      }
    },

    async save(next, previous) {
      const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
        {
          Put: {
            TableName: table,
            Item: latestItem(next),
            ConditionExpression: 'version = :version AND updatedAt = :updatedAt',
            ExpressionAttributeValues: { ':version': previous.version, ':updatedAt': previous.updatedAt },
          },
        },
        { Put: { TableName: table, Item: versionItem(next) } },
      ];
      if (next.status === 'published') {
        items.push(
          {
            Put: {
              TableName: table,
              Item: publishedItem(next),
            },
          },
          { Delete: { TableName: table, Key: { pk: pk(next.code), sk: 'STALE' } } },
        );
      }
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        if (isConditionFailure(error)) {
          throw new ConflictError(`Resource ${next.code} was changed meanwhile; read it again and retry`);
        }
        throw error;
      }
    },

    async searchDocuments(shard, after) {
      const documents: SearchDocument[] = [];
      for await (const page of paginateQuery(
        { client },
        {
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: after ? 'gsi1pk = :shard AND gsi1sk > :after' : 'gsi1pk = :shard',
          ExpressionAttributeValues: {
            ':shard': `PUBLISHED#${shard}`,
            ...(after ? { ':after': after } : {}),
          },
          ProjectionExpression:
            'code, version, #name, abstract, itemText, tags, category, providerUnit, shareType, updateCycle, #format, publishedAt, openToPublic, updatedAt, stale, gsi1sk',
          ExpressionAttributeNames: { '#name': 'name', '#format': 'format' },
        },
      )) {
        for (const item of page.Items ?? []) {
          const { gsi1sk, ...rest } = item;
          documents.push({ ...(rest as Omit<SearchDocument, 'position'>), position: gsi1sk as string });
        }
      }
      return documents;
    },

    async listPublished({ limit, cursor }) {
      const position = cursor ? decodeCursor(cursor, isPublishedPosition) : { shard: 0 };
      const items: Resource[] = [];
      let { shard, start } = position;
      while (shard < PUBLISHED_SHARDS && items.length < limit) {
        const page = await client.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :shard',
            ExpressionAttributeValues: { ':shard': `PUBLISHED#${shard}` },
            Limit: limit - items.length,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) items.push(toResource(item));
        start = page.LastEvaluatedKey;
        if (!start) shard += 1;
      }
      return shard < PUBLISHED_SHARDS ? { items, cursor: encodeCursor({ shard, start }) } : { items };
    },

    async listOfProvider(unit, { limit, cursor }) {
      const page = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :unit',
          ExpressionAttributeValues: { ':unit': `PROVIDER#${unit}` },
          Limit: limit,
          ...(cursor
            ? {
                ExclusiveStartKey: decodeKeyCursor(cursor, ['pk', 'sk', 'gsi1pk', 'gsi1sk'], {
                  gsi1pk: `PROVIDER#${unit}`,
                }),
              }
            : {}),
        }),
      );
      const items = (page.Items ?? []).map(toResource);
      return page.LastEvaluatedKey ? { items, cursor: encodeCursor(page.LastEvaluatedKey) } : { items };
    },

    async markStale(entry) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table,
                  Key: { pk: pk(entry.code), sk: 'PUBLISHED' },
                  UpdateExpression: 'SET stale = :true, staleSince = :since',
                  ConditionExpression: 'version = :version AND attribute_not_exists(stale)',
                  ExpressionAttributeValues: {
                    ':true': true,
                    ':since': entry.staleSince,
                    ':version': entry.version,
                  },
                },
              },
              {
                Put: {
                  TableName: table,
                  Item: {
                    ...entry,
                    pk: pk(entry.code),
                    sk: 'STALE',
                    gsi1pk: `STALE#${entry.providerUnit}`,
                    gsi1sk: entry.code,
                  },
                },
              },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false; // republished meanwhile (fresh again) or already flagged
        throw error;
      }
    },

    async listStale(providerUnit) {
      const entries: StaleEntry[] = [];
      for await (const page of paginateQuery(
        { client },
        {
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': `STALE#${providerUnit}` },
        },
      )) {
        for (const item of page.Items ?? []) {
          const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...entry } = item;
          entries.push(entry as StaleEntry);
        }
      }
      return entries;
    },
  };
  return store;
}

/**
 * Flags every published resource whose update cycle lapsed by `now` and is not flagged yet: the
 * daily sweep (functions/src/catalogue/freshness-sweep.ts), and the sample data on first start.
 * Shards in parallel, entries of a shard one by one: bounded concurrency against the table.
 */
export async function flagLapsedResources(
  store: CatalogueStore,
  now: Date,
): Promise<{ checked: number; flagged: number }> {
  let checked = 0;
  let flagged = 0;
  await Promise.all(
    Array.from({ length: PUBLISHED_SHARDS }, async (_, shard) => {
      for (const document of await store.searchDocuments(shard)) {
        checked++;
        if (document.stale) continue;
        const verdict = staleness({ status: 'published', ...document }, now);
        if (!verdict.stale) continue;
        const { code, version, name, providerUnit, updateCycle, publishedAt } = document;
        const entry = {
          code,
          version,
          name,
          providerUnit,
          updateCycle,
          publishedAt,
          staleSince: verdict.staleSince,
        };
        if (await store.markStale(entry)) flagged++;
      }
    }),
  );
  return { checked, flagged };
}
