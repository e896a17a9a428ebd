import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  type Delivery,
  DOCUMENT_STREAM,
  type DocumentSeal,
  deliveryStream,
  type ExchangeDocument,
  type HistoryEntry,
  type HistoryHead,
  type LastUrge,
} from '@govshare/domain/exchange';
import { cancellationCodes, decodeKeyCursor, encodeCursor, queryAll } from '../platform/dynamo.ts';

/**
 * What records (urges, history, archive) read of the `exchange` table, and the one transaction an
 * urge is. The items are those blueprint.ts lays out, written by the document store (send) and the
 * delivery store (receive); this reads them as those stores write them: the domain object's fields
 * at the top level, beside the keys and `historyHead`.
 *   document:  pk DOC#<id>  sk DOC                 ExchangeDocument + historyHead (+ seal once sealed)
 *   delivery:  pk DOC#<id>  sk DELIVERY#<unit>     Delivery (+ handlers) + historyHead (+ lastUrge)
 *   history:   pk DOC#<id>  sk HIST#<stream>#<seq, 6 digits>   HistoryEntry
 *   urge:      pk DOC#<id>  sk URGE#<unit>#<kind>#<due>#<level>  (or URGE#<unit>#manual#<CST day>)
 *   archive:   pk DOC#<id>  sk ARCHIVE              the package's key, SHA-256 and manifest
 */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface StoredDocument extends ExchangeDocument {
  historyHead?: HistoryHead;
  seal?: DocumentSeal;
  archive?: ArchiveReference;
}

export type StoredDelivery = Delivery & {
  /** Several handlers (one lead and others), when the unit assigned them. */
  handlers?: string[];
  historyHead?: HistoryHead;
  /** The last urge a sweep wrote (urges.ts), so the next run skips a delivery already urged. */
  lastUrge?: LastUrge;
};

export interface ArchiveReference {
  key: string;
  sha256: string;
  size: number;
  /** The locked object version (S3 versioning under Object Lock); absent where the store has none. */
  versionId?: string;
  manifestSha256: string;
  archivedAt: string;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  nextCursor?: string;
}

export interface ExchangeRecords {
  document(id: string): Promise<StoredDocument | undefined>;
  delivery(documentId: string, unit: string): Promise<StoredDelivery | undefined>;
  deliveries(documentId: string): Promise<StoredDelivery[]>;
  /** Every history entry of the document, every stream, in key order. */
  allHistory(documentId: string): Promise<HistoryEntry[]>;
  /** One page of them; `streams` limits the page to these streams (a recipient sees its own and the document's). */
  historyPage(
    documentId: string,
    options: { limit: number; cursor?: string | undefined; streams?: readonly string[] | undefined },
  ): Promise<HistoryPage>;
}

export const documentPk = (id: string) => `DOC#${id}`;
export const DOCUMENT_SK = 'DOC';
export const deliverySk = (unit: string) => `DELIVERY#${unit}`;
export const historySk = (stream: string, seq: number) => `HIST#${stream}#${String(seq).padStart(6, '0')}`;
export const ARCHIVE_SK = 'ARCHIVE';

const KEYS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'];
const strip = <T>(item: Record<string, unknown>): T => {
  const copy = { ...item };
  for (const key of KEYS) delete copy[key];
  return copy as T;
};

/** The history entry's item. */
export const historyItem = (entry: HistoryEntry) => ({
  pk: documentPk(entry.documentId),
  sk: historySk(entry.stream, entry.seq),
  ...entry,
});

/** The heads a verification compares against: the document's and each delivery's. */
export function headsOf(
  document: StoredDocument,
  deliveries: readonly StoredDelivery[],
): Map<string, HistoryHead> {
  const heads = new Map<string, HistoryHead>();
  if (document.historyHead) heads.set(DOCUMENT_STREAM, document.historyHead);
  for (const delivery of deliveries) {
    if (delivery.historyHead) heads.set(deliveryStream(delivery.recipientUnit), delivery.historyHead);
  }
  return heads;
}

export function dynamoExchangeRecords(client: DynamoDBDocumentClient, table: string): ExchangeRecords {
  const get = async (pk: string, sk: string) =>
    (await client.send(new GetCommand({ TableName: table, Key: { pk, sk }, ConsistentRead: true }))).Item;
  return {
    async document(id) {
      const item = await get(documentPk(id), DOCUMENT_SK);
      return item ? strip<StoredDocument>(item) : undefined;
    },
    async delivery(documentId, unit) {
      const item = await get(documentPk(documentId), deliverySk(unit));
      return item ? strip<StoredDelivery>(item) : undefined;
    },
    async deliveries(documentId) {
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': documentPk(documentId), ':prefix': 'DELIVERY#' },
        ConsistentRead: true,
      });
      return items.map((item) => strip<StoredDelivery>(item));
    },
    async allHistory(documentId) {
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': documentPk(documentId), ':prefix': 'HIST#' },
        ConsistentRead: true,
      });
      return items.map((item) => strip<HistoryEntry>(item));
    },
    async historyPage(documentId, { limit, cursor, streams }) {
      const pk = documentPk(documentId);
      const start = cursor ? decodeKeyCursor(cursor, ['pk', 'sk'], { pk }) : undefined;
      const filter = streams
        ? {
            FilterExpression: streams.map((_, i) => `#stream = :s${i}`).join(' OR '),
            ExpressionAttributeNames: { '#stream': 'stream' },
          }
        : {};
      const values: Record<string, unknown> = { ':pk': pk, ':prefix': 'HIST#' };
      streams?.forEach((stream, i) => {
        values[`:s${i}`] = stream;
      });
      // A filtered page may come back short: read on until it is full or the history ends.
      const entries: HistoryEntry[] = [];
      let position: Record<string, unknown> | undefined = start;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: values,
            ...filter,
            Limit: limit - entries.length,
            ...(position ? { ExclusiveStartKey: position } : {}),
          }),
        );
        for (const item of page.Items ?? []) entries.push(strip<HistoryEntry>(item));
        position = page.LastEvaluatedKey;
      } while (position && entries.length < limit);
      const last = entries.at(-1);
      return position && last
        ? { entries, nextCursor: encodeCursor({ pk, sk: historySk(last.stream, last.seq) }) }
        : { entries };
    },
  };
}

// ---------------------------------------------------------------- the urge transaction

export type UrgeWriteOutcome = 'written' | 'already-urged' | 'delivery-changed';

export interface UrgeWrite {
  delivery: StoredDelivery;
  /** The urge record's sort key and what it keeps. */
  recordKey: string;
  record: Record<string, unknown>;
  entry: HistoryEntry;
  head: HistoryHead;
  /** Set on the delivery for a sweep's urge (absent for a sender's). */
  lastUrge?: LastUrge;
  /** The notices and their unread counters (notification-store.ts). */
  notices: TransactItem[];
}

/**
 * Writes one urge: the urge record (on condition that it is new: nobody is urged twice for the
 * same deadline and level), its history entry, the delivery's new head (on condition of the
 * delivery's version, so that the chain never forks under a concurrent sign-for) and the notices,
 * in one transaction. Says which condition stopped it, if one did.
 */
export async function writeUrge(
  client: DynamoDBDocumentClient,
  table: string,
  urge: UrgeWrite,
): Promise<UrgeWriteOutcome> {
  const { delivery } = urge;
  const pk = documentPk(delivery.documentId);
  const set = ['historyHead = :head', 'version = :next', ...(urge.lastUrge ? ['lastUrge = :last'] : [])];
  try {
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: { pk, sk: urge.recordKey, ...urge.record },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table,
              Item: historyItem(urge.entry),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: table,
              Key: { pk, sk: deliverySk(delivery.recipientUnit) },
              UpdateExpression: `SET ${set.join(', ')}`,
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: {
                ':head': urge.head,
                ':next': delivery.version + 1,
                ':version': delivery.version,
                ...(urge.lastUrge ? { ':last': urge.lastUrge } : {}),
              },
            },
          },
          ...urge.notices,
        ],
      }),
    );
    return 'written';
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    if (codes[0] === 'ConditionalCheckFailed') return 'already-urged';
    // The delivery moved on (or another transaction met this one): read it again and decide again.
    return 'delivery-changed';
  }
}
