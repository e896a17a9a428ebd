import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { encodeQueueBody } from '../platform/queue-body.ts';

/**
 * Messages of the `notification-events` queue: what a deployment routes to its SMS or e-mail
 * gateway (the platform keeps its own notification lists, notification-store.ts). Nothing in the
 * platform consumes them. The body is JSON (ASCII-escaped, platform/queue-body.ts) of this shape,
 * version 1:
 *
 *   {
 *     "schema": "govshare.notification/1",
 *     "id": "urge-<32 hex>",                 stable per urge: a redelivered message has the same id
 *     "type": "exchange.delivery.urged",
 *     "at": "2026-10-09T00:15:02.114Z",      when the urge was written
 *     "documentId": "…", "recipientUnit": "611002101000", "senderUnit": "611000001",
 *     "kind": "sign-for" | "handling",
 *     "level": 1 | 2,                        2: escalated to the unit's leaders and the issuing unit
 *     "dueAt": "2026-10-08T16:00:00.000Z",   the deadline that was missed
 *     "source": "sweep" | "manual",          the schedule, or a sender from the status matrix
 *     "users": ["township-clerk", …],        platform user ids to reach (look up their phone or mail
 *                                            in the deployment's own directory: none is sent here)
 *     "units": ["611002101000"]              units whose shared inbox or duty phone to reach
 *   }
 *
 * No document title, body or personal data beyond user ids. A gateway should drop an id it has
 * already sent (SQS is at-least-once). New fields may be added within version 1; a change of
 * meaning is a new schema version.
 */
export const NOTIFICATION_SCHEMA = 'govshare.notification/1';

export const notificationEventSchema = z.strictObject({
  schema: z.literal(NOTIFICATION_SCHEMA),
  id: z.string().regex(/^urge-[0-9a-f]{32}$/),
  type: z.literal('exchange.delivery.urged'),
  at: z.iso.datetime(),
  documentId: z.string().min(1).max(100),
  recipientUnit: z.string().min(1).max(64),
  senderUnit: z.string().min(1).max(64),
  kind: z.enum(['sign-for', 'handling']),
  level: z.union([z.literal(1), z.literal(2)]),
  dueAt: z.iso.datetime(),
  source: z.enum(['sweep', 'manual']),
  users: z.array(z.string().min(1).max(128)).max(100),
  units: z.array(z.string().min(1).max(64)).min(1).max(10),
});
export type NotificationEvent = z.infer<typeof notificationEventSchema>;

/** The event id of an urge: the same for the same urge record, whoever sends it. */
export const urgeEventId = (documentId: string, recordKey: string) =>
  `urge-${createHash('sha256').update(`${documentId}\n${recordKey}`).digest('hex').slice(0, 32)}`;

export interface NotificationEventPublisher {
  publish(event: NotificationEvent): Promise<void>;
}

export function sqsNotificationEvents(client: SQSClient, queueUrl: string): NotificationEventPublisher {
  return {
    async publish(event) {
      const checked = notificationEventSchema.parse(event);
      await client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: encodeQueueBody(checked),
          MessageAttributes: {
            eventId: { DataType: 'String', StringValue: checked.id },
            type: { DataType: 'String', StringValue: checked.type },
          },
        }),
      );
    },
  };
}
