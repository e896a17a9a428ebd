import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ConflictError } from '@govshare/domain/kernel';
import type { ArchivePackages, AttachmentSource, LayoutFileSource } from './archive-writer.ts';
import { contentObjectKey } from './attachment-store.ts';

/**
 * The archive writer's S3 side, apart from it so that the exchange function loads the S3 client
 * only when it archives (platform/lazy.ts).
 */
const isMissing = (error: unknown) => {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return (error as Error).name === 'NotFound' || (error as Error).name === 'NoSuchKey' || status === 404;
};

const bodyChunks = async function* (body: unknown): AsyncGenerator<Uint8Array> {
  for await (const chunk of body as AsyncIterable<Uint8Array>) yield chunk;
};

/**
 * Attachments in the `documents` bucket: a draft names the checked contents of its drafting unit,
 * kept at attachments/<unit>/<sha256> (attachment-store.ts).
 */
export function s3AttachmentSource(client: S3Client, bucket: string): AttachmentSource {
  return {
    async open(document, attachment) {
      try {
        const object = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: contentObjectKey(document.drafterUnit, attachment.sha256),
          }),
        );
        return { size: object.ContentLength ?? 0, body: bodyChunks(object.Body) };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
  };
}

/** Rendered files in the `documents` bucket, at the keys the document records. */
export function s3LayoutFiles(client: S3Client, bucket: string): LayoutFileSource {
  return {
    async read(file) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: file.key }));
        return await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
  };
}

/** Packages in the `archive` bucket (Object Lock, COMPLIANCE, by the bucket's default retention). */
export function s3ArchivePackages(client: S3Client, bucket: string): ArchivePackages {
  return {
    async write(key, body) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        throw new ConflictError(`An archive package is already stored at ${key}`);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
      const upload = new Upload({
        client,
        params: {
          Bucket: bucket,
          Key: key,
          Body: Readable.from(body),
          ContentType: 'application/x-tar',
          // Object Lock buckets refuse a write without an integrity checksum.
          ChecksumAlgorithm: 'SHA256',
        },
        queueSize: 2,
        leavePartsOnError: false,
      });
      const result = await upload.done();
      return result.VersionId ? { versionId: result.VersionId } : {};
    },
    async read({ key, versionId }) {
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
        );
        return bodyChunks(object.Body);
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
  };
}
