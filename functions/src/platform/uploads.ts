import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ConflictError, NotFoundError, UnprocessableError } from '@govshare/domain/kernel';
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

/** The SHA-256 and length of a stream, read once. */
async function digestOf(body: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
  }
  return { sha256: hash.digest('hex'), size };
}

export interface PresignedUploadsDeps {
  store: UploadStore;
  layout: UploadLayout;
  s3: S3Client;
  /** Signs the upload URL (see aws-clients.ts s3ForPresigning). */
  presigner: S3Client;
  bucket: string;
  now: () => Date;
}

/** Starting and completing presigned uploads, as the routes of a context call them. */
export function presignedUploads(deps: PresignedUploadsDeps) {
  const { store, layout, s3, bucket, now } = deps;
  return {
    /** Records the declared upload and signs the URL its file is PUT to. */
    async start(
      uploader: { subject: string; unit: string },
      declared: { name: string; sha256: string; size: number },
    ) {
      const id = randomUUID();
      const upload: Upload = {
        id,
        unit: uploader.unit,
        createdBy: uploader.subject,
        name: declared.name,
        sha256: declared.sha256,
        size: declared.size,
        objectKey: layout.uploadObjectKey(id),
        status: 'awaiting-upload',
        createdAt: now().toISOString(),
      };
      await store.create(upload);
      const uploadUrl = await getSignedUrl(
        deps.presigner,
        new PutObjectCommand({ Bucket: bucket, Key: upload.objectKey }),
        { expiresIn: UPLOAD_URL_SECONDS },
      );
      return {
        upload,
        uploadUrl,
        method: 'PUT' as const,
        expiresAt: new Date(Date.now() + UPLOAD_URL_SECONDS * 1000).toISOString(),
      };
    },

    /** The unit's own upload; anyone else's is a 404, as if it did not exist. */
    async own(id: string, unit: string): Promise<Upload> {
      const upload = await store.get(id);
      if (!upload || upload.unit !== unit) throw new NotFoundError('No attachment upload has this id');
      return upload;
    },

    /**
     * Checks the uploaded file against the declaration: complete (copied to its content key) or
     * rejected (422). `param` names the upload id in the route (e.g. `params.uploadId`).
     */
    async complete(upload: Upload, param: string): Promise<Upload> {
      if (upload.status === 'complete') return upload;
      if (upload.status === 'rejected') {
        throw new UnprocessableError(
          [{ path: param, message: 'was refused: its file did not match; start a new upload' }],
          'This upload is not usable',
        );
      }
      let object: GetObjectCommandOutput;
      try {
        object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: upload.objectKey }));
      } catch (error) {
        const name = (error as Error).name;
        if (name !== 'NoSuchKey' && name !== 'NotFound') throw error;
        throw new ConflictError('The file has not been uploaded yet: PUT it to uploadUrl first');
      }
      const actual = await digestOf(object.Body as Readable);
      const at = now().toISOString();
      if (actual.sha256 !== upload.sha256 || actual.size !== upload.size) {
        await store.reject(upload, actual, at);
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: upload.objectKey }));
        const issues = [
          ...(actual.sha256 !== upload.sha256
            ? [
                {
                  path: 'upload.sha256',
                  message: `the file's SHA-256 is ${actual.sha256}, not the declared one`,
                },
              ]
            : []),
          ...(actual.size !== upload.size
            ? [{ path: 'upload.size', message: `the file is ${actual.size} bytes, not ${upload.size}` }]
            : []),
        ];
        throw new UnprocessableError(
          issues,
          'The uploaded file is not the one declared; the upload is not usable',
        );
      }
      const content: UploadedContent = {
        unit: upload.unit,
        sha256: upload.sha256,
        size: upload.size,
        objectKey: layout.contentObjectKey(upload.unit, upload.sha256),
        uploadId: upload.id,
        completedAt: at,
      };
      // Only the version that was hashed is copied (a PUT to the upload URL meanwhile fails the copy).
      await s3.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: content.objectKey,
          CopySource: `${bucket}/${upload.objectKey}`,
          ...(object.ETag ? { CopySourceIfMatch: object.ETag } : {}),
        }),
      );
      await store.complete(upload, content);
      return { ...upload, status: 'complete', completedAt: at };
    },
  };
}

export type PresignedUploads = ReturnType<typeof presignedUploads>;
