import { type AuditEvent, auditEventSchema } from '@govshare/domain/audit';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { dynamo } from '../platform/aws-clients.ts';
import { readFunctionConfig } from '../platform/config.ts';
import type { createLogger } from '../platform/logger.ts';
import { type Metrics, MetricUnit, telemetryFor } from '../platform/observability.ts';
import { decodeQueueBody } from '../platform/queue-body.ts';
import { type AuditStore, dynamoAuditStore } from './audit-store.ts';
import { auditFunctions } from './blueprint.ts';

type Logger = ReturnType<typeof createLogger>;

/**
 * Consumes the audit-trail queue: appends the batch's events to their day's hash chain, in the order
 * of the batch, several per transaction. Appending is idempotent per event id (see audit-store.ts),
 * so a re-delivered message is harmless: when appending fails, every message of the batch is
 * reported failed (partial batch response) and comes back. A malformed message is reported failed
 * alone and ends in the dead-letter queue.
 */
/** Audit lag (the oldest event of a batch, from its query to its place in the chain) is a metric: its alarm is the queue's age. */
export function createAuditTrailConsumer(store: AuditStore, logger: Logger, metrics?: Metrics) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failures: { itemIdentifier: string }[] = [];
    const valid: { messageId: string; event: AuditEvent }[] = [];
    for (const message of event.Records) {
      let parsed: unknown;
      try {
        parsed = decodeQueueBody(message.body);
      } catch {
        parsed = undefined;
      }
      const checked = auditEventSchema.safeParse(parsed);
      if (checked.success) {
        valid.push({ messageId: message.messageId, event: checked.data });
        continue;
      }
      // Comes back until it reaches the dead-letter queue, where someone must look at it.
      logger.error('malformed audit event', {
        messageId: message.messageId,
        issues: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      });
      failures.push({ itemIdentifier: message.messageId });
    }
    try {
      const results = await store.appendBatch(valid.map((v) => v.event));
      if (metrics && valid.length > 0) {
        const oldest = Math.min(...valid.map((v) => Date.parse(v.event.at)));
        metrics.addMetric('AuditLag', MetricUnit.Milliseconds, Math.max(0, Date.now() - oldest));
        metrics.addMetric('AuditEventsAppended', MetricUnit.Count, results.length);
        metrics.publishStoredMetrics();
      }
      logger.info('audit events appended', {
        count: results.length,
        duplicates: results.filter((r) => r.duplicate).length,
        days: [...new Set(results.map((r) => r.record.day))],
      });
    } catch (error) {
      // Some may be appended already; all come back, and those are recognised by their event id.
      logger.error('audit append failed', { error: error as Error });
      for (const { messageId } of valid) failures.push({ itemIdentifier: messageId });
    }
    return { batchItemFailures: failures };
  };
}

const config = readFunctionConfig(auditFunctions['audit-trail']);
const telemetry = telemetryFor('audit-trail');
export const handler = createAuditTrailConsumer(
  dynamoAuditStore(dynamo(), config.tables.audit),
  telemetry.logger,
  telemetry.metrics,
);
