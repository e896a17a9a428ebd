import {
  type AuditRecord,
  auditDay,
  type CheckpointSigner,
  checkpointSigner,
  genesisHash,
} from '@govshare/domain/audit';
import type { ScheduledEvent } from 'aws-lambda';
import { dynamo } from '../platform/aws-clients.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { s3 } from '../platform/s3-clients.ts';
import { type CheckpointArchive, s3CheckpointArchive } from './audit-archive.ts';
import { type AuditStore, dynamoAuditStore } from './audit-store.ts';
import { auditKeyFromEnv } from './audit-trail.ts';
import { auditFunctions } from './blueprint.ts';

type Logger = ReturnType<typeof createLogger>;

const DAY_MS = 24 * 3600_000;

export type CheckpointOutcome = 'written' | 'unchanged' | 'broken';

/**
 * Anchors the heads of the open days' chains (today's, and yesterday's until its digest seals it) in
 * the archive: a signed checkpoint of (day, seq, hash, time), written when the head moved since the
 * last one. A run on a schedule rather than at every append: a few S3 requests every few minutes
 * whatever the traffic, nothing on the consumer's path, and nothing when the day is idle; the price
 * is that the records of the last few minutes are not anchored yet (the digest covers them at the
 * end of the day).
 *
 * Before anchoring a new head it checks that the chain still holds what the previous checkpoint
 * anchored. If not (records deleted, the head moved back), it writes nothing and reports the break:
 * a new checkpoint would anchor the cut chain, and, once it grew past the old seq, hide the cut.
 */
export function createAuditCheckpoint(
  store: Pick<AuditStore, 'head' | 'record'>,
  archive: CheckpointArchive,
  signer: CheckpointSigner,
  logger: Logger,
) {
  const checkpointDay = async (day: string): Promise<CheckpointOutcome | undefined> => {
    const head = await store.head(day);
    // Nothing recorded, or sealed: the digest anchors a closed day.
    if (!head || head.sealedAt) return undefined;
    const stored = await archive.latest(day);
    if (stored !== undefined) {
      const checked = signer.check(stored);
      if (!checked.authentic) {
        // Verification reports it as long as it is the newest; anchoring the head still helps.
        logger.error('the newest audit checkpoint is not authentic', { day, detail: checked.detail });
      } else {
        const previous = checked.checkpoint;
        if (previous.seq === head.seq && previous.hash === head.hash) return 'unchanged';
        let anchored: AuditRecord | undefined;
        if (previous.seq > 0 && previous.seq <= head.seq) anchored = await store.record(day, previous.seq);
        const holds =
          previous.seq <= head.seq &&
          (previous.seq === 0 ? previous.hash === genesisHash(day) : anchored?.hash === previous.hash);
        if (!holds) {
          logger.error('audit chain no longer holds what its last checkpoint anchored', {
            day,
            checkpoint: { seq: previous.seq, at: previous.at },
            headSeq: head.seq,
          });
          return 'broken';
        }
      }
    }
    const checkpoint = signer.sign({ day, seq: head.seq, hash: head.hash, at: new Date().toISOString() });
    return (await archive.put(checkpoint)) ? 'written' : 'unchanged';
  };

  return async (event: Pick<ScheduledEvent, 'time'>) => {
    const now = new Date(event.time ?? Date.now());
    const days = [auditDay(new Date(now.getTime() - DAY_MS)), auditDay(now)];
    const written: string[] = [];
    const broken: string[] = [];
    for (const day of days) {
      const outcome = await checkpointDay(day);
      if (outcome === 'written') written.push(day);
      if (outcome === 'broken') broken.push(day);
    }
    logger.info('audit checkpoints written', { days: written, broken });
    return { written, broken };
  };
}

const config = readFunctionConfig(auditFunctions['audit-checkpoint']);
export const handler = createAuditCheckpoint(
  dynamoAuditStore(dynamo(), config.tables.audit),
  s3CheckpointArchive(s3(), config.buckets.archive),
  // Top-level await (ESM): a missing or short key fails the cold start, not a run.
  checkpointSigner(await auditKeyFromEnv()),
  createLogger('audit-checkpoint'),
);
