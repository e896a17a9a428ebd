import type { ScheduledEvent } from 'aws-lambda';
import { dynamo } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { type AccessRequestStore, dynamoAccessRequestStore } from './access-request-store.ts';
import { sharingFunctions } from './blueprint.ts';

type Logger = ReturnType<typeof createLogger>;

/**
 * Flags every conditional access request whose answer is due and not given (`overdue: true`); the
 * flag stays after a late answer, so it counts against the provider. Reads only the due markers
 * up to now, so a sweep costs what is late, not what exists.
 */
export function createAccessDeadlineSweep(store: AccessRequestStore, logger: Logger, now: () => Date) {
  return async (_event: ScheduledEvent) => {
    const at = now().toISOString();
    const due = await store.dueBy(at);
    let flagged = 0;
    for (const id of due) if (await store.flagOverdue(id)) flagged++;
    logger.info('access request deadlines swept', { due: due.length, flagged });
    return { flagged };
  };
}

const config = readFunctionConfig(sharingFunctions['access-deadlines']);
export const handler = createAccessDeadlineSweep(
  dynamoAccessRequestStore(dynamo(), config.tables.catalogue),
  createLogger('access-deadlines'),
  () => platformNow(config.mode),
);
