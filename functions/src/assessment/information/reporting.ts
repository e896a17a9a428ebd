import {
  type Commission,
  type InformationItem,
  type InformationProgress,
  type InformationQuotaTable,
  type InformationScoringMethod,
  informationEntries,
  informationProgress,
  informationYearOf,
  quotaOf,
} from '@govshare/domain/assessment';
import type { Page } from '@govshare/domain/identity';
import { cstDay, ForbiddenError, NotFoundError } from '@govshare/domain/kernel';
import type { Caller } from '../../platform/auth.ts';
import { decodeCursor, encodeCursor } from '../../platform/dynamo.ts';
import { commissionYearOf, type StoredCommission } from './information-store.ts';
import { INFORMATION_EVERY_UNIT_READERS } from './routes.ts';

/** Who reads every unit's items, commissions and progress (the others their own unit's). */
export const readsEveryUnit = (caller: Pick<Caller, 'roles'>): boolean =>
  caller.roles.some((role) => INFORMATION_EVERY_UNIT_READERS.includes(role));

/**
 * The unit a list is of: an officer's own (naming another is refused), for the office whichever it
 * names or, named none, every unit (undefined).
 */
export function unitInScope(caller: Caller, named: string | undefined): string | undefined {
  if (readsEveryUnit(caller)) return named;
  if (named !== undefined && named !== caller.unit) {
    throw new ForbiddenError(
      `A unit's users read the information reporting of their own unit (${caller.unit}) only`,
    );
  }
  return caller.unit;
}

const NO_SUCH_ITEM = 'No information item has this id';

/** The item if the caller may read it; anyone else learns nothing, not even that it exists: 404. */
export function readableItem(caller: Caller, item: InformationItem | undefined): InformationItem {
  if (item && (readsEveryUnit(caller) || item.unitCode === caller.unit)) return item;
  throw new NotFoundError(NO_SUCH_ITEM);
}

/** The item found, or 404. */
export function foundItem(item: InformationItem | undefined): InformationItem {
  if (!item) throw new NotFoundError(NO_SUCH_ITEM);
  return item;
}

/** The CST year an instant falls in: a list's year when the caller names none. */
export const cstYearOf = (instant: Date): number => Number(cstDay(instant).slice(0, 4));

/** An item in a list: all but the body, with the year it counts to. */
export function itemSummary(item: InformationItem) {
  const { body: _body, ...rest } = item;
  return { ...rest, year: informationYearOf(item) };
}

export const itemView = (item: InformationItem) => ({ ...itemSummary(item), body: item.body });

export const commissionView = (commission: StoredCommission) => ({
  ...commission,
  year: commissionYearOf(commission),
});

/** The domain's progress without the fields a unit without quota has no value for. */
export function progressView(progress: InformationProgress) {
  const { quota, share, remaining, ...rest } = progress;
  return {
    ...rest,
    ...(quota !== undefined ? { quota } : {}),
    ...(share !== undefined ? { share } : {}),
    ...(remaining !== undefined ? { remaining } : {}),
  };
}

/**
 * Every unit's progress in a year, in unit-code order: the units with a quota and those that
 * reported or were commissioned without one. Entries count up to `asOf`.
 */
export function yearProgress(args: {
  method: InformationScoringMethod;
  quotas: InformationQuotaTable;
  items: readonly InformationItem[];
  commissions: readonly Commission[];
  asOf: Date;
}): InformationProgress[] {
  const entries = informationEntries({
    method: args.method,
    items: args.items,
    commissions: args.commissions,
    asOf: args.asOf,
  });
  const units = new Set([
    ...args.quotas.quotas.map((q) => q.unitCode),
    ...args.items.map((i) => i.unitCode),
    ...args.commissions.map((c) => c.unitCode),
  ]);
  return [...units].sort().map((unitCode) =>
    informationProgress({
      unitCode,
      year: args.method.year,
      quota: quotaOf(args.quotas, unitCode),
      entries,
    }),
  );
}

interface AfterUnit {
  after: string;
}
const isAfterUnit = (position: unknown): position is AfterUnit =>
  typeof position === 'object' &&
  position !== null &&
  Object.keys(position).length === 1 &&
  typeof (position as { after?: unknown }).after === 'string';

/** One page of a list in unit-code order; the cursor is the last unit handed out. */
export function unitPage<T extends { unitCode: string }>(
  rows: readonly T[],
  { limit, cursor }: { limit: number; cursor?: string | undefined },
): Page<T> {
  const after = cursor ? decodeCursor(cursor, isAfterUnit).after : undefined;
  const rest = after === undefined ? rows : rows.filter((row) => row.unitCode > after);
  const items = rest.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    ...(rest.length > limit && last ? { nextCursor: encodeCursor({ after: last.unitCode }) } : {}),
  };
}
