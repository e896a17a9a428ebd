import type { Readable } from 'node:stream';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { type PublishedCatalogue, publishedCatalogue } from '../../catalogue/index.ts';
import { dynamo, s3 } from '../../platform/aws-clients.ts';
import { readFunctionConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { decodeQueueBody } from '../../platform/queue-body.ts';
import { sharingFunctions } from '../blueprint.ts';
import { type DatasetStore, dynamoDatasetStore } from '../dataset-store.ts';
import { ingest } from './pipeline.ts';

type Logger = ReturnType<typeof createLogger>;

/** What POST …/complete sends (and, in AWS, what an S3 notification rule could send instead). */
export const ingestMessageSchema = z.strictObject({ uploadId: z.string().min(1).max(100) });

export interface DatasetIngestDeps {
  datasets: DatasetStore;
  catalogue: Pick<PublishedCatalogue, 'getVersion'>;
  s3: S3Client;
  bucket: string;
  logger: Logger;
  /** Rows per progress update of the upload item. */
  progressEveryRows?: number;
}

/**
 * Loads one uploaded file per message. Re-delivery is safe: a finished upload is skipped, an
 * unfinished one is read again from the start, and its rows are keyed by line so they overwrite
 * themselves. A file-level rejection (wrong header, not CSV, truncated) is a result, not a failure:
 * the message is done. Only infrastructure errors fail the message, which then comes back.
 */
export function createDatasetIngestConsumer(deps: DatasetIngestDeps) {
  const processor = new BatchProcessor(EventType.SQS);

  const loadOne = async (record: SQSRecord) => {
    const parsed = ingestMessageSchema.safeParse(safeJson(record.body));
    if (!parsed.success) {
      // Thrown: the message is retried, then kept in the dead-letter queue for someone to look at.
      throw new Error(`malformed dataset-ingest message ${record.messageId}`);
    }
    const { uploadId } = parsed.data;
    const upload = await deps.datasets.startLoading(uploadId, new Date().toISOString());
    if (!upload) {
      deps.logger.info('upload already finished or unknown; nothing to do', { uploadId });
      return;
    }
    const resource = await deps.catalogue.getVersion(upload.resourceCode, upload.resourceVersion);
    if (!resource) throw new Error(`resource version of upload ${uploadId} not found`);
    const object = await deps.s3.send(new GetObjectCommand({ Bucket: deps.bucket, Key: upload.objectKey }));
    const body = object.Body as Readable | undefined;
    if (!body) throw new Error(`upload ${uploadId}: empty object body`);
    const started = Date.now();
    const result = await ingest({
      source: body,
      format: upload.format,
      encoding: upload.encoding,
      items: resource.items,
      today: new Date(),
      writer: deps.datasets.rowWriter(upload),
      progressEveryRows: deps.progressEveryRows ?? 5000,
      onProgress: (progress) => deps.datasets.progress(uploadId, progress, new Date().toISOString()),
    });
    await deps.datasets.finish(upload, result, new Date().toISOString());
    deps.logger.info('dataset upload processed', {
      uploadId,
      status: result.status,
      rowsRead: result.rowsRead,
      rowsLoaded: result.rowsLoaded,
      rowsRejected: result.rowsRejected,
      durationMs: Date.now() - started,
    });
  };

  return async (event: SQSEvent, context: Context) =>
    processPartialResponse(event, loadOne, processor, { context });
}

function safeJson(text: string): unknown {
  try {
    return decodeQueueBody(text);
  } catch {
    return undefined;
  }
}

const config = readFunctionConfig(sharingFunctions['dataset-ingest']);
export const handler = createDatasetIngestConsumer({
  datasets: dynamoDatasetStore(dynamo(), config.tables.catalogue),
  catalogue: publishedCatalogue(dynamo(), config.tables.catalogue),
  s3: s3(),
  bucket: config.buckets.datasets,
  logger: createLogger('dataset-ingest'),
});
