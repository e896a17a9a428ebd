import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '@govshare/domain/kernel';
import { batchGetAll, isConditionFailure } from './dynamo.ts';

/**
 * Presigned uploads of files of any size, one way for every context: the uploader declares a name,
 * SHA-256 and size; the file is PUT to a presigned URL in a bucket; on completion it is read once,
 * its SHA-256 and size compared with what was declared (a mismatch makes the upload unusable: 422),
 * and the checked bytes copied where no upload URL reaches. What a context's records name is the
 * checked content of a unit (by SHA-256), which only such completed uploads of that unit give.
 *
 * Items (keys and object keys are the context's, given as an UploadLayout):
 *   upload:  what was declared, where the file is PUT, and how its check ended
 *   content: a completed upload of the unit whose bytes hashed to the declared SHA-256 and size
 */
export type UploadStatus = 'awaiting-upload' | 'complete' | 'rejected';

export interface Upload {
  id: string;
  unit: string;
  createdBy: string;
  name: string;
  sha256: string;
  size: number;
  objectKey: string;
  status: UploadStatus;
  createdAt: string;
  completedAt?: string;
  /** When rejected: what the uploaded file actually was. */
  actualSha256?: string;
  actualSize?: number;
}

export interface UploadedContent {
  unit: string;
  sha256: string;
  size: number;
  objectKey: string;
  uploadId: string;
  completedAt: string;
}

/** Where a context keeps its uploads: the table keys and the bucket's object keys. */
export interface UploadLayout {
  uploadKey(id: string): Record<string, string>;
  contentKey(unit: string, sha256: string): Record<string, string>;
  uploadObjectKey(id: string): string;
  contentObjectKey(unit: string, sha256: string): string;
}

export interface UploadStore {
  create(upload: Upload): Promise<void>;
  get(id: string): Promise<Upload | undefined>;
  /** Marks the upload complete and records its content, once. */
  complete(upload: Upload, content: UploadedContent): Promise<void>;
  /** Marks the upload unusable: its file was not what was declared. */
  reject(upload: Upload, actual: { sha256: string; size: number }, at: string): Promise<void>;
  /** The unit's completed contents among `sha256s`. */
  contents(unit: string, sha256s: readonly string[]): Promise<Map<string, UploadedContent>>;
}

const KEY_ATTRIBUTES = ['pk', 'sk'];
const strip = <T>(item: Record<string, unknown>): T => {
  const copy = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy as T;
};

export function dynamoUploadStore(
  client: DynamoDBDocumentClient,
  table: string,
  layout: UploadLayout,
): UploadStore {
  return {
    async create(upload) {
      await client.send(
        new PutCommand({
          TableName: table,
          Item: { ...upload, ...layout.uploadKey(upload.id) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async get(id) {
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: layout.uploadKey(id), ConsistentRead: true }),
      );
      return Item ? strip<Upload>(Item) : undefined;
    },

    async complete(upload, content) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table,
                  Key: layout.uploadKey(upload.id),
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
                Put: {
                  TableName: table,
                  Item: { ...content, ...layout.contentKey(content.unit, content.sha256) },
                },
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
          Key: layout.uploadKey(upload.id),
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
        unique.map((sha256) => layout.contentKey(unit, sha256)),
        { consistentRead: true },
      );
      return new Map(
        found.map((item) => {
          const content = strip<UploadedContent>(item);
          return [content.sha256, content];
        }),
      );
    },
  };
}

/** How long a presigned upload or download URL stays valid. */
export const UPLOAD_URL_SECONDS = 900;
