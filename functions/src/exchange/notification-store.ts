import { randomBytes } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { UrgeKind, UrgeLevel, UrgeSource } from '@govshare/domain/exchange';
import { NotFoundError, ValidationError } from '@govshare/domain/kernel';
import type { TransactItem } from '../platform/dynamo.ts';
import { cancellationCodes, decodeCursor, encodeCursor } from '../platform/dynamo.ts';

/**
 * The notification lists (the console's bell): one per user and one per unit, newest first.
 *   notice:  pk NOTICES#<subject> | NOTICES#UNIT#<unit>   sk <at>#<id>    read, readAt, readBy
 *   counter: pk (the same)                              sk #UNREAD      unread
 * A notice is written in the transaction that makes it (an urge, with its record and history),
 * and its list's counter grows in that same transaction; marking it read turns `read` on (on
 * condition that it was off) and lowers the counter, again in one transaction. So the count is
 * one GetItem whatever the length of the list.
 *
 * Measured once (DynamoDB Local 3.3 on the 2-core development machine, one list with a fifth of
 * its notices unread, 20 reads each, p50 / p95): the counter's GetItem 5–9 / 11–17 ms whatever the
 * length; a `Select: COUNT` Query with `FilterExpression read = false`, which still reads every
 * item of the list, 23 / 51 ms at 200 notices, 60 / 90 ms at 2,000, 283 / 384 ms at 10,000 (and
 * in AWS it costs the read capacity of the whole list). A unit's list grows by every urge of every
 * year, so the counter is kept, at the price of one more item per write.
 *
 * A unit's notice is the unit's, not one person's: whoever of the unit marks it read marks it
 * read for the unit (and is recorded as readBy).
 */
export type NoticeList = 'mine' | 'unit';

export interface NoticeOwner {
  subject: string;
  unit: string;
}

/** What a notice says: an urge (the only kind so far). Ids and states only, no document text. */
export interface NoticeContent {
  type: 'urge';
  documentId: string;
  recipientUnit: string;
  senderUnit: string;
  kind: UrgeKind;
  level: UrgeLevel;
  dueAt: string;
  source: UrgeSource;
  /** Who urged: a sender's user id, or `exchange-urges` for the sweep. */
  by: string;
}

export interface Notice extends NoticeContent {
  id: string;
  list: NoticeList;
  at: string;
  read: boolean;
  readAt?: string;
  readBy?: string;
}

export interface NoticePage {
  items: Notice[];
  unread: { mine: number; unit: number; total: number };
  nextCursor?: string;
}

export const listPk = (list: NoticeList, owner: string) =>
  list === 'mine' ? `NOTICES#${owner}` : `NOTICES#UNIT#${owner}`;
export const COUNTER_SK = '#UNREAD';
/** Notices sort after the counter ('#' < '0'): a query from '0' up reads notices only. */
const FIRST_NOTICE_SK = '0';

const ID_PATTERN = /^([mu])\.([0-9a-z]{6,12})\.([0-9a-f]{16})$/;

/** An id that says where its notice is: the list, the instant, and a random part. */
export function newNoticeId(list: NoticeList, at: string, random = randomBytes(8).toString('hex')): string {
  return `${list === 'mine' ? 'm' : 'u'}.${Date.parse(at).toString(36)}.${random}`;
}

export function parseNoticeId(id: string): { list: NoticeList; at: string; sk: string } | undefined {
  const match = ID_PATTERN.exec(id);
  if (!match) return undefined;
  const ms = Number.parseInt(match[2] as string, 36);
  if (!Number.isSafeInteger(ms)) return undefined;
  const at = new Date(ms).toISOString();
  return { list: match[1] === 'm' ? 'mine' : 'unit', at, sk: `${at}#${id}` };
}

/** The two items of a new notice: the notice (on condition that it is new) and its list's counter. */
export function noticeWriteItems(
  table: string,
  list: NoticeList,
  owner: string,
  at: string,
  content: NoticeContent,
): TransactItem[] {
  const id = newNoticeId(list, at);
  const pk = listPk(list, owner);
  return [
    {
      Put: {
        TableName: table,
        Item: { pk, sk: `${at}#${id}`, id, list, at, ...content, read: false },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: table,
        Key: { pk, sk: COUNTER_SK },
        UpdateExpression: 'ADD unread :one',
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
  ];
}

export interface NotificationStore {
  /** The caller's notices and the caller's unit's, newest first. */
  list(
    owner: NoticeOwner,
    options: { limit: number; cursor?: string | undefined; unreadOnly?: boolean },
  ): Promise<NoticePage>;
  unread(owner: NoticeOwner): Promise<NoticePage['unread']>;
  /** Marks a notice of the caller (or of the caller's unit) read; reading it twice changes nothing. */
  markRead(id: string, owner: NoticeOwner, now: Date): Promise<Notice>;
}

type Position = string | null;
interface ListCursor {
  mine: Position;
  unit: Position;
}
const isPosition = (value: unknown): value is Position =>
  value === null ||
  (typeof value === 'string' && value.length > 0 && value.length < 200 && value >= FIRST_NOTICE_SK);
const isListCursor = (value: unknown): value is ListCursor =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length === 2 &&
  isPosition((value as ListCursor).mine) &&
  isPosition((value as ListCursor).unit);

const toNotice = (item: Record<string, unknown>): Notice => {
  const { pk: _pk, sk: _sk, ...notice } = item;
  return notice as unknown as Notice;
};

/** `null` in a cursor: that list is read to its end. */
const END = null;
const START = '\uffff';

export function dynamoNotificationStore(client: DynamoDBDocumentClient, table: string): NotificationStore {
  const counter = async (pk: string) => {
    const { Item } = await client.send(new GetCommand({ TableName: table, Key: { pk, sk: COUNTER_SK } }));
    return typeof Item?.unread === 'number' ? Math.max(0, Item.unread) : 0;
  };
  const unread = async (owner: NoticeOwner) => {
    const [mine, unit] = await Promise.all([
      counter(listPk('mine', owner.subject)),
      counter(listPk('unit', owner.unit)),
    ]);
    return { mine, unit, total: mine + unit };
  };

  /** Up to `limit` notices of one list older than `before`, newest first; whether the list has more. */
  const readList = async (pk: string, before: string, limit: number, unreadOnly: boolean) => {
    const items: Notice[] = [];
    let start: Record<string, unknown> | undefined;
    let more = true;
    while (items.length < limit && more) {
      const page = await client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :before',
          ExpressionAttributeValues: {
            ':pk': pk,
            ':first': FIRST_NOTICE_SK,
            ':before': before,
            ...(unreadOnly ? { ':false': false } : {}),
          },
          ...(unreadOnly
            ? { FilterExpression: '#read = :false', ExpressionAttributeNames: { '#read': 'read' } }
            : {}),
          ScanIndexForward: false,
          Limit: limit + 1,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        // BETWEEN is inclusive: the cursor's own notice was on the last page.
        if (item.sk !== before) items.push(toNotice(item));
      }
      start = page.LastEvaluatedKey;
      more = start !== undefined;
    }
    return { items, more: more || items.length > limit };
  };

  return {
    unread,

    async list(owner, { limit, cursor, unreadOnly = false }) {
      const position: ListCursor = cursor ? decodeCursor(cursor, isListCursor) : { mine: START, unit: START };
      const lists: { list: NoticeList; pk: string; before: Position }[] = [
        { list: 'mine', pk: listPk('mine', owner.subject), before: position.mine },
        { list: 'unit', pk: listPk('unit', owner.unit), before: position.unit },
      ];
      const read = await Promise.all(
        lists.map(async (entry) =>
          entry.before === END
            ? { ...entry, items: [] as Notice[], more: false }
            : { ...entry, ...(await readList(entry.pk, entry.before, limit, unreadOnly)) },
        ),
      );
      const sk = (notice: Notice) => `${notice.at}#${notice.id}`;
      const merged = read
        .flatMap((entry) => entry.items)
        .sort((a, b) => (sk(a) < sk(b) ? 1 : sk(a) > sk(b) ? -1 : 0))
        .slice(0, limit);
      const next: ListCursor = { mine: position.mine, unit: position.unit };
      let hasMore = false;
      for (const entry of read) {
        const taken = merged.filter((notice) => notice.list === entry.list);
        const last = taken.at(-1);
        const left = entry.items.length > taken.length || entry.more;
        next[entry.list] = left ? (last ? sk(last) : entry.before) : END;
        if (left) hasMore = true;
      }
      return {
        items: merged,
        unread: await unread(owner),
        ...(hasMore ? { nextCursor: encodeCursor(next) } : {}),
      };
    },

    async markRead(id, owner, now) {
      const where = parseNoticeId(id);
      if (!where) throw new ValidationError([{ path: 'params.id', message: 'is not a notification id' }]);
      const pk = listPk(where.list, where.list === 'mine' ? owner.subject : owner.unit);
      const key = { pk, sk: where.sk };
      const readAt = now.toISOString();
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table,
                  Key: key,
                  UpdateExpression: 'SET #read = :true, readAt = :at, readBy = :by',
                  ConditionExpression: 'attribute_exists(pk) AND #read = :false',
                  ExpressionAttributeNames: { '#read': 'read' },
                  ExpressionAttributeValues: {
                    ':true': true,
                    ':false': false,
                    ':at': readAt,
                    ':by': owner.subject,
                  },
                },
              },
              {
                Update: {
                  TableName: table,
                  Key: { pk, sk: COUNTER_SK },
                  UpdateExpression: 'ADD unread :minus',
                  ExpressionAttributeValues: { ':minus': -1 },
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (!cancellationCodes(error)) throw error;
      }
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: key, ConsistentRead: true }),
      );
      // Someone else's notice, or none: the caller learns nothing of it.
      if (!Item) throw new NotFoundError('No notification of yours has this id');
      return toNotice(Item);
    },
  };
}
