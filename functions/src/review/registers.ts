import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Page } from '@govshare/domain/identity';
import { ConflictError, UnprocessableError } from '@govshare/domain/kernel';
import {
  type CorpusEntry,
  type CorpusProject,
  DEFAULT_REVIEW_RULES,
  type EarlierProjectInput,
  formatYuan,
  type PlanItemInput,
  type PlanItemStanding,
  type RegisteredSystem,
  type ReviewRules,
  type SystemInput,
} from '@govshare/domain/review';
import {
  batchGetAll,
  decodeCursor,
  encodeCursor,
  isConditionFailure,
  keyOf,
  queryAll,
  type ShardPosition,
  shardPositionOf,
  type TransactItem,
  versionedPuts,
} from '../platform/dynamo.ts';
import {
  CORPUS_PROJECT_PREFIX,
  CORPUS_SHARDS,
  CORPUS_SYSTEM_PREFIX,
  corpusPk,
  corpusProjectKey,
  corpusRevisionKey,
  corpusShardOf,
  corpusSystemKey,
  currentRulesKey,
  PLAN_PK,
  planItemKey,
  rulesVersionKey,
} from './table-keys.ts';

/**
 * What the e-government office keeps in the `review` table: the 规划 items, the corpus the
 * duplicate-construction check compares with (the register of existing systems, the earlier
 * projects, each platform project's latest submitted version), and the versioned rule file.
 *
 * A plan item is written with UpdateItem SET of its own fields only: `approvedFen` is the approval
 * transaction's (ADD), and a change of the envelope must not erase it. Every corpus write adds 1
 * to its shard's revision in the same transaction (corpusEntryWrites), which is how a warm checks
 * consumer knows its index is still the corpus (corpus-index.ts).
 */

export interface CorpusShard {
  shard: number;
  revision: number;
  entries: CorpusEntry[];
}

export interface ReviewRegisters {
  getPlanItem(code: string): Promise<PlanItemStanding | undefined>;
  /** Every plan item, by code (a plan holds tens to hundreds). */
  listPlanItems(): Promise<PlanItemStanding[]>;
  /** Adds or changes an item; the envelope may not fall below what is approved against it (422). */
  putPlanItem(code: string, input: PlanItemInput, at: string): Promise<PlanItemStanding>;
  /**
   * Writes a new item with what was approved against it before the platform (the sample plan's
   * earlier years); false, and nothing written, if the item exists.
   */
  addPlanItem(item: PlanItemStanding, at: string): Promise<boolean>;

  getCorpusEntry(kind: CorpusEntry['kind'], id: string): Promise<CorpusEntry | undefined>;
  getSystem(id: string): Promise<RegisteredSystem | undefined>;
  putSystem(id: string, input: SystemInput, at: string): Promise<RegisteredSystem>;
  /** Systems of the register, optionally of one unit, in pages (a walk over the corpus shards). */
  listSystems(options: { unit?: string; limit: number; cursor?: string }): Promise<Page<RegisteredSystem>>;
  /** An earlier project (往年项目), known only from before the platform. */
  putEarlierProject(id: string, input: EarlierProjectInput, at: string): Promise<CorpusProject>;

  /** The revision of every shard, in shard order (0 for a shard never written). */
  corpusRevisions(): Promise<number[]>;
  /** One shard's entries (all pages). */
  readCorpusShard(shard: number): Promise<CorpusEntry[]>;
  /** The whole corpus: the shards read in parallel. */
  readCorpus(): Promise<CorpusShard[]>;

  /** The rule file in force; the domain's defaults (version 0) until one is written. */
  currentRules(): Promise<ReviewRules>;
  rulesVersion(version: number): Promise<ReviewRules | undefined>;
  /**
   * Writes version `replaces + 1` and makes it current, in one transaction on condition that
   * `replaces` is still current: a lost race is a ConflictError.
   */
  putRules(
    rules: Pick<ReviewRules, 'budget' | 'similarity'>,
    replaces: number,
    by: string,
    at: string,
  ): Promise<ReviewRules>;
}

/**
 * The items that write a corpus entry: the entry and its shard's revision + 1. The project store
 * puts them in its own transaction when a submission becomes a project's latest submitted version.
 */
export function corpusEntryWrites(table: string, entry: CorpusEntry): TransactItem[] {
  const key = entry.kind === 'system' ? corpusSystemKey(entry.id) : corpusProjectKey(entry.id);
  return [
    { Put: { TableName: table, Item: { ...entry, ...key } } },
    {
      Update: {
        TableName: table,
        Key: corpusRevisionKey(corpusShardOf(entry.id)),
        UpdateExpression: 'ADD revision :one',
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
  ];
}

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
};

const planItemOf = (item: Record<string, unknown>): PlanItemStanding => ({
  code: String(item.sk).slice('ITEM#'.length),
  name: item.name as string,
  state: item.state as PlanItemStanding['state'],
  envelope: item.envelope as number,
  approved: (item.approvedFen as number | undefined) ?? 0,
});

const isCorpusEntry = (item: Record<string, unknown>) =>
  typeof item.sk === 'string' &&
  (item.sk.startsWith(CORPUS_PROJECT_PREFIX) || item.sk.startsWith(CORPUS_SYSTEM_PREFIX));

const rulesOf = (item: Record<string, unknown>): ReviewRules => {
  const { budget, similarity, version, updatedAt, updatedBy } = item as unknown as ReviewRules;
  return {
    version,
    budget,
    similarity,
    ...(updatedAt ? { updatedAt } : {}),
    ...(updatedBy ? { updatedBy } : {}),
  };
};

/** Where a walk over the corpus shards for systems stands. */
type SystemsPosition = ShardPosition;

export function dynamoReviewRegisters(client: DynamoDBDocumentClient, table: string): ReviewRegisters {
  const getItem = async (Key: Record<string, unknown>, consistent = false) =>
    (await client.send(new GetCommand({ TableName: table, Key, ConsistentRead: consistent }))).Item;

  const writeEntry = async (entry: CorpusEntry) => {
    await client.send(new TransactWriteCommand({ TransactItems: corpusEntryWrites(table, entry) }));
    return entry;
  };

  const readCorpusShard = async (shard: number) =>
    (
      await queryAll(client, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': corpusPk(shard) },
        ConsistentRead: true,
      })
    )
      .filter(isCorpusEntry)
      .map((item) => strip<CorpusEntry>(item));

  const corpusRevisions = async () => {
    const found = await batchGetAll(
      client,
      table,
      Array.from({ length: CORPUS_SHARDS }, (_, shard) => corpusRevisionKey(shard)),
      { consistentRead: true },
    );
    const bySk = new Map(
      found.map((item) => [item.pk as string, (item.revision as number | undefined) ?? 0]),
    );
    return Array.from({ length: CORPUS_SHARDS }, (_, shard) => bySk.get(corpusPk(shard)) ?? 0);
  };

  return {
    async getPlanItem(code) {
      const item = await getItem(planItemKey(code), true);
      return item ? planItemOf(item) : undefined;
    },

    async addPlanItem({ code, name, envelope, state, approved }, at) {
      try {
        await client.send(
          new PutCommand({
            TableName: table,
            Item: { ...planItemKey(code), name, envelope, state, approvedFen: approved, updatedAt: at },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async listPlanItems() {
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PLAN_PK },
      });
      return items.map(planItemOf);
    },

    async putPlanItem(code, input, at) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: table,
            Key: planItemKey(code),
            UpdateExpression: 'SET #name = :name, envelope = :envelope, #state = :state, updatedAt = :at',
            ConditionExpression: 'attribute_not_exists(approvedFen) OR approvedFen <= :envelope',
            ExpressionAttributeNames: { '#name': 'name', '#state': 'state' },
            ExpressionAttributeValues: {
              ':name': input.name,
              ':envelope': input.envelope,
              ':state': input.state,
              ':at': at,
            },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return planItemOf(Attributes ?? {});
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const approved = ((error as { Item?: Record<string, unknown> }).Item?.approvedFen as number) ?? 0;
        throw new UnprocessableError(
          [
            {
              path: 'body.envelope',
              message: `must be at least the ${approved} fen (${formatYuan(approved)}) already approved against the item`,
            },
          ],
          `Plan item ${code} has more approved against it than the new envelope`,
        );
      }
    },

    async getCorpusEntry(kind, id) {
      const item = await getItem(kind === 'system' ? corpusSystemKey(id) : corpusProjectKey(id));
      return item ? strip<CorpusEntry>(item) : undefined;
    },

    async getSystem(id) {
      const item = await getItem(corpusSystemKey(id));
      return item ? strip<RegisteredSystem>(item) : undefined;
    },

    putSystem: (id, input, at) =>
      writeEntry({ ...input, id, kind: 'system', updatedAt: at }) as Promise<RegisteredSystem>,

    putEarlierProject: (id, input, at) =>
      writeEntry({ ...input, id, kind: 'project', updatedAt: at }) as Promise<CorpusProject>,

    async listSystems({ unit, limit, cursor }) {
      const position: SystemsPosition = cursor ? decodeSystemsCursor(cursor) : { shard: 0 };
      const items: RegisteredSystem[] = [];
      let { shard, start } = position;
      while (shard < CORPUS_SHARDS && items.length < limit) {
        const page = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :systems)',
            ...(unit
              ? { FilterExpression: '#unit = :unit', ExpressionAttributeNames: { '#unit': 'unit' } }
              : {}),
            ExpressionAttributeValues: {
              ':pk': corpusPk(shard),
              ':systems': CORPUS_SYSTEM_PREFIX,
              ...(unit ? { ':unit': unit } : {}),
            },
            Limit: limit - items.length,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of page.Items ?? []) items.push(strip<RegisteredSystem>(item));
        start = page.LastEvaluatedKey as Record<string, string> | undefined;
        if (!start) shard += 1;
      }
      return shard < CORPUS_SHARDS ? { items, nextCursor: encodeCursor({ shard, start }) } : { items };
    },

    corpusRevisions,
    readCorpusShard,

    async readCorpus() {
      // Revisions first: an entry written meanwhile is read with the revision before it, so the
      // next comparison re-reads its shard rather than miss it.
      const revisions = await corpusRevisions();
      return Promise.all(
        revisions.map(async (revision, shard) => ({
          shard,
          revision,
          entries: await readCorpusShard(shard),
        })),
      );
    },

    async currentRules() {
      const item = await getItem(currentRulesKey, true);
      return item ? rulesOf(item) : DEFAULT_REVIEW_RULES;
    },

    async rulesVersion(version) {
      if (version === 0) return DEFAULT_REVIEW_RULES;
      const item = await getItem(rulesVersionKey(version));
      return item ? rulesOf(item) : undefined;
    },

    async putRules({ budget, similarity }, replaces, by, at) {
      const stored: ReviewRules = { version: replaces + 1, budget, similarity, updatedAt: at, updatedBy: by };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: versionedPuts(table, stored, {
              version: rulesVersionKey(stored.version),
              current: currentRulesKey,
            }),
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) {
          throw new ConflictError(
            `The rule file is no longer version ${replaces}: read the current one and write again`,
          );
        }
        throw error;
      }
      return stored;
    },
  };
}

const isSystemsPosition = shardPositionOf(CORPUS_SHARDS, (shard) =>
  keyOf(['pk', 'sk'], { pk: corpusPk(shard) }),
);
const decodeSystemsCursor = (cursor: string) => decodeCursor(cursor, isSystemsPosition);
