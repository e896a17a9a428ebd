import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Probe } from './readiness.ts';

/** A bucket answers HeadBucket (s3:ListBucket, in the read grants). */
export const headBucketProbe =
  (client: Pick<S3Client, 'send'>): Probe =>
  async (bucket, abortSignal) => {
    await client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal });
  };

/** A queue answers GetQueueAttributes (in the send grants). */
export const queueAttributesProbe =
  (client: Pick<SQSClient, 'send'>): Probe =>
  async (queueUrl, abortSignal) => {
    await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }), {
      abortSignal,
    });
  };
