import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AdoptionLevel,
  type Commission,
  type InformationItem,
  type InformationQuotaTable,
  type InformationScoringMethod,
  type InformationState,
  informationYearOf,
  type LeaderLevel,
} from '@govshare/domain/assessment';
import type { Page } from '@govshare/domain/identity';
import { ConflictError, cstDay } from '@govshare/domain/kernel';
import {
  cancellationCodes,
  indexPage,
  isConditionFailure,
  packedJson,
  queryAll,
  type TransactItem,
  unpackedJson,
  versionedPuts,
} from '../../platform/dynamo.ts';

/**
 * Information reporting (政务信息报送) on the `assessment` table: items, their history, the office's
 * inbox, commissions (约稿) and each year's configuration (quotas and scoring method). Every record
 * is kept whole under `record`, beside its keys, so reading one never has to strip keys.
 *
 *   item:       pk INFO#<id>  sk ITEM          gsi1pk INFO#YEAR#<year>  gsi1sk <unit>#<submittedAt>#<id>
 *                                              the item (InformationItem, with its `version`), in its year's
 *                                              partition (the CST year it was submitted in, the year it
 *                                              counts to): a unit's items are a begins_with on gsi1sk
 *   history:    pk INFO#<id>  sk EVENT#<0001>  one line per change (action, level, by, at; no text), the
 *                                              item's version after it: written on condition that it is new
 *   inbox:      pk INFO#<id>  sk INBOX         gsi1pk INFO#INBOX  gsi1sk <submittedAt>#<id>
 *                                              while the office has not decided on the item (put with the
 *                                              submission, deleted by its first adoption or its decline)
 *   commission: pk COMMISSION#<id>  sk COMMISSION   gsi1pk COMMISSION#YEAR#<year>  gsi1sk <unit>#<dueAt>#<id>
 *                                              a 约稿 (StoredCommission, with its `version`); the year is the
 *                                              CST year of its deadline, the year it counts to; answered in
 *                                              the transaction that submits the answering item
 *   quotas:     pk QUOTA#<year>  sk QUOTAS | QUOTAS#VERSION#<0001>
 *                                              the year's quota table (采用任务分配表, gzip JSON under
 *                                              `record`: some thousands of units fit one item) in force,
 *                                              and every version saved (versionedPuts: one table replaces
 *                                              the other whole, never unit by unit)
 *   method:     pk QUOTA#<year>  sk METHOD | METHOD#VERSION#<0001>
 *                                              the year's scoring method (计分办法) in force, every version
 *
 * One transaction per change: the item on condition of its stored `version` (a new one on condition
 * that none exists), its history line, its inbox entry put or deleted, the commission it answers.
 * A year's items and commissions sit in one gsi1 partition each: a city reports some thousands of
 * items a year, which one partition serves; a province would shard the partition by unit.
 */

export type InformationAction = 'submitted' | 'adopted' | 'declined' | 'instructed';

/** One line of an item's history: who did what at which version (codes only, no text). */
export interface InformationHistoryLine {
  itemId: string;
  /** The item's version after the change. */
  version: number;
  action: InformationAction;
  at: string;
  by: string;
  level?: AdoptionLevel;
  combined?: boolean;
  leaderLevel?: LeaderLevel;
  commissionId?: string;
}

/** What the office's inbox shows of an item it has not decided on. */
export interface InboxEntry {
  itemId: string;
  unitCode: string;
  title: string;
  category: InformationItem['category'];
  submittedAt: string;
  commissionId?: string;
}

/** A commission as stored: who asked, and an optimistic lock. */
export type StoredCommission = Commission & { requestedBy: string; version: number };

export interface ListPage {
  limit: number;
  cursor?: string | undefined;
}

export interface InformationStore {
  getItem(id: string): Promise<InformationItem | undefined>;
  /** Every history line of an item, oldest first. */
  history(id: string): Promise<InformationHistoryLine[]>;
  /**
   * Writes a new item with its history line and inbox entry; with `answers`, the commission it
   * answers (on condition of its version and that nothing answered it) in the same transaction.
   * ConflictError if the item exists or the commission changed.
   */
  submit(item: InformationItem, by: string, answers?: StoredCommission): Promise<void>;
  /**
   * Reads the item, applies `change` (a domain transition) and writes the result on condition of
   * the version read, with its history line; the inbox entry goes once the item is decided. When
   * another request changed the item first, `change` is decided again on what is there now (so
   * a second adoption at the same level meets the domain's conflict), a few times at most.
   */
  updateItem(
    id: string,
    change: (item: InformationItem) => {
      item: InformationItem;
      line: Omit<InformationHistoryLine, 'itemId' | 'version'>;
    },
  ): Promise<InformationItem | undefined>;
  /** The items of a year, by unit then submission; one unit's with `unitCode`; `state` filters. */
  listItems(
    year: number,
    filter: { unitCode?: string | undefined; state?: InformationState | undefined },
    page: ListPage,
  ): Promise<Page<InformationItem>>;
  /** Every item of a year (of one unit with `unitCode`), for scoring. */
  yearItems(year: number, unitCode?: string): Promise<InformationItem[]>;
  /** The items the office has not decided on, oldest first. */
  inbox(page: ListPage): Promise<Page<InboxEntry>>;
  createCommission(commission: StoredCommission): Promise<void>;
  getCommission(id: string): Promise<StoredCommission | undefined>;
  listCommissions(
    year: number,
    filter: { unitCode?: string | undefined; open?: boolean | undefined },
    page: ListPage,
  ): Promise<Page<StoredCommission>>;
  /** Every commission of a year (of one unit with `unitCode`), for scoring. */
  yearCommissions(year: number, unitCode?: string): Promise<StoredCommission[]>;
  /** The year's quota table in force; no quotas before the first save. */
  quotaTable(year: number): Promise<InformationQuotaTable>;
  savedQuotaTable(year: number): Promise<SavedYearSetting<InformationQuotaTable> | undefined>;
  /**
   * Saves the year's table as `version`, which must be the current + 1 (1 for the first): the whole
   * table replaces the one in force, and of two editors who read the same version the second meets a
   * ConflictError, having written nothing.
   */
  saveQuotaTable(
    table: InformationQuotaTable,
    version: SaveVersion,
  ): Promise<SavedYearSetting<InformationQuotaTable>>;
  scoringMethod(year: number): Promise<InformationScoringMethod | undefined>;
  savedScoringMethod(year: number): Promise<SavedYearSetting<InformationScoringMethod> | undefined>;
  /** As saveQuotaTable, for the year's scoring method. */
  saveScoringMethod(
    method: InformationScoringMethod,
    version: SaveVersion,
  ): Promise<SavedYearSetting<InformationScoringMethod>>;
}

/** Which version a save writes, by whom, when. */
export interface SaveVersion {
  version: number;
  savedBy: string;
  savedAt: string;
}

/** A saved version of one of a year's settings (its quota table, its scoring method). */
export interface SavedYearSetting<T> extends SaveVersion {
  value: T;
}

// ── Keys (built here only) ───────────────────────────────────────────────────────────────────

const itemPk = (id: string) => `INFO#${id}`;
const ITEM_SK = 'ITEM';
const INBOX_SK = 'INBOX';
const INBOX_PK = 'INFO#INBOX';
const EVENT_PREFIX = 'EVENT#';
const eventSk = (version: number) => `${EVENT_PREFIX}${String(version).padStart(4, '0')}`;
const itemYearPk = (year: number) => `INFO#YEAR#${year}`;
const commissionPk = (id: string) => `COMMISSION#${id}`;
const COMMISSION_SK = 'COMMISSION';
const commissionYearPk = (year: number) => `COMMISSION#YEAR#${year}`;
const quotaPk = (year: number) => `QUOTA#${year}`;
const QUOTAS_SK = 'QUOTAS';
const METHOD_SK = 'METHOD';
const versionSk = (current: string, version: number) =>
  `${current}#VERSION#${String(version).padStart(4, '0')}`;
const INDEX = 'gsi1';

/** The CST year a commission counts to: that of its deadline (an instant just before it, as the domain). */
export const commissionYearOf = (commission: Pick<Commission, 'dueAt'>): number =>
  Number(cstDay(new Date(Date.parse(commission.dueAt) - 1)).slice(0, 4));

/** How many times an update is decided again after another request changed the item first. */
const UPDATE_ATTEMPTS = 4;

const versionCondition = (expected: number) => ({
  ConditionExpression: '#record.#version = :version',
  ExpressionAttributeNames: { '#record': 'record', '#version': 'version' },
  ExpressionAttributeValues: { ':version': expected },
});
const isNew = { ConditionExpression: 'attribute_not_exists(pk)' };

export function dynamoInformationStore(client: DynamoDBDocumentClient, table: string): InformationStore {
  const itemPut = (item: InformationItem, condition: object): TransactItem => ({
    Put: {
      TableName: table,
      Item: {
        pk: itemPk(item.id),
        sk: ITEM_SK,
        gsi1pk: itemYearPk(informationYearOf(item)),
        gsi1sk: `${item.unitCode}#${item.submittedAt}#${item.id}`,
        record: item,
      },
      ...condition,
    },
  });
  const historyPut = (line: InformationHistoryLine): TransactItem => ({
    Put: {
      TableName: table,
      Item: { pk: itemPk(line.itemId), sk: eventSk(line.version), record: line },
      ...isNew,
    },
  });
  const inboxPut = (item: InformationItem): TransactItem => {
    const entry: InboxEntry = {
      itemId: item.id,
      unitCode: item.unitCode,
      title: item.title,
      category: item.category,
      submittedAt: item.submittedAt,
      ...(item.commissionId ? { commissionId: item.commissionId } : {}),
    };
    return {
      Put: {
        TableName: table,
        Item: {
          pk: itemPk(item.id),
          sk: INBOX_SK,
          gsi1pk: INBOX_PK,
          gsi1sk: `${item.submittedAt}#${item.id}`,
          record: entry,
        },
      },
    };
  };
  const commissionPut = (commission: StoredCommission, condition: object): TransactItem => ({
    Put: {
      TableName: table,
      Item: {
        pk: commissionPk(commission.id),
        sk: COMMISSION_SK,
        gsi1pk: commissionYearPk(commissionYearOf(commission)),
        gsi1sk: `${commission.unitCode}#${commission.dueAt}#${commission.id}`,
        record: commission,
      },
      ...condition,
    },
  });

  const transact = (items: TransactItem[]) => client.send(new TransactWriteCommand({ TransactItems: items }));

  const getRecord = async <T>(pk: string, sk: string): Promise<T | undefined> => {
    const { Item } = await client.send(
      new GetCommand({ TableName: table, Key: { pk, sk }, ConsistentRead: true }),
    );
    return Item?.record as T | undefined;
  };

  /** A year's setting in force (sk `current`), its record read by `read`. */
  const savedSetting = async <T>(
    year: number,
    current: string,
    read: (record: unknown) => T,
  ): Promise<SavedYearSetting<T> | undefined> => {
    const { Item } = await client.send(
      new GetCommand({ TableName: table, Key: { pk: quotaPk(year), sk: current }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { version, savedBy, savedAt } = Item as Record<string, unknown> as unknown as SaveVersion;
    return { value: read(Item.record), version, savedBy, savedAt };
  };

  /** Saves a year's setting as `version` (versionedPuts); ConflictError naming the version in force. */
  const saveSetting = async <T>(
    year: number,
    current: string,
    name: string,
    value: T,
    record: unknown,
    saved: SaveVersion,
  ): Promise<SavedYearSetting<T>> => {
    try {
      await transact(
        versionedPuts(
          table,
          { record, ...saved },
          {
            version: { pk: quotaPk(year), sk: versionSk(current, saved.version) },
            current: { pk: quotaPk(year), sk: current },
          },
        ),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const inForce = (await savedSetting(year, current, (r) => r))?.version ?? 0;
      throw new ConflictError(
        `The ${name} of ${year} is at version ${inForce}: version ${saved.version} cannot be saved (read it and write version ${inForce + 1})`,
      );
    }
    return { value, ...saved };
  };

  /** A year's partition of gsi1, or one unit's part of it. */
  const yearQuery = (gsi1pk: string, unitCode: string | undefined) => ({
    TableName: table,
    IndexName: INDEX,
    KeyConditionExpression: unitCode ? 'gsi1pk = :pk AND begins_with(gsi1sk, :unit)' : 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': gsi1pk, ...(unitCode ? { ':unit': `${unitCode}#` } : {}) },
  });

  const recordsOf = <T>(items: Record<string, unknown>[]) => items.map((item) => item.record as T);

  return {
    getItem: (id) => getRecord<InformationItem>(itemPk(id), ITEM_SK),

    async history(id) {
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
        ExpressionAttributeValues: { ':pk': itemPk(id), ':events': EVENT_PREFIX },
        ConsistentRead: true,
      });
      return recordsOf<InformationHistoryLine>(items);
    },

    async submit(item, by, answers) {
      const line: InformationHistoryLine = {
        itemId: item.id,
        version: item.version,
        action: 'submitted',
        at: item.submittedAt,
        by,
        ...(item.commissionId ? { commissionId: item.commissionId } : {}),
      };
      const writes = [itemPut(item, isNew), historyPut(line), inboxPut(item)];
      if (answers) {
        const answered: StoredCommission = {
          ...answers,
          itemId: item.id,
          answeredAt: item.submittedAt,
          version: answers.version + 1,
        };
        writes.push(
          commissionPut(answered, {
            ConditionExpression: '#record.#version = :version AND attribute_not_exists(#record.#itemId)',
            ExpressionAttributeNames: { '#record': 'record', '#version': 'version', '#itemId': 'itemId' },
            ExpressionAttributeValues: { ':version': answers.version },
          }),
        );
      }
      try {
        await transact(writes);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const codes = cancellationCodes(error) ?? [];
        if (codes[3] === 'ConditionalCheckFailed' && answers) {
          throw new ConflictError(
            `Commission ${answers.id} was answered by another item while this one was submitted`,
          );
        }
        throw new ConflictError(`Information item ${item.id} exists already`);
      }
    },

    async updateItem(id, change) {
      for (let attempt = 1; ; attempt++) {
        const before = await getRecord<InformationItem>(itemPk(id), ITEM_SK);
        if (!before) return undefined;
        const { item, line } = change(before);
        const writes = [
          itemPut(item, versionCondition(before.version)),
          historyPut({ ...line, itemId: id, version: item.version }),
        ];
        // Decided: adopted (its first adoption) or declined; later adoptions find no entry to delete.
        if (before.state === 'submitted' && item.state !== 'submitted') {
          writes.push({ Delete: { TableName: table, Key: { pk: itemPk(id), sk: INBOX_SK } } });
        }
        try {
          await transact(writes);
          return item;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          if (attempt >= UPDATE_ATTEMPTS) {
            throw new ConflictError(
              `Information item ${id} is being changed by others at the same time: read it again and retry`,
            );
          }
        }
      }
    },

    async listItems(year, filter, page) {
      const base = yearQuery(itemYearPk(year), filter.unitCode);
      const result = await indexPage(
        client,
        filter.state
          ? {
              ...base,
              FilterExpression: '#record.#state = :state',
              ExpressionAttributeNames: { '#record': 'record', '#state': 'state' },
              ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ':state': filter.state },
            }
          : base,
        itemYearPk(year),
        page,
      );
      return { ...result, items: recordsOf<InformationItem>(result.items) };
    },

    async yearItems(year, unitCode) {
      return recordsOf<InformationItem>(await queryAll(client, yearQuery(itemYearPk(year), unitCode)));
    },

    async inbox(page) {
      const result = await indexPage(
        client,
        {
          TableName: table,
          IndexName: INDEX,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': INBOX_PK },
        },
        INBOX_PK,
        page,
      );
      return { ...result, items: recordsOf<InboxEntry>(result.items) };
    },

    async createCommission(commission) {
      try {
        await transact([commissionPut(commission, isNew)]);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        throw new ConflictError(`Commission ${commission.id} exists already`);
      }
    },

    getCommission: (id) => getRecord<StoredCommission>(commissionPk(id), COMMISSION_SK),

    async listCommissions(year, filter, page) {
      const base = yearQuery(commissionYearPk(year), filter.unitCode);
      const result = await indexPage(
        client,
        filter.open === undefined
          ? base
          : {
              ...base,
              FilterExpression: filter.open
                ? 'attribute_not_exists(#record.#itemId)'
                : 'attribute_exists(#record.#itemId)',
              ExpressionAttributeNames: { '#record': 'record', '#itemId': 'itemId' },
            },
        commissionYearPk(year),
        page,
      );
      return { ...result, items: recordsOf<StoredCommission>(result.items) };
    },

    async yearCommissions(year, unitCode) {
      return recordsOf<StoredCommission>(await queryAll(client, yearQuery(commissionYearPk(year), unitCode)));
    },

    async quotaTable(year) {
      return (
        (await savedSetting(year, QUOTAS_SK, unpackedJson<InformationQuotaTable>))?.value ?? {
          year,
          quotas: [],
        }
      );
    },
    savedQuotaTable: (year) => savedSetting(year, QUOTAS_SK, unpackedJson<InformationQuotaTable>),
    saveQuotaTable: (quotaTable, version) =>
      saveSetting(quotaTable.year, QUOTAS_SK, '采用任务分配表', quotaTable, packedJson(quotaTable), version),

    scoringMethod: async (year) =>
      (await savedSetting(year, METHOD_SK, (record) => record as InformationScoringMethod))?.value,
    savedScoringMethod: (year) =>
      savedSetting(year, METHOD_SK, (record) => record as InformationScoringMethod),
    saveScoringMethod: (method, version) =>
      saveSetting(method.year, METHOD_SK, '计分办法', method, method, version),
  };
}
