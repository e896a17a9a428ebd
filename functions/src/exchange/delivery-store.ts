import { createHash } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  appendHistory,
  changedTasks,
  type Delivery,
  type DeliveryEvent,
  type DeliveryState,
  type DeliveryTask,
  type DeliveryTransition,
  type DocumentType,
  deliveryStream,
  type HistoryHead,
  type InboxView,
  openDeadlineOf,
  type UndeliverableRecipient,
  URGENCY_RANK,
  undeliverableEvent,
  unitViewOf,
} from '@govshare/domain/exchange';
import { ConflictError, cstMidnight, NotFoundError, nextDay } from '@govshare/domain/kernel';
import {
  cancellationCodes,
  decodeCursor,
  encodeCursor,
  isConditionFailure,
  keyOf,
  queryAll,
  type TransactItem,
} from '../platform/dynamo.ts';
import {
  DELIVERY_PREFIX,
  deliveryKey,
  documentPk,
  duePk,
  expansionKey,
  historyItem,
  inboxPk,
  minePk,
  taskKey,
  taskPrefix,
  UNDELIVERABLE_PREFIX,
  undeliverableKey,
  withoutKeys,
} from './table-keys.ts';

/**
 * Deliveries (收文) on the `exchange` table, in their document's partition:
 *
 *   delivery:      pk DOC#<id>  sk DELIVERY#<unit>
 *                  gsi1pk INBOX#<unit>    gsi1sk <VIEW>#<urgency rank>#<due>#<id>
 *                  gsi2pk DUE#<0–7>       gsi2sk <due instant>#<id>#<unit>   (only while awaiting sign-for or handling)
 *   task:          pk DOC#<id>  sk TASK#<unit>#<subject>
 *                  gsi1pk MINE#<subject>  gsi1sk <VIEW>#<urgency rank>#<due or since>#<id>
 *   undeliverable: pk DOC#<id>  sk UNDELIVERABLE#<unit, or the group or list as named>
 *   history:       pk DOC#<id>  sk HIST#delivery:<unit>#<000001>   (history.ts; the head is the item's historyHead)
 *   expansion:     pk DOC#<id>  sk EXPANSION   once the dispatch consumer has expanded the recipients and
 *                  queued every deliver slice (the dispatch route reads it: no second expand is needed)
 *
 * Views (the first part of gsi1sk), so that one Query with begins_with gives a view in order:
 *   a unit's (INBOX#):  SIGN 待签收 (delivered, opened; due = sign-for deadline),
 *                       TODO 待办 (signed for, registered, assigned; due = handling deadline, `~` when none:
 *                            last), DONE 已办 (handled, replied, returned; due = the last deadline it had),
 *                       GONE (withdrawn: in no view);
 *   a person's (MINE#): TODO and DONE (handler tasks; due = handling deadline), TOREAD 待阅 and READ 已阅
 *                       (reader tasks; ordered by when they were circulated).
 * The urgency rank is 1 特急, 2 加急, 3 ordinary, so ascending order is most urgent, then oldest due, first.
 *
 * Items carry what the inbox and the sender's matrix show without reading the document: title, type,
 * 发文字号, the issuing units. Every transition is one TransactWriteItems: the delivery on condition of
 * its version, its history entries (each new), and the task items that changed.
 */
/** What a delivery shows of its document. */
export interface DeliveryDisplay {
  title: string;
  documentType: DocumentType;
  /** 发文字号, normalised. */
  documentNumber?: string;
  issuingUnits: string[];
}

export type StoredDelivery = Delivery & DeliveryDisplay & { historyHead: HistoryHead };
export type StoredTask = DeliveryTask &
  DeliveryDisplay & {
    senderUnit: string;
    urgency: Delivery['urgency'];
    deliveryState: DeliveryState;
    deliveredAt: string;
  };
export type StoredUndeliverable = UndeliverableRecipient & { historyHead: HistoryHead };

export const DUE_SHARDS = 8;
const VIEW_CODES: Record<InboxView, string> = {
  'to-sign': 'SIGN',
  'to-do': 'TODO',
  done: 'DONE',
  'to-read': 'TOREAD',
  read: 'READ',
};
const GONE = 'GONE';
/** Sorts after every instant: a to-do without a deadline comes last. */
const NO_DUE = '~';

/** Deliveries spread over a few due partitions, so the sweep's reads and the writes do not meet on one. */
export const dueShardOf = (documentId: string, unit: string): number =>
  createHash('sha256').update(`${documentId}#${unit}`).digest().readUInt8(0) % DUE_SHARDS;

export function deliveryItem(delivery: StoredDelivery): Record<string, unknown> {
  const view = unitViewOf(delivery);
  const rank = URGENCY_RANK[delivery.urgency];
  const due =
    view === 'to-sign'
      ? delivery.signForDueAt
      : view === 'to-do'
        ? (delivery.handleDueAt ?? NO_DUE)
        : (delivery.handleDueAt ?? delivery.signForDueAt);
  const item: Record<string, unknown> = {
    ...delivery,
    ...deliveryKey(delivery.documentId, delivery.recipientUnit),
    type: 'delivery',
    gsi1pk: inboxPk(delivery.recipientUnit),
    gsi1sk: `${view ? VIEW_CODES[view] : GONE}#${rank}#${due}#${delivery.documentId}`,
  };
  const open = openDeadlineOf(delivery);
  if (open) {
    item.gsi2pk = duePk(dueShardOf(delivery.documentId, delivery.recipientUnit));
    item.gsi2sk = `${open.dueAt}#${delivery.documentId}#${delivery.recipientUnit}`;
  }
  return item;
}

function taskItem(task: DeliveryTask, delivery: StoredDelivery): Record<string, unknown> {
  const stored: StoredTask = {
    ...task,
    title: delivery.title,
    documentType: delivery.documentType,
    ...(delivery.documentNumber ? { documentNumber: delivery.documentNumber } : {}),
    issuingUnits: delivery.issuingUnits,
    senderUnit: delivery.senderUnit,
    urgency: delivery.urgency,
    deliveryState: delivery.state,
    deliveredAt: delivery.deliveredAt,
  };
  const order = task.kind === 'handle' ? (task.dueAt ?? NO_DUE) : task.since;
  return {
    ...stored,
    ...taskKey(task.documentId, task.unit, task.subject),
    type: 'task',
    gsi1pk: minePk(task.subject),
    gsi1sk: `${VIEW_CODES[task.view]}#${URGENCY_RANK[delivery.urgency]}#${order}#${task.documentId}`,
  };
}

const toDelivery = (item: Record<string, unknown>) => withoutKeys<StoredDelivery>(item);
const toTask = (item: Record<string, unknown>) => withoutKeys<StoredTask>(item);

/** A transition met a delivery changed meanwhile (another clerk, another tab): `current` is how it is now. */
export class DeliveryChangedError extends ConflictError {
  readonly current: StoredDelivery | undefined;
  constructor(message: string, current: StoredDelivery | undefined) {
    super(message);
    this.current = current;
  }
}

export interface InboxFilters {
  state?: DeliveryState;
  type?: DocumentType;
  issuer?: string;
  /** CST days, inclusive, of the delivery. */
  from?: string;
  to?: string;
}

export interface InboxPage<T> {
  items: T[];
  nextCursor?: string;
}

/** One due delivery for the urge sweep. */
export interface DueDelivery {
  documentId: string;
  unit: string;
  kind: 'sign-for' | 'handling';
  dueAt: string;
  delivery: StoredDelivery;
}

/** What other parts of the exchange read of deliveries (the urge sweep, the reply route, the archive). */
export interface DeliveryReader {
  get(documentId: string, unit: string): Promise<StoredDelivery | undefined>;
  exists(documentId: string, unit: string): Promise<boolean>;
  /** Every delivery of a document, in unit order (all pages). */
  ofDocument(documentId: string): Promise<StoredDelivery[]>;
  /**
   * Deliveries awaiting sign-for or handling whose deadline is at or before `instant`, oldest due
   * first: at most `limit` (1000 unless given; the urge sweep takes them all).
   */
  dueBy(instant: string, options?: { limit?: number }): Promise<DueDelivery[]>;
  /**
   * The head of each delivery stream of a document (`delivery:<unit>`): its deliveries' and its
   * undeliverable recipients', which the verification of its history compares the chains against.
   */
  historyHeads(documentId: string): Promise<Map<string, HistoryHead>>;
}

export interface NewDelivery {
  delivery: Delivery & DeliveryDisplay;
  events: DeliveryEvent[];
}

/** What the dispatch consumer records once it has expanded a document's recipients. */
export interface ExpansionRecord {
  documentId: string;
  expandedAt: string;
  main: number;
  copy: number;
  undeliverable: number;
  slices: number;
}

export interface DeliveryStore extends DeliveryReader {
  /** The expansion of a document, once recorded. */
  expansionOf(documentId: string): Promise<ExpansionRecord | undefined>;
  /** Records it (once; a second record leaves the first). */
  recordExpansion(record: ExpansionRecord): Promise<void>;
  /**
   * Writes each new delivery with its first history entries, on condition that it is new. A delivery
   * written before (a redelivered message, a crash half way) is left as it is and reported existing.
   */
  createMany(deliveries: readonly NewDelivery[]): Promise<{ created: string[]; existing: string[] }>;
  /**
   * Reads the delivery, lets `decide` make the transition (a domain function), and writes it on
   * condition that nobody changed the delivery meanwhile; if someone did, decides again on what is
   * there now (so the second of two clerks meets the domain's refusal, or succeeds if still allowed).
   */
  update<T extends DeliveryTransition>(
    documentId: string,
    unit: string,
    decide: (current: StoredDelivery) => T,
  ): Promise<T & { before: StoredDelivery; after: StoredDelivery }>;
  /** Replaces `previous` by the transition, on condition of its version (see update for the loop). */
  commit(previous: StoredDelivery, transition: DeliveryTransition): Promise<StoredDelivery>;
  /**
   * The items that write `transition` over `previous` (the delivery on condition of its version
   * first, then its history entries and changed tasks), for a caller that adds its own items to the
   * same transaction (an urge: its record and notices).
   */
  transitionItems(
    previous: StoredDelivery,
    transition: DeliveryTransition,
  ): { after: StoredDelivery; items: TransactItem[] };
  /** After a return: the returned delivery marked, and the new one to the corrected unit, together. */
  resend(
    previous: StoredDelivery,
    marked: DeliveryTransition,
    fresh: NewDelivery,
  ): Promise<{ returned: StoredDelivery; delivery: StoredDelivery }>;
  /** Records undeliverable recipients (once each) with their history line. */
  reportUndeliverable(items: readonly UndeliverableRecipient[]): Promise<{ reported: number }>;
  undeliverableOf(documentId: string): Promise<StoredUndeliverable[]>;
  tasksOf(documentId: string, unit: string): Promise<StoredTask[]>;
  inbox(
    unit: string,
    view: InboxView,
    filters: InboxFilters,
    page: { limit: number; cursor?: string },
  ): Promise<InboxPage<StoredDelivery>>;
  mine(
    subject: string,
    view: InboxView,
    filters: InboxFilters,
    page: { limit: number; cursor?: string },
  ): Promise<InboxPage<StoredTask>>;
}

const MAX_TRANSACTION_ITEMS = 100;
const UPDATE_ATTEMPTS = 5;
/** Items a filtered inbox page reads at most before it answers with what it found (and a cursor). */
const FILTER_READ_BUDGET = 2000;

const isCancelled = (error: unknown) =>
  error instanceof Error && error.name === 'TransactionCanceledException';
/** Cancelled because someone else wrote first (a condition, or a concurrent transaction), not a defect. */
const changedMeanwhile = (error: unknown) =>
  (cancellationCodes(error) ?? []).every(
    (code) =>
      code === undefined ||
      code === 'None' ||
      code === 'ConditionalCheckFailed' ||
      code === 'TransactionConflict',
  );

export function dynamoDeliveryStore(client: DynamoDBDocumentClient, table: string): DeliveryStore {
  const get = async (documentId: string, unit: string) => {
    const { Item } = await client.send(
      new GetCommand({ TableName: table, Key: deliveryKey(documentId, unit), ConsistentRead: true }),
    );
    return Item && Item.type === 'delivery' ? toDelivery(Item) : undefined;
  };

  const putNew = (Item: Record<string, unknown>): TransactItem => ({
    Put: { TableName: table, Item, ConditionExpression: 'attribute_not_exists(pk)' },
  });

  /** The items that write a new delivery: itself and its first history entries. */
  const newDeliveryItems = ({
    delivery,
    events,
  }: NewDelivery): { stored: StoredDelivery; items: TransactItem[] } => {
    const history = appendHistory(
      delivery.documentId,
      deliveryStream(delivery.recipientUnit),
      undefined,
      events,
    );
    const stored: StoredDelivery = { ...delivery, historyHead: history.head };
    return {
      stored,
      items: [putNew(deliveryItem(stored)), ...history.entries.map((e) => putNew(historyItem(e)))],
    };
  };

  const transitionItems = (previous: StoredDelivery, transition: DeliveryTransition) => {
    const history = appendHistory(
      previous.documentId,
      deliveryStream(previous.recipientUnit),
      previous.historyHead,
      transition.events,
    );
    const display: DeliveryDisplay = {
      title: previous.title,
      documentType: previous.documentType,
      ...(previous.documentNumber ? { documentNumber: previous.documentNumber } : {}),
      issuingUnits: previous.issuingUnits,
    };
    const after: StoredDelivery = { ...transition.delivery, ...display, historyHead: history.head };
    const items: TransactItem[] = [
      {
        Put: {
          TableName: table,
          Item: deliveryItem(after),
          // The version is the lock: a second clerk, or a concurrent tab, finds it changed.
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': previous.version },
        },
      },
      ...history.entries.map((entry) => putNew(historyItem(entry))),
      ...changedTasks(previous, after).map((task) => ({
        Put: { TableName: table, Item: taskItem(task, after) },
      })),
    ];
    if (items.length > MAX_TRANSACTION_ITEMS) {
      throw new RangeError(`a delivery transition of ${items.length} items exceeds one transaction`);
    }
    return { after, items };
  };

  const commit = async (previous: StoredDelivery, transition: DeliveryTransition) => {
    if (transition.events.length === 0) return previous;
    const { after, items } = transitionItems(previous, transition);
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (!isCancelled(error) || !changedMeanwhile(error)) throw error;
      const current = await get(previous.documentId, previous.recipientUnit);
      throw new DeliveryChangedError(
        `Delivery ${previous.id} changed meanwhile: it is now ${current?.state ?? 'gone'}`,
        current,
      );
    }
    return after;
  };

  const query = async (input: QueryCommandInput) => queryAll(client, input);

  /**
   * One page of an index view, filled past filtered-out items (within a read budget); the cursor is
   * the key of the last item given, so the next page starts right after it.
   */
  const viewPage = async (
    partition: string,
    viewCode: string,
    filters: InboxFilters,
    page: { limit: number; cursor?: string },
    stateAttribute: 'state' | 'deliveryState',
  ): Promise<InboxPage<Record<string, unknown>>> => {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': partition, ':view': `${viewCode}#` };
    const conditions: string[] = [];
    if (filters.state) {
      names['#state'] = stateAttribute;
      values[':state'] = filters.state;
      conditions.push('#state = :state');
    }
    if (filters.type) {
      values[':type'] = filters.type;
      conditions.push('documentType = :type');
    }
    if (filters.issuer) {
      values[':issuer'] = filters.issuer;
      conditions.push('contains(issuingUnits, :issuer)');
    }
    if (filters.from) {
      values[':from'] = cstMidnight(filters.from).toISOString();
      conditions.push('deliveredAt >= :from');
    }
    if (filters.to) {
      values[':to'] = cstMidnight(nextDay(filters.to)).toISOString();
      conditions.push('deliveredAt < :to');
    }
    const filtered = conditions.length > 0;
    const ofThisView = keyOf(['pk', 'sk', 'gsi1pk', 'gsi1sk'], { gsi1pk: partition });
    // A cursor of another inbox, or of another view of this one, is refused like a forged one.
    const accept = (position: unknown): position is Record<string, string> =>
      ofThisView(position) && (position.gsi1sk ?? '').startsWith(`${viewCode}#`);
    let start: Record<string, string> | undefined = page.cursor
      ? decodeCursor(page.cursor, accept)
      : undefined;
    const items: Record<string, unknown>[] = [];
    let read = 0;
    for (;;) {
      const result = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :view)',
          ...(filtered ? { FilterExpression: conditions.join(' AND ') } : {}),
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          Limit: filtered ? Math.max(page.limit, 100) : page.limit + 1 - items.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      read += result.ScannedCount ?? 0;
      for (const item of result.Items ?? []) {
        items.push(item);
        if (items.length > page.limit) break;
      }
      if (items.length > page.limit) {
        // One more than asked for: there is a next page, starting after the last one given.
        const given = items.slice(0, page.limit);
        const last = given.at(-1);
        const nextCursor = last
          ? encodeCursor({ pk: last.pk, sk: last.sk, gsi1pk: last.gsi1pk, gsi1sk: last.gsi1sk })
          : undefined;
        return nextCursor ? { items: given, nextCursor } : { items: given };
      }
      if (!result.LastEvaluatedKey) return { items };
      start = result.LastEvaluatedKey as Record<string, string>;
      if (read >= FILTER_READ_BUDGET) return { items, nextCursor: encodeCursor(start) };
    }
  };

  const reader: DeliveryReader = {
    get,
    async exists(documentId, unit) {
      const { Item } = await client.send(
        new GetCommand({
          TableName: table,
          Key: deliveryKey(documentId, unit),
          ProjectionExpression: 'pk, #type',
          ExpressionAttributeNames: { '#type': 'type' },
        }),
      );
      return Item?.type === 'delivery';
    },
    async ofDocument(documentId) {
      const items = await query({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': documentPk(documentId), ':prefix': DELIVERY_PREFIX },
        // The sender sees a return the moment it is made.
        ConsistentRead: true,
      });
      return items.map(toDelivery);
    },
    async dueBy(instant, { limit = 1000 } = {}) {
      const shards = await Promise.all(
        Array.from({ length: DUE_SHARDS }, (_, shard) =>
          queryAll(
            client,
            {
              TableName: table,
              IndexName: 'gsi2',
              KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :until',
              // '#' sorts before any character after an instant, so `<= instant#~` covers that instant.
              ExpressionAttributeValues: { ':pk': duePk(shard), ':until': `${instant}#~` },
            },
            limit,
          ),
        ),
      );
      return shards
        .flat()
        .map(toDelivery)
        .flatMap((delivery): DueDelivery[] => {
          const open = openDeadlineOf(delivery);
          return open
            ? [{ documentId: delivery.documentId, unit: delivery.recipientUnit, ...open, delivery }]
            : [];
        })
        .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0))
        .slice(0, limit);
    },
    async historyHeads(documentId) {
      const headsUnder = (prefix: string) =>
        query({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': documentPk(documentId), ':prefix': prefix },
          ProjectionExpression: 'historyHead, recipientUnit, #unit, recipient',
          ExpressionAttributeNames: { '#unit': 'unit' },
          ConsistentRead: true,
        });
      const [delivered, undeliverable] = await Promise.all([
        headsUnder(DELIVERY_PREFIX),
        headsUnder(UNDELIVERABLE_PREFIX),
      ]);
      const heads = new Map<string, HistoryHead>();
      for (const item of delivered)
        heads.set(deliveryStream(item.recipientUnit as string), item.historyHead as HistoryHead);
      // No stream has both: each starts at seq 1 on condition that it is new.
      for (const item of undeliverable)
        heads.set(deliveryStream((item.unit ?? item.recipient) as string), item.historyHead as HistoryHead);
      return heads;
    },
  };

  return {
    ...reader,

    async expansionOf(documentId) {
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: expansionKey(documentId), ConsistentRead: true }),
      );
      return Item ? withoutKeys<ExpansionRecord>(Item) : undefined;
    },

    async recordExpansion(record) {
      try {
        await client.send(
          new PutCommand({
            TableName: table,
            Item: { ...record, ...expansionKey(record.documentId), type: 'expansion' },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async createMany(deliveries) {
      const created: string[] = [];
      const existing: string[] = [];
      for (let start = 0; start < deliveries.length; start += MAX_TRANSACTION_ITEMS / 2) {
        let pending = deliveries.slice(start, start + MAX_TRANSACTION_ITEMS / 2).map(newDeliveryItems);
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt >= 10)
            throw new Error(`${pending.length} deliveries could not be written in 10 attempts`);
          const items = pending.flatMap((p) => p.items);
          try {
            await client.send(new TransactWriteCommand({ TransactItems: items }));
            created.push(...pending.map((p) => p.stored.recipientUnit));
            pending = [];
          } catch (error) {
            const codes = cancellationCodes(error);
            if (!codes) throw error;
            // Which deliveries exist already (their condition failed): left as they are; the rest again.
            let offset = 0;
            const again: typeof pending = [];
            let conflicts = 0;
            for (const one of pending) {
              const mine = codes.slice(offset, offset + one.items.length);
              offset += one.items.length;
              if (mine.includes('ConditionalCheckFailed')) existing.push(one.stored.recipientUnit);
              else again.push(one);
              if (mine.includes('TransactionConflict')) conflicts++;
            }
            const unexplained = codes.some(
              (code) => code && !['None', 'ConditionalCheckFailed', 'TransactionConflict'].includes(code),
            );
            if (unexplained) throw error;
            if (conflicts > 0) await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt));
            pending = again;
          }
        }
      }
      return { created, existing };
    },

    async update(documentId, unit, decide) {
      for (let attempt = 1; ; attempt++) {
        const before = await get(documentId, unit);
        if (!before) throw new DeliveryNotFound(documentId, unit);
        const transition = decide(before);
        try {
          const after = await commit(before, transition);
          return { ...transition, before, after };
        } catch (error) {
          if (!(error instanceof DeliveryChangedError) || attempt >= UPDATE_ATTEMPTS) throw error;
        }
      }
    },

    commit,
    transitionItems,

    async resend(previous, marked, fresh) {
      const old = transitionItems(previous, marked);
      const added = newDeliveryItems(fresh);
      try {
        await client.send(new TransactWriteCommand({ TransactItems: [...old.items, ...added.items] }));
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (codes.slice(old.items.length).includes('ConditionalCheckFailed')) {
          throw new ConflictError(
            `Unit ${fresh.delivery.recipientUnit} has a delivery of document ${previous.documentId} already`,
          );
        }
        const current = await get(previous.documentId, previous.recipientUnit);
        throw new DeliveryChangedError(
          `Delivery ${previous.id} changed meanwhile: it is now ${current?.state ?? 'gone'}`,
          current,
        );
      }
      return { returned: old.after, delivery: added.stored };
    },

    async reportUndeliverable(items) {
      let reported = 0;
      await Promise.all(
        items.map(async (item) => {
          const stream = deliveryStream(item.unit ?? item.recipient);
          const history = appendHistory(item.documentId, stream, undefined, [undeliverableEvent(item)]);
          const stored: StoredUndeliverable = { ...item, historyHead: history.head };
          try {
            await client.send(
              new TransactWriteCommand({
                TransactItems: [
                  putNew({
                    ...stored,
                    ...undeliverableKey(item.documentId, item.unit ?? item.recipient),
                    type: 'undeliverable',
                  }),
                  ...history.entries.map((entry) => putNew(historyItem(entry))),
                ],
              }),
            );
            reported++;
          } catch (error) {
            // Reported before (a redelivered expansion), or the unit has a delivery: nothing to add.
            if (!cancellationCodes(error)?.includes('ConditionalCheckFailed')) throw error;
          }
        }),
      );
      return { reported };
    },

    async undeliverableOf(documentId) {
      const items = await query({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': documentPk(documentId), ':prefix': UNDELIVERABLE_PREFIX },
      });
      return items.map((item) => withoutKeys<StoredUndeliverable>(item));
    },

    async tasksOf(documentId, unit) {
      const items = await query({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': documentPk(documentId), ':prefix': taskPrefix(unit) },
      });
      return items.map(toTask);
    },

    async inbox(unit, view, filters, page) {
      const result = await viewPage(inboxPk(unit), VIEW_CODES[view], filters, page, 'state');
      return { ...result, items: result.items.map(toDelivery) };
    },

    async mine(subject, view, filters, page) {
      const result = await viewPage(minePk(subject), VIEW_CODES[view], filters, page, 'deliveryState');
      return { ...result, items: result.items.map(toTask) };
    },
  };
}

export class DeliveryNotFound extends NotFoundError {
  constructor(documentId: string, unit: string) {
    super(`No delivery of document ${documentId} to unit ${unit}`);
  }
}

/** The reader alone, for other parts of the exchange (urge sweep, reply, archive). */
export const deliveryReader = (client: DynamoDBDocumentClient, table: string): DeliveryReader => {
  const store = dynamoDeliveryStore(client, table);
  return {
    get: store.get,
    exists: store.exists,
    ofDocument: store.ofDocument,
    dueBy: store.dueBy,
    historyHeads: store.historyHeads,
  };
};
