import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { RankingEntry, UnitScoreTable } from '@govshare/domain/assessment';
import { ConflictError, InvalidTransitionError } from '@govshare/domain/kernel';
import { cancellationCodes, isConditionFailure, packedJson, unpackedJson } from '../platform/dynamo.ts';
import {
  computationKey,
  computationsOfPeriod,
  periodKey,
  periodPk,
  rankingKey,
  TABLE_PREFIX,
  tableKey,
} from './table-keys.ts';

/** What is kept of a period besides its tables. */
export interface PeriodRecord {
  period: string;
  frozen: boolean;
  frozenAt?: string;
  frozenBy?: string;
  /** The last computation that wrote the tables. */
  computationId?: string;
  computedAt?: string;
  schemeVersion?: number;
  units?: number;
  /** The 通报's document id in the exchange, once requested. */
  bulletinDocumentId?: string;
  /**
   * The computation that holds the period (queued or running) and until when: one at a time, so
   * two computations never interleave their tables; a holder that died lets go when its lease ends.
   */
  computingId?: string;
  computingUntil?: string;
}

/**
 * How long a computation holds its period: from the request, and again from the start of its run.
 * Longer than a run may take (the consumer's timeout, 840 s); a computation that crashed, or whose
 * message was lost, stops blocking the period once it has passed.
 */
export const COMPUTATION_LEASE_MS = 20 * 60_000;
export const leaseFrom = (at: Date | string): string =>
  new Date(new Date(at).getTime() + COMPUTATION_LEASE_MS).toISOString();

export type ComputationState = 'queued' | 'running' | 'done' | 'failed';

export interface Computation {
  id: string;
  period: string;
  state: ComputationState;
  requestedAt: string;
  requestedBy: string;
  /** The unit of who asked (the audit trail records the computation under it). */
  requestedByUnit: string;
  /** Units scored so far, of `total` (known once the directory is read). */
  done: number;
  total: number;
  startedAt?: string;
  finishedAt?: string;
  schemeVersion?: number;
  /** Why it failed (a problem's title, never a record's content). */
  failure?: string;
  /**
   * Draft the period's 通报 when done, in the name of the requester's unit (a drafter of it): the
   * first start asks for one so a new user finds it in the exchange; the routes ask separately.
   */
  bulletin?: boolean;
}

/** A stored table with what the ranking put beside it. */
export interface StoredTable {
  table: UnitScoreTable;
  rank: number | null;
  ranked: number;
  rankChange?: number | null;
  totalChange?: number | null;
}

export interface ResultsStore {
  period(period: string): Promise<PeriodRecord | undefined>;
  /**
   * Stores a queued computation and makes it the period's holder until `leaseUntil`, in one
   * transaction on condition that no other holds the period (or its lease has ended) and that the
   * period is not frozen: ConflictError naming the holder, InvalidTransitionError when frozen.
   */
  createComputation(computation: Computation, leaseUntil: string): Promise<void>;
  /**
   * Renews the lease of the period's holder when its run starts; false if `computationId` no longer
   * holds the period (its lease ended and another computation took it over).
   */
  renewLease(period: string, computationId: string, until: string): Promise<boolean>;
  /** Lets go of the period if `computationId` holds it (a refused computation). */
  releaseLease(period: string, computationId: string): Promise<void>;
  computation(id: string): Promise<Computation | undefined>;
  /** Moves a computation on (state, progress); the fields given replace the stored ones. */
  updateComputation(id: string, changes: Partial<Omit<Computation, 'id' | 'period'>>): Promise<void>;
  /**
   * Writes a period's tables, its ranking and the period record, each slice of tables in one
   * transaction on condition that the period is not frozen (a freeze meanwhile: InvalidTransitionError,
   * and what was written before it is the last provisional computation's, never a frozen period's)
   * and that the computation still holds the period (taken over: ConflictError); the last
   * transaction lets go of it.
   */
  writeResults(args: {
    period: string;
    tables: readonly StoredTable[];
    ranking: readonly RankingEntry[];
    computation: Computation;
    at: string;
  }): Promise<void>;
  table(period: string, unit: string): Promise<StoredTable | undefined>;
  /** Every table of a period (all pages). */
  tables(period: string): Promise<StoredTable[]>;
  ranking(period: string): Promise<RankingEntry[] | undefined>;
  /** Freezes the period on condition that it is not frozen (InvalidTransitionError otherwise). */
  freeze(period: string, by: string, at: string): Promise<PeriodRecord>;
  recordBulletin(period: string, documentId: string): Promise<void>;
}

/** Tables per transaction: with the period's condition check, well inside 100 items and 4 MB. */
const TABLES_PER_TRANSACTION = 24;

const NOT_FROZEN = 'attribute_not_exists(frozen) OR frozen = :false';
const HOLDS = 'computingId = :holder';
const FREE_OR_EXPIRED = 'attribute_not_exists(computingId) OR computingUntil < :now';

const toStoredTable = (item: Record<string, unknown>): StoredTable => ({
  table: unpackedJson<UnitScoreTable>(item.table),
  rank: (item.rank as number | null | undefined) ?? null,
  ranked: (item.ranked as number | undefined) ?? 0,
  ...(item.rankChange !== undefined ? { rankChange: item.rankChange as number | null } : {}),
  ...(item.totalChange !== undefined ? { totalChange: item.totalChange as number | null } : {}),
});

const toPeriod = (item: Record<string, unknown>): PeriodRecord => {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return { frozen: false, ...(rest as Omit<PeriodRecord, 'frozen'>) } as PeriodRecord;
};

export function dynamoResultsStore(client: DynamoDBDocumentClient, table: string): ResultsStore {
  const get = async (key: { pk: string; sk: string }) =>
    (await client.send(new GetCommand({ TableName: table, Key: key }))).Item;

  return {
    async period(period) {
      const item = await get(periodKey(period));
      return item ? toPeriod(item) : undefined;
    },

    async createComputation(computation, leaseUntil) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table,
                  Key: periodKey(computation.period),
                  UpdateExpression:
                    'SET period = :period, frozen = if_not_exists(frozen, :false), computingId = :id, computingUntil = :until',
                  ConditionExpression: `(${NOT_FROZEN}) AND (${FREE_OR_EXPIRED})`,
                  ExpressionAttributeValues: {
                    ':period': computation.period,
                    ':false': false,
                    ':id': computation.id,
                    ':until': leaseUntil,
                    ':now': computation.requestedAt,
                  },
                },
              },
              {
                Put: {
                  TableName: table,
                  Item: {
                    ...computation,
                    ...computationKey(computation.id),
                    gsi1pk: computationsOfPeriod(computation.period),
                    gsi1sk: `${computation.requestedAt}#${computation.id}`,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (cancellationCodes(error)?.[0] !== 'ConditionalCheckFailed') throw error;
        const record = await get(periodKey(computation.period));
        if (record?.frozen === true)
          throw new InvalidTransitionError(`Period ${computation.period} is frozen: its tables are final`);
        throw new ConflictError(
          `Period ${computation.period} is being computed already: computation ${String(record?.computingId)} holds it until ${String(record?.computingUntil)} (GET /v1/assessment/computations/${String(record?.computingId)})`,
        );
      }
    },

    async renewLease(period, computationId, until) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: periodKey(period),
            UpdateExpression: 'SET computingUntil = :until',
            ConditionExpression: HOLDS,
            ExpressionAttributeValues: { ':until': until, ':holder': computationId },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async releaseLease(period, computationId) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: periodKey(period),
            UpdateExpression: 'REMOVE computingId, computingUntil',
            ConditionExpression: HOLDS,
            ExpressionAttributeValues: { ':holder': computationId },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async computation(id) {
      const item = await get(computationKey(id));
      if (!item) return undefined;
      const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...computation } = item;
      return computation as Computation;
    },

    async updateComputation(id, changes) {
      const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
      if (entries.length === 0) return;
      await client.send(
        new UpdateCommand({
          TableName: table,
          Key: computationKey(id),
          UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value])),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    },

    async writeResults({ period, tables, ranking, computation, at }) {
      const holder = { ':false': false, ':holder': computation.id };
      const stillHolds = {
        ConditionCheck: {
          TableName: table,
          Key: periodKey(period),
          ConditionExpression: `(${NOT_FROZEN}) AND ${HOLDS}`,
          ExpressionAttributeValues: holder,
        },
      };
      // Which condition failed: frozen meanwhile, or another computation took the period over.
      const refusal = async () => {
        const record = await get(periodKey(period));
        if (record?.frozen === true)
          return new InvalidTransitionError(
            `Period ${period} was frozen during the computation: its tables are final`,
          );
        return new ConflictError(
          `Computation ${computation.id} no longer holds period ${period}: its lease ended and ${String(record?.computingId ?? 'none')} took it over`,
        );
      };
      for (let start = 0; start < tables.length; start += TABLES_PER_TRANSACTION) {
        const slice = tables.slice(start, start + TABLES_PER_TRANSACTION);
        try {
          await client.send(
            new TransactWriteCommand({
              TransactItems: [
                stillHolds,
                ...slice.map((stored) => ({
                  Put: {
                    TableName: table,
                    Item: {
                      ...tableKey(period, stored.table.unit.code),
                      type: 'table',
                      unit: stored.table.unit.code,
                      peerGroup: stored.table.peerGroup,
                      total: stored.table.total,
                      vetoed: stored.table.vetoed,
                      rank: stored.rank,
                      ranked: stored.ranked,
                      ...(stored.rankChange !== undefined ? { rankChange: stored.rankChange } : {}),
                      ...(stored.totalChange !== undefined ? { totalChange: stored.totalChange } : {}),
                      computationId: computation.id,
                      table: packedJson(stored.table),
                    },
                  },
                })),
              ],
            }),
          );
        } catch (error) {
          if (isConditionFailure(error)) throw await refusal();
          throw error;
        }
      }
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table,
                  Item: {
                    ...rankingKey(period),
                    computationId: computation.id,
                    ranking: packedJson(ranking),
                  },
                },
              },
              {
                Update: {
                  TableName: table,
                  Key: periodKey(period),
                  UpdateExpression:
                    'SET computationId = :id, computedAt = :at, schemeVersion = :scheme, units = :units REMOVE computingId, computingUntil',
                  ConditionExpression: `(${NOT_FROZEN}) AND ${HOLDS}`,
                  ExpressionAttributeValues: {
                    ':id': computation.id,
                    ':at': at,
                    ':scheme': computation.schemeVersion ?? 0,
                    ':units': tables.length,
                    ...holder,
                  },
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) throw await refusal();
        throw error;
      }
    },

    async table(period, unit) {
      const item = await get(tableKey(period, unit));
      return item ? toStoredTable(item) : undefined;
    },

    async tables(period) {
      const stored: StoredTable[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': periodPk(period), ':prefix': TABLE_PREFIX },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        stored.push(...(page.Items ?? []).map(toStoredTable));
        start = page.LastEvaluatedKey;
      } while (start);
      return stored;
    },

    async ranking(period) {
      const item = await get(rankingKey(period));
      return item ? unpackedJson<RankingEntry[]>(item.ranking) : undefined;
    },

    async freeze(period, by, at) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: table,
            Key: periodKey(period),
            UpdateExpression: 'SET period = :period, frozen = :true, frozenAt = :at, frozenBy = :by',
            ConditionExpression: NOT_FROZEN,
            ExpressionAttributeValues: {
              ':period': period,
              ':true': true,
              ':false': false,
              ':at': at,
              ':by': by,
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return toPeriod(Attributes ?? {});
      } catch (error) {
        if (isConditionFailure(error)) throw new InvalidTransitionError(`Period ${period} is frozen already`);
        throw error;
      }
    },

    async recordBulletin(period, documentId) {
      await client.send(
        new UpdateCommand({
          TableName: table,
          Key: periodKey(period),
          UpdateExpression: 'SET bulletinDocumentId = :id',
          ExpressionAttributeValues: { ':id': documentId },
        }),
      );
    },
  };
}
