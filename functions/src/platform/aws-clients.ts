import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The one place AWS clients are built. Endpoints are never set here: the v3 SDK reads
 * AWS_ENDPOINT_URL_DYNAMODB / _S3 / _SQS / _LAMBDA, then AWS_ENDPOINT_URL, by itself, so the same code
 * talks to AWS, LocalStack or the local emulators. Each client is built on first use and kept
 * for the life of the execution environment (one per cold start). The S3 clients are in
 * s3-clients.ts, so that a function imports the S3 client only where it uses it (lazy.ts).
 */
let documentClient: DynamoDBDocumentClient | undefined;
let sqsClient: SQSClient | undefined;
let secretsClient: SecretsManagerClient | undefined;
let kmsClient: KMSClient | undefined;

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
