import { randomUUID } from 'node:crypto';
import { DEFAULT_URGE_POLICY, type LastUrge, type UrgePolicy, urgesDue } from '@govshare/domain/exchange';
import type { ScheduledEvent } from 'aws-lambda';
import type { WorkingCalendarReader } from '../identity/index.ts';
import type { DeliveryStore, StoredDelivery } from './delivery-store.ts';
import { attemptUrge, SWEEP_ACTOR, type UrgingDeps } from './urging.ts';

/**
 * The `exchange-urges` schedule (催办, every 15 minutes): reads the due index up to now
 * (delivery-store.ts dueBy: the open deliveries themselves on gsi2, over eight shards), so a run
 * costs what is late, not what exists, and urges each late delivery once per deadline and level
 * (urges.ts). A delivery already urged at the level it is owed is skipped from the index item
 * (`lastUrge`, projected with it) without reading or writing anything.
 */
export interface UrgeSweepDeps extends UrgingDeps {
  deliveries: UrgingDeps['deliveries'] & Pick<DeliveryStore, 'dueBy'>;
  calendar: WorkingCalendarReader;
  policy: UrgePolicy;
  now: () => Date;
}

export interface UrgeSweepResult {
  /** Late deliveries the index gave. */
  late: number;
  /** Urges written, by level. */
  level1: number;
  level2: number;
  failed: number;
}

/** Attempts per delivery: each lost race (a sign-for meanwhile, another run) costs one read. */
const MAX_ATTEMPTS = 6;

const laterOf = (a: LastUrge | undefined, b: LastUrge | undefined): LastUrge | undefined => {
  if (!a) return b;
  if (!b) return a;
  if (a.kind !== b.kind || a.dueAt !== b.dueAt) return a;
  return a.level >= b.level ? a : b;
};

export function createUrgeSweep(deps: UrgeSweepDeps) {
  const urgeDelivery = async (
    late: StoredDelivery,
    now: Date,
    correlationId: string,
    result: UrgeSweepResult,
  ) => {
    let current: StoredDelivery | undefined = late;
    // What this run found already written, for a record whose delivery does not say so.
    let found: LastUrge | undefined;
    for (let attempt = 0; current && attempt < MAX_ATTEMPTS; attempt++) {
      const delivery: StoredDelivery = current;
      const last = laterOf(delivery.lastUrge, found);
      const [decision] = await deps.calendar.withCalendar((calendar) =>
        urgesDue({ delivery, now, calendar, policy: deps.policy, last }),
      );
      if (!decision) return;
      const outcome = await attemptUrge(deps, {
        delivery,
        decision,
        actor: { subject: SWEEP_ACTOR, unit: delivery.senderUnit, kind: 'system' },
        now,
        correlationId,
      });
      if (outcome.outcome === 'urged') {
        if (decision.level === 1) result.level1++;
        else result.level2++;
        current = outcome.delivery;
        continue;
      }
      if (outcome.outcome === 'already-urged') {
        found = { kind: decision.kind, dueAt: decision.dueAt, level: decision.level };
      }
      current = await deps.deliveries.get(delivery.documentId, delivery.recipientUnit);
    }
  };

  return async (event: Partial<Pick<ScheduledEvent, 'id'>> = {}): Promise<UrgeSweepResult> => {
    const now = deps.now();
    const correlationId = event.id ?? randomUUID();
    const result: UrgeSweepResult = { late: 0, level1: 0, level2: 0, failed: 0 };
    const due = await deps.deliveries.dueBy(now.toISOString(), { limit: Number.POSITIVE_INFINITY });
    for (const { delivery: late } of due) {
      result.late++;
      try {
        await urgeDelivery(late, now, correlationId, result);
      } catch (error) {
        // One delivery's failure (the calendar unreadable, a throttled write) does not stop the others.
        result.failed++;
        deps.logger.error('urge failed', {
          documentId: late.documentId,
          recipientUnit: late.recipientUnit,
          error: (error as Error).message,
        });
      }
    }
    deps.logger.info('urges swept', { ...result });
    return result;
  };
}

/** `GOVSHARE_URGE_ESCALATE_AFTER_WORKING_DAYS`: the second period before escalation (default 1). */
export const URGE_ESCALATION_ENV = 'GOVSHARE_URGE_ESCALATE_AFTER_WORKING_DAYS';

export function readUrgePolicy(env: NodeJS.ProcessEnv = process.env): UrgePolicy {
  const text = env[URGE_ESCALATION_ENV]?.trim();
  if (!text) return DEFAULT_URGE_POLICY;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1 || days > 30) {
    throw new Error(`${URGE_ESCALATION_ENV} must be a whole number of working days from 1 to 30`);
  }
  return { escalateAfterWorkingDays: days };
}
