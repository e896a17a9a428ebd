import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { AuditDigest, SignedCheckpoint } from '@govshare/domain/audit';

/**
 * Daily digests in the archive bucket, at audit/digests/<day>.json. In AWS the bucket has Object Lock
 * in COMPLIANCE mode by default (see resources.ts): once written, a digest cannot be changed or
 * deleted by anyone until its retention ends, so it anchors the day's chain against a rewrite of the
 * whole table. The local emulator (fauxqs) accepts the same calls but does not enforce the lock.
 */
export interface DigestArchive {
  get(day: string): Promise<AuditDigest | undefined>;
  /** Writes a day's digest once; false if one is already there. */
  put(digest: AuditDigest): Promise<boolean>;
}

export const digestKey = (day: string) => `audit/digests/${day}.json`;

const isMissing = (error: unknown) => {
  const name = (error as Error).name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
};

export function s3DigestArchive(client: S3Client, bucket: string): DigestArchive {
  return {
    async get(day) {
      try {
        const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: digestKey(day) }));
        const parsed = JSON.parse((await Body?.transformToString('utf-8')) ?? '') as AuditDigest;
        return parsed;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    put: (digest) => putOnce(client, bucket, digestKey(digest.day), digest),
  };
}

/**
 * Writes an object of the archive once: false if one is already there. Object Lock buckets refuse a
 * PUT without an integrity checksum; the conditional write never replaces one that another run wrote
 * meanwhile.
 */
async function putOnce(client: S3Client, bucket: string, key: string, value: unknown): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return false;
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  try {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: `${JSON.stringify(value, null, 2)}\n`,
        ContentType: 'application/json',
        ChecksumAlgorithm: 'SHA256',
        IfNoneMatch: '*',
      }),
    );
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if ((error as Error).name === 'PreconditionFailed' || status === 412) return false;
    throw error;
  }
  return true;
}

/**
 * Checkpoints of open days' chain heads in the archive bucket (see checkpoint.ts in the domain), at
 * audit/checkpoints/<day>/<999999999999 - seq>.json: one per head seen, and the highest seq lists
 * first, so the newest is one ListObjectsV2 of one key away. The writer never writes one below the
 * newest, so the highest is also the latest. Under Object Lock they cannot be changed or removed.
 */
export interface CheckpointArchive {
  /** The day's newest checkpoint as stored (parsed JSON, or the text if it is none), to be checked. */
  latest(day: string): Promise<unknown>;
  /** Writes a checkpoint once; false if the same head is already anchored. */
  put(checkpoint: SignedCheckpoint): Promise<boolean>;
}

const MAX_SEQ = 999_999_999_999;
const checkpointPrefix = (day: string) => `audit/checkpoints/${day}/`;
export const checkpointKey = (day: string, seq: number) =>
  `${checkpointPrefix(day)}${String(MAX_SEQ - seq).padStart(12, '0')}.json`;

export function s3CheckpointArchive(client: S3Client, bucket: string): CheckpointArchive {
  return {
    async latest(day) {
      const { Contents } = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: checkpointPrefix(day), MaxKeys: 1 }),
      );
      const key = Contents?.[0]?.Key;
      if (!key) return undefined;
      const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const text = (await Body?.transformToString('utf-8')) ?? '';
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    },

    put: (checkpoint) => putOnce(client, bucket, checkpointKey(checkpoint.day, checkpoint.seq), checkpoint),
  };
}
