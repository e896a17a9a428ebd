import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { IdentityStore, Page, Principal, Unit } from '@govshare/domain/identity';
import { ConflictError, NotFoundError } from '@govshare/domain/kernel';
import { batchGetAll, decodeKeyCursor, encodeCursor, isConditionFailure } from '../platform/dynamo.ts';

/**
 * Units and principals on the `identity` table.
 *   unit:      pk UNIT#<code>  sk UNIT   gsi1pk CHILDREN#<parent code | ROOT>  gsi1sk UNIT#<code>
 *   principal: pk USER#<id>    sk USER   gsi1pk MEMBERS#<unit code>            gsi1sk USER#<id>
 *   subject:   pk SUBJECT#<external sub>  sk SUBJECT  principalId (an external issuer's subject → its principal)
 * Uniqueness of codes and ids rides on conditional puts (attribute_not_exists(pk)).
 */
const ROOT = 'ROOT';
const INDEX = 'gsi1';

const unitKey = (code: string) => ({ pk: `UNIT#${code}`, sk: 'UNIT' });
const principalKey = (id: string) => ({ pk: `USER#${id}`, sk: 'USER' });
/** An external issuer's subject, pointing at the principal it is. */
const subjectKey = (subject: string) => ({ pk: `SUBJECT#${subject}`, sk: 'SUBJECT' });

export function dynamoIdentityStore(client: DynamoDBDocumentClient, tableName: string): IdentityStore {
  const putNew = async (item: Record<string, unknown>, conflict: string) => {
    try {
      await client.send(
        new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConflictError(conflict);
      throw error;
    }
  };

  const page = async <T>(
    partition: string,
    limit: number,
    cursor: string | undefined,
    toItem: (raw: Record<string, unknown>) => T,
  ): Promise<Page<T>> => {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: INDEX,
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': partition },
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
    const items = (result.Items ?? []).map(toItem);
    return result.LastEvaluatedKey ? { items, nextCursor: encodeCursor(result.LastEvaluatedKey) } : { items };
  };

  return {
    async getUnit(code) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: unitKey(code) }));
      return Item ? toUnit(Item) : undefined;
    },
    async createUnit(unit) {
      await putNew(
        {
          ...unitKey(unit.code),
          gsi1pk: `CHILDREN#${unit.parentCode ?? ROOT}`,
          gsi1sk: `UNIT#${unit.code}`,
          type: 'unit',
          ...unit,
        },
        'a unit with this code already exists',
      );
    },
    listUnits({ parentCode, limit, cursor }) {
      return page(`CHILDREN#${parentCode ?? ROOT}`, limit, cursor, toUnit);
    },
    async getPrincipal(id) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: principalKey(id) }));
      return Item ? toPrincipal(Item) : undefined;
    },
    async createPrincipal(principal) {
      const item = {
        ...principalKey(principal.id),
        gsi1pk: `MEMBERS#${principal.unitCode}`,
        gsi1sk: `USER#${principal.id}`,
        type: 'principal',
        ...principal,
      };
      if (!principal.externalSubject) {
        await putNew(item, 'a user or system with this id already exists');
        return;
      }
      // The principal and the alias its external subject is found by are written together, both new.
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
              {
                Put: {
                  TableName: tableName,
                  Item: { ...subjectKey(principal.externalSubject), principalId: principal.id },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) {
          throw new ConflictError('a user or system with this id or external subject already exists');
        }
        throw error;
      }
    },
    async getPrincipalBySubject(subject) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: subjectKey(subject) }));
      if (typeof Item?.principalId !== 'string') return undefined;
      const { Item: principal } = await client.send(
        new GetCommand({ TableName: tableName, Key: principalKey(Item.principalId) }),
      );
      return principal ? toPrincipal(principal) : undefined;
    },
    async updatePrincipal(id, change) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: principalKey(id),
            UpdateExpression: 'SET #roles = :roles, disabled = :disabled',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#roles': 'roles' },
            ExpressionAttributeValues: { ':roles': change.roles, ':disabled': change.disabled },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return toPrincipal(Attributes ?? {});
      } catch (error) {
        if (isConditionFailure(error)) throw new NotFoundError('No user or system has this id');
        throw error;
      }
    },
    listPrincipals({ unitCode, limit, cursor }) {
      return page(`MEMBERS#${unitCode}`, limit, cursor, toPrincipal);
    },
  };
}

/** Many units at once (BatchGetItem, 100 a call), by code; codes of no unit are absent from the map. */
export async function getUnitsByCode(
  client: DynamoDBDocumentClient,
  tableName: string,
  codes: readonly string[],
): Promise<Map<string, Unit>> {
  const keys = [...new Set(codes)].map(unitKey);
  // Chunks of 100 read side by side: a dispatch to thousands of listed units waits for one round trip or so.
  const chunks = Array.from({ length: Math.ceil(keys.length / 100) }, (_, i) =>
    keys.slice(i * 100, i * 100 + 100),
  );
  const items = (await Promise.all(chunks.map((chunk) => batchGetAll(client, tableName, chunk)))).flat();
  return new Map(items.map((item) => [item.code as string, toUnit(item)]));
}

function toUnit(item: Record<string, unknown>): Unit {
  return {
    code: item.code as string,
    name: item.name as string,
    shortName: item.shortName as string,
    ...(typeof item.parentCode === 'string' ? { parentCode: item.parentCode } : {}),
    level: item.level as Unit['level'],
    kind: item.kind as Unit['kind'],
    ...(item.dissolved === true ? { dissolved: true } : {}),
  };
}

function toPrincipal(item: Record<string, unknown>): Principal {
  return {
    id: item.id as string,
    name: item.name as string,
    unitCode: item.unitCode as string,
    roles: (item.roles as Principal['roles']) ?? [],
    kind: item.kind as Principal['kind'],
    ...(item.disabled === true ? { disabled: true } : {}),
    ...(typeof item.externalSubject === 'string' ? { externalSubject: item.externalSubject } : {}),
  };
}
