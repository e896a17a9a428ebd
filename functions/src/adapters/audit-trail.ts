import { createHmac } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { queueUrlEnvName } from '@govshare/blueprint';
import { type AuditEvent, type AuditTrail, auditEventSchema } from '@govshare/domain';
import { sqs } from './aws-clients.ts';

/**
 * The producer side of the audit trail: what the registry (and any audited context) imports.
 *
 *   const trail = auditTrailFromEnv();            // at cold start; needs QUEUE_AUDIT_TRAIL_URL
 *   const hashSubject = await subjectHasherFromEnv(); // at cold start; needs the subject key
 *   await trail.record({ ...event, subjectHashes: ids.map(hashSubject) });
 *
 * Why a queue and not a direct write: appending to the day's hash chain needs the chain head
 * (seq, prevHash), a single item every query of the day contends on. Doing that on the request
 * path would serialise all queries behind one conditional write and, under contention, retries.
 * Instead `record` does one SQS SendMessage: when it returns, SQS has stored the message
 * redundantly (durable, ~1 ms locally, a few ms in AWS), so nothing is lost if the function dies
 * afterwards; the `audit-trail` consumer appends to the chain in order, with conditional writes,
 * and a redelivered message is recognised by its event id and not appended twice. A failed send
 * rejects, so the producer can refuse to answer rather than answer unaudited.
 *
 * The function that records needs `sendsTo: ['audit-trail']` in its blueprint entry.
 */
export const AUDIT_TRAIL_QUEUE = 'audit-trail';

/** Environment variable holding the subject-hash key (base64, at least 32 bytes) when given directly. */
export const AUDIT_SUBJECT_KEY_ENV = 'AUDIT_SUBJECT_KEY';

/**
 * Sends each event, as JSON, to the audit-trail queue. The event is checked first (a producer defect
 * throws here, not later in the consumer): subject hashes must be 64 hex characters, so a clear
 * identifier cannot slip into the trail by mistake.
 */
export function sqsAuditTrail(client: SQSClient, queueUrl: string): AuditTrail {
  return {
    async record(event) {
      auditEventSchema.parse(event);
      await client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(event),
          MessageAttributes: { eventId: { DataType: 'String', StringValue: event.id } },
        }),
      );
    },
  };
}

/** The audit trail of a deployed function: the queue URL comes from its environment. */
export function auditTrailFromEnv(env: NodeJS.ProcessEnv = process.env): AuditTrail {
  const name = queueUrlEnvName(AUDIT_TRAIL_QUEUE);
  const url = env[name]?.trim();
  if (!url) throw new Error(`${name} is not set: give the function sendsTo: ['${AUDIT_TRAIL_QUEUE}']`);
  return sqsAuditTrail(sqs(), url);
}

/** Records events in memory (unit tests of producers). */
export function memoryAuditTrail(): AuditTrail & { events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  return {
    events,
    async record(event) {
      events.push(structuredClone(event));
    },
  };
}

/** Turns a subject identifier (citizen ID, credit code) into the only form the audit trail keeps. */
export type SubjectHasher = (identifier: string) => string;

/**
 * HMAC-SHA256 under a secret key, hex. A plain hash would not do: an 18-digit citizen ID has few
 * enough possible values (region × date × sequence) to be found from its hash by trying them all.
 * Identifiers are normalised (trimmed, upper case: the X check character) so that the same person
 * always hashes the same way.
 */
export function subjectHasher(key: Uint8Array): SubjectHasher {
  if (key.byteLength < 32) throw new Error('The audit subject key must be at least 32 bytes');
  const copy = Buffer.from(key);
  return (identifier) =>
    createHmac('sha256', copy).update(`subject:${identifier.trim().toUpperCase()}`).digest('hex');
}

/** Decodes the key as given in the environment (base64). */
export function subjectKeyFromText(text: string): Uint8Array {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.byteLength < 32) throw new Error(`${AUDIT_SUBJECT_KEY_ENV} must be at least 32 bytes, base64`);
  return key;
}

/**
 * The subject hasher of a function, from its environment; call once at cold start. Locally the key
 * is made once into the data folder by packages/local (audit-key.ts) and passed as AUDIT_SUBJECT_KEY.
 */
export async function subjectHasherFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<SubjectHasher> {
  const text = env[AUDIT_SUBJECT_KEY_ENV];
  if (!text?.trim()) throw new Error(`${AUDIT_SUBJECT_KEY_ENV} is not set`);
  return subjectHasher(subjectKeyFromText(text));
}
