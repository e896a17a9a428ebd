import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import type { createLogger } from './logger.ts';
import { decodeQueueBody } from './queue-body.ts';

/**
 * The Lambda handler of a queue consumer that takes each message on its own: the body decoded
 * (queue-body.ts) and checked against the queue's schema, `handle` called with it, and only the
 * messages that failed reported back (partial batch response), so that one bad message is retried
 * and, after the queue's maxReceiveCount, kept in its dead-letter queue without holding up the rest.
 * A malformed body is logged with its issues and fails like any other message.
 */
export function queueConsumer<Schema extends z.ZodType>(options: {
  queue: string;
  schema: Schema;
  logger: ReturnType<typeof createLogger>;
  metrics?: Metrics | undefined;
  handle: (message: z.output<Schema>, record: SQSRecord) => Promise<void>;
}) {
  const processor = new BatchProcessor(EventType.SQS);

  const handleRecord = async (record: SQSRecord) => {
    let body: unknown;
    try {
      body = decodeQueueBody(record.body);
    } catch {
      body = undefined;
    }
    const parsed = options.schema.safeParse(body);
    if (!parsed.success) {
      options.logger.error(`malformed ${options.queue} message`, {
        messageId: record.messageId,
        issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      });
      throw new Error(`malformed ${options.queue} message ${record.messageId}`);
    }
    await options.handle(parsed.data, record);
  };

  return async (event: SQSEvent, context: Context) => {
    const response = await processPartialResponse(event, handleRecord, processor, {
      context,
      processInParallel: true,
    });
    if (options.metrics?.hasStoredMetrics()) options.metrics.publishStoredMetrics();
    return response;
  };
}
