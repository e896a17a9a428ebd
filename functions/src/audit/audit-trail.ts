import { createHmac, createSecretKey } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { AUDIT_ENV, queueUrlEnvName } from '@govshare/blueprint';
import { type AuditEvent, type AuditTrail, auditEventSchema, boundAuditEvent } from '@govshare/domain/audit';
import { secretsManager, sqs } from '../platform/aws-clients.ts';
import { encodeQueueBody } from '../platform/queue-body.ts';

/**
 * The producer side of the audit trail: what the registry (and any audited context) imports.
 *
 *   const trail = auditTrailFromEnv();            // at cold start; needs QUEUE_AUDIT_TRAIL_URL
 *   const hashSubject = await subjectHasherFromEnv(); // at cold start; see AUDIT_SUBJECT_KEY_ENV
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

/**
 * Where a function finds the subject-hash key, a secret text of at least 32 characters whose UTF-8
 * bytes key the HMAC. Locally: AUDIT_SUBJECT_KEY holds the text itself (packages/local makes it once
 * into the data folder, like the development issuer's key). In AWS: AUDIT_SUBJECT_KEY_SECRET_ARN
 * names a Secrets Manager secret (made by the data stack, 64 random characters, never rotated: a new
 * key would orphan every earlier hash), read once at cold start.
 */
export const AUDIT_SUBJECT_KEY_ENV = AUDIT_ENV.subjectKey;
export const AUDIT_SUBJECT_KEY_SECRET_ENV = AUDIT_ENV.subjectKeySecretArn;
const MIN_KEY_CHARS = 32;

/**
 * Sends each event to the audit-trail queue, as JSON in ASCII (queue-body.ts: any purpose travels). Caller-controlled text (purpose, item names) is
 * cut to its limits, then the event is checked (a producer defect throws here, not later in the
 * consumer): subject hashes must be 64 hex characters, so a clear identifier cannot slip into the
 * trail by mistake.
 */
export function sqsAuditTrail(client: SQSClient, queueUrl: string): AuditTrail {
  return {
    async record(event) {
      const bounded = auditEventSchema.parse(boundAuditEvent(event));
      await client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: encodeQueueBody(bounded),
          MessageAttributes: { eventId: { DataType: 'String', StringValue: bounded.id } },
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
  // A KeyObject made once: keyed by raw bytes, every createHmac imports the key again (≈6× slower,
  // ≈1.5 ms for a batch of 100 subjects).
  const secret = createSecretKey(Buffer.from(key));
  return (identifier) =>
    createHmac('sha256', secret).update(`subject:${identifier.trim().toUpperCase()}`).digest('hex');
}

/** The key bytes of a key text; refuses one too short to resist guessing. */
export function subjectKeyFromText(text: string): Uint8Array {
  const trimmed = text.trim();
  if (trimmed.length < MIN_KEY_CHARS) {
    throw new Error(`The audit subject key must be a secret text of at least ${MIN_KEY_CHARS} characters`);
  }
  return Buffer.from(trimmed, 'utf8');
}

/**
 * The audit trail's key of a function, from its environment (see AUDIT_SUBJECT_KEY_ENV): it keys the
 * subject hashes and, through a derived key, the chain checkpoints. Call once at cold start.
 */
export async function auditKeyFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  readSecret: (arn: string) => Promise<string | undefined> = readSecretString,
): Promise<Uint8Array> {
  const direct = env[AUDIT_SUBJECT_KEY_ENV];
  if (direct?.trim()) return subjectKeyFromText(direct);
  const arn = env[AUDIT_SUBJECT_KEY_SECRET_ENV]?.trim();
  if (!arn) throw new Error(`Neither ${AUDIT_SUBJECT_KEY_ENV} nor ${AUDIT_SUBJECT_KEY_SECRET_ENV} is set`);
  const secret = await readSecret(arn);
  if (!secret) throw new Error(`The secret named by ${AUDIT_SUBJECT_KEY_SECRET_ENV} has no string value`);
  return subjectKeyFromText(secret);
}

/**
 * The subject hasher of a function, from its environment (see AUDIT_SUBJECT_KEY_ENV); call once at
 * cold start and keep it.
 */
export async function subjectHasherFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  readSecret: (arn: string) => Promise<string | undefined> = readSecretString,
): Promise<SubjectHasher> {
  return subjectHasher(await auditKeyFromEnv(env, readSecret));
}

async function readSecretString(arn: string): Promise<string | undefined> {
  const { SecretString } = await secretsManager().send(new GetSecretValueCommand({ SecretId: arn }));
  return SecretString;
}
