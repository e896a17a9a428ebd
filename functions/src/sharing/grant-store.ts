import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '@govshare/domain/kernel';
import type { Grant } from '@govshare/domain/sharing';
import { indexPage, isConditionFailure, queryAll } from '../platform/dynamo.ts';

/**
 * Grants live in the catalogue table (the catalogue decides them); services that serve a resource's
 * data (the registry) read them here. One item per grant, listed per consumer unit and resource
 * through gsi1, so a lookup is one Query on the hot path.
 */
export interface GrantStore {
  /** Stores a new grant; a second grant under the same id is a conflict. */
  put(grant: Grant): Promise<void>;
  get(id: string): Promise<Grant | undefined>;
  /** Every grant (usable or not) a unit holds for a resource, newest first. */
  ofConsumer(consumerUnit: string, resourceCode: string): Promise<Grant[]>;
  /** Marks a grant revoked from `at` on; revoking twice is a conflict. */
  revoke(id: string, at: string): Promise<Grant>;
}

export const grantKey = (id: string) => ({ pk: `GRANT#${id}`, sk: 'GRANT' });
const key = grantKey;
const consumerKey = (unit: string) => `CONSUMER#${unit}`;
const resourcePrefix = (resourceCode: string) => `RESOURCE#${resourceCode}#`;

type GrantItem = Grant & { pk: string; sk: string; gsi1pk: string; gsi1sk: string };

const toGrant = (item: Record<string, unknown>): Grant => {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ...grant } = item as unknown as GrantItem;
  return grant;
};

const grantItem = (grant: Grant): GrantItem => ({
  ...grant,
  ...key(grant.id),
  gsi1pk: consumerKey(grant.consumerUnit),
  // Sorted by validity start so that the newest grant comes first in a descending query.
  gsi1sk: `${resourcePrefix(grant.resourceCode)}${grant.validFrom}#${grant.id}`,
});

export function dynamoGrantStore(client: DynamoDBDocumentClient, table: string): GrantStore {
  return {
    async put(grant) {
      const item = grantItem(grant);
      try {
        await client.send(
          new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
        );
      } catch (error) {
        if (isConditionFailure(error)) {
          throw new ConflictError(`Grant ${grant.id} already exists`);
        }
        throw error;
      }
    },

    async get(id) {
      const { Item } = await client.send(new GetCommand({ TableName: table, Key: key(id) }));
      return Item ? toGrant(Item) : undefined;
    },

    ofConsumer: (consumerUnit, resourceCode) =>
      grantsOfConsumer(client, table, consumerUnit, resourcePrefix(resourceCode)),

    async revoke(id, at) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: table,
            Key: key(id),
            UpdateExpression: 'SET revokedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
            ExpressionAttributeValues: { ':at': at },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return toGrant(Attributes ?? {});
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const existing = await this.get(id);
        if (!existing) throw new NotFoundError(`No grant ${id}`);
        throw new ConflictError(`Grant ${id} was already revoked at ${existing.revokedAt}`);
      }
    },
  };
}

/** The Put that stores a grant, for a TransactWriteItems that changes something else with it. */
export function grantPutItem(table: string, grant: Grant) {
  return {
    Put: { TableName: table, Item: grantItem(grant), ConditionExpression: 'attribute_not_exists(pk)' },
  };
}

/** One page of the grants a unit holds, for all resources: by resource, newest first within each. */
export async function grantPageOfConsumerUnit(
  client: DynamoDBDocumentClient,
  table: string,
  consumerUnit: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: Grant[]; nextCursor?: string }> {
  const found = await indexPage(
    client,
    {
      TableName: table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :unit AND begins_with(gsi1sk, :resource)',
      ExpressionAttributeValues: { ':unit': consumerKey(consumerUnit), ':resource': 'RESOURCE#' },
      ScanIndexForward: false,
    },
    consumerKey(consumerUnit),
    page,
  );
  return { ...found, items: found.items.map(toGrant) };
}

/** The grants of a unit whose resource key starts with `prefix` (one resource, or all), newest first. */
async function grantsOfConsumer(
  client: DynamoDBDocumentClient,
  table: string,
  consumerUnit: string,
  prefix: string,
): Promise<Grant[]> {
  const items = await queryAll(client, {
    TableName: table,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :unit AND begins_with(gsi1sk, :resource)',
    ExpressionAttributeValues: { ':unit': consumerKey(consumerUnit), ':resource': prefix },
    ScanIndexForward: false,
  });
  return items.map(toGrant);
}
