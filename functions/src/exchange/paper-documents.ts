import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PaperDocument } from '@govshare/domain/exchange';
import { ConflictError } from '@govshare/domain/kernel';
import { isConditionFailure } from '../platform/dynamo.ts';

/**
 * Documents received on paper, in the receiving unit's register: pk PAPER#<unit> sk NUMBER#<normalised
 * number>, so that a unit registers one number once however it was typed (the put is conditional).
 */
export interface PaperDocumentStore {
  register(paper: PaperDocument): Promise<void>;
}

export const paperKey = (unit: string, normalised: string) => ({
  pk: `PAPER#${unit}`,
  sk: `NUMBER#${normalised}`,
});

export function dynamoPaperDocumentStore(client: DynamoDBDocumentClient, table: string): PaperDocumentStore {
  return {
    async register(paper) {
      try {
        await client.send(
          new PutCommand({
            TableName: table,
            Item: { ...paper, ...paperKey(paper.unit, paper.number.normalised) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        throw new ConflictError(`Document ${paper.number.normalised} is already registered by your unit`);
      }
    },
  };
}
