import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CalendarStore, CalendarYear } from '@govshare/domain/identity';
import { ConflictError } from '@govshare/domain/kernel';
import { isConditionFailure, queryAll } from '../platform/dynamo.ts';

/**
 * The working-day calendar on the `identity` table (the platform directory's home), one item a year:
 *   pk CALENDAR  sk YEAR#<yyyy>  year, notice, holidays, makeUpWorkdays, version, updatedAt, updatedBy
 * A replacement is conditional on the version read. Reads are consistent: they are rare (cached
 * for a minute by readers) and must see an administrator's change at once when asked again.
 */
const PK = 'CALENDAR';
const key = (year: number) => ({ pk: PK, sk: `YEAR#${year}` });

export function dynamoCalendarStore(client: DynamoDBDocumentClient, tableName: string): CalendarStore {
  return {
    async listYears() {
      const items = await queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :year)',
        ExpressionAttributeValues: { ':pk': PK, ':year': 'YEAR#' },
        ConsistentRead: true,
      });
      return items.map(toCalendarYear).sort((a, b) => a.year - b.year);
    },
    async getYear(year) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: key(year), ConsistentRead: true }),
      );
      return Item ? toCalendarYear(Item) : undefined;
    },
    async putYear(next, replacing) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...key(next.year), type: 'calendar-year', ...next },
            ...(replacing === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: '#version = :replacing',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':replacing': replacing },
                }),
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) throw new ConflictError(`The calendar of ${next.year} changed`);
        throw error;
      }
    },
  };
}

function toCalendarYear(item: Record<string, unknown>): CalendarYear {
  return {
    year: item.year as number,
    notice: item.notice as string,
    holidays: (item.holidays as string[] | undefined) ?? [],
    makeUpWorkdays: (item.makeUpWorkdays as string[] | undefined) ?? [],
    version: item.version as number,
    updatedAt: item.updatedAt as string,
    updatedBy: item.updatedBy as string,
  };
}
