import type { Readable } from 'node:stream';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { datasetKeyItem, type RejectedRow } from '@govshare/domain/sharing';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { type PublishedCatalogue, publishedCatalogue } from '../../catalogue/index.ts';
import { dynamo, sqs } from '../../platform/aws-clients.ts';
import { readFunctionConfig } from '../../platform/config.ts';
import type { createLogger } from '../../platform/logger.ts';
import { type Metrics, MetricUnit, telemetryFor } from '../../platform/observability.ts';
import { decodeQueueBody } from '../../platform/queue-body.ts';
import { s3 } from '../../platform/s3-clients.ts';
import { sharingFunctions } from '../blueprint.ts';
import { type DatasetStore, dynamoDatasetStore, type StoredCheckpoint } from '../dataset-store.ts';
import { ingest } from './pipeline.ts';

type Logger = ReturnType<typeof createLogger>;

/** What POST …/complete sends (and, in AWS, what an S3 notification rule could send instead). */
export const ingestMessageSchema = z.strictObject({ uploadId: z.string().min(1).max(100) });

export interface DatasetIngestDeps {
  datasets: DatasetStore;
  catalogue: Pick<PublishedCatalogue, 'getVersion'>;
  s3: S3Client;
  bucket: string;
  /** The consumer's own queue: its messages' leases are renewed there, and unfinished loads handed on. */
  queue: { sqs: SQSClient; url: string };
  /** Seconds a message stays invisible after each renewal, renewed every third of that while loading. */
  leaseSeconds: number;
  logger: Logger;
  /** Rows loaded and rejected, per upload (EMF); none when absent (tests). */
  metrics?: Metrics;
  /** Rows per progress update of the upload item. */
  progressEveryRows?: number;
  /** Rows between checkpoints (the crash of a load costs at most these rows, read again). */
  checkpointEveryRows?: number;
  /** Time left in the invocation below which a load stops at its next checkpoint and hands itself on. */
  handOverBeforeMs?: number;
}

/**
 * Loads one uploaded file per message. The message is held on a short lease, renewed while the file
 * loads (the queue's own visibility timeout must cover the function's whole timeout, which Lambda
 * checks): if the load crashes, the message returns within a lease, not a quarter of an hour later.
 * Every few thousand rows the load records a checkpoint; a re-delivered message goes on from the last
 * one (its rows are keyed by line, so those loaded again after it overwrite themselves), and a load
 * that is running out of time stops at a checkpoint and sends itself on as a new message, so a file
 * of any size loads without its message counting towards the dead-letter limit. A file-level
 * rejection (wrong header, not CSV, truncated) is a result, not a failure: the message is done. Only
 * infrastructure errors fail the message, which then comes back.
 */
export function createDatasetIngestConsumer(deps: DatasetIngestDeps) {
  const processor = new BatchProcessor(EventType.SQS);
  const handOverBeforeMs = deps.handOverBeforeMs ?? 60_000;

  const loadOne = async (record: SQSRecord, context: Context) => {
    const lease = await holdMessage(deps, record);
    try {
      const parsed = ingestMessageSchema.safeParse(safeJson(record.body));
      if (!parsed.success) {
        // Thrown: the message is retried, then kept in the dead-letter queue for someone to look at.
        throw new Error(`malformed dataset-ingest message ${record.messageId}`);
      }
      await load(parsed.data.uploadId, record, context);
    } finally {
      await lease.release();
    }
  };

  const load = async (uploadId: string, record: SQSRecord, context: Context) => {
    const started = await deps.datasets.startLoading(uploadId, new Date().toISOString());
    if (!started) {
      deps.logger.info('upload already finished or unknown; nothing to do', { uploadId });
      return;
    }
    const { upload } = started;
    let resume = started.resume;
    const resource = await deps.catalogue.getVersion(upload.resourceCode, upload.resourceVersion);
    if (!resource) throw new Error(`resource version of upload ${uploadId} not found`);
    const keyItem = datasetKeyItem(resource.items);
    const read = (from: StoredCheckpoint | undefined) =>
      deps.s3.send(
        new GetObjectCommand({
          Bucket: deps.bucket,
          Key: upload.objectKey,
          // The rest of the very file the checkpoint was taken in.
          ...(from ? { Range: `bytes=${from.offset}-`, ...(from.etag ? { IfMatch: from.etag } : {}) } : {}),
        }),
      );
    let object: GetObjectCommandOutput;
    try {
      object = await read(resume);
    } catch (error) {
      if (!resume || (error as { name?: string }).name !== 'PreconditionFailed') throw error;
      deps.logger.warn('the file changed since the checkpoint; loading it again from the start', {
        uploadId,
      });
      await deps.datasets.forgetCheckpoint(uploadId, new Date().toISOString());
      resume = undefined;
      object = await read(undefined);
    }
    const body = object.Body as Readable | undefined;
    if (!body) throw new Error(`upload ${uploadId}: empty object body`);
    const etag = object.ETag;
    const rejectionsBefore = resume ? await deps.datasets.report(uploadId) : [];
    // Rejections listed at the last checkpoint: a resumed run writes its list at its first one.
    let listed = resume ? -1 : 0;
    const startedAt = Date.now();
    let result: Awaited<ReturnType<typeof ingest>>;
    try {
      result = await ingest({
        source: body,
        format: upload.format,
        encoding: upload.encoding,
        items: resource.items,
        today: new Date(),
        writer: deps.datasets.rowWriter(upload, keyItem),
        progressEveryRows: deps.progressEveryRows ?? 5000,
        onProgress: (progress) => deps.datasets.progress(uploadId, progress, new Date().toISOString()),
        ...(resume ? { resume: { checkpoint: resume, rejections: rejectionsBefore } } : {}),
        checkpointEveryRows: deps.checkpointEveryRows ?? 5000,
        onCheckpoint: async (checkpoint, rejections: readonly RejectedRow[]) => {
          // The listed rejections are written only when there are new ones (at most REJECTED_ROWS_LISTED).
          const changed = rejections.length !== listed;
          listed = rejections.length;
          await deps.datasets.checkpoint(
            uploadId,
            { ...checkpoint, ...(etag ? { etag } : {}) },
            changed ? rejections : undefined,
            new Date().toISOString(),
          );
        },
        shouldPause: () => context.getRemainingTimeInMillis() < handOverBeforeMs,
      });
    } finally {
      body.destroy();
    }
    if (result.status === 'paused') {
      // A new message, so that the next part of a long file does not count as a retry of this one.
      await deps.queue.sqs.send(
        new SendMessageCommand({ QueueUrl: deps.queue.url, MessageBody: record.body }),
      );
      deps.logger.info('dataset upload paused at a checkpoint; handed on', {
        uploadId,
        rowsRead: result.rowsRead,
        durationMs: Date.now() - startedAt,
      });
      return;
    }
    await deps.datasets.finish(
      upload,
      { ...result, status: result.status, keyItem },
      new Date().toISOString(),
    );
    deps.logger.info('dataset upload processed', {
      uploadId,
      status: result.status,
      resumed: resume !== undefined,
      rowsRead: result.rowsRead,
      rowsLoaded: result.rowsLoaded,
      rowsRejected: result.rowsRejected,
      durationMs: Date.now() - startedAt,
    });
    if (deps.metrics) {
      deps.metrics.addMetric('IngestedRows', MetricUnit.Count, result.rowsLoaded);
      deps.metrics.addMetric('RejectedRows', MetricUnit.Count, result.rowsRejected);
      deps.metrics.publishStoredMetrics();
    }
  };

  return async (event: SQSEvent, context: Context) =>
    processPartialResponse(event, (record: SQSRecord) => loadOne(record, context), processor, { context });
}

/**
 * Keeps a received message invisible on a lease of `leaseSeconds`, renewed every third of it until
 * released: shortened at once from the queue's visibility timeout, so that a crash returns the
 * message within a lease. A failed renewal is logged, not fatal: the load goes on, and at worst the
 * message is seen again while it runs (the load is idempotent).
 */
async function holdMessage(
  deps: Pick<DatasetIngestDeps, 'queue' | 'leaseSeconds' | 'logger'>,
  { receiptHandle, messageId }: SQSRecord,
): Promise<{ release(): Promise<void> }> {
  let renewing: Promise<void> = Promise.resolve();
  const renew = () => {
    renewing = deps.queue.sqs
      .send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: deps.queue.url,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: deps.leaseSeconds,
        }),
      )
      .then(
        () => undefined,
        (error: unknown) =>
          deps.logger.warn('could not renew the lease of a dataset-ingest message', {
            messageId,
            error: (error as Error).name,
          }),
      );
    return renewing;
  };
  await renew();
  const timer = setInterval(renew, (deps.leaseSeconds * 1000) / 3);
  return {
    async release() {
      clearInterval(timer);
      await renewing;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return decodeQueueBody(text);
  } catch {
    return undefined;
  }
}

const spec = sharingFunctions['dataset-ingest'];
const config = readFunctionConfig(spec);
export const handler = createDatasetIngestConsumer({
  datasets: dynamoDatasetStore(dynamo(), config.tables.catalogue),
  catalogue: publishedCatalogue(dynamo(), config.tables.catalogue),
  s3: s3(),
  bucket: config.buckets.datasets,
  queue: { sqs: sqs(), url: config.queues['dataset-ingest'] },
  leaseSeconds: spec.leaseSeconds,
  ...telemetryFor('dataset-ingest'),
});
