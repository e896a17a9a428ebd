import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '@govshare/domain/identity';
import { ConflictError } from '@govshare/domain/kernel';
import { decodeKeyCursor, encodeCursor, isConditionFailure } from '../platform/dynamo.ts';

/**
 * A unit's saved recipient lists (常用主送/抄送名单): pk LISTS#<unit> sk LIST#<id>. A draft names one
 * as `{ list: <id> }`; the dispatch consumer expands it from `units` at dispatch time.
 */
export interface RecipientList {
  id: string;
  unit: string;
  name: string;
  units: string[];
  createdBy: string;
  createdAt: string;
}

export interface RecipientListStore {
  create(list: RecipientList): Promise<void>;
  get(unit: string, id: string): Promise<RecipientList | undefined>;
  listOf(unit: string, page: { limit: number; cursor?: string }): Promise<Page<RecipientList>>;
}

const listsPk = (unit: string) => `LISTS#${unit}`;
const LIST_PREFIX = 'LIST#';
export const recipientListKey = (unit: string, id: string) => ({
  pk: listsPk(unit),
  sk: `${LIST_PREFIX}${id}`,
});

const toList = (item: Record<string, unknown>): RecipientList => {
  const { pk: _pk, sk: _sk, ...list } = item;
  return list as unknown as RecipientList;
};

export function dynamoRecipientListStore(client: DynamoDBDocumentClient, table: string): RecipientListStore {
  return {
    async create(list) {
      try {
        await client.send(
          new PutCommand({
            TableName: table,
            Item: { ...list, ...recipientListKey(list.unit, list.id) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        throw new ConflictError(`Your unit already has a recipient list ${list.id}`);
      }
    },

    async get(unit, id) {
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: recipientListKey(unit, id), ConsistentRead: true }),
      );
      return Item ? toList(Item) : undefined;
    },

    async listOf(unit, { limit, cursor }) {
      const pk = listsPk(unit);
      const start = cursor ? decodeKeyCursor(cursor, ['pk', 'sk'], { pk }) : undefined;
      const { Items = [], LastEvaluatedKey } = await client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :list)',
          ExpressionAttributeValues: { ':pk': pk, ':list': LIST_PREFIX },
          Limit: limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      return {
        items: Items.map(toList),
        ...(LastEvaluatedKey ? { nextCursor: encodeCursor(LastEvaluatedKey) } : {}),
      };
    },
  };
}
