import { auditEventSchema } from '@govshare/domain';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type AuditStore, dynamoAuditStore } from '../adapters/audit-store.ts';
import { dynamo } from '../adapters/aws-clients.ts';
import { readConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';

type Logger = ReturnType<typeof createLogger>;

/**
 * Consumes the audit-trail queue: appends each event to its day's hash chain, in the order of the
 * batch. Appending is idempotent per event id (see audit-store.ts), so a re-delivered message is
 * harmless. On the first failure, that message and every later one of the batch are reported as
 * failed (partial batch response) and come back later; the earlier ones stay appended.
 */
export function createAuditTrailConsumer(store: AuditStore, logger: Logger) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failures: { itemIdentifier: string }[] = [];
    for (const message of event.Records) {
      if (failures.length > 0) {
        failures.push({ itemIdentifier: message.messageId });
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.body);
      } catch {
        parsed = undefined;
      }
      const checked = auditEventSchema.safeParse(parsed);
      if (!checked.success) {
        // Stays in the queue until it reaches the dead-letter queue, where someone must look at it.
        logger.error('malformed audit event', {
          messageId: message.messageId,
          issues: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        });
        failures.push({ itemIdentifier: message.messageId });
        continue;
      }
      try {
        const { record, duplicate } = await store.append(checked.data);
        logger.info('audit event appended', {
          eventId: record.id,
          day: record.day,
          seq: record.seq,
          duplicate,
        });
      } catch (error) {
        logger.error('audit append failed', { messageId: message.messageId, error: error as Error });
        failures.push({ itemIdentifier: message.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}

const config = readConfig({ tables: ['audit'] });
export const handler = createAuditTrailConsumer(
  dynamoAuditStore(dynamo(), config.tables.audit),
  createLogger('audit-trail'),
);
