import { ConflictError, NotFoundError, ValidationError } from '@govshare/domain/kernel';
import {
  type Principal,
  UNIT_LEVELS,
  type Unit,
  type UnitLevel,
  type UpdatePrincipalInput,
} from './model.ts';

const rank = (level: UnitLevel) => UNIT_LEVELS.indexOf(level);

/**
 * Why a unit may not hang under a parent, or undefined when it may. A unit sits below its
 * parent's level; a department or institution may also sit at the level of its own government
 * (市发改委 under 市人民政府).
 */
export function placementProblem(unit: Pick<Unit, 'level' | 'kind'>, parent: Pick<Unit, 'level' | 'kind'>) {
  if (rank(unit.level) > rank(parent.level)) return undefined;
  if (rank(unit.level) === rank(parent.level) && unit.kind !== 'government' && parent.kind === 'government') {
    return undefined;
  }
  return `a ${unit.level} ${unit.kind} cannot sit under a ${parent.level} ${parent.kind}`;
}

/** What the unit and user rules need to read and write; implemented by an adapter. */
export interface IdentityStore {
  getUnit(code: string): Promise<Unit | undefined>;
  /** Stores a new unit; throws ConflictError if the code is taken. */
  createUnit(unit: Unit): Promise<void>;
  listUnits(query: { parentCode?: string; limit: number; cursor?: string }): Promise<Page<Unit>>;
  getPrincipal(id: string): Promise<Principal | undefined>;
  /** The principal an external issuer's subject maps to (Principal.externalSubject). */
  getPrincipalBySubject(subject: string): Promise<Principal | undefined>;
  /** Replaces a principal's roles and disabled flag; throws NotFoundError if there is none. */
  updatePrincipal(id: string, change: UpdatePrincipalInput): Promise<Principal>;
  /** Stores a new user or system; throws ConflictError if the id is taken. */
  createPrincipal(principal: Principal): Promise<void>;
  listPrincipals(query: { unitCode: string; limit: number; cursor?: string }): Promise<Page<Principal>>;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  nextCursor?: string;
}

const sameUnit = (a: Unit, b: Unit) =>
  a.code === b.code &&
  a.name === b.name &&
  a.shortName === b.shortName &&
  a.parentCode === b.parentCode &&
  a.level === b.level &&
  a.kind === b.kind &&
  a.dissolved === b.dissolved;

const samePrincipal = (a: Principal, b: Principal) =>
  a.id === b.id &&
  a.name === b.name &&
  a.unitCode === b.unitCode &&
  a.kind === b.kind &&
  [...a.roles].sort().join() === [...b.roles].sort().join();

export interface Created<T> {
  item: T;
  /** False when an identical item already existed (a retried create). */
  created: boolean;
}

/**
 * Registers a unit under an existing parent. Idempotent: repeating an identical create returns
 * the stored unit (created: false); a different unit under a used code is a conflict.
 */
export async function registerUnit(store: IdentityStore, unit: Unit): Promise<Created<Unit>> {
  if (unit.parentCode !== undefined) {
    if (unit.parentCode === unit.code) {
      throw new ValidationError([{ path: 'parentCode', message: 'a unit cannot be its own parent' }]);
    }
    const parent = await store.getUnit(unit.parentCode);
    if (!parent) {
      throw new ValidationError([{ path: 'parentCode', message: 'no unit has this code' }]);
    }
    const problem = placementProblem(unit, parent);
    if (problem) throw new ValidationError([{ path: 'level', message: problem }]);
  }
  try {
    await store.createUnit(unit);
    return { item: unit, created: true };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const existing = await store.getUnit(unit.code);
    if (existing && sameUnit(existing, unit)) return { item: existing, created: false };
    throw new ConflictError('a different unit already has this code');
  }
}

/** Registers a user or system for an existing unit; idempotent like registerUnit. */
export async function registerPrincipal(
  store: IdentityStore,
  principal: Principal,
): Promise<Created<Principal>> {
  const unit = await store.getUnit(principal.unitCode);
  if (!unit) throw new ValidationError([{ path: 'unitCode', message: 'no unit has this code' }]);
  try {
    await store.createPrincipal(principal);
    return { item: principal, created: true };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const existing = await store.getPrincipal(principal.id);
    if (existing && samePrincipal(existing, principal)) return { item: existing, created: false };
    throw new ConflictError('a different user or system already has this id');
  }
}

export async function requireUnit(store: IdentityStore, code: string): Promise<Unit> {
  const unit = await store.getUnit(code);
  if (!unit) throw new NotFoundError('no unit has this code');
  return unit;
}

/**
 * Checks a whole directory (e.g. the sample data) before it is loaded: codes and ids unique,
 * every parent present and placed above its child, every user's unit present.
 * Returns the problems found; an empty list means the directory is consistent.
 */
export function directoryProblems(units: readonly Unit[], principals: readonly Principal[]): string[] {
  const problems: string[] = [];
  const byCode = new Map<string, Unit>();
  for (const unit of units) {
    if (byCode.has(unit.code)) problems.push(`unit code ${unit.code} is used twice`);
    byCode.set(unit.code, unit);
  }
  for (const unit of units) {
    if (unit.parentCode === undefined) continue;
    const parent = byCode.get(unit.parentCode);
    if (!parent) {
      problems.push(`unit ${unit.code}: parent ${unit.parentCode} does not exist`);
      continue;
    }
    const problem = placementProblem(unit, parent);
    if (problem) problems.push(`unit ${unit.code}: ${problem}`);
  }
  const ids = new Set<string>();
  for (const principal of principals) {
    if (ids.has(principal.id)) problems.push(`principal id ${principal.id} is used twice`);
    ids.add(principal.id);
    if (!byCode.has(principal.unitCode)) {
      problems.push(`principal ${principal.id}: unit ${principal.unitCode} does not exist`);
    }
  }
  return problems;
}
