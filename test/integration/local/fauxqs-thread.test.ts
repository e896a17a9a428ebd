/**
 * fauxqs runs in a worker thread of its own (its SQLite writes no longer hold up the gateway's
 * event loop): it answers SQS and S3 on its port, and stopping it closes its database, so a message
 * queued before the stop is there at the next start on the same folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '@govshare/local';
import { afterEach, expect, it } from 'vitest';
import { startFauxqsThread } from '../../../packages/local/src/fauxqs-thread.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const start = (dir: string) =>
  startFauxqsThread({
    port: 0,
    dataDir: join(dir, 'fauxqs'),
    s3StorageDir: join(dir, 's3'),
    defaultRegion: LOCAL_REGION,
    logger: false,
  });
const clients = (port: number) => {
  const config = {
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: `http://127.0.0.1:${port}`,
  };
  return { sqs: new SQSClient(config), s3: new S3Client({ ...config, forcePathStyle: true }) };
};

it('answers SQS and S3 from its thread and keeps what it stored across a stop', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'govshare-fauxqs-'));
  dirs.push(dir);
  const first = await start(dir);
  const a = clients(first.port);
  const { QueueUrl } = await a.sqs.send(new CreateQueueCommand({ QueueName: 'kept' }));
  await a.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"kept":true}' }));
  await a.s3.send(new CreateBucketCommand({ Bucket: 'kept' }));
  await a.s3.send(new PutObjectCommand({ Bucket: 'kept', Key: 'k', Body: 'body' }));
  a.sqs.destroy();
  a.s3.destroy();
  await first.stop();

  const second = await start(dir);
  const b = clients(second.port);
  try {
    const { Messages } = await b.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: `http://127.0.0.1:${second.port}/000000000000/kept`,
        WaitTimeSeconds: 1,
      }),
    );
    expect(Messages?.map((m) => m.Body)).toEqual(['{"kept":true}']);
    const object = await b.s3.send(new GetObjectCommand({ Bucket: 'kept', Key: 'k' }));
    expect(await object.Body?.transformToString()).toBe('body');
  } finally {
    b.sqs.destroy();
    b.s3.destroy();
    await second.stop();
  }
});

it('fails to start, naming the reason, when its port is taken', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'govshare-fauxqs-'));
  dirs.push(dir);
  const holder = await start(dir);
  try {
    await expect(
      startFauxqsThread({
        port: holder.port,
        dataDir: join(dir, 'other'),
        s3StorageDir: join(dir, 'other-s3'),
        defaultRegion: LOCAL_REGION,
        logger: false,
      }),
    ).rejects.toThrow(/fauxqs did not start: .*EADDRINUSE/s);
  } finally {
    await holder.stop();
  }
});
