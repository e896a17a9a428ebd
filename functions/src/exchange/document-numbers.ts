import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { formatDocumentNumber } from '@govshare/domain/exchange';
import { ConflictError } from '@govshare/domain/kernel';
import { cancellationCodes, queryAll } from '../platform/dynamo.ts';

/**
 * 发文字号 on the `exchange` table, assigned at sign-off, with no gap and no duplicate under
 * concurrent sign-offs, and never consumed by a sign-off that does not happen:
 *   counter: pk NUMBERS#<机关代字>#<year>  sk COUNTER  next (the next sequence to give)
 *   number:  pk NUMBERS#<机关代字>#<year>  sk SEQ#<000000 sequence>  documentId
 * One transaction moves the counter from n to n+1 (on condition that it still reads n), writes the
 * number item (on condition that it is new) and makes the caller's own change to the document (its
 * signed state, on condition of its version). If the document's condition fails, nothing is written
 * and the number stays free; if another sign-off took n first, the counter condition fails and this
 * one tries n+1. So the numbers given are exactly 1…N, each to one signed document.
 */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface AssignedNumber {
  issuerCode: string;
  year: number;
  sequence: number;
  /** e.g. 商政办发〔2026〕12号 */
  number: string;
}

export interface DocumentNumberStore {
  /**
   * Gives the next number of an issuer's year to a document, together with `withDocument` (the
   * caller's conditional write of the document, which receives the number: the document, its history
   * entries and its to-do items; made again for each number tried, so it may render what prints it). Throws ConflictError
   * when the document's own condition fails (signed already, changed meanwhile): no number is used.
   */
  assign(
    issuer: { issuerCode: string; year: number },
    documentId: string,
    withDocument: (
      assigned: AssignedNumber,
    ) => TransactItem | TransactItem[] | Promise<TransactItem | TransactItem[]>,
  ): Promise<AssignedNumber>;
  /** The sequences given so far, in order (for the gap report and for tests). */
  used(issuer: { issuerCode: string; year: number }): Promise<number[]>;
}

/** Tries before giving up when many sign-offs of one issuer race (each loss costs one round trip). */
const MAX_ATTEMPTS = 50;

const partition = ({ issuerCode, year }: { issuerCode: string; year: number }) =>
  `NUMBERS#${issuerCode}#${year}`;
const sequenceKey = (sequence: number) => `SEQ#${String(sequence).padStart(6, '0')}`;

export function dynamoDocumentNumberStore(
  client: DynamoDBDocumentClient,
  table: string,
): DocumentNumberStore {
  const readNext = async (pk: string): Promise<number> => {
    const { Item } = await client.send(
      new GetCommand({ TableName: table, Key: { pk, sk: 'COUNTER' }, ConsistentRead: true }),
    );
    return typeof Item?.next === 'number' ? Item.next : 1;
  };

  return {
    async assign(issuer, documentId, withDocument) {
      const pk = partition(issuer);
      let next = await readNext(pk);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const assigned: AssignedNumber = {
          ...issuer,
          sequence: next,
          number: formatDocumentNumber({ issuerCode: issuer.issuerCode, year: issuer.year, sequence: next }),
        };
        try {
          await client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Update: {
                    TableName: table,
                    Key: { pk, sk: 'COUNTER' },
                    UpdateExpression: 'SET #next = :after',
                    // The first number of a year creates the counter.
                    ConditionExpression: next === 1 ? 'attribute_not_exists(pk)' : '#next = :next',
                    ExpressionAttributeNames: { '#next': 'next' },
                    ExpressionAttributeValues: {
                      ':after': next + 1,
                      ...(next === 1 ? {} : { ':next': next }),
                    },
                  },
                },
                {
                  Put: {
                    TableName: table,
                    Item: { pk, sk: sequenceKey(next), documentId, number: assigned.number },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                ...[await withDocument(assigned)].flat(),
              ],
            }),
          );
          return assigned;
        } catch (error) {
          const codes = cancellationCodes(error);
          if (!codes) throw error;
          // The document's own condition (an item after the two of the number) failed: it is not
          // signed now, no number used.
          if (codes.slice(2).includes('ConditionalCheckFailed')) {
            throw new ConflictError('The document changed or was signed off meanwhile; no number was used');
          }
          // Another sign-off took this number (or the transaction met another): read again and go on.
          next = await readNext(pk);
        }
      }
      throw new ConflictError('Too many sign-offs of this issuer at once; try again');
    },

    async used(issuer) {
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seq)',
        ExpressionAttributeValues: { ':pk': partition(issuer), ':seq': 'SEQ#' },
        ConsistentRead: true,
      });
      return items.map((item) => Number(String(item.sk).slice(4)));
    },
  };
}
