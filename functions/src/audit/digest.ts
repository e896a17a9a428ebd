import { auditDay, buildDigest, verifyChain } from '@govshare/domain/audit';
import type { ScheduledEvent } from 'aws-lambda';
import { dynamo } from '../platform/aws-clients.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { s3 } from '../platform/s3-clients.ts';
import { type DigestArchive, s3DigestArchive } from './audit-archive.ts';
import { type AuditStore, dynamoAuditStore } from './audit-store.ts';
import { auditFunctions } from './blueprint.ts';

type Logger = ReturnType<typeof createLogger>;

/** Closed days looked at on each run, so that a missed run (or a failed one) is caught up later. */
export const DIGEST_LOOKBACK_DAYS = 7;

const DAY_MS = 24 * 3600_000;

/**
 * For each of the last closed days (Asia/Shanghai) without a digest: seal the day's chain (events
 * arriving later for that day go to the current day's chain instead), read it, and write its digest
 * to the archive bucket. A broken chain is still digested as found (so that it cannot be quietly
 * repaired later) and logged as an error.
 */
export function createAuditDigest(store: AuditStore, archive: DigestArchive, logger: Logger) {
  return async (event: Pick<ScheduledEvent, 'time'>) => {
    const now = new Date(event.time ?? Date.now());
    const written: string[] = [];
    for (let back = DIGEST_LOOKBACK_DAYS; back >= 1; back -= 1) {
      const day = auditDay(new Date(now.getTime() - back * DAY_MS));
      if (await archive.get(day)) continue;
      await store.seal(day, now);
      const records = await store.chain(day);
      const head = await store.head(day);
      const verification = verifyChain(day, records, head);
      if (!verification.ok) {
        logger.error('audit chain broken before its digest', { day, firstBreak: verification.firstBreak });
      }
      if (await archive.put(buildDigest(day, records, new Date().toISOString()))) written.push(day);
    }
    logger.info('audit digests written', { days: written });
    return { written };
  };
}

const config = readFunctionConfig(auditFunctions['audit-digest']);
export const handler = createAuditDigest(
  dynamoAuditStore(dynamo(), config.tables.audit),
  s3DigestArchive(s3(), config.buckets.archive),
  createLogger('audit-digest'),
);
