import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type AuditDigest,
  type AuditEvent,
  type AuditRecord,
  auditDay,
  type ChainHead,
  chainRecord,
  emptyHead,
  genesisHash,
  ValidationError,
} from '@govshare/domain';

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

export interface AuditStore {
  /** Appends an event to its day's chain once, whatever the number of deliveries. */
  append(event: AuditEvent, now?: Date): Promise<{ record: AuditRecord; duplicate: boolean }>;
  head(day: string): Promise<ChainHead | undefined>;
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

function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if ((error as Error).name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons?.map((r) => r.Code) ?? [];
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
    for (let i = 0; i < puts.length; i += 25) {
      let pending: typeof puts | undefined = puts.slice(i, i + 25);
      for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
        if (attempt > 0) await pause(Math.min(1000, 20 * 2 ** attempt));
        const { UnprocessedItems } = await client.send(
          new BatchWriteCommand({ RequestItems: { [table]: pending } }),
        );
        pending = UnprocessedItems?.[table] as typeof puts | undefined;
        if (attempt > 8 && pending?.length) throw new Error('Subject index items stayed unprocessed');
      }
    }
  };

  // The last head this instance wrote, per day: consecutive appends (a batch) skip re-reading it. A
  // stale one only costs a failed condition and a fresh read.
  const knownHeads = new Map<string, ChainHead>();

  return {
    async append(event, now = new Date()) {
      const today = auditDay(now);
      // The day of the action, unless it is in the future (a skewed clock) or already sealed.
      let day = auditDay(new Date(event.at)) < today ? auditDay(new Date(event.at)) : today;
      for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt += 1) {
        const stored = knownHeads.get(day) ?? (await getHead(day));
        knownHeads.delete(day);
        if (stored?.sealedAt) {
          day = today;
          continue;
        }
        const head = stored ?? emptyHead(day);
        const record = chainRecord(head, event, now.toISOString());
        const recordItem = {
          ...record,
          pk: chainPk(day),
          sk: seqSk(record.seq),
          ...(record.providerUnit
            ? { gsi1pk: providerPk(record.providerUnit), gsi1sk: `${record.at}#${record.id}` }
            : {}),
        };
        try {
          await client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: table,
                    Item: { ...eventKey(event.id), day, seq: record.seq },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                {
                  Put: {
                    TableName: table,
                    Item: { pk: chainPk(day), sk: HEAD_SK, day, seq: record.seq, hash: record.hash },
                    ConditionExpression: stored
                      ? 'seq = :seq AND attribute_not_exists(sealedAt)'
                      : 'attribute_not_exists(pk)',
                    ...(stored ? { ExpressionAttributeValues: { ':seq': head.seq } } : {}),
                  },
                },
                {
                  Put: {
                    TableName: table,
                    Item: recordItem,
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ],
            }),
          );
          if (knownHeads.size > 3) knownHeads.clear();
          knownHeads.set(day, { day, seq: record.seq, hash: record.hash });
          await writeSubjectItems(record);
          return { record, duplicate: false };
        } catch (error) {
          const codes = cancellationCodes(error);
          if (!codes) throw error;
          if (codes[0] === 'ConditionalCheckFailed') {
            // Appended before (a re-delivery): finish what the first delivery may not have (the subject index).
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
            const earlier = toRecord(existing);
            await writeSubjectItems(earlier);
            return { record: earlier, duplicate: true };
          }
          // Someone else appended (or sealed) first, or a transaction conflict: read the head again.
          await pause(Math.floor(Math.random() * Math.min(200, 5 * 2 ** attempt)));
        }
      }
      throw new Error(`Could not append event ${event.id} after ${MAX_APPEND_ATTEMPTS} attempts`);
    },

    head: getHead,

    async chain(day) {
      const records: AuditRecord[] = [];
      let cursor: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seq)',
            ExpressionAttributeValues: { ':pk': chainPk(day), ':seq': 'SEQ#' },
            ConsistentRead: true,
            ExclusiveStartKey: cursor,
          }),
        );
        for (const item of page.Items ?? []) records.push(toRecord(item));
        cursor = page.LastEvaluatedKey;
      } while (cursor);
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
                ExclusiveStartKey: decodeCursor(cursor, ['pk', 'sk', 'gsi1pk', 'gsi1sk'], {
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
          ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor, ['pk', 'sk'], { pk: partition }) } : {}),
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

/** The cursor is the last key, base64url-encoded; opaque to clients, checked on the way back. */
function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(
  cursor: string,
  attributes: readonly string[],
  expected: Record<string, string>,
): Record<string, unknown> {
  const refuse = () =>
    new ValidationError([{ path: 'query.cursor', message: 'is not a cursor of this list' }]);
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (typeof key !== 'object' || key === null) throw refuse();
  const record = key as Record<string, unknown>;
  const valid =
    Object.keys(record).length === attributes.length &&
    attributes.every((k) => typeof record[k] === 'string') &&
    Object.entries(expected).every(([k, v]) => record[k] === v);
  if (!valid) throw refuse();
  return record;
}

/**
 * Daily digests in the archive bucket, at audit/digests/<day>.json. In AWS the bucket has Object Lock
 * in COMPLIANCE mode by default (see resources.ts): once written, a digest cannot be changed or
 * deleted by anyone until its retention ends, so it anchors the day's chain against a rewrite of the
 * whole table. The local emulator (fauxqs) accepts the same calls but does not enforce the lock.
 */
export interface DigestArchive {
  get(day: string): Promise<AuditDigest | undefined>;
  /** Writes a day's digest once; false if one is already there. */
  put(digest: AuditDigest): Promise<boolean>;
}

export const digestKey = (day: string) => `audit/digests/${day}.json`;

const isMissing = (error: unknown) => {
  const name = (error as Error).name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
};

export function s3DigestArchive(client: S3Client, bucket: string): DigestArchive {
  return {
    async get(day) {
      try {
        const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: digestKey(day) }));
        const parsed = JSON.parse((await Body?.transformToString('utf-8')) ?? '') as AuditDigest;
        return parsed;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async put(digest) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: digestKey(digest.day) }));
        return false;
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: digestKey(digest.day),
            Body: `${JSON.stringify(digest, null, 2)}\n`,
            ContentType: 'application/json',
            // Object Lock buckets refuse a PUT without an integrity checksum.
            ChecksumAlgorithm: 'SHA256',
            // Never replace a digest that another run wrote meanwhile (conditional write).
            IfNoneMatch: '*',
          }),
        );
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if ((error as Error).name === 'PreconditionFailed' || status === 412) return false;
        throw error;
      }
      return true;
    },
  };
}
