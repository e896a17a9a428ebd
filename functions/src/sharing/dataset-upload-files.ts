import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** Where a provider PUTs a dataset file, and whether it is there: the datasets bucket, as the upload routes see it. */
export interface DatasetUploadFiles {
  /** A presigned PUT URL for the object, valid for `expiresInSeconds`. */
  uploadUrl(objectKey: string, expiresInSeconds: number): Promise<string>;
  /** Whether the object has been PUT. */
  isUploaded(objectKey: string): Promise<boolean>;
}

export function s3DatasetUploadFiles(deps: {
  s3: S3Client;
  /** Signs the upload URLs (s3-clients.ts s3ForPresigning). */
  presigner: S3Client;
  bucket: string;
}): DatasetUploadFiles {
  return {
    uploadUrl: (objectKey, expiresIn) =>
      getSignedUrl(deps.presigner, new PutObjectCommand({ Bucket: deps.bucket, Key: objectKey }), {
        expiresIn,
      }),
    async isUploaded(objectKey) {
      try {
        await deps.s3.send(new HeadObjectCommand({ Bucket: deps.bucket, Key: objectKey }));
        return true;
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'NotFound' || name === 'NoSuchKey') return false;
        throw error;
      }
    },
  };
}
