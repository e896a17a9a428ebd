import { S3Client } from '@aws-sdk/client-s3';
import { COMMON_ENV } from '@govshare/blueprint';

/**
 * The S3 clients, apart from aws-clients.ts: the S3 client is the largest of the SDK clients, and a
 * function whose file routes load their adapters on first use (lazy.ts) keeps it out of its cold start.
 * Endpoints come from AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, as for every client.
 */
let s3Client: S3Client | undefined;

export function s3(): S3Client {
  // Emulators and LocalStack answer on one host name; virtual-hosted buckets (*.localhost) do not resolve.
  const customEndpoint = Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
  s3Client ??= new S3Client({ forcePathStyle: customEndpoint });
  return s3Client;
}

let presigningClient: S3Client | undefined;

/**
 * For presigned PUT URLs only. By default the SDK signs a CRC32 checksum of the (empty) request body
 * into the URL, and S3 then refuses every real upload through it (BadDigest); a checksum is added
 * only where S3 requires one. (fauxqs does not check checksums, so only AWS shows the difference.)
 */
export function s3ForPresigning(): S3Client {
  const customEndpoint = Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
  // Locally the URLs are the gateway's, which passes them on to the emulator (a page may PUT to them).
  const urlEndpoint = process.env[COMMON_ENV.presignedUrlEndpoint];
  presigningClient ??= new S3Client({
    forcePathStyle: customEndpoint,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    ...(urlEndpoint ? { endpoint: urlEndpoint } : {}),
  });
  return presigningClient;
}
