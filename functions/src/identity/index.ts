import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CalendarYear, Page, Principal, Unit } from '@govshare/domain/identity';
import { CalendarNotLoadedError, type WorkingCalendar, workingCalendar } from '@govshare/domain/kernel';
import type { Caller, Directory, DirectoryEntry } from '../platform/auth.ts';
import { cachedByKey } from '../platform/cache.ts';
import { mapLimited } from '../platform/concurrency.ts';
import { dynamoCalendarStore } from './calendar-store.ts';
import { dynamoIdentityStore, getUnitsByCode } from './identity-store.ts';

/**
 * Identity's published interface: what other contexts read of the platform directory: who a
 * caller is (for every HTTP function's token check), and the working-day calendar, for every
 * function that counts working days (sharing's answer deadlines).
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

/** How long an instance trusts what the directory said of a subject: a revoked role or a disabled user is refused within this. */
export const DIRECTORY_CACHE_MS = 30_000;
/** Longer subjects are no id of ours nor a plausible issuer's: refused without a read. */
const MAX_SUBJECT_LENGTH = 200;

/**
 * The directory every HTTP function asks who a token's subject is: a principal by its id (the
 * development issuer and systems), else by the external subject mapped to it (Cognito, another OIDC
 * issuer). Both answers, unknown included, are kept per instance for DIRECTORY_CACHE_MS.
 */
export function principalDirectory(
  client: DynamoDBDocumentClient,
  table: string,
  { maxAgeMs = DIRECTORY_CACHE_MS, clock = Date.now }: { maxAgeMs?: number; clock?: () => number } = {},
): Directory {
  const store = dynamoIdentityStore(client, table);
  const lookup = cachedByKey(
    async (subject): Promise<DirectoryEntry | undefined> => {
      const principal = (await store.getPrincipal(subject)) ?? (await store.getPrincipalBySubject(subject));
      return principal
        ? {
            id: principal.id,
            unitCode: principal.unitCode,
            roles: principal.roles,
            kind: principal.kind,
            ...(principal.disabled ? { disabled: true } : {}),
          }
        : undefined;
    },
    { maxAgeMs, clock },
  );
  return {
    principalFor: (subject) =>
      subject.length === 0 || subject.length > MAX_SUBJECT_LENGTH
        ? Promise.resolve(undefined)
        : lookup(subject),
  };
}

/** How long an instance trusts what it read of a unit, its children or its members. */
export const UNIT_DIRECTORY_CACHE_MS = 60_000;

/**
 * What other contexts read of the organisation tree: a unit, the units under it (to expand
 * "all townships of county X"), the users and systems of a unit (to find its clerks and leaders),
 * one principal (to check that a named reviewer or handler exists and what it may do).
 * Reading only; answers are kept per instance for UNIT_DIRECTORY_CACHE_MS.
 */
export interface UnitDirectory {
  unit(code: string): Promise<Unit | undefined>;
  /** Every unit whose parent is `code`, in code order. */
  childrenOf(code: string): Promise<Unit[]>;
  /** Every user and system of the unit, enabled or not (callers check `disabled`). */
  membersOf(code: string): Promise<Principal[]>;
  principal(id: string): Promise<Principal | undefined>;
  /**
   * Many units at once, read together (not cached: for a dispatch to thousands of listed units,
   * which would only push everything else out of the per-unit cache). Unknown codes are absent.
   */
  units(codes: readonly string[]): Promise<Map<string, Unit>>;
}

export function unitDirectory(
  client: DynamoDBDocumentClient,
  table: string,
  { maxAgeMs = UNIT_DIRECTORY_CACHE_MS, clock = Date.now }: { maxAgeMs?: number; clock?: () => number } = {},
): UnitDirectory {
  const store = dynamoIdentityStore(client, table);
  const all = async <T>(read: (cursor?: string) => Promise<Page<T>>): Promise<T[]> => {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await read(cursor);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };
  const options = { maxAgeMs, clock };
  return {
    unit: cachedByKey((code) => store.getUnit(code), options),
    childrenOf: cachedByKey(
      (code) =>
        all((cursor) => store.listUnits({ parentCode: code, limit: 500, ...(cursor ? { cursor } : {}) })),
      options,
    ),
    membersOf: cachedByKey(
      (code) =>
        all((cursor) => store.listPrincipals({ unitCode: code, limit: 500, ...(cursor ? { cursor } : {}) })),
      options,
    ),
    principal: cachedByKey((id) => store.getPrincipal(id), options),
    units: (codes) => getUnitsByCode(client, table, codes),
  };
}

/**
 * The sample loaders of other contexts act as sample users, through the same domain transitions
 * a request would take: the caller of a principal of the directory, looked up once per id.
 */
export function sampleCallers(directory: Pick<UnitDirectory, 'principal'>): (id: string) => Promise<Caller> {
  const callers = new Map<string, Promise<Caller>>();
  return (id) => {
    let found = callers.get(id);
    if (!found) {
      found = directory.principal(id).then((principal) => {
        if (!principal || principal.disabled) {
          throw new Error(`sample user ${id} is not in the directory: load the identity sample first`);
        }
        return {
          subject: principal.id,
          unit: principal.unitCode,
          roles: principal.roles,
          kind: principal.kind,
        };
      });
      callers.set(id, found);
    }
    return found;
  };
}

/** Directory Queries at once while every unit is read: bounded, as the other bulk readers are. */
const DIRECTORY_READS_AT_ONCE = 16;

/**
 * Every unit of the tree this deployment serves, parents before children, dissolved ones included
 * (callers decide): read level by level from the top (gsi1 CHILDREN#<parent>), paged. For the few
 * thousand units of a city or province; the assessment reads it once per computation.
 */
export async function everyUnit(client: DynamoDBDocumentClient, table: string): Promise<Unit[]> {
  const store = dynamoIdentityStore(client, table);
  const units: Unit[] = [];
  const childrenOf = async (parentCode: string | undefined) => {
    const children: Unit[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listUnits({ parentCode, limit: 500, ...(cursor ? { cursor } : {}) });
      children.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return children;
  };
  let parents: (string | undefined)[] = [undefined];
  while (parents.length > 0) {
    // One Query per parent (a leaf's is empty), the parents of a level read at once.
    const level = (await mapLimited(parents, DIRECTORY_READS_AT_ONCE, childrenOf)).flat();
    units.push(...level);
    parents = level.map((unit) => unit.code);
  }
  return units;
}
