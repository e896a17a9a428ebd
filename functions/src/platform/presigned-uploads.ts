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
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ConflictError, NotFoundError, UnprocessableError } from '@govshare/domain/kernel';
import {
  UPLOAD_URL_SECONDS,
  type Upload,
  type UploadedContent,
  type UploadLayout,
  type UploadStore,
} from './uploads.ts';

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
