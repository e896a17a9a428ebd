import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ExchangeDocument } from '@govshare/domain/exchange';

/**
 * What the receiving side reads of a document: the item pk DOC#<id> sk DOC, whose top-level
 * attributes are the ExchangeDocument (workflow.ts). The document store (document-store.ts) is the
 * real owner of that item and can stand in for this reader; this one is enough to dispatch and
 * receive.
 */
export interface DocumentReader {
  get(id: string): Promise<ExchangeDocument | undefined>;
}

const NOT_DOCUMENT = new Set(['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'historyHead']);

export function dynamoDocumentReader(client: DynamoDBDocumentClient, table: string): DocumentReader {
  return {
    async get(id) {
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: { pk: `DOC#${id}`, sk: 'DOC' }, ConsistentRead: true }),
      );
      if (!Item) return undefined;
      return Object.fromEntries(
        Object.entries(Item).filter(([key]) => !NOT_DOCUMENT.has(key)),
      ) as unknown as ExchangeDocument;
    },
  };
}

/** A reply cites the document it answers (the sending side sets content.inReplyTo). */
export function inReplyToOf(document: ExchangeDocument): string | undefined {
  const cited = (document.content as { inReplyTo?: { documentId?: unknown } }).inReplyTo;
  return typeof cited?.documentId === 'string' ? cited.documentId : undefined;
}
