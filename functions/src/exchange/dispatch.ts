import { createHash } from 'node:crypto';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AuditTrail } from '@govshare/domain/audit';
import {
  countLeniently,
  type DeliveryDeadlines,
  DISPATCH_ACTOR,
  deliveredEvent,
  deliveriesFor,
  type ExchangeDocument,
  markReplied,
  urgencyLevelOf,
} from '@govshare/domain/exchange';
import { CalendarNotLoadedError, InvalidTransitionError } from '@govshare/domain/kernel';
import type { UnitDirectory, WorkingCalendarReader } from '../identity/index.ts';
import { cachedByKey } from '../platform/cache.ts';
import type { createLogger } from '../platform/logger.ts';
import { type Metrics, MetricUnit } from '../platform/observability.ts';
import { encodeQueueBody } from '../platform/queue-body.ts';
import { queueConsumer } from '../platform/queue-consumer.ts';
import type { DeliveryDisplay, DeliveryStore } from './delivery-store.ts';
import { type DispatchMessage, dispatchMessageSchema, LOCAL_CRASH_ENV } from './dispatch-messages.ts';
import type { DocumentReader } from './document-store.ts';
import { deliverSlices, type ExpansionDeps, expandRecipients } from './recipient-expansion.ts';

type Logger = ReturnType<typeof createLogger>;
type DeliverMessage = Extract<DispatchMessage, { kind: 'deliver' }>;

/**
 * The `document-dispatch` consumer: one delivery per recipient unit, exactly once.
 *
 *   expand  (one per dispatched document, sent by the dispatch route): reads the document, expands its
 *           main and copy recipients against the directory as it is now (a unit; the townships of a
 *           county; the departments of a unit; a saved list), records each unknown or dissolved one
 *           for the sender (an item the matrix lists, and a history line), and sends the units on
 *           in `deliver` slices of 50 (SendMessageBatch, 10 a call, all at once). A reply marks the
 *           delivery it answers replied.
 *   deliver writes the slice's deliveries with their first history line, each on condition that it
 *           is new (one transaction of up to 100 items; the ones that exist are read from the
 *           cancellation reasons and left out of the next try), with deadlines on the working-day
 *           calendar (counted on weekends alone, and flagged, for a year the calendar lacks).
 * A message delivered twice, or a batch cut short by a crash, so writes every delivery once and loses
 * none: what failed is reported failed (partial batch response) and comes back.
 */

export interface DispatchConsumerDeps {
  documents: DocumentReader;
  deliveries: DeliveryStore;
  directory: Pick<UnitDirectory, 'unit' | 'childrenOf' | 'units'>;
  lists: ExpansionDeps['lists'];
  calendar: WorkingCalendarReader;
  /** This consumer's own queue, for the deliver slices. */
  queue: { sqs: SQSClient; url: string };
  audit: AuditTrail;
  now: () => Date;
  logger: Logger;
  metrics?: Metrics;
  deadlines?: DeliveryDeadlines;
  /**
   * Local test hook, told of each slice's new deliveries: it may end the environment there, as a
   * killed Lambda would be, in the middle of a batch. Never set outside local mode.
   */
  afterDeliveriesWritten?: (created: number) => void;
}

const DISPATCHED = new Set(['dispatched', 'archived']);
const SEND_BATCH = 10;
const SEND_ATTEMPTS = 4;

const displayOf = (document: ExchangeDocument): DeliveryDisplay => ({
  title: document.content.title,
  documentType: document.content.type,
  ...(document.number ? { documentNumber: document.number.normalised } : {}),
  issuingUnits: [...document.content.issuingUnits],
});

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

export function createDispatchConsumer(deps: DispatchConsumerDeps) {
  // A dispatched document does not change (but for its archiving): every slice of it reads it once.
  const dispatchedDocument = cachedByKey(
    async (id) => {
      const document = await deps.documents.get(id);
      if (!document) throw new Error(`document ${id} not found`);
      if (!DISPATCHED.has(document.state))
        throw new Error(`document ${id} is ${document.state}, not dispatched`);
      return document;
    },
    { maxAgeMs: 5 * 60_000, maxEntries: 100 },
  );

  const record = (action: string, document: ExchangeDocument, id: string, items: string[], at: Date) =>
    deps.audit.record({
      id,
      at: at.toISOString(),
      actor: {
        unit: document.content.issuingUnits[0] ?? document.drafterUnit,
        principal: DISPATCH_ACTOR,
        kind: 'system',
      },
      action,
      items: items.slice(0, 200),
      recordCount: items.length,
      subjectHashes: [],
      outcome: 'ok',
      correlationId: id.slice(0, 200),
    });

  const sendAll = async (messages: DeliverMessage[]) => {
    const batches: DeliverMessage[][] = [];
    for (let start = 0; start < messages.length; start += SEND_BATCH)
      batches.push(messages.slice(start, start + SEND_BATCH));
    await Promise.all(
      batches.map(async (batch) => {
        let pending = batch.map((message, index) => ({
          Id: String(index),
          MessageBody: encodeQueueBody(message),
        }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt >= SEND_ATTEMPTS)
            throw new Error(`${pending.length} deliver slices could not be queued`);
          const { Failed = [] } = await deps.queue.sqs.send(
            new SendMessageBatchCommand({ QueueUrl: deps.queue.url, Entries: pending }),
          );
          const failed = new Set(Failed.map((f) => f.Id));
          pending = pending.filter((entry) => failed.has(entry.Id));
        }
      }),
    );
  };

  const expand = async (documentId: string) => {
    const document = await deps.documents.get(documentId);
    if (!document) throw new Error(`document ${documentId} not found`);
    if (!DISPATCHED.has(document.state))
      throw new Error(`document ${documentId} is ${document.state}, not dispatched`);
    const now = deps.now();
    if (await deps.deliveries.expansionOf(documentId)) {
      // Expanded before (a message sent again, a dispatch retried): every slice was queued then.
      deps.logger.info('document expanded already', { documentId });
      await markReply(document, now);
      return;
    }
    const expansion = await expandRecipients(document, deps, now);
    if (expansion.undeliverable.length > 0) {
      const { reported } = await deps.deliveries.reportUndeliverable(expansion.undeliverable);
      deps.logger.warn('undeliverable recipients reported to the sender', {
        documentId,
        undeliverable: expansion.undeliverable.length,
        newlyReported: reported,
      });
      await record(
        'exchange.delivery.undeliverable',
        document,
        `exchange.delivery.undeliverable:${documentId}:${digest(expansion.undeliverable.map((u) => u.unit ?? u.recipient).join(','))}`,
        expansion.undeliverable.map((u) => `${u.unit ?? u.recipient}:${u.reason}`),
        now,
      );
    }
    const dispatchedAt = document.state === 'dispatched' ? document.updatedAt : now.toISOString();
    const slices = deliverSlices(document, expansion, dispatchedAt);
    await sendAll(slices);
    await deps.deliveries.recordExpansion({
      documentId,
      expandedAt: now.toISOString(),
      main: expansion.main.length,
      copy: expansion.copy.length,
      undeliverable: expansion.undeliverable.length,
      slices: slices.length,
    });
    deps.logger.info('document expanded', {
      documentId,
      main: expansion.main.length,
      copy: expansion.copy.length,
      undeliverable: expansion.undeliverable.length,
      slices: slices.length,
    });
    await markReply(document, now);
  };

  /** A reply closes, once, the delivery of the original to each replying unit that has one. */
  const markReply = async (reply: ExchangeDocument, now: Date) => {
    const original = reply.content.inReplyTo?.documentId;
    if (!original) return;
    for (const unit of reply.content.issuingUnits) {
      if (!(await deps.deliveries.exists(original, unit))) continue;
      try {
        const { events } = await deps.deliveries.update(original, unit, (current) =>
          markReplied({
            delivery: current,
            actor: reply.drafter,
            replyingUnit: unit,
            replyDocumentId: reply.id,
            now,
          }),
        );
        if (events.length > 0) {
          await record(
            'exchange.delivery.reply',
            reply,
            `exchange.delivery.reply:${original}:${unit}:${reply.id}`,
            [`delivery:${original}/${unit}`, 'state:replied', `reply:${reply.id}`],
            now,
          );
        }
      } catch (error) {
        // Handled already, returned, answered by another reply: the reply stands, the delivery stays.
        if (!(error instanceof InvalidTransitionError)) throw error;
        deps.logger.warn('a reply could not close the delivery it answers', {
          original,
          unit,
          reply: reply.id,
          reason: error.message,
        });
      }
    }
  };

  const deliver = async (message: DeliverMessage) => {
    const document = await dispatchedDocument(message.documentId);
    const now = deps.now();
    const args = {
      documentId: document.id,
      issuingUnits: document.content.issuingUnits,
      urgency: urgencyLevelOf(document.content.urgency),
      documentType: document.content.type,
      ...(document.content.handleWithinWorkingDays !== undefined
        ? { handleWithinWorkingDays: document.content.handleWithinWorkingDays }
        : {}),
      main: message.as === 'main' ? message.units : [],
      copy: message.as === 'copy' ? message.units : [],
      now,
      dispatchedAt: message.dispatchedAt ? new Date(message.dispatchedAt) : now,
      ...(deps.deadlines ? { deadlines: deps.deadlines } : {}),
    };
    let weekendsOnlyYears: number[] = [];
    const deliveries = await deps.calendar
      .withCalendar((calendar) => deliveriesFor({ ...args, calendar }))
      .catch(async (error: unknown) => {
        if (!(error instanceof CalendarNotLoadedError)) throw error;
        // Documents go out all the same; the deadline says it was counted without the holidays.
        const lenient = await deps.calendar.withCalendar((calendar) =>
          countLeniently(calendar, (stretched) => deliveriesFor({ ...args, calendar: stretched })),
        );
        weekendsOnlyYears = lenient.weekendsOnlyYears;
        deps.logger.warn('deadline counted on weekends alone: the working-day calendar lacks a year', {
          documentId: document.id,
          missingYears: weekendsOnlyYears,
        });
        return lenient.value;
      });
    const names = new Map(message.units.map((unit, index) => [unit, message.names?.[index]]));
    const display = displayOf(document);
    const fresh = deliveries.map((delivery) => {
      const name = names.get(delivery.recipientUnit);
      const full = {
        ...delivery,
        ...(name ? { recipientName: name } : {}),
        ...(weekendsOnlyYears.length > 0 ? { deadlinesWithoutHolidays: weekendsOnlyYears } : {}),
        ...display,
      };
      return { delivery: full, events: [deliveredEvent(full)] };
    });
    const { created, existing } = await deps.deliveries.createMany(fresh);
    deps.afterDeliveriesWritten?.(created.length);
    const units = deliveries.map((d) => d.recipientUnit);
    await record(
      'exchange.delivery.deliver',
      document,
      `exchange.delivery.deliver:${document.id}:${digest(units.join(','))}`,
      units,
      now,
    );
    if (deps.metrics) {
      deps.metrics.addMetric('DeliveriesWritten', MetricUnit.Count, created.length);
      deps.metrics.addMetric('DeliveriesAlreadyWritten', MetricUnit.Count, existing.length);
    }
    deps.logger.info('deliveries written', {
      documentId: document.id,
      created: created.length,
      existing: existing.length,
    });
  };

  return queueConsumer({
    queue: 'document-dispatch',
    schema: dispatchMessageSchema,
    logger: deps.logger,
    metrics: deps.metrics,
    handle: async (message) => {
      if (message.kind === 'expand') await expand(message.documentId);
      else await deliver(message);
    },
  });
}

export function localCrashHook(mode: 'local' | 'aws'): DispatchConsumerDeps['afterDeliveriesWritten'] {
  if (mode !== 'local') return undefined;
  let counted = 0;
  return (created) => {
    const limit = Number(process.env[LOCAL_CRASH_ENV]);
    if (!Number.isInteger(limit) || limit < 1) {
      counted = 0;
      return;
    }
    counted += created;
    if (counted < limit) return;
    // Once: the environment that comes after this one works normally.
    delete process.env[LOCAL_CRASH_ENV];
    process.exit(1);
  };
}
