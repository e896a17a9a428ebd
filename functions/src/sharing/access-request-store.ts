import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '@govshare/domain/kernel';
import type { AccessRequest, AccessRequestStatus, Grant, RequestOutcome } from '@govshare/domain/sharing';
import {
  batchGetAll,
  decodeKeyCursor,
  encodeCursor,
  indexPage,
  isConditionFailure,
  queryAll,
} from '../platform/dynamo.ts';
import { grantPutItem } from './grant-store.ts';

/**
 * Access requests in the catalogue table (the catalogue decides them):
 * - `ACCESSREQ#<id>` / `REQUEST`: the request; gsi1 `ACCESSREQ-PROVIDER#<unit>` / `<createdAt>#<id>`
 *   lists a provider's requests (its scoreboard);
 * - `ACCESSREQ-CONSUMER#<unit>` / `<createdAt>#<id>`: the consumer's index of its requests;
 * - `ACCESSREQ-DUE` / `<dueAt>#<id>`: present while a conditional request waits, so the deadline
 *   sweep reads only what may be late (one Query, sorted by deadline) instead of scanning.
 * Every state change is one TransactWriteItems conditional on the request's version.
 */
export interface AccessRequestStore {
  /** Stores a new request with what the rules decided at once (a grant, or the due marker). */
  create(outcome: RequestOutcome): Promise<void>;
  get(id: string): Promise<AccessRequest | undefined>;
  /** Replaces `previous` by `next` (and stores its grant) if nobody changed it meanwhile. */
  decide(previous: AccessRequest, next: AccessRequest, grant?: Grant): Promise<void>;
  /** Every request of a provider, newest first (its counts; lists page with pageOfProvider). */
  ofProvider(unit: string): Promise<AccessRequest[]>;
  /** One page of a provider's requests, newest first: of one status, or only those that gave a grant. */
  pageOfProvider(unit: string, page: RequestPage & { granted?: boolean }): Promise<Page<AccessRequest>>;
  /** One page of a consumer unit's requests, newest first, of one status or all. */
  pageOfConsumer(unit: string, page: RequestPage): Promise<Page<AccessRequest>>;
  /** Ids of waiting requests whose deadline is at or before `instant`. */
  dueBy(instant: string): Promise<string[]>;
  /** Flags a still-pending request overdue and drops its due marker; false if it was answered meanwhile. */
  flagOverdue(id: string): Promise<boolean>;
  grantsByIds(ids: string[]): Promise<Grant[]>;
}

export interface RequestPage {
  status?: AccessRequestStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** How many pages of a consumer's index one answer reads at most while a status filter finds few. */
const MAX_CONSUMER_PAGES = 10;

const key = (id: string) => ({ pk: `ACCESSREQ#${id}`, sk: 'REQUEST' });
const providerKey = (unit: string) => `ACCESSREQ-PROVIDER#${unit}`;
const consumerKey = (unit: string) => `ACCESSREQ-CONSUMER#${unit}`;
const DUE_PK = 'ACCESSREQ-DUE';
const dueKey = (request: Pick<AccessRequest, 'dueAt' | 'id'>) => ({
  pk: DUE_PK,
  sk: `${request.dueAt}#${request.id}`,
});

const toRequest = (item: Record<string, unknown>): AccessRequest => {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...request } = item;
  return request as unknown as AccessRequest;
};

export function dynamoAccessRequestStore(client: DynamoDBDocumentClient, table: string): AccessRequestStore {
  const requestItem = (request: AccessRequest) => ({
    ...request,
    ...key(request.id),
    gsi1pk: providerKey(request.providerUnit),
    gsi1sk: `${request.createdAt}#${request.id}`,
  });

  const queryItems = (input: QueryCommandInput) => queryAll(client, input);

  const get = async (id: string) => {
    const { Item } = await client.send(
      new GetCommand({ TableName: table, Key: key(id), ConsistentRead: true }),
    );
    return Item ? toRequest(Item) : undefined;
  };

  return {
    get,

    async create(outcome) {
      const { request } = outcome;
      const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
        {
          Put: {
            TableName: table,
            Item: requestItem(request),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: table,
            Item: {
              pk: consumerKey(request.consumerUnit),
              sk: `${request.createdAt}#${request.id}`,
              requestId: request.id,
            },
          },
        },
      ];
      if (outcome.kind === 'granted') items.push(grantPutItem(table, outcome.grant));
      if (outcome.kind === 'pending') {
        items.push({ Put: { TableName: table, Item: { ...dueKey(request), requestId: request.id } } });
      }
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        if (isConditionFailure(error)) throw new ConflictError(`Request ${request.id} already exists`);
        throw error;
      }
    },

    async decide(previous, next, grant) {
      const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
        {
          Put: {
            TableName: table,
            Item: requestItem(next),
            // The version is the lock: a second answer, or a concurrent one, finds it changed.
            ConditionExpression: '#status = :pending AND #version = :version',
            ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
            ExpressionAttributeValues: { ':pending': 'pending', ':version': previous.version },
          },
        },
      ];
      // Absent already if the sweep flagged it overdue: a Delete of nothing succeeds.
      if (previous.dueAt) items.push({ Delete: { TableName: table, Key: dueKey(previous) } });
      if (grant) items.push(grantPutItem(table, grant));
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const current = await get(previous.id);
        throw new ConflictError(
          `Request ${previous.id} changed meanwhile: it is now ${current?.status ?? 'gone'}${
            current?.decidedAt ? ` (answered at ${current.decidedAt})` : ''
          }`,
        );
      }
    },

    async ofProvider(unit) {
      const items = await queryItems({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': providerKey(unit) },
        ScanIndexForward: false,
      });
      return items.map(toRequest);
    },

    async pageOfProvider(unit, { status, granted, limit, cursor }) {
      const filters = [
        ...(status ? ['#status = :status'] : []),
        ...(granted ? ['attribute_exists(grantId)'] : []),
      ];
      const page = await indexPage(
        client,
        {
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': providerKey(unit), ...(status ? { ':status': status } : {}) },
          ...(status ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          ScanIndexForward: false,
        },
        providerKey(unit),
        { limit, ...(cursor ? { cursor } : {}) },
      );
      return { ...page, items: page.items.map(toRequest) };
    },

    async pageOfConsumer(unit, { status, limit, cursor }) {
      const pk = consumerKey(unit);
      // The index holds ids only: its pages are read, their requests fetched, then filtered by status.
      // Never more refs than still fit, so the last key read is exactly where the next answer starts.
      let start = cursor ? decodeKeyCursor(cursor, ['pk', 'sk'], { pk }) : undefined;
      const items: AccessRequest[] = [];
      for (let read = 0; read < MAX_CONSUMER_PAGES; read++) {
        const { Items = [], LastEvaluatedKey } = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk },
            ScanIndexForward: false,
            Limit: limit - items.length,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        const ids = Items.map((ref) => ref.requestId as string);
        const found = await batchGetAll(client, table, ids.map(key));
        const byId = new Map(found.map((item) => [item.id as string, toRequest(item)]));
        for (const id of ids) {
          const request = byId.get(id);
          if (request && (!status || request.status === status)) items.push(request);
        }
        start = LastEvaluatedKey as Record<string, string> | undefined;
        if (!start || items.length >= limit) break;
      }
      return { items, ...(start ? { nextCursor: encodeCursor(start) } : {}) };
    },

    async dueBy(instant) {
      const items = await queryItems({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND sk <= :until',
        // '#' sorts before any character following an instant's last digit and 'Z', so `<= instant#~` covers it.
        ExpressionAttributeValues: { ':pk': DUE_PK, ':until': `${instant}#~` },
      });
      return items.map((item) => item.requestId as string);
    },

    async flagOverdue(id) {
      const request = await get(id);
      if (!request?.dueAt) return false;
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table,
                  Key: key(id),
                  UpdateExpression: 'SET overdue = :true',
                  ConditionExpression: '#status = :pending',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':true': true, ':pending': 'pending' },
                },
              },
              { Delete: { TableName: table, Key: dueKey(request) } },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // Answered meanwhile: its marker went with the answer.
        return false;
      }
    },

    async grantsByIds(ids) {
      const items = await batchGetAll(
        client,
        table,
        ids.map((id) => ({ pk: `GRANT#${id}`, sk: 'GRANT' })),
      );
      return items.map((item) => {
        const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...grant } = item;
        return grant as unknown as Grant;
      });
    },
  };
}
