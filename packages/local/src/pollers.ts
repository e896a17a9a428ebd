import { setTimeout as sleep } from 'node:timers/promises';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Blueprint } from '@govshare/blueprint';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { type Endpoints, LOCAL_CREDENTIALS, LOCAL_REGION } from './aws.ts';
import type { LocalFunction } from './invoke.ts';
import type { LocalLog } from './log.ts';
import type { QueueResource } from './resources.ts';

/** SQS's limit per ReceiveMessage and per DeleteMessageBatch. */
const SQS_BATCH_LIMIT = 10;
/** SQS's longest long poll. */
const LONG_POLL_SECONDS = 20;
const RETRY_AFTER_ERROR_MS = 1000;
/**
 * How soon a message given back is visible again. Not 0: fauxqs 2.4.1 fails ChangeMessageVisibility
 * to 0 when it persists its data (it writes NULL into a NOT NULL column, after dropping the message
 * from its in-flight list), and 1 s means the same to a runtime that is stopping.
 */
const GIVE_BACK_VISIBILITY_SECONDS = 1;

export interface Pollers {
  /**
   * Receives no more; a batch being handled gets until `graceMs` to finish (its successes are deleted
   * as usual). One still running then is given back: its function's environment is ended and its
   * messages are made visible again at once, so the next start delivers them instead of waiting out
   * the visibility timeout (the receive counts, as it would in AWS).
   */
  stop(graceMs: number): Promise<void>;
}

/**
 * Plays Lambda's SQS event source mapping for every `consumer` function: receive a batch, invoke,
 * delete what succeeded. What is not deleted comes back after the visibility timeout, and the queue's
 * redrive policy moves it to the DLQ after maxReceiveCount receives.
 */
export function startPollers(
  blueprint: Blueprint,
  functions: Map<string, LocalFunction>,
  queues: Record<string, QueueResource>,
  endpoints: Endpoints,
  log: LocalLog,
): Pollers {
  const sqs = new SQSClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: endpoints.awsEndpoint,
  });
  const abort = new AbortController();
  let giveBack: () => void = () => {};
  const givenBack = new Promise<void>((resolve) => {
    giveBack = resolve;
  });
  const loops: PollLoop[] = [];
  for (const [name, spec] of Object.entries(blueprint.functions)) {
    if (spec.kind !== 'consumer') continue;
    const fn = functions.get(name);
    const queue = queues[spec.queue];
    if (!fn || !queue) throw new Error(`Consumer ${name}: no function or no queue '${spec.queue}'`);
    const source = { batchSize: spec.batchSize, windowSeconds: spec.maxBatchingWindowSeconds ?? 0 };
    const loop: PollLoop = { fn, busy: false, done: Promise.resolve() };
    const stopping = { signal: abort.signal, givenBack };
    loop.done = pollLoop(sqs, loop, queue, source, stopping, log);
    loops.push(loop);
  }
  return {
    async stop(graceMs) {
      abort.abort();
      const busy = loops.filter((loop) => loop.busy).map((loop) => loop.fn.functionName);
      if (busy.length > 0) {
        log.info(
          `queue pollers: waiting up to ${graceMs / 1000} s for the batch in flight of ${busy.join(', ')}`,
        );
      }
      const all = Promise.allSettled(loops.map((loop) => loop.done));
      const timer = setTimeout(giveBack, graceMs);
      await all;
      clearTimeout(timer);
      sqs.destroy();
    },
  };
}

interface PollLoop {
  fn: LocalFunction;
  /** A batch is being handled. */
  busy: boolean;
  done: Promise<void>;
}

interface Stopping {
  /** Aborted when the runtime stops: receive no more. */
  signal: AbortSignal;
  /** Resolves when the stop's grace has run out: give back the batch in flight. */
  givenBack: Promise<void>;
}

interface EventSource {
  batchSize: number;
  windowSeconds: number;
}

async function pollLoop(
  sqs: SQSClient,
  loop: PollLoop,
  queue: QueueResource,
  source: EventSource,
  stopping: Stopping,
  log: LocalLog,
): Promise<void> {
  const { fn } = loop;
  const { signal } = stopping;
  while (!signal.aborted) {
    try {
      const messages = await receiveBatch(sqs, queue, source, signal);
      if (messages.length === 0) continue;
      loop.busy = true;
      try {
        // Received as the stop came (or while a batching window was open): not started, so given back.
        if (signal.aborted) await release(sqs, fn, queue, messages, log);
        else await handleBatch(sqs, fn, queue, messages, stopping.givenBack, log);
      } finally {
        loop.busy = false;
      }
    } catch (error) {
      if (signal.aborted) return;
      log.error(`poller for ${fn.functionName}: receiving from ${queue.url} failed; retrying`, error);
      await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_ERROR_MS));
    }
  }
}

/**
 * How often a batching window's gathering asks the queue for more. Asking again as soon as each message
 * arrives (a long poll returns with the first one) cost one ReceiveMessage per message on the runtime's
 * main thread, which the gateway shares: with the audit trail's window open, every audited request's
 * answer waited behind the poller receiving that request's own event (bench/README.md, Registry lookup).
 */
const GATHER_INTERVAL_MS = 100;

/**
 * Long-polls for the first messages, then gathers more until the batch is full or the window closes,
 * asking every GATHER_INTERVAL_MS for what has arrived (up to SQS's 10 a receive), then once more
 * when the window closes. A stop during the window ends the gathering with what was received, for
 * the caller to give back.
 */
async function receiveBatch(
  sqs: SQSClient,
  queue: QueueResource,
  source: EventSource,
  signal: AbortSignal,
): Promise<Message[]> {
  const messages: Message[] = [];
  const receive = async (waitSeconds: number) => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: Math.min(source.batchSize - messages.length, SQS_BATCH_LIMIT),
        WaitTimeSeconds: waitSeconds,
        VisibilityTimeout: queue.spec.visibilityTimeoutSeconds,
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: signal },
    );
    messages.push(...Messages);
    return Messages.length;
  };
  if ((await receive(LONG_POLL_SECONDS)) === 0) return messages;
  const windowEnds = Date.now() + source.windowSeconds * 1000;
  try {
    while (messages.length < source.batchSize && !signal.aborted) {
      const remainingMs = windowEnds - Date.now();
      // With no window, Lambda invokes with whatever is there now; with one, it waits for more until it closes.
      if (remainingMs > 0) await sleep(Math.min(remainingMs, GATHER_INTERVAL_MS), undefined, { signal });
      const received = await receive(0);
      if (received === 0 && remainingMs <= 0) break;
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
  return messages;
}

async function handleBatch(
  sqs: SQSClient,
  fn: LocalFunction,
  queue: QueueResource,
  messages: Message[],
  givenBack: Promise<void>,
  log: LocalLog,
): Promise<void> {
  const event: SQSEvent = { Records: messages.map((m) => toRecord(m, queue.arn)) };
  const invocation = fn.invoke(event).then(
    (response) => ({ outcome: 'returned' as const, response }),
    (error: unknown) => ({ outcome: 'failed' as const, error }),
  );
  const result = await Promise.race([invocation, givenBack.then(() => ({ outcome: 'stopping' as const }))]);
  if (result.outcome === 'stopping') {
    // Its environment is ended first, so that nothing works on the batch once it is visible again.
    await fn.stop();
    await release(sqs, fn, queue, messages, log);
    return;
  }
  if (result.outcome === 'failed') {
    // As in Lambda: nothing is deleted, every message returns after the visibility timeout.
    log.error(
      `${fn.functionName} failed on a batch of ${messages.length}; the messages will be retried`,
      result.error,
    );
    return;
  }
  const response = result.response;
  const failed = failedMessageIds(response, messages);
  if (failed === 'all') {
    log.error(`${fn.functionName} returned batchItemFailures naming no message of the batch; retrying all`);
    return;
  }
  const done = messages.filter((m) => m.MessageId && m.ReceiptHandle && !failed.has(m.MessageId));
  for (let i = 0; i < done.length; i += SQS_BATCH_LIMIT) {
    const chunk = done.slice(i, i + SQS_BATCH_LIMIT);
    const { Failed = [] } = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: chunk.map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
    for (const failure of Failed)
      log.error(`could not delete a message from ${queue.url}: ${failure.Message}`);
  }
}

/** Makes received messages visible again now (within a second), rather than after their visibility timeout. */
async function release(
  sqs: SQSClient,
  fn: LocalFunction,
  queue: QueueResource,
  messages: Message[],
  log: LocalLog,
): Promise<void> {
  const held = messages.filter((m) => m.ReceiptHandle);
  let failed = 0;
  for (let i = 0; i < held.length; i += SQS_BATCH_LIMIT) {
    const chunk = held.slice(i, i + SQS_BATCH_LIMIT);
    try {
      const { Failed = [] } = await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queue.url,
          Entries: chunk.map((m, n) => ({
            Id: String(n),
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: GIVE_BACK_VISIBILITY_SECONDS,
          })),
        }),
      );
      failed += Failed.length;
      for (const failure of Failed)
        log.error(`could not give back a message to ${queue.url}: ${failure.Message}`);
    } catch (error) {
      failed += chunk.length;
      log.error(`could not give back messages to ${queue.url}`, error);
    }
  }
  const back = held.length - failed;
  log.info(
    `${fn.functionName}: gave back ${back} of the ${held.length} messages of the batch in flight, ` +
      'to be delivered again at the next start' +
      (failed > 0 ? `; the others come back after their visibility timeout` : ''),
  );
}

/**
 * Lambda's reading of a partial batch response: none or an empty list means all succeeded; an identifier
 * that is empty or not in the batch makes the whole batch count as failed.
 */
export function failedMessageIds(
  response: unknown,
  messages: Pick<Message, 'MessageId'>[],
): Set<string> | 'all' {
  const failures = (response as Partial<SQSBatchResponse> | null | undefined)?.batchItemFailures;
  if (!Array.isArray(failures)) return new Set();
  const inBatch = new Set(messages.map((m) => m.MessageId));
  const ids = failures.map((f) => (f as { itemIdentifier?: unknown })?.itemIdentifier);
  if (ids.some((id) => typeof id !== 'string' || !inBatch.has(id))) return 'all';
  return new Set(ids as string[]);
}

export function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? '',
      SenderId: attributes.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? '',
      ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
      ...(attributes.MessageDeduplicationId
        ? { MessageDeduplicationId: attributes.MessageDeduplicationId }
        : {}),
      ...(attributes.SequenceNumber ? { SequenceNumber: attributes.SequenceNumber } : {}),
      ...(attributes.AWSTraceHeader ? { AWSTraceHeader: attributes.AWSTraceHeader } : {}),
    },
    messageAttributes: toLambdaAttributes(message.MessageAttributes ?? {}),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? LOCAL_REGION,
  };
}

/** Lambda spells message attributes in camelCase, binaries as base64, and always includes the list fields. */
function toLambdaAttributes(attributes: Record<string, MessageAttributeValue>): SQSMessageAttributes {
  const base64 = (bytes: Uint8Array | undefined) =>
    bytes ? Buffer.from(bytes).toString('base64') : undefined;
  const converted: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes)) {
    converted[name] = {
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { binaryValue: base64(value.BinaryValue) } : {}),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((b) => base64(b) ?? ''),
      dataType: (value.DataType ?? 'String') as SQSMessageAttributes[string]['dataType'],
    };
  }
  return converted;
}
