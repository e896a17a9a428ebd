import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  type Blueprint,
  type BucketSpec,
  bucketEnvName,
  type IndexSpec,
  type KeySpec,
  type QueueSpec,
  queueUrlEnvName,
  type TableSpec,
  tableEnvName,
} from '@govshare/blueprint';
import { type Endpoints, LOCAL_CREDENTIALS, LOCAL_REGION } from './aws.ts';

/** Physical names: the blueprint's name as prefix, as the CDK app would if it chose names. */
export const physicalName = (blueprint: Pick<Blueprint, 'name'>, name: string) => `${blueprint.name}-${name}`;
export const dlqName = (queueName: string) => `${queueName}-dlq`;

export interface QueueResource {
  url: string;
  arn: string;
  dlqUrl: string;
  spec: QueueSpec;
}

export interface Resources {
  /** TABLE_*, BUCKET_*, QUEUE_*_URL → physical name or queue URL, for the functions' environment. */
  env: Record<string, string>;
  /** By blueprint queue name, for the pollers. */
  queues: Record<string, QueueResource>;
}

/** Creates whatever the blueprint describes and the emulators lack; running it twice changes nothing. */
export async function ensureResources(blueprint: Blueprint, endpoints: Endpoints): Promise<Resources> {
  const common = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoDBClient({ ...common, endpoint: endpoints.dynamoEndpoint });
  const s3 = new S3Client({ ...common, endpoint: endpoints.awsEndpoint, forcePathStyle: true });
  const sqs = new SQSClient({ ...common, endpoint: endpoints.awsEndpoint });
  const env: Record<string, string> = {};
  const queues: Record<string, QueueResource> = {};
  try {
    await Promise.all([
      ...Object.entries(blueprint.tables).map(async ([name, spec]) => {
        env[tableEnvName(name)] = await ensureTable(dynamo, physicalName(blueprint, name), spec);
      }),
      ...Object.entries(blueprint.buckets).map(async ([name, spec]) => {
        env[bucketEnvName(name)] = await ensureBucket(s3, physicalName(blueprint, name), spec);
      }),
      ...Object.entries(blueprint.queues).map(async ([name, spec]) => {
        const queue = await ensureQueue(sqs, endpoints.awsEndpoint, physicalName(blueprint, name), spec);
        queues[name] = queue;
        env[queueUrlEnvName(name)] = queue.url;
      }),
    ]);
  } finally {
    dynamo.destroy();
    s3.destroy();
    sqs.destroy();
  }
  return { env, queues };
}

const keySchema = (spec: { partitionKey: KeySpec; sortKey?: KeySpec }): KeySchemaElement[] => [
  { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
  ...(spec.sortKey ? [{ AttributeName: spec.sortKey.name, KeyType: 'RANGE' as const }] : []),
];

const gsi = (index: IndexSpec): GlobalSecondaryIndex => ({
  IndexName: index.name,
  KeySchema: keySchema(index),
  Projection: { ProjectionType: 'ALL' },
});

function attributeDefinitions(spec: TableSpec): AttributeDefinition[] {
  const keys = [spec, ...spec.indexes].flatMap((k) => [k.partitionKey, ...(k.sortKey ? [k.sortKey] : [])]);
  const byName = new Map(keys.map((k) => [k.name, { AttributeName: k.name, AttributeType: k.type }]));
  return [...byName.values()];
}

async function ensureTable(dynamo: DynamoDBClient, tableName: string, spec: TableSpec): Promise<string> {
  const existing = await describeTable(dynamo, tableName);
  if (!existing) {
    await dynamo.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: keySchema(spec),
        AttributeDefinitions: attributeDefinitions(spec),
        ...(spec.indexes.length > 0 ? { GlobalSecondaryIndexes: spec.indexes.map(gsi) } : {}),
      }),
    );
  } else {
    // An index added to the blueprint after the data folder was made: add it, one per call as DynamoDB requires.
    const present = new Set(existing.GlobalSecondaryIndexes?.map((i) => i.IndexName));
    for (const index of spec.indexes.filter((i) => !present.has(i.name))) {
      await dynamo.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: attributeDefinitions(spec),
          GlobalSecondaryIndexUpdates: [{ Create: gsi(index) }],
        }),
      );
    }
  }
  if (spec.timeToLiveAttribute) {
    const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await dynamo.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: spec.timeToLiveAttribute, Enabled: true },
        }),
      );
    }
  }
  return tableName;
}

async function describeTable(dynamo: DynamoDBClient, tableName: string) {
  try {
    return (await dynamo.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function ensureBucket(s3: S3Client, bucketName: string, _spec: BucketSpec): Promise<string> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucketName }));
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw error;
    await s3.send(new CreateBucketCommand({ Bucket: bucketName }));
  }
  // Not emulated by fauxqs, so not configured here (the CDK app configures both in AWS):
  // - objectLock: fauxqs has no Object Lock; locally, archived objects CAN be overwritten or deleted.
  // - presignedUploads CORS: fauxqs has no bucket CORS and sends no CORS headers, so presigned uploads
  //   work from servers and curl but not from a browser page on another origin.
  return bucketName;
}

async function ensureQueue(
  sqs: SQSClient,
  awsEndpoint: string,
  queueName: string,
  spec: QueueSpec,
): Promise<QueueResource> {
  const dlqUrl = await ensureQueueUrl(sqs, awsEndpoint, dlqName(queueName), {
    // Keep failed messages as long as SQS allows (14 days), so they can be seen and redriven.
    MessageRetentionPeriod: String(14 * 24 * 60 * 60),
  });
  const dlqArn = await queueArn(sqs, dlqUrl);
  const url = await ensureQueueUrl(sqs, awsEndpoint, queueName, {
    VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: spec.maxReceiveCount }),
  });
  return { url, arn: await queueArn(sqs, url), dlqUrl, spec };
}

/** Creates the queue, or brings an existing one's attributes in line with the blueprint. */
async function ensureQueueUrl(
  sqs: SQSClient,
  awsEndpoint: string,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  return onEndpoint(awsEndpoint, await findOrCreateQueue(sqs, name, attributes));
}

/**
 * fauxqs names queues `http://sqs.<region>.localhost:<port>/…`, a host that does not resolve here, and an SQS
 * client that takes its endpoint from AWS_ENDPOINT_URL_SQS sends to the QueueUrl's host. fauxqs (like
 * LocalStack) finds a queue by the URL's path, so the URL handed to functions points at the endpoint itself.
 */
const onEndpoint = (awsEndpoint: string, queueUrl: string) => `${awsEndpoint}${new URL(queueUrl).pathname}`;

async function findOrCreateQueue(sqs: SQSClient, name: string, attributes: Record<string, string>) {
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    if (!QueueUrl) throw new Error(`GetQueueUrl returned no URL for ${name}`);
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
    return QueueUrl;
  } catch (error) {
    if (!(error instanceof QueueDoesNotExist)) throw error;
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    if (!QueueUrl) throw new Error(`CreateQueue returned no URL for ${name}`);
    return QueueUrl;
  }
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`No ARN for queue ${url}`);
  return arn;
}
