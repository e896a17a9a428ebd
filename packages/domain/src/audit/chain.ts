import { createHash } from 'node:crypto';
import { cstDay } from '@govshare/domain/kernel';
import type { CheckedCheckpoint } from './checkpoint.ts';
import type { AuditEvent } from './events.ts';

/**
 * The audit records of one day (Asia/Shanghai, as quotas count days) form a hash chain: record n
 * carries seq n, the hash of record n-1 (prevHash) and its own hash = SHA-256(prevHash + canonical
 * JSON of the record without its hash). Changing any field of a record changes its hash; removing or
 * reordering one breaks the next record's prevHash or the seq sequence; removing the last ones
 * leaves the chain head (and the day's digest in the archive bucket) pointing past the end.
 */
export interface AuditRecord extends AuditEvent {
  /** YYYY-MM-DD, the chain this record belongs to. */
  day: string;
  /** 1, 2, 3, … within the day, without gaps. */
  seq: number;
  prevHash: string;
  /** When the audit trail appended it (the action happened at `at`). */
  recordedAt: string;
  hash: string;
}

/** Where a day's chain ends: what the next record links to. */
export interface ChainHead {
  day: string;
  /** 0 for a day without records. */
  seq: number;
  hash: string;
  /** Set once the day's digest is written; no record is appended after. */
  sealedAt?: string;
}

/** What the archive keeps of a closed day: enough to detect any later change of the table. */
export interface AuditDigest {
  day: string;
  count: number;
  /** The hash the chain starts from (genesisHash(day)). */
  genesisHash: string;
  lastHash: string;
  /** hashes[i] is the hash of seq i + 1. */
  hashes: string[];
  generatedAt: string;
}

export type ChainBreakReason =
  | 'missing-record'
  | 'out-of-order'
  | 'wrong-day'
  | 'prev-hash-mismatch'
  | 'hash-mismatch'
  | 'head-mismatch'
  | 'checkpoint-mismatch'
  | 'checkpoint-invalid'
  | 'digest-mismatch';

export interface ChainBreak {
  /** The first seq at which the chain stops being trustworthy. */
  seq: number;
  reason: ChainBreakReason;
  detail: string;
}

export interface ChainVerification {
  day: string;
  ok: boolean;
  /** Records found for the day. */
  count: number;
  /** What the head says the chain holds. */
  headSeq: number;
  digest: 'absent' | 'match' | 'mismatch';
  /** The day's newest checkpoint (checkpoint.ts) against the chain; invalid: not signed by the trail. */
  checkpoint: CheckpointState;
  /** What the newest authentic checkpoint anchored: the chain up to this seq, seen at that time. */
  checkpointSeq?: number;
  checkpointAt?: string;
  firstBreak?: ChainBreak;
}

export type CheckpointState = 'absent' | 'match' | 'mismatch' | 'invalid';

/** The chain day of an instant: the Asia/Shanghai calendar day, as for quotas. */
export const auditDay = (instant: Date): string => cstDay(instant);

/**
 * JSON with object keys sorted (recursively) and undefined members left out, so that the same record
 * always serialises to the same bytes whatever order its fields were stored or read in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('Non-finite number');
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
      throw new TypeError(`Cannot serialise ${typeof value}`);
    }
    if (typeof value === 'bigint') throw new TypeError('Cannot serialise bigint');
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Where a day's chain starts: bound to the day, so a day's records cannot pass for another's. */
export const genesisHash = (day: string): string => sha256(`govshare-audit:${day}`);

/** The hash a record must carry, from everything in it but the hash itself. */
export function recordHash(record: Omit<AuditRecord, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...content } = record;
  return sha256(`${record.prevHash}${canonicalJson(content)}`);
}

/** The head of a day nothing was recorded in yet. */
export const emptyHead = (day: string): ChainHead => ({ day, seq: 0, hash: genesisHash(day) });

/** The record that appends `event` to the chain ending at `head`. */
export function chainRecord(head: ChainHead, event: AuditEvent, recordedAt: string): AuditRecord {
  const unhashed: Omit<AuditRecord, 'hash'> = {
    ...event,
    day: head.day,
    seq: head.seq + 1,
    prevHash: head.hash,
    recordedAt,
  };
  return { ...unhashed, hash: recordHash(unhashed) };
}

/** The day's digest, from its records in seq order (verify them first). */
export function buildDigest(day: string, records: readonly AuditRecord[], generatedAt: string): AuditDigest {
  const hashes = records.map((r) => r.hash);
  return {
    day,
    count: records.length,
    genesisHash: genesisHash(day),
    lastHash: hashes.at(-1) ?? genesisHash(day),
    hashes,
    generatedAt,
  };
}

/**
 * A day's records as they stood when `head` was read: records appended after that (seq beyond the
 * head's) are left for the next verification. Read the head first, then the records.
 */
export function recordsUpToHead(records: readonly AuditRecord[], head: ChainHead | undefined): AuditRecord[] {
  return head ? records.filter((r) => r.seq <= head.seq) : [...records];
}

/**
 * Walks a day's records (as stored, in seq order) and reports the first place where they stop
 * proving themselves: a gap, a record whose content no longer matches its hash, a link that does
 * not point at the record before it, a head that says more records exist, a chain shorter than (or
 * different from) what the day's newest checkpoint anchored, or a digest that disagrees with what
 * the table holds now.
 */
export function verifyChain(
  day: string,
  records: readonly AuditRecord[],
  head: ChainHead | undefined,
  digest?: AuditDigest,
  checkpoint?: CheckedCheckpoint,
): ChainVerification {
  const headSeq = head?.seq ?? 0;
  const lastStored = records.at(-1)?.seq ?? 0;

  const digestCheck = (): { state: ChainVerification['digest']; problem?: ChainBreak } => {
    if (!digest) return { state: 'absent' };
    const same =
      digest.day === day &&
      digest.count === records.length &&
      digest.hashes.length === records.length &&
      digest.hashes.every((h, i) => records[i]?.hash === h) &&
      digest.lastHash === (records.at(-1)?.hash ?? genesisHash(day));
    if (same) return { state: 'match' };
    const at = digest.hashes.findIndex((h, i) => records[i]?.hash !== h);
    const seq = at === -1 ? Math.min(digest.count, records.length) + 1 : at + 1;
    return {
      state: 'mismatch',
      problem: {
        seq,
        reason: 'digest-mismatch',
        detail: 'the table differs from the archived digest of the day',
      },
    };
  };

  const checkpointCheck = (): { state: CheckpointState; problem?: ChainBreak } => {
    if (!checkpoint) return { state: 'absent' };
    const invalid = (detail: string) => ({
      state: 'invalid' as const,
      problem: { seq: lastStored + 1, reason: 'checkpoint-invalid' as const, detail },
    });
    if (!checkpoint.authentic) return invalid(`the newest checkpoint of the day ${checkpoint.detail}`);
    const anchor = checkpoint.checkpoint;
    if (anchor.day !== day) return invalid(`the newest checkpoint of the day is one of ${anchor.day}`);
    if (anchor.seq > lastStored) {
      return {
        state: 'mismatch',
        problem: {
          seq: lastStored + 1,
          reason: 'checkpoint-mismatch',
          detail: `the checkpoint of ${anchor.at} saw the chain at seq ${anchor.seq}; it now ends at ${lastStored}`,
        },
      };
    }
    const anchored = anchor.seq === 0 ? genesisHash(day) : records.find((r) => r.seq === anchor.seq)?.hash;
    if (anchored !== anchor.hash) {
      return {
        state: 'mismatch',
        problem: {
          seq: anchor.seq,
          reason: 'checkpoint-mismatch',
          detail: `the chain up to seq ${anchor.seq} is not the one the checkpoint of ${anchor.at} anchored`,
        },
      };
    }
    return { state: 'match' };
  };

  const digestState = digestCheck();
  const checkpointState = checkpointCheck();
  const result = (firstBreak?: ChainBreak): ChainVerification => ({
    day,
    ok: !firstBreak,
    count: records.length,
    headSeq,
    digest: digestState.state,
    checkpoint: checkpointState.state,
    ...(checkpoint?.authentic
      ? { checkpointSeq: checkpoint.checkpoint.seq, checkpointAt: checkpoint.checkpoint.at }
      : {}),
    ...(firstBreak ? { firstBreak } : {}),
  });

  let prevHash = genesisHash(day);
  let expected = 1;
  for (const record of records) {
    if (record.day !== day) {
      return result({ seq: record.seq, reason: 'wrong-day', detail: `record says day ${record.day}` });
    }
    if (record.seq > expected) {
      return result({
        seq: expected,
        reason: 'missing-record',
        detail: `seq ${expected} is missing (next found: ${record.seq})`,
      });
    }
    if (record.seq < expected) {
      return result({
        seq: record.seq,
        reason: 'out-of-order',
        detail: `seq ${record.seq} found where ${expected} was expected`,
      });
    }
    if (record.prevHash !== prevHash) {
      return result({
        seq: record.seq,
        reason: 'prev-hash-mismatch',
        detail: 'does not link to the record before it',
      });
    }
    if (recordHash(record) !== record.hash) {
      return result({
        seq: record.seq,
        reason: 'hash-mismatch',
        detail: 'content differs from what was hashed',
      });
    }
    prevHash = record.hash;
    expected += 1;
  }
  const lastSeq = expected - 1;
  if (!head && records.length > 0) {
    return result({
      seq: lastSeq + 1,
      reason: 'head-mismatch',
      detail: 'the day has records but its chain head is gone',
    });
  }
  if (head && (head.seq !== lastSeq || head.hash !== prevHash)) {
    return result({
      seq: Math.min(head.seq, lastSeq) + 1,
      reason: head.seq > lastSeq ? 'missing-record' : 'head-mismatch',
      detail:
        head.seq > lastSeq
          ? `the chain head is at seq ${head.seq} but the records end at ${lastSeq}`
          : 'the chain head does not match the last record',
    });
  }
  // The chain proves itself: what remains is whether the archive saw it longer or different.
  const [first] = [checkpointState.problem, digestState.problem]
    .filter((p): p is ChainBreak => p !== undefined)
    .sort((a, b) => a.seq - b.seq);
  return result(first);
}
