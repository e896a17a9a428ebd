import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { canonicalJson } from './chain.ts';

/**
 * A checkpoint anchors the head of a day's chain while the day is still open. The daily digest only
 * arrives once the day is closed: until then, deleting the last records of the day and moving the
 * head back would leave a chain that proves itself. Every few minutes the head (seq and hash) is
 * signed and written to the Object-Lock archive, where it cannot be changed or removed; a chain
 * found shorter than its newest checkpoint, or with another record at its seq, has been cut.
 * What a checkpoint cannot show is a change to the records appended after it.
 */
export interface ChainCheckpoint {
  day: string;
  /** The head's seq when the checkpoint was taken (0: nothing recorded yet). */
  seq: number;
  /** The head's hash then: the hash of record `seq` (or genesisHash(day) for seq 0). */
  hash: string;
  /** When the head was read. */
  at: string;
}

export interface SignedCheckpoint extends ChainCheckpoint {
  /** Hex HMAC-SHA256 of the canonical JSON of the other fields, under the checkpoint key. */
  signature: string;
}

/** A checkpoint as read from the archive: what it says, if its signature proves it. */
export type CheckedCheckpoint =
  | { authentic: true; checkpoint: ChainCheckpoint }
  | { authentic: false; detail: string };

export interface CheckpointSigner {
  sign(checkpoint: ChainCheckpoint): SignedCheckpoint;
  /** Checks what was read from the archive: its shape, then its signature. */
  check(stored: unknown): CheckedCheckpoint;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const signedCheckpointSchema = z.strictObject({
  day: z.iso.date(),
  seq: z.number().int().min(0),
  hash: hex64,
  at: z.iso.datetime({ offset: true }),
  signature: hex64,
});

/**
 * Signs and checks checkpoints with a key derived from the audit trail's key (the subject-hash key):
 * no second secret to keep, and the derivation keeps the two uses apart (a checkpoint signature is
 * never a subject hash, nor the other way round).
 */
export function checkpointSigner(auditKey: Uint8Array): CheckpointSigner {
  const key: KeyObject = createSecretKey(
    createHmac('sha256', Buffer.from(auditKey)).update('govshare-audit-checkpoint-key').digest(),
  );
  const mac = ({ day, seq, hash, at }: ChainCheckpoint) =>
    createHmac('sha256', key).update(canonicalJson({ day, seq, hash, at }), 'utf8').digest();
  return {
    sign(checkpoint) {
      const { day, seq, hash, at } = checkpoint;
      return { day, seq, hash, at, signature: mac(checkpoint).toString('hex') };
    },
    check(stored) {
      const parsed = signedCheckpointSchema.safeParse(stored);
      if (!parsed.success) return { authentic: false, detail: 'is not a checkpoint' };
      const { signature, ...checkpoint } = parsed.data;
      const authentic = timingSafeEqual(Buffer.from(signature, 'hex'), mac(checkpoint));
      return authentic
        ? { authentic: true, checkpoint }
        : { authentic: false, detail: "is not signed with the audit trail's key" };
    },
  };
}
