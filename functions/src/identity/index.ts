import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CalendarYear } from '@govshare/domain/identity';
import { CalendarNotLoadedError, type WorkingCalendar, workingCalendar } from '@govshare/domain/kernel';
import { dynamoCalendarStore } from './calendar-store.ts';

/**
 * Identity's published interface: what other contexts read of the platform directory. Today the
 * working-day calendar, for every function that counts working days (sharing's answer deadlines).
 * Reading only: the calendar is written by identity's own routes (the platform administrator).
 */
export interface WorkingCalendarReader {
  /**
   * Runs `count` with the calendar (cached per instance, at most `maxAgeMs` old). If `count` needs
   * a year the cached calendar lacks, the calendar is read again once before the
   * CalendarNotLoadedError reaches the caller: a year the administrator has just entered counts at
   * once; a correction of a year already held reaches every instance within `maxAgeMs`.
   */
  withCalendar<T>(count: (calendar: WorkingCalendar) => T): Promise<T>;
}

export const CALENDAR_CACHE_MS = 60_000;

/** The cache itself, over any loader (tests give it one). */
export function cachedWorkingCalendar(
  load: () => Promise<readonly CalendarYear[]>,
  { maxAgeMs = CALENDAR_CACHE_MS, clock = Date.now }: { maxAgeMs?: number; clock?: () => number } = {},
): WorkingCalendarReader {
  let cached: { calendar: Promise<WorkingCalendar>; readAt: number } | undefined;
  const read = () => {
    const entry = { calendar: load().then(workingCalendar), readAt: clock() };
    // A failed read is not kept: the next call tries again.
    entry.calendar.catch(() => {
      if (cached === entry) cached = undefined;
    });
    cached = entry;
    return entry;
  };
  return {
    async withCalendar(count) {
      const current = cached;
      const fresh = current === undefined || clock() - current.readAt >= maxAgeMs;
      const entry = current === undefined || fresh ? read() : current;
      try {
        return count(await entry.calendar);
      } catch (error) {
        if (!(error instanceof CalendarNotLoadedError) || fresh) throw error;
        return count(await read().calendar);
      }
    },
  };
}

/** The working-day calendar as the identity table holds it. */
export function workingCalendarReader(
  client: DynamoDBDocumentClient,
  table: string,
  options?: { maxAgeMs?: number },
): WorkingCalendarReader {
  const store = dynamoCalendarStore(client, table);
  return cachedWorkingCalendar(() => store.listYears(), options);
}
