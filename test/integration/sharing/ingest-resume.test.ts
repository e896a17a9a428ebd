import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { bucketEnvName, tableEnvName } from '@govshare/blueprint';
import type { Resource } from '@govshare/domain/catalogue';
import { citizenIdCheckChar } from '@govshare/domain/kernel';
import type { Upload } from '@govshare/domain/sharing';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { createLogger } from '@govshare/functions/platform/logger.ts';
import { s3 } from '@govshare/functions/platform/s3-clients.ts';
import {
  type DatasetStore,
  dynamoDatasetStore,
  ROW_SHARDS,
} from '@govshare/functions/sharing/dataset-store.ts';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toRecord } from '../../../packages/local/src/pollers.ts';
import { PEOPLE_ITEMS } from '../../support/datasets.ts';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * The dataset-ingest consumer on the real emulators, interrupted mid-file: the message it holds comes
 * back within its lease (not the queue's 900 s), and the next delivery goes on from the checkpoint.
 * It runs on a queue of its own here, so the platform's poller does not take the messages.
 */
let local: TestPlatform;
let sqs: SQSClient;
let queueUrl: string;
let table: string;
let store: DatasetStore;
let createConsumer: typeof import('@govshare/functions/sharing/ingest/consumer.ts').createDatasetIngestConsumer;

const CODE = '999/000009';
const ROWS = 1000;
const LEASE_SECONDS = 2;

const id = (n: number) => {
  const first17 = `611002199001${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return `${first17}${citizenIdCheckChar(first17)}`;
};
/** Every 9th row has no name: rejected. */
const csv = () => {
  const lines = ['citizenId,name,birthDate,score'];
  for (let n = 1; n <= ROWS; n++) lines.push(`${id(n)},${n % 9 === 0 ? '' : `某${n}`},1990-01-01,${n}`);
  return Buffer.from(`${lines.join('\n')}\n`);
};
const REJECTED = Math.floor(ROWS / 9);

beforeAll(async () => {
  local = await startTestPlatform('ingest-resume', { sampleData: false });
  ({ createDatasetIngestConsumer: createConsumer } = await import(
    '@govshare/functions/sharing/ingest/consumer.ts'
  ));
  table = local.platform.env[tableEnvName('catalogue')] as string;
  store = dynamoDatasetStore(dynamo(), table);
  sqs = new SQSClient({});
  // As the blueprint's dataset-ingest queue: a visibility timeout that covers the function's timeout.
  const { QueueUrl = '' } = await sqs.send(
    new CreateQueueCommand({ QueueName: 'ingest-resume-test', Attributes: { VisibilityTimeout: '900' } }),
  );
  // fauxqs's own host does not resolve here: the queue is found by its path on the endpoint.
  queueUrl = `${local.platform.awsEndpoint}${new URL(QueueUrl).pathname}`;
});

afterAll(async () => {
  sqs?.destroy();
  await local?.stop();
});

async function newUpload(file: Buffer): Promise<Upload> {
  const uploadId = randomUUID();
  const at = new Date().toISOString();
  const upload: Upload = {
    id: uploadId,
    resourceCode: CODE,
    resourceVersion: 1,
    providerUnit: '611000201',
    format: 'csv',
    encoding: 'utf-8',
    objectKey: `uploads/999-000009/${uploadId}.csv`,
    status: 'queued',
    createdBy: 'market-editor',
    createdAt: at,
    updatedAt: at,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
  };
  await store.create(upload);
  await s3().send(
    new PutObjectCommand({
      Bucket: local.platform.env[bucketEnvName('datasets')],
      Key: upload.objectKey,
      Body: file,
    }),
  );
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ uploadId }) }));
  return upload;
}

const receive = async (waitSeconds = 0): Promise<Message | undefined> =>
  (
    await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        WaitTimeSeconds: waitSeconds,
        AttributeNames: ['All'],
      }),
    )
  ).Messages?.[0];

const eventOf = (message: Message): SQSEvent => ({
  Records: [toRecord(message, 'arn:aws:sqs:cn-north-1:000000000000:ingest-resume-test')],
});
const context = (remainingMs = 600_000) => ({ getRemainingTimeInMillis: () => remainingMs }) as Context;

/** The store, its row writer watched: lines written, slowed down by `delayMs`, and a crash on cue. */
function watched(options: { crash?: { afterCheckpoints: number; writes: number }; delayMs?: number } = {}) {
  const { crash, delayMs = 0 } = options;
  const written: number[] = [];
  let checkpoints = 0;
  let writesAfter = 0;
  const datasets: DatasetStore = {
    ...store,
    checkpoint: async (...args) => {
      await store.checkpoint(...args);
      checkpoints++;
    },
    rowWriter: (upload, keyItem) => {
      const writer = store.rowWriter(upload, keyItem);
      return {
        write: async (rows) => {
          if (crash && checkpoints >= crash.afterCheckpoints && ++writesAfter >= crash.writes) {
            throw new Error('the instance died');
          }
          if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
          await writer.write(rows);
          written.push(...rows.map((r) => r.line));
        },
      };
    },
  };
  return { datasets, written };
}

const consumer = (datasets: DatasetStore, options: { handOverBeforeMs?: number } = {}) =>
  createConsumer({
    datasets,
    catalogue: { getVersion: async () => ({ items: PEOPLE_ITEMS }) as unknown as Resource },
    s3: s3(),
    bucket: local.platform.env[bucketEnvName('datasets')] as string,
    queue: { sqs, url: queueUrl },
    leaseSeconds: LEASE_SECONDS,
    logger: createLogger('dataset-ingest-test'),
    checkpointEveryRows: 100,
    ...options,
  });

const countRows = async (uploadId: string) => {
  let count = 0;
  for (let shard = 0; shard < ROW_SHARDS; shard++) {
    const { Count = 0 } = await dynamo().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `DATASET#${CODE}#${uploadId}#${shard}` },
        Select: 'COUNT',
      }),
    );
    count += Count;
  }
  return count;
};

describe('dataset ingestion interrupted mid-file', () => {
  it('comes back within its lease and goes on from the checkpoint, each row loaded once', async () => {
    const upload = await newUpload(csv());
    const first = await receive(5);
    expect(first).toBeDefined();

    // The first delivery dies after its second checkpoint.
    const crashing = watched({ crash: { afterCheckpoints: 2, writes: 3 } });
    await expect(consumer(crashing.datasets)(eventOf(first as Message), context())).rejects.toThrow();
    const interrupted = await store.get(upload.id);
    expect(interrupted?.status).toBe('loading');
    const { Item } = await dynamo().send(
      new GetCommand({ TableName: table, Key: { pk: `UPLOAD#${upload.id}`, sk: 'UPLOAD' } }),
    );
    const checkpoint = Item?.resumeAt as { line: number; rowsRead: number; offset: number } | undefined;
    expect(checkpoint?.rowsRead).toBeGreaterThanOrEqual(200);
    expect(checkpoint?.rowsRead).toBeLessThan(ROWS);
    const checkpointLine = checkpoint?.line as number;

    // Back after the lease, not after the queue's 900 s visibility timeout.
    const crashedAt = Date.now();
    let again: Message | undefined;
    while (!again && Date.now() - crashedAt < 10_000) again = await receive(1);
    expect(again?.Body).toBe(first?.Body);
    expect(Date.now() - crashedAt).toBeLessThan((LEASE_SECONDS + 3) * 1000);
    expect(again?.Attributes?.ApproximateReceiveCount).toBe('2');

    // The second delivery reads from the checkpoint on, for longer than a lease (slow writes), and
    // its renewed lease keeps the message hidden meanwhile.
    const resuming = watched({ delayMs: 600 });
    let seenWhileLoading = 0;
    let loading = true;
    const watcher = (async () => {
      while (loading) if (await receive(1)) seenWhileLoading++;
    })();
    const resumedAt = Date.now();
    const result = await consumer(resuming.datasets)(eventOf(again as Message), context());
    loading = false;
    await watcher;
    expect(result).toEqual({ batchItemFailures: [] });
    expect(Date.now() - resumedAt).toBeGreaterThan(2 * LEASE_SECONDS * 1000);
    expect(seenWhileLoading).toBe(0);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: again?.ReceiptHandle }));

    expect(Math.min(...resuming.written)).toBeGreaterThan(checkpointLine);
    const goodBefore = crashing.written.filter((line) => line <= checkpointLine).length;
    expect(resuming.written).toHaveLength(ROWS - REJECTED - goodBefore);

    const done = await store.get(upload.id);
    expect(done).toMatchObject({
      status: 'loaded',
      rowsRead: ROWS,
      rowsLoaded: ROWS - REJECTED,
      rowsRejected: REJECTED,
    });
    const report = await store.report(upload.id);
    expect(report.map((r) => r.line)).toEqual(Array.from({ length: REJECTED }, (_, i) => (i + 1) * 9 + 1));
    expect(report.every((r) => r.reason === 'name: is required')).toBe(true);
    expect(await countRows(upload.id)).toBe(ROWS - REJECTED);
    expect(await store.current(CODE)).toMatchObject({ uploadId: upload.id, rows: ROWS - REJECTED });
  });

  it('stops at a checkpoint when its time runs short and sends itself on, not counted as a retry', async () => {
    const upload = await newUpload(csv());
    const first = await receive(5);
    // So little time left that it stops at its first checkpoint.
    const pausing = watched();
    const result = await consumer(pausing.datasets, { handOverBeforeMs: 60_000 })(
      eventOf(first as Message),
      context(30_000),
    );
    expect(result).toEqual({ batchItemFailures: [] });
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first?.ReceiptHandle }));
    expect((await store.get(upload.id))?.status).toBe('loading');

    const next = await receive(5);
    expect(next?.Body).toBe(first?.Body);
    expect(next?.Attributes?.ApproximateReceiveCount).toBe('1');
    const going = watched();
    await consumer(going.datasets)(eventOf(next as Message), context());
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: next?.ReceiptHandle }));
    expect(Math.min(...going.written)).toBeGreaterThan(Math.max(...pausing.written));
    expect(pausing.written.length + going.written.length).toBe(ROWS - REJECTED);
    expect(await store.get(upload.id)).toMatchObject({
      status: 'loaded',
      rowsRead: ROWS,
      rowsRejected: REJECTED,
    });
    expect(await countRows(upload.id)).toBe(ROWS - REJECTED);
  });
});
