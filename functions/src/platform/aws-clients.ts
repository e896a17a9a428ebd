import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The one place AWS clients are built. Endpoints are never set here: the v3 SDK reads
 * AWS_ENDPOINT_URL_DYNAMODB / _S3 / _SQS / _LAMBDA, then AWS_ENDPOINT_URL, by itself, so the same code
 * talks to AWS, LocalStack or the local emulators. Each client is built on first use and kept
 * for the life of the execution environment (one per cold start).
 */
let documentClient: DynamoDBDocumentClient | undefined;
let s3Client: S3Client | undefined;
let sqsClient: SQSClient | undefined;
let secretsClient: SecretsManagerClient | undefined;
let kmsClient: KMSClient | undefined;
let lambdaClient: LambdaClient | undefined;

let baseClient: DynamoDBClient | undefined;

/** The plain DynamoDB client under the document client (for libraries that take one: Powertools idempotency). */
export function dynamoBase(): DynamoDBClient {
  baseClient ??= new DynamoDBClient({});
  return baseClient;
}

export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(dynamoBase(), {
    marshallOptions: {
      // Optional fields are simply absent in items rather than failing the write.
      removeUndefinedValues: true,
      convertClassInstanceToMap: false,
    },
    unmarshallOptions: { wrapNumbers: false },
  });
  return documentClient;
}

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
  presigningClient ??= new S3Client({
    forcePathStyle: customEndpoint,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  return presigningClient;
}

export function sqs(): SQSClient {
  sqsClient ??= new SQSClient({});
  return sqsClient;
}

/** Read once at cold start (the audit subject-hash key), never on the request path. */
export function secretsManager(): SecretsManagerClient {
  secretsClient ??= new SecretsManagerClient({});
  return secretsClient;
}

/** Encrypts and decrypts the units' private seal keys (exchange, in AWS). */
export function kms(): KMSClient {
  kmsClient ??= new KMSClient({});
  return kmsClient;
}

/** For the functions a blueprint function `invokes` (Lambda Invoke). */
export function lambda(): LambdaClient {
  lambdaClient ??= new LambdaClient({});
  return lambdaClient;
}
