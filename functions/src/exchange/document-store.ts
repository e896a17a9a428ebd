import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  appendHistory,
  DOCUMENT_STREAM,
  type DocumentTransition,
  type DraftContent,
  documentTodos,
  type ExchangeDocument,
  type HistoryEntry,
  type HistoryHead,
  type Revision,
  todoKey,
} from '@govshare/domain/exchange';
import type { Page } from '@govshare/domain/identity';
import { ConflictError } from '@govshare/domain/kernel';
import {
  batchGetAll,
  decodeKeyCursor,
  encodeCursor,
  indexPage,
  isConditionFailure,
  queryAll,
  type TransactItem,
} from '../platform/dynamo.ts';
import {
  documentKey,
  documentPk,
  HISTORY_PREFIX,
  historyItem,
  historySk,
  revisionSk,
  todoSk,
  unitDocumentsPk,
  withoutKeys,
} from './table-keys.ts';

/**
 * Documents on the `exchange` table (layout in blueprint.ts), one partition per document:
 *   document: pk DOC#<id> sk DOC        the ExchangeDocument's fields as top-level attributes, and
 *             `historyHead` (the 'document' stream's last seq and hash); gsi1pk DOCS#<drafter unit>
 *             gsi1sk <updatedAt>#<id> (the unit's documents, newest first)
 *   revision: pk DOC#<id> sk REV#0001   that revision's content (稿), written once, never changed
 *   to-do:    pk DOC#<id> sk TODO#<subject> | TODO#SIGN#<unit>   one per pending reviewer of the
 *             open step, one per issuing unit yet to sign; gsi1pk the same as sk, gsi1sk <since>#<id>
 *   history:  pk DOC#<id> sk HIST#<stream>#000001   every hash chain of the document (history.ts):
 *             the document's own ('document', written here) and each delivery's (delivery-store.ts);
 *             read here, all streams, for the history routes and the archive
 * A transition is ONE TransactWriteItems: the document on condition of its stored version (a new
 * one on condition that none exists), its history entries (each new), its new revision if any, and
 * the to-do items moved in step with it (those no longer due deleted, the new ones put), so no list
 * shows a to-do the document no longer has, and none is missing.
 */
/** A document as stored: the domain's document and the head of its history chain. */
export type StoredDocument = ExchangeDocument & { historyHead: HistoryHead };

export interface RevisionRecord extends Revision {
  content: DraftContent;
}

/** What the receiving side reads of a document (the dispatch consumer, the delivery routes). */
export type DocumentReader = Pick<DocumentStore, 'get'>;

/** The lists of listDocuments. */
export const DOCUMENT_VIEWS = ['drafts', 'review', 'sign', 'sent'] as const;
export type DocumentView = (typeof DOCUMENT_VIEWS)[number];

export interface DocumentStore {
  get(id: string): Promise<StoredDocument | undefined>;
  revision(id: string, revision: number): Promise<RevisionRecord | undefined>;
  /**
   * The items that write `transition` over `before` (undefined: a new document), for a caller that
   * adds its own to the same transaction (sign-off: the number).
   */
  transitionItems(before: StoredDocument | undefined, transition: DocumentTransition): TransactItem[];
  /** Writes the transition in one transaction; ConflictError if the document changed meanwhile. */
  saveTransition(before: StoredDocument | undefined, transition: DocumentTransition): Promise<StoredDocument>;
  /** The document as `transitionItems` would leave it (its new history head). */
  afterTransition(before: StoredDocument | undefined, transition: DocumentTransition): StoredDocument;
  /**
   * drafts: the caller's drafts and returned documents; review: what waits for the caller's review;
   * sign: what waits for the caller's unit to sign off; sent: the unit's dispatched documents.
   * Newest first (review and sign: longest waiting first), paged by an opaque cursor.
   */
  list(
    view: DocumentView,
    who: { subject: string; unit: string },
    page: { limit: number; cursor?: string },
  ): Promise<Page<StoredDocument>>;
  /** Every history entry of the document, every stream, in key order (stream, then seq). */
  history(id: string): Promise<HistoryEntry[]>;
  /** One page of it; `streams` keeps the page to those (a recipient sees its own and the document's). */
  historyPage(
    id: string,
    page: { limit: number; cursor?: string | undefined; streams?: readonly string[] | undefined },
  ): Promise<Page<HistoryEntry>>;
}

/** The head of every stream of a document: its own (on the document) and its deliveries' (deliveryHeads). */
export const streamHeads = (
  document: Pick<StoredDocument, 'historyHead'>,
  deliveryHeads: ReadonlyMap<string, HistoryHead>,
): Map<string, HistoryHead> => new Map([[DOCUMENT_STREAM, document.historyHead], ...deliveryHeads]);

const toDocument = (item: Record<string, unknown>) => withoutKeys<StoredDocument>(item);

export function dynamoDocumentStore(client: DynamoDBDocumentClient, table: string): DocumentStore {
  const afterTransition = (before: StoredDocument | undefined, transition: DocumentTransition) => {
    const { head } = appendHistory(
      transition.document.id,
      DOCUMENT_STREAM,
      before?.historyHead,
      transition.events,
    );
    return { ...transition.document, historyHead: head } as StoredDocument;
  };

  const transitionItems = (before: StoredDocument | undefined, transition: DocumentTransition) => {
    const document = transition.document;
    const pk = documentPk(document.id);
    const { entries, head } = appendHistory(
      document.id,
      DOCUMENT_STREAM,
      before?.historyHead,
      transition.events,
    );
    const stored: StoredDocument = { ...document, historyHead: head };
    const items: TransactItem[] = [
      {
        Put: {
          TableName: table,
          Item: {
            ...stored,
            ...documentKey(document.id),
            gsi1pk: unitDocumentsPk(document.drafterUnit),
            gsi1sk: `${document.updatedAt}#${document.id}`,
          },
          ...(before
            ? {
                ConditionExpression: '#version = :version',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':version': before.version },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
      ...entries.map(
        (entry): TransactItem => ({
          Put: {
            TableName: table,
            Item: historyItem(entry),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        }),
      ),
    ];
    if (!before || before.revision !== document.revision) {
      const meta = document.revisions.find((r) => r.revision === document.revision);
      items.push({
        Put: {
          TableName: table,
          Item: {
            pk,
            sk: revisionSk(document.revision),
            revision: document.revision,
            at: meta?.at ?? document.updatedAt,
            by: meta?.by ?? document.drafter,
            content: document.content,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    const was = new Map((before ? documentTodos(before) : []).map((todo) => [todoSk(todoKey(todo)), todo]));
    const now = new Map(documentTodos(document).map((todo) => [todoSk(todoKey(todo)), todo]));
    for (const sk of was.keys()) {
      if (!now.has(sk)) items.push({ Delete: { TableName: table, Key: { pk, sk } } });
    }
    for (const [sk, todo] of now) {
      const earlier = was.get(sk);
      if (earlier && JSON.stringify(earlier) === JSON.stringify(todo)) continue;
      items.push({
        Put: {
          TableName: table,
          Item: {
            pk,
            sk,
            gsi1pk: sk,
            gsi1sk: `${document.updatedAt}#${document.id}`,
            documentId: document.id,
            since: document.updatedAt,
            ...todo,
          },
        },
      });
    }
    return items;
  };

  const get = async (id: string) => {
    const { Item } = await client.send(
      new GetCommand({ TableName: table, Key: documentKey(id), ConsistentRead: true }),
    );
    return Item ? toDocument(Item) : undefined;
  };

  const pageOf = (
    input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
    gsi1pk: string,
    page: { limit: number; cursor?: string },
  ) => indexPage(client, input, gsi1pk, page);

  const unitQuery = (unit: string, filter: string, values: Record<string, unknown>) => ({
    TableName: table,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    FilterExpression: filter,
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':pk': unitDocumentsPk(unit), ...values },
    ScanIndexForward: false,
  });

  return {
    get,
    afterTransition,
    transitionItems,

    async revision(id, revision) {
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: { pk: documentPk(id), sk: revisionSk(revision) } }),
      );
      if (!Item) return undefined;
      return {
        revision: Item.revision as number,
        at: Item.at as string,
        by: Item.by as string,
        content: Item.content as DraftContent,
      };
    },

    async saveTransition(before, transition) {
      try {
        await client.send(new TransactWriteCommand({ TransactItems: transitionItems(before, transition) }));
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        throw new ConflictError(
          before
            ? `Document ${before.id} changed meanwhile (it was at version ${before.version}): read it again`
            : `Document ${transition.document.id} already exists`,
        );
      }
      return afterTransition(before, transition);
    },

    async list(view, who, page) {
      if (view === 'drafts' || view === 'sent') {
        const query =
          view === 'drafts'
            ? unitQuery(who.unit, 'drafter = :me AND #state IN (:draft, :returned)', {
                ':me': who.subject,
                ':draft': 'draft',
                ':returned': 'returned',
              })
            : unitQuery(who.unit, '#state IN (:dispatched, :archived)', {
                ':dispatched': 'dispatched',
                ':archived': 'archived',
              });
        const { items, nextCursor } = await pageOf(query, unitDocumentsPk(who.unit), page);
        return { items: items.map(toDocument), ...(nextCursor ? { nextCursor } : {}) };
      }
      // A to-do's gsi1pk is its sort key: the reviewer's, or the unit's to sign.
      const gsi1pk = todoSk(
        view === 'review'
          ? todoKey({ kind: 'review', subject: who.subject })
          : todoKey({ kind: 'sign', unit: who.unit }),
      );
      const { items: todos, nextCursor } = await pageOf(
        {
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': gsi1pk },
        },
        gsi1pk,
        page,
      );
      const ids = todos.map((todo) => todo.documentId as string);
      const found = await batchGetAll(client, table, ids.map(documentKey));
      const byId = new Map(found.map((item) => [item.id as string, toDocument(item)]));
      return { items: ids.flatMap((id) => byId.get(id) ?? []), ...(nextCursor ? { nextCursor } : {}) };
    },

    async history(id) {
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :history)',
        ExpressionAttributeValues: { ':pk': documentPk(id), ':history': HISTORY_PREFIX },
        ConsistentRead: true,
      });
      return items.map((item) => withoutKeys<HistoryEntry>(item));
    },

    async historyPage(id, { limit, cursor, streams }) {
      const pk = documentPk(id);
      const values: Record<string, unknown> = { ':pk': pk, ':history': HISTORY_PREFIX };
      streams?.forEach((stream, i) => {
        values[`:s${i}`] = stream;
      });
      const filter = streams
        ? {
            FilterExpression: streams.map((_, i) => `#stream = :s${i}`).join(' OR '),
            ExpressionAttributeNames: { '#stream': 'stream' },
          }
        : {};
      // A filtered page may come back short: read on until it is full or the history ends.
      const entries: HistoryEntry[] = [];
      let position: Record<string, unknown> | undefined = cursor
        ? decodeKeyCursor(cursor, ['pk', 'sk'], { pk })
        : undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :history)',
            ExpressionAttributeValues: values,
            ...filter,
            Limit: limit - entries.length,
            ...(position ? { ExclusiveStartKey: position } : {}),
          }),
        );
        for (const item of page.Items ?? []) entries.push(withoutKeys<HistoryEntry>(item));
        position = page.LastEvaluatedKey;
      } while (position && entries.length < limit);
      const last = entries.at(-1);
      return position && last
        ? { items: entries, nextCursor: encodeCursor({ pk, sk: historySk(last.stream, last.seq) }) }
        : { items: entries };
    },
  };
}
