import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

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

/** RFC 6266 / 5987: the name percent-encoded as UTF-8, so Chinese file names survive every browser. */
export const attachmentDisposition = (name: string) =>
  `attachment; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

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
