import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type AuditEvent,
  type AuditRecord,
  auditDay,
  type ChainHead,
  chainRecord,
  emptyHead,
  genesisHash,
} from '@govshare/domain/audit';
import { batchWriteAll, cancellationCodes, decodeKeyCursor, encodeCursor } from '../platform/dynamo.ts';

/**
 * The audit table. Item types (all keyed pk/sk, one overloaded gsi1):
 *
 *   CHAIN#<day>  SEQ#<seq, 12 digits>  one audit record (AuditRecord); gsi1 = PROVIDER#<unit> / <at>#<id>
 *   CHAIN#<day>  HEAD                  the chain head: seq and hash of the last record, sealedAt
 *   EVENT#<id>   EVENT                 marks an event id as appended (day, seq): re-delivery is a no-op
 *   SUBJECT#<h>  <at>#<id>             one per subject hash of an event: who looked that subject up
 *
 * Appending is one TransactWriteItems of the record, the head (conditional on the seq it was read
 * at, and on the day not being sealed) and the event marker (conditional on not existing). Two
 * appenders racing for the same seq: one wins, the other re-reads the head and tries again. The
 * subject items are an index, outside the chain (a transaction holds at most 100 items and a batch
 * lookup has up to 100 subjects); they are idempotent puts, written again on re-delivery.
 */
export interface SubjectHit {
  eventId: string;
  at: string;
  day: string;
  seq: number;
  action: string;
  actor: AuditEvent['actor'];
  providerUnit?: string;
  resourceCode?: string;
  grantId?: string;
  purpose?: string;
  outcome: AuditEvent['outcome'];
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface AppendResult {
  record: AuditRecord;
  /** The event had been appended before: `record` is that earlier record. */
  duplicate: boolean;
}

export interface AuditStore {
  /** Appends an event to its day's chain once, whatever the number of deliveries. */
  append(event: AuditEvent, now?: Date): Promise<AppendResult>;
  /**
   * Appends events in their order, several per transaction (what the consumer does with a batch); one
   * result per event. Throws on the first failure: the events before it are appended, the rest not.
   */
  appendBatch(events: readonly AuditEvent[], now?: Date): Promise<AppendResult[]>;
  head(day: string): Promise<ChainHead | undefined>;
  /** One record of a day's chain, as stored. */
  record(day: string, seq: number): Promise<AuditRecord | undefined>;
  /** Every record of a day, in seq order, as stored. */
  chain(day: string): Promise<AuditRecord[]>;
  /** Closes a day: nothing is appended to it afterwards (late events go to the current day). */
  seal(day: string, now: Date): Promise<ChainHead>;
  byProvider(
    unit: string,
    range: { from: string; to: string; limit: number; cursor?: string },
  ): Promise<Page<AuditRecord>>;
  bySubject(subjectHash: string, range: { limit: number; cursor?: string }): Promise<Page<SubjectHit>>;
}

const chainPk = (day: string) => `CHAIN#${day}`;
const seqSk = (seq: number) => `SEQ#${String(seq).padStart(12, '0')}`;
const HEAD_SK = 'HEAD';
const eventKey = (id: string) => ({ pk: `EVENT#${id}`, sk: 'EVENT' });
const providerPk = (unit: string) => `PROVIDER#${unit}`;
const subjectPk = (hash: string) => `SUBJECT#${hash}`;
const MAX_APPEND_ATTEMPTS = 50;
/** Events per transaction: two items each plus the head, within DynamoDB's 100 items. */
const MAX_RUN = 40;

class AlreadyAppended extends Error {}

/** The chain an event goes to: the day of the action, unless that is in the future (a skewed clock). */
function targetDay(event: AuditEvent, now: Date): string {
  const today = auditDay(now);
  const actionDay = auditDay(new Date(event.at));
  return actionDay < today ? actionDay : today;
}

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk'] as const;

function toRecord(item: Record<string, unknown>): AuditRecord {
  const record = { ...item };
  for (const key of KEY_ATTRIBUTES) delete record[key];
  return record as unknown as AuditRecord;
}

function toHead(item: Record<string, unknown>): ChainHead {
  return {
    day: item.day as string,
    seq: item.seq as number,
    hash: item.hash as string,
    ...(typeof item.sealedAt === 'string' ? { sealedAt: item.sealedAt } : {}),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function dynamoAuditStore(client: DynamoDBDocumentClient, table: string): AuditStore {
  const getHead = async (day: string) => {
    const { Item } = await client.send(
      new GetCommand({ TableName: table, Key: { pk: chainPk(day), sk: HEAD_SK }, ConsistentRead: true }),
    );
    return Item ? toHead(Item) : undefined;
  };

  const writeSubjectItems = async (record: AuditRecord) => {
    const hit: SubjectHit = {
      eventId: record.id,
      at: record.at,
      day: record.day,
      seq: record.seq,
      action: record.action,
      actor: record.actor,
      outcome: record.outcome,
      ...(record.providerUnit ? { providerUnit: record.providerUnit } : {}),
      ...(record.resourceCode ? { resourceCode: record.resourceCode } : {}),
      ...(record.grantId ? { grantId: record.grantId } : {}),
      ...(record.purpose ? { purpose: record.purpose } : {}),
    };
    const puts = [...new Set(record.subjectHashes)].map((hash) => ({
      PutRequest: { Item: { pk: subjectPk(hash), sk: `${record.at}#${record.id}`, ...hit } },
    }));
    await batchWriteAll(client, table, puts);
  };

  // The last head this instance wrote, per day: consecutive appends (a batch) skip re-reading it. A
  // stale one only costs a failed condition and a fresh read.
  const knownHeads = new Map<string, ChainHead>();

  const readAppended = async (event: AuditEvent): Promise<AuditRecord> => {
    const { Item } = await client.send(
      new GetCommand({ TableName: table, Key: eventKey(event.id), ConsistentRead: true }),
    );
    const { Item: existing } = await client.send(
      new GetCommand({
        TableName: table,
        Key: { pk: chainPk(Item?.day as string), sk: seqSk(Item?.seq as number) },
        ConsistentRead: true,
      }),
    );
    if (!existing) throw new Error(`Event ${event.id} is marked appended but its record is missing`);
    return toRecord(existing);
  };

  /**
   * Appends a run of events of one day in one transaction: a marker and a record per event, and the
   * head once. Throws AlreadyAppended when a run of several holds an event appended before.
   */
  const appendRun = async (events: AuditEvent[], now: Date): Promise<AppendResult[]> => {
    const [firstEvent] = events;
    if (!firstEvent) return [];
    const today = auditDay(now);
    let day = targetDay(firstEvent, now);
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt += 1) {
      const stored = knownHeads.get(day) ?? (await getHead(day));
      knownHeads.delete(day);
      if (stored?.sealedAt) {
        day = today;
        continue;
      }
      let head = stored ?? emptyHead(day);
      const records = events.map((event) => {
        const record = chainRecord(head, event, now.toISOString());
        head = { day, seq: record.seq, hash: record.hash };
        return record;
      });
      const startSeq = (stored ?? emptyHead(day)).seq;
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              ...records.flatMap((record) => [
                {
                  Put: {
                    TableName: table,
                    Item: { ...eventKey(record.id), day, seq: record.seq },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                {
                  Put: {
                    TableName: table,
                    Item: {
                      ...record,
                      pk: chainPk(day),
                      sk: seqSk(record.seq),
                      ...(record.providerUnit
                        ? { gsi1pk: providerPk(record.providerUnit), gsi1sk: `${record.at}#${record.id}` }
                        : {}),
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ]),
              {
                Put: {
                  TableName: table,
                  Item: { pk: chainPk(day), sk: HEAD_SK, day, seq: head.seq, hash: head.hash },
                  ConditionExpression: stored
                    ? 'seq = :seq AND attribute_not_exists(sealedAt)'
                    : 'attribute_not_exists(pk)',
                  ...(stored ? { ExpressionAttributeValues: { ':seq': startSeq } } : {}),
                },
              },
            ],
          }),
        );
        if (knownHeads.size > 3) knownHeads.clear();
        knownHeads.set(day, head);
        for (const record of records) await writeSubjectItems(record);
        return records.map((record) => ({ record, duplicate: false }));
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        const markerFailed = records.some((_, i) => codes[2 * i] === 'ConditionalCheckFailed');
        if (markerFailed) {
          if (events.length > 1) throw new AlreadyAppended();
          // Appended before (a re-delivery): finish what the first delivery may not have (the subject index).
          const earlier = await readAppended(firstEvent);
          await writeSubjectItems(earlier);
          return [{ record: earlier, duplicate: true }];
        }
        // Someone else appended (or sealed) first, or a transaction conflict: read the head again.
        await pause(Math.floor(Math.random() * Math.min(200, 5 * 2 ** attempt)));
      }
    }
    throw new Error(`Could not append ${events.length} event(s) after ${MAX_APPEND_ATTEMPTS} attempts`);
  };

  return {
    async append(event, now = new Date()) {
      const [result] = await appendRun([event], now);
      if (!result) throw new Error(`Event ${event.id} was not appended`);
      return result;
    },

    async appendBatch(events, now = new Date()) {
      const results: AppendResult[] = [];
      const seen = new Map<string, number>();
      let run: AuditEvent[] = [];
      let runDay: string | undefined;
      const flush = async () => {
        if (run.length === 0) return;
        try {
          results.push(...(await appendRun(run, now)));
        } catch (error) {
          if (!(error instanceof AlreadyAppended)) throw error;
          // Some event of the run was appended before (a re-delivery): one at a time, so each is told apart.
          for (const event of run) results.push(...(await appendRun([event], now)));
        }
        run = [];
      };
      for (const [index, event] of events.entries()) {
        const first = seen.get(event.id);
        if (first !== undefined) {
          // The same event twice in one batch: a transaction may not touch one item twice.
          await flush();
          const earlier = results[first];
          if (!earlier) throw new Error(`Event ${event.id} was not appended`);
          results.push({ record: earlier.record, duplicate: true });
          continue;
        }
        seen.set(event.id, index);
        const day = targetDay(event, now);
        if (run.length >= MAX_RUN || (runDay !== undefined && day !== runDay)) await flush();
        runDay = day;
        run.push(event);
      }
      await flush();
      return results;
    },

    head: getHead,

    async record(day, seq) {
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: { pk: chainPk(day), sk: seqSk(seq) }, ConsistentRead: true }),
      );
      return Item ? toRecord(Item) : undefined;
    },

    async chain(day) {
      const records: AuditRecord[] = [];
      for await (const page of paginateQuery(
        { client },
        {
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seq)',
          ExpressionAttributeValues: { ':pk': chainPk(day), ':seq': 'SEQ#' },
          ConsistentRead: true,
        },
      )) {
        for (const item of page.Items ?? []) records.push(toRecord(item));
      }
      return records;
    },

    async seal(day, now) {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: chainPk(day), sk: HEAD_SK },
          UpdateExpression:
            'SET #day = :day, seq = if_not_exists(seq, :zero), #hash = if_not_exists(#hash, :genesis), sealedAt = if_not_exists(sealedAt, :now)',
          ExpressionAttributeNames: { '#day': 'day', '#hash': 'hash' },
          ExpressionAttributeValues: {
            ':day': day,
            ':zero': 0,
            ':genesis': genesisHash(day),
            ':now': now.toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toHead(Attributes ?? {});
    },

    async byProvider(unit, { from, to, limit, cursor }) {
      const partition = providerPk(unit);
      const page = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi1',
          // '~' sorts after every character of an event id: `to` is inclusive to the millisecond.
          KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':p': partition, ':from': from, ':to': `${to}~` },
          ScanIndexForward: false,
          Limit: limit,
          ...(cursor
            ? {
                ExclusiveStartKey: decodeKeyCursor(cursor, ['pk', 'sk', 'gsi1pk', 'gsi1sk'], {
                  gsi1pk: partition,
                }),
              }
            : {}),
        }),
      );
      const items = (page.Items ?? []).map(toRecord);
      return page.LastEvaluatedKey ? { items, nextCursor: encodeCursor(page.LastEvaluatedKey) } : { items };
    },

    async bySubject(subjectHash, { limit, cursor }) {
      const partition = subjectPk(subjectHash);
      const page = await client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': partition },
          ScanIndexForward: false,
          Limit: limit,
          ...(cursor ? { ExclusiveStartKey: decodeKeyCursor(cursor, ['pk', 'sk'], { pk: partition }) } : {}),
        }),
      );
      const items = (page.Items ?? []).map((item) => {
        const { pk: _pk, sk: _sk, ...hit } = item;
        return hit as SubjectHit;
      });
      return page.LastEvaluatedKey ? { items, nextCursor: encodeCursor(page.LastEvaluatedKey) } : { items };
    },
  };
}
