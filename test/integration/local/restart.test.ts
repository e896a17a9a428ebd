import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalPlatform,
  silentLog,
  startLocalPlatform,
} from '@govshare/local';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixtureBlueprint } from './fixtures/blueprint.ts';

let dataDir: string;
let running: LocalPlatform | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'govshare-restart-'));
});

afterAll(async () => {
  await running?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const start = async () => {
  running = await startLocalPlatform({
    dataDir,
    blueprint: fixtureBlueprint,
    sampleData: false,
    log: silentLog,
  });
  const common = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  return {
    platform: running,
    dynamo: new DynamoDBClient({ ...common, endpoint: running.dynamoEndpoint }),
    s3: new S3Client({ ...common, endpoint: running.awsEndpoint, forcePathStyle: true }),
    sqs: new SQSClient({ ...common, endpoint: running.awsEndpoint }),
  };
};

const stop = async (clients: Awaited<ReturnType<typeof start>>) => {
  for (const client of [clients.dynamo, clients.s3, clients.sqs]) client.destroy();
  await clients.platform.stop();
  running = undefined;
};

it('finds the item, the object and the queued message again after a stop and a start on the same data', async () => {
  const first = await start();
  const env = first.platform.env;
  await first.dynamo.send(
    new PutItemCommand({
      TableName: env.TABLE_THINGS,
      Item: { pk: { S: 'unit#3301' }, sk: { S: 'profile' }, name: { S: '示例市' } },
    }),
  );
  await first.s3.send(new PutObjectCommand({ Bucket: env.BUCKET_FILES, Key: 'a/b.txt', Body: '正文 body' }));
  // The idle queue has no consumer, so nothing takes the message in between.
  await first.sqs.send(new SendMessageCommand({ QueueUrl: env.QUEUE_IDLE_URL, MessageBody: 'still here' }));
  await stop(first);

  const second = await start();
  const again = second.platform.env;
  const item = await second.dynamo.send(
    new GetItemCommand({
      TableName: again.TABLE_THINGS,
      Key: { pk: { S: 'unit#3301' }, sk: { S: 'profile' } },
    }),
  );
  expect(item.Item?.name?.S).toBe('示例市');
  const object = await second.s3.send(new GetObjectCommand({ Bucket: again.BUCKET_FILES, Key: 'a/b.txt' }));
  expect(await object.Body?.transformToString()).toBe('正文 body');
  const { Messages = [] } = await second.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: again.QUEUE_IDLE_URL, WaitTimeSeconds: 1 }),
  );
  expect(Messages.map((m) => m.Body)).toEqual(['still here']);
  await stop(second);
});
