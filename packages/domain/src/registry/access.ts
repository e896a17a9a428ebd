import type { BaseResourceDefinition } from '@govshare/domain/catalogue';
import { cstDayAndReset, ForbiddenError, ValidationError } from '@govshare/domain/kernel';
import { checkGrantUse, type Grant, type GrantRefusal } from '@govshare/domain/sharing';

/**
 * Who may see what of a base database: the declared purpose, the items asked for, the grant that
 * covers them, and the daily quota. Pure; the registry function supplies the grants and the counter.
 */

export const MAX_PURPOSE_LENGTH = 200;

/** Every query declares its purpose (用途); refused without one. */
export function requirePurpose(purpose: string | undefined, path = 'header.x-purpose'): string {
  const value = purpose?.trim() ?? '';
  if (value.length === 0) {
    throw new ValidationError([{ path, message: 'every query must declare its purpose (用途)' }]);
  }
  if (value.length > MAX_PURPOSE_LENGTH) {
    throw new ValidationError([{ path, message: `is longer than ${MAX_PURPOSE_LENGTH} characters` }]);
  }
  return value;
}

/** Parses `?items=a,b`; names the resource does not have are a 400, not a silent drop. */
export function parseItems(resource: BaseResourceDefinition, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const names = [...new Set(text.split(',').map((name) => name.trim()))].filter(Boolean);
  if (names.length === 0) throw new ValidationError([{ path: 'query.items', message: 'names no item' }]);
  const unknown = names.filter((name) => !resource.items.some((item) => item.name === name));
  if (unknown.length > 0) {
    throw new ValidationError([
      { path: 'query.items', message: `${resource.name} has no item ${unknown.join(', ')}` },
    ]);
  }
  return names;
}

/** A refusal of the grant check, with the reason the caller is told. */
export class GrantRefusedError extends ForbiddenError {
  readonly refusal: GrantRefusal | 'no-grant';
  constructor(refusal: GrantRefusal | 'no-grant', detail: string) {
    super(`${refusal}: ${detail}`);
    this.refusal = refusal;
  }
}

export interface GrantChoice {
  grant: Grant;
  /** The items served: those asked for, or every item the grant lists. */
  items: string[];
}

/** What a query is: who asks, for which resource, for which items (absent: all the grant lists), when. */
export interface GrantUseOf {
  unit: string;
  principal: string;
  resource: BaseResourceDefinition;
  items?: readonly string[];
  now: Date;
}

/**
 * Every grant that covers this use, in the order given (the store's: newest first), each with the
 * items it serves. A query charges the first of them with quota left, so a unit whose newest grant
 * is used up for the day is served under the next. A grant named by the caller is the only
 * candidate. With none usable, the refusal of the newest grant (expired, revoked, items outside…)
 * is the reason given, or 'no-grant'.
 */
export function usableGrants(candidates: readonly Grant[], use: GrantUseOf): GrantChoice[] {
  const usable: GrantChoice[] = [];
  let firstRefusal: { refusal: GrantRefusal; detail: string } | undefined;
  for (const grant of candidates) {
    const items = use.items
      ? [...use.items]
      : use.resource.items.map((i) => i.name).filter((n) => grant.items.includes(n));
    const check = checkGrantUse(grant, {
      unit: use.unit,
      principal: use.principal,
      resourceCode: use.resource.code,
      items,
      now: use.now,
    });
    if (check.usable) usable.push({ grant, items });
    else firstRefusal ??= check;
  }
  if (usable.length > 0) return usable;
  if (firstRefusal) throw new GrantRefusedError(firstRefusal.refusal, firstRefusal.detail);
  throw new GrantRefusedError(
    'no-grant',
    `your unit holds no grant for ${use.resource.code} (${use.resource.name})`,
  );
}

/**
 * The usable grants that list every item a query filters on (a filter on an item reveals it as
 * surely as returning it). None: a 400 naming each field the first grant does not cover.
 */
export function grantsCoveringFilters(
  choices: readonly GrantChoice[],
  filtered: readonly { item: string; path: string }[],
): GrantChoice[] {
  const covers = ({ grant }: GrantChoice) => filtered.every(({ item }) => grant.items.includes(item));
  const covering = choices.filter(covers);
  if (covering.length > 0 || choices.length === 0) return covering;
  const first = (choices[0] as GrantChoice).grant;
  throw new ValidationError(
    filtered
      .filter(({ item }) => !first.items.includes(item))
      .map(({ item, path }) => ({ path, message: `filters on ${item}, which the grant does not list` })),
    'The query filters on items outside the grant',
  );
}

/** The first usable grant for this use (see usableGrants), quota aside. */
export function chooseGrant(candidates: readonly Grant[], use: GrantUseOf): GrantChoice {
  return usableGrants(candidates, use)[0] as GrantChoice;
}

/**
 * The conditional the quota counter writes with: after adding `n`, the day's count must not
 * exceed the quota, i.e. the count before must be at most quota − n. Undefined when n alone
 * exceeds the quota (refused without a write).
 */
export function quotaCeilingBefore(quota: number, n: number): number | undefined {
  return n > quota ? undefined : quota - n;
}

/** When a refused caller may try again: the next Asia/Shanghai midnight. */
export function quotaRetry(now: Date): { day: string; resetsAt: string; retryAfterSeconds: number } {
  const { day, resetsAt } = cstDayAndReset(now);
  return {
    day,
    resetsAt,
    retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(resetsAt) - now.getTime()) / 1000)),
  };
}

/** Epoch seconds after which a day's counter may be deleted (TTL): two days after it resets. */
export function quotaExpiry(now: Date): number {
  return Math.floor(Date.parse(cstDayAndReset(now).resetsAt) / 1000) + 2 * 86_400;
}
