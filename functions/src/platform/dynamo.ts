import { gunzipSync, gzipSync } from 'node:zlib';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '@govshare/domain/kernel';

/**
 * The DynamoDB mechanics every store needs, written once: batches that retry what DynamoDB leaves
 * unprocessed, conditional-write failures, paging, and the opaque cursors of listed pages.
 * lib-dynamodb's paginateQuery does the paging; it has no batch helper, so the retry is ours.
 */

type WriteRequest = NonNullable<
  ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']
>[string][number];
type Key = Record<string, unknown>;

/** One item of a TransactWriteItems, for stores that hand their items to a caller's transaction. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Retries after the first attempt, with capped exponential back-off (DynamoDB's documented contract). */
const BATCH_RETRIES = 8;
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));

/** Writes (puts and deletes) in BatchWriteItem chunks of 25, retrying unprocessed items; bounded. */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  table: string,
  requests: readonly WriteRequest[],
): Promise<void> {
  for (let start = 0; start < requests.length; start += 25) {
    let pending = requests.slice(start, start + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > BATCH_RETRIES) {
        throw new Error(
          `BatchWriteItem left ${pending.length} items unprocessed after ${BATCH_RETRIES} retries`,
        );
      }
      if (attempt > 0) await backoff(attempt);
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = result.UnprocessedItems?.[table] ?? [];
    }
  }
}

/** Puts items in batches (see batchWriteAll). */
export const batchPutAll = (client: DynamoDBDocumentClient, table: string, items: readonly Key[]) =>
  batchWriteAll(
    client,
    table,
    items.map((Item) => ({ PutRequest: { Item } })),
  );

/** Reads keys in BatchGetItem chunks of 100, retrying unprocessed keys; found items in no order. */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  table: string,
  keys: readonly Key[],
  options: { consistentRead?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Key[] = keys.slice(start, start + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > BATCH_RETRIES) {
        throw new Error(
          `BatchGetItem left ${pending.length} keys unprocessed after ${BATCH_RETRIES} retries`,
        );
      }
      if (attempt > 0) await backoff(attempt);
      const result = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: { Keys: pending, ...(options.consistentRead ? { ConsistentRead: true } : {}) },
          },
        }),
      );
      found.push(...(result.Responses?.[table] ?? []));
      pending = result.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return found;
}

/** Every item of a Query (all pages), or the first `limit`. */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>,
  limit = Number.POSITIVE_INFINITY,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const pageSize = Number.isFinite(limit) ? limit : undefined;
  for await (const page of paginateQuery({ client, ...(pageSize ? { pageSize } : {}) }, input)) {
    items.push(...(page.Items ?? []));
    if (items.length >= limit) return items.slice(0, limit);
  }
  return items;
}

/**
 * A record too large for plain attributes (a period's tables, a year's quota table), stored as
 * gzip JSON in one binary attribute: some thousands of rows compress to tens of KiB, well under an
 * item's 400 KB.
 */
export const packedJson = (value: unknown): Uint8Array =>
  gzipSync(Buffer.from(JSON.stringify(value), 'utf8'));
export const unpackedJson = <T>(value: unknown): T =>
  JSON.parse(gunzipSync(value as Uint8Array).toString('utf8')) as T;

/**
 * The two puts of a versioned record (a scheme, a rule file; its `version` attribute is n): version n under its own key, written
 * once, and the current pointer, written only while it holds version n − 1 (or, for version 1, does
 * not exist yet). Sent as one transaction, two editors of the same version cannot both succeed: the
 * loser's is cancelled (isConditionFailure), and nothing of it is written.
 */
export function versionedPuts<T extends { version: number }>(
  table: string,
  item: T,
  keys: { version: Key; current: Key },
): TransactItem[] {
  const replaces = item.version - 1;
  return [
    {
      Put: {
        TableName: table,
        Item: { ...item, ...keys.version },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: table,
        Item: { ...item, ...keys.current },
        ...(replaces === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'version = :replaces',
              ExpressionAttributeValues: { ':replaces': replaces },
            }),
      },
    },
  ];
}

/**
 * Whether a write was refused by its condition: a ConditionalCheckFailedException, or a cancelled
 * transaction (any of whose conditions failed, or which met a concurrent transaction on the same
 * items: both mean "someone else changed this first").
 */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === 'ConditionalCheckFailedException' || error.name === 'TransactionCanceledException');

/** The cancellation reason of each item of a cancelled transaction, in order; undefined for other errors. */
export function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons?.map((reason) => reason.Code) ?? [];
}

// --- Cursors --------------------------------------------------------------------------------------

/** The opaque cursor of a listed page: its position (usually a LastEvaluatedKey), base64url JSON. */
export const encodeCursor = (position: unknown): string =>
  Buffer.from(JSON.stringify(position)).toString('base64url');

const refuseCursor = () =>
  new ValidationError([{ path: 'query.cursor', message: 'is not a cursor of this list' }]);

/**
 * Reads a cursor back, refusing (400 naming `query.cursor`) anything this list did not hand out:
 * undecodable text, or a position `accept` rejects. A forged cursor never reaches DynamoDB.
 */
export function decodeCursor<T>(cursor: string, accept: (position: unknown) => position is T): T {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuseCursor();
  }
  if (!accept(position)) throw refuseCursor();
  return position;
}

/**
 * Accepts a DynamoDB key of exactly these string attributes, with the fixed ones equal to the
 * query's own (its partition): another list's key, or a key of another partition, is refused.
 */
export const keyOf =
  (attributes: readonly string[], fixed: Record<string, string> = {}) =>
  (position: unknown): position is Record<string, string> => {
    if (typeof position !== 'object' || position === null || Array.isArray(position)) return false;
    const key = position as Record<string, unknown>;
    return (
      Object.keys(key).length === attributes.length &&
      attributes.every((name) => typeof key[name] === 'string' && Object.hasOwn(key, name)) &&
      Object.entries(fixed).every(([name, value]) => key[name] === value)
    );
  };

/** Where a walk over sharded partitions stands: a shard, and the last key read in it. */
export interface ShardPosition {
  shard: number;
  start?: Record<string, string>;
}

/**
 * Checks a decoded ShardPosition: a shard in range, and a start that is a key of that shard
 * (`startKey(shard)`, a keyOf check), so a forged cursor cannot move a walk to another partition.
 */
export const shardPositionOf =
  (shards: number, startKey: (shard: number) => (start: unknown) => boolean) =>
  (position: unknown): position is ShardPosition => {
    if (typeof position !== 'object' || position === null) return false;
    const { shard, start, ...rest } = position as Record<string, unknown>;
    return (
      Object.keys(rest).length === 0 &&
      Number.isInteger(shard) &&
      (shard as number) >= 0 &&
      (shard as number) < shards &&
      (start === undefined || startKey(shard as number)(start))
    );
  };

/** A key cursor, decoded and checked (see keyOf). */
export const decodeKeyCursor = (
  cursor: string,
  attributes: readonly string[],
  fixed: Record<string, string> = {},
): Record<string, string> => decodeCursor(cursor, keyOf(attributes, fixed));

/** How many pages a filtered list reads at most for one answer before it hands back a cursor. */
const MAX_PAGES_PER_ANSWER = 10;
const INDEX_KEY = ['pk', 'sk', 'gsi1pk', 'gsi1sk'];

/**
 * One answer of a listed gsi1 partition (`gsi1pk`), with or without a filter: pages are read
 * until `limit` items match or the partition ends (at most MAX_PAGES_PER_ANSWER pages, then a
 * cursor). The cursor is the last key read, refused for any other partition (decodeKeyCursor).
 */
export async function indexPage(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  gsi1pk: string,
  { limit, cursor }: { limit: number; cursor?: string | undefined },
): Promise<{ items: Record<string, unknown>[]; nextCursor?: string }> {
  let start = cursor ? decodeKeyCursor(cursor, INDEX_KEY, { gsi1pk }) : undefined;
  const items: Record<string, unknown>[] = [];
  for (let page = 0; page < MAX_PAGES_PER_ANSWER; page++) {
    // Never more than still fits: a filtered page then matches at most that many, so its
    // LastEvaluatedKey is exactly where the next answer starts.
    const { Items = [], LastEvaluatedKey } = await client.send(
      new QueryCommand({
        ...input,
        Limit: limit - items.length,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...Items);
    start = LastEvaluatedKey as Record<string, string> | undefined;
    if (!start || items.length >= limit) break;
  }
  return { items, ...(start ? { nextCursor: encodeCursor(start) } : {}) };
}
