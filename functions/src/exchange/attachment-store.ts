import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '@govshare/domain/kernel';
import { batchGetAll, isConditionFailure } from '../platform/dynamo.ts';

/**
 * Attachments (附件) on the `exchange` table and in the `documents` bucket:
 *   upload:  pk ATTACHMENT#<upload id>  sk ATTACHMENT   what the drafter declared (name, SHA-256,
 *            size), where the file is PUT (attachments/uploads/<upload id>), and how its check ended
 *   content: pk ATTACHMENT#<unit>#<sha256>  sk CONTENT   a completed upload of the unit whose bytes
 *            hashed to the declared SHA-256 and size, copied to attachments/<unit>/<sha256> (an object
 *            no presigned URL writes to): what drafts name and what getAttachment hands out
 * A draft names attachments by SHA-256 and size; they must be contents of the drafter's unit.
 */
export type AttachmentStatus = 'awaiting-upload' | 'complete' | 'rejected';

export interface AttachmentUpload {
  id: string;
  unit: string;
  createdBy: string;
  name: string;
  sha256: string;
  size: number;
  objectKey: string;
  status: AttachmentStatus;
  createdAt: string;
  completedAt?: string;
  /** When rejected: what the uploaded file actually was. */
  actualSha256?: string;
  actualSize?: number;
}

export interface AttachmentContent {
  unit: string;
  sha256: string;
  size: number;
  objectKey: string;
  uploadId: string;
  completedAt: string;
}

export interface AttachmentStore {
  create(upload: AttachmentUpload): Promise<void>;
  get(id: string): Promise<AttachmentUpload | undefined>;
  /** Marks the upload complete and records its content, once. */
  complete(upload: AttachmentUpload, content: AttachmentContent): Promise<void>;
  /** Marks the upload unusable: its file was not what was declared. */
  reject(upload: AttachmentUpload, actual: { sha256: string; size: number }, at: string): Promise<void>;
  /** The unit's completed contents among `sha256s`. */
  contents(unit: string, sha256s: readonly string[]): Promise<Map<string, AttachmentContent>>;
}

const uploadKey = (id: string) => ({ pk: `ATTACHMENT#${id}`, sk: 'ATTACHMENT' });
const contentKey = (unit: string, sha256: string) => ({ pk: `ATTACHMENT#${unit}#${sha256}`, sk: 'CONTENT' });
export const uploadObjectKey = (id: string) => `attachments/uploads/${id}`;
export const contentObjectKey = (unit: string, sha256: string) => `attachments/${unit}/${sha256}`;

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
};

export function dynamoAttachmentStore(client: DynamoDBDocumentClient, table: string): AttachmentStore {
  return {
    async create(upload) {
      await client.send(
        new PutCommand({
          TableName: table,
          Item: { ...upload, ...uploadKey(upload.id) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async get(id) {
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: uploadKey(id), ConsistentRead: true }),
      );
      return Item ? strip<AttachmentUpload>(Item) : undefined;
    },

    async complete(upload, content) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table,
                  Key: uploadKey(upload.id),
                  UpdateExpression: 'SET #status = :complete, completedAt = :at',
                  ConditionExpression: '#status = :awaiting',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':complete': 'complete',
                    ':awaiting': 'awaiting-upload',
                    ':at': content.completedAt,
                  },
                },
              },
              // The same bytes uploaded twice by a unit are one content: the later copy is identical.
              {
                Put: { TableName: table, Item: { ...content, ...contentKey(content.unit, content.sha256) } },
              },
            ],
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        throw new ConflictError(`Upload ${upload.id} was completed meanwhile`);
      }
    },

    async reject(upload, actual, at) {
      await client.send(
        new UpdateCommand({
          TableName: table,
          Key: uploadKey(upload.id),
          UpdateExpression:
            'SET #status = :rejected, completedAt = :at, actualSha256 = :sha, actualSize = :size',
          ConditionExpression: '#status = :awaiting',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':rejected': 'rejected',
            ':awaiting': 'awaiting-upload',
            ':at': at,
            ':sha': actual.sha256,
            ':size': actual.size,
          },
        }),
      );
    },

    async contents(unit, sha256s) {
      const unique = [...new Set(sha256s)];
      const found = await batchGetAll(
        client,
        table,
        unique.map((sha256) => contentKey(unit, sha256)),
        { consistentRead: true },
      );
      return new Map(
        found.map((item) => {
          const content = strip<AttachmentContent>(item);
          return [content.sha256, content];
        }),
      );
    },
  };
}
