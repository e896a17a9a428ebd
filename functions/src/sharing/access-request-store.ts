import {
  type DynamoDBDocumentClient,
  GetCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '@govshare/domain/kernel';
import type { AccessRequest, Grant, RequestOutcome } from '@govshare/domain/sharing';
import { batchGetAll, isConditionFailure, queryAll } from '../platform/dynamo.ts';
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
  ofProvider(unit: string): Promise<AccessRequest[]>;
  ofConsumer(unit: string): Promise<AccessRequest[]>;
  /** Ids of waiting requests whose deadline is at or before `instant`. */
  dueBy(instant: string): Promise<string[]>;
  /** Flags a still-pending request overdue and drops its due marker; false if it was answered meanwhile. */
  flagOverdue(id: string): Promise<boolean>;
  grantsByIds(ids: string[]): Promise<Grant[]>;
}

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

    async ofConsumer(unit) {
      const refs = await queryItems({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': consumerKey(unit) },
        ScanIndexForward: false,
      });
      const ids = refs.map((ref) => ref.requestId as string);
      const found = await batchGetAll(
        client,
        table,
        ids.map((id) => key(id)),
      );
      const byId = new Map(found.map((item) => [item.id as string, toRequest(item)]));
      return ids.flatMap((id) => byId.get(id) ?? []);
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
