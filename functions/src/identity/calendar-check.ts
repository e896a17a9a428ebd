import { type CalendarStore, calendarStatus } from '@govshare/domain/identity';
import { cstDay } from '@govshare/domain/kernel';
import type { ScheduledEvent } from 'aws-lambda';
import { dynamo } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { identityFunctions } from './blueprint.ts';
import { dynamoCalendarStore } from './calendar-store.ts';

type Logger = ReturnType<typeof createLogger>;

/**
 * Once a day: how long the working-day calendar lasts. From 60 days before its last day, a WARN
 * line (`working-day calendar ends soon`, with endsOn, daysLeft and the missing year) that a log
 * alarm can watch for, every day until the administrator enters the next year.
 */
export function createCalendarCheck(calendar: CalendarStore, logger: Logger, now: () => Date) {
  return async (_event: Pick<ScheduledEvent, 'time'>) => {
    const years = await calendar.listYears();
    const status = calendarStatus(
      years.map((y) => y.year),
      cstDay(now()),
    );
    const fields = { endsOn: status.endsOn, daysLeft: status.daysLeft, missingYear: status.missingYear };
    if (status.warning) logger.warn('working-day calendar ends soon', { ...fields, warning: status.warning });
    else logger.info('working-day calendar checked', fields);
    return status;
  };
}

const config = readFunctionConfig(identityFunctions['calendar-check']);
export const handler = createCalendarCheck(
  dynamoCalendarStore(dynamo(), config.tables.identity),
  createLogger('calendar-check'),
  () => platformNow(config.mode),
);
