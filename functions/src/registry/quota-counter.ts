import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { cstDay } from '@govshare/domain/kernel';
import { quotaCeilingBefore, quotaExpiry } from '@govshare/domain/registry';
import { isConditionFailure } from '../platform/dynamo.ts';

/**
 * Daily quota per grant, counted in one item per grant × day on the registry table:
 *   pk QUOTA#<grant id>  sk DAY#<yyyy-mm-dd, Asia/Shanghai>  count  ttl
 * One conditional UpdateItem adds n only if the count stays within the quota, so concurrent
 * callers are serialised by DynamoDB itself and can never take more than the quota between them.
 */
export interface QuotaCounter {
  /** Takes n records of today's quota; false (and nothing taken) when that would exceed it. */
  take(grantId: string, quota: number, n: number, now: Date): Promise<boolean>;
  /**
   * Gives back n records taken by `take` with the same grant and `now` (a take made ahead of the
   * grant check that the check then did not confirm). Never pushes the count above the quota.
   */
  give(grantId: string, n: number, now: Date): Promise<void>;
}

export function dynamoQuotaCounter(client: DynamoDBDocumentClient, table: string): QuotaCounter {
  return {
    async take(grantId, quota, n, now) {
      const ceiling = quotaCeilingBefore(quota, n);
      if (ceiling === undefined) return false;
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: `QUOTA#${grantId}`, sk: `DAY#${cstDay(now)}` },
            UpdateExpression: 'ADD #count :n SET #ttl = if_not_exists(#ttl, :ttl)',
            ConditionExpression: 'attribute_not_exists(#count) OR #count <= :ceiling',
            ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':n': n, ':ceiling': ceiling, ':ttl': quotaExpiry(now) },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async give(grantId, n, now) {
      await client.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: `QUOTA#${grantId}`, sk: `DAY#${cstDay(now)}` },
          UpdateExpression: 'ADD #count :minus',
          // Only an existing counter holding at least n: a give never creates or underflows one.
          ConditionExpression: '#count >= :n',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':minus': -n, ':n': n },
        }),
      );
    },
  };
}
