import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { attachmentDisposition } from './content-disposition.ts';

/** An object in a bucket, as a download names it. */
export interface StoredObject {
  bucket: string;
  key: string;
  versionId?: string | undefined;
}

/** Presigned GETs: how every route hands out a stored file (attachments, 版式 files, archive packages). */
export interface ObjectDownloads {
  /** A URL that GETs the object for `expiresInSeconds`; with `fileName`, saved under that name. */
  url(object: StoredObject, options: { expiresInSeconds: number; fileName?: string }): Promise<string>;
}

export function s3ObjectDownloads(presigner: S3Client): ObjectDownloads {
  return {
    url: (object, { expiresInSeconds, fileName }) =>
      getSignedUrl(
        presigner,
        new GetObjectCommand({
          Bucket: object.bucket,
          Key: object.key,
          ...(object.versionId ? { VersionId: object.versionId } : {}),
          ...(fileName ? { ResponseContentDisposition: attachmentDisposition(fileName) } : {}),
        }),
        { expiresIn: expiresInSeconds },
      ),
  };
}
