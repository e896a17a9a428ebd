import type { AuditTrail } from '@govshare/domain/audit';
import type { BaseResourceDefinition } from '@govshare/domain/catalogue';
import { cstDay, TooManyRequestsError } from '@govshare/domain/kernel';
import {
  type GrantChoice,
  type GrantUseOf,
  grantsCoveringFilters,
  parseItems,
  projectRecord,
  quotaRetry,
  requirePurpose,
  usableGrants,
} from '@govshare/domain/registry';
import type { Grant } from '@govshare/domain/sharing';
import type { Caller } from '../platform/auth.ts';
import { classify, problemType } from '../platform/problem.ts';
import type { GrantReader } from '../sharing/index.ts';
import type { QuotaCounter } from './quota-counter.ts';

/**
 * One query of a base database, from the caller's request to the audited answer:
 *   validate identifiers → purpose → items → grant (+ speculative lookup, + early quota charge)
 *   → quota → answer → audit.
 * Every outcome, refusals included, is recorded through the AuditTrail before the caller hears it;
 * if the audit cannot be recorded, the caller gets an error rather than an unaudited answer.
 */
export interface RegistryQueryDeps {
  grants: GrantReader;
  quota: QuotaCounter;
  audit: AuditTrail;
  hashSubject: (identifier: string) => Promise<string>;
  /**
   * The unit the catalogue names as a resource's provider, for the audit of a query that found no
   * grant (a refusal): the provider must still see it. Undefined if the catalogue has none.
   */
  providerOf: (resourceCode: string) => Promise<string | undefined>;
  now: () => Date;
}

/** What the answer may show of a record: the chosen items, sensitive ones masked unless granted. */
export interface RecordView {
  items: readonly string[];
  /** The chosen items shown masked (sensitive, and not unmasked by the grant). */
  masked: readonly string[];
  show(record: object): Record<string, unknown>;
}

export interface QuerySpec<T> {
  /** Dotted verb for the audit trail, e.g. registry.population.get. */
  action: string;
  resource: BaseResourceDefinition;
  caller: Caller | undefined;
  correlationId: string;
  purpose: string | undefined;
  purposePath: string;
  /** A grant the caller names; otherwise the unit's usable grant is found. */
  grantId?: string | undefined;
  /** Raw `items` of the request (comma-separated). */
  items?: string | undefined;
  /** Items the query touches without returning them (verification). */
  comparedItems?: readonly string[];
  /**
   * Items the query filters on, each with the field that names it: only a grant listing them all
   * serves it; with none, a 400 naming each field the chosen grant does not cover.
   */
  filtered?: () => readonly { item: string; path: string }[];
  /** The identifiers asked for, as given: hashed into the audit event, never kept in clear. */
  subjects: readonly string[];
  /** Identifier and shape checks: they run first and nothing reaches the database if they throw. */
  validate?: () => void;
  lookup: () => Promise<T>;
  /**
   * Records counted against the daily quota: a number when known before the lookup (one per ID
   * asked for), which lets the quota be charged beside the grant fetch rather than after it.
   */
  charge: number | ((result: T) => number);
  /** Records returned (audit). */
  records: (result: T) => number;
  /** Identifiers found by the lookup itself (name searches), for the audit. */
  found?: (result: T) => readonly string[];
  /** The answer's body; one given under a grant also names the grant charged (`grant`). */
  answer: (result: T, view: RecordView) => Record<string, unknown> | Promise<Record<string, unknown>>;
}

/** A quota charge made ahead of the grant check, on the grant last time's grants say it will use. */
interface EarlyTake {
  grantId: string;
  quota: number;
  n: number;
  /** The query's time: the quota day the records were taken from. */
  at: Date;
  taken: Promise<boolean>;
}

/** Instances keep the grants last fetched for this many (grant, or unit × resource) keys. */
const MAX_SEEN_GRANTS = 1000;

/** A take this instance saw refused: the grant's quota, on that day, had no room for n more records. */
interface UsedUp {
  day: string;
  quota: number;
  n: number;
}

export function createQueryRunner(deps: RegistryQueryDeps) {
  /**
   * The grants each key fetched last time, per instance. Only a guess of which grant (and quota) a
   * query will use, so that the quota can be charged beside the grant fetch: every query still reads
   * its grants fresh and decides on those alone, so a revocation counts from the next query on.
   */
  const seen = new Map<string, readonly Grant[]>();
  /**
   * Grants this instance found used up today, so that a unit whose newest grant is used up is served
   * under the next one without asking the first one again each time (a guess too: what another
   * instance gives back is not known here, and a grant seen used up is still tried when all are).
   */
  const usedUp = new Map<string, UsedUp>();
  const bounded = <V>(map: Map<string, V>, key: string, value: V) => {
    map.delete(key);
    if (map.size >= MAX_SEEN_GRANTS) map.delete(map.keys().next().value as string);
    map.set(key, value);
  };

  /** The usable grants in the order they are charged: the first with quota left, as far as is known. */
  const chargeOrder = (choices: readonly GrantChoice[], n: number, at: Date): GrantChoice[] => {
    const day = cstDay(at);
    const spent = ({ grant }: GrantChoice) => {
      const known = usedUp.get(grant.id);
      return known?.day === day && known.quota === grant.dailyQuota && n >= known.n;
    };
    return [...choices.filter((c) => !spent(c)), ...choices.filter(spent)];
  };

  /** Learns from a take's outcome which grants have room left today. */
  const noteTake = (grant: Grant, n: number, at: Date, taken: boolean) => {
    const day = cstDay(at);
    const known = usedUp.get(grant.id);
    const current = known?.day === day && known.quota === grant.dailyQuota ? known : undefined;
    if (taken) {
      if (current && current.n <= n) usedUp.delete(grant.id);
    } else if (grant.dailyQuota !== undefined) {
      bounded(usedUp, grant.id, { day, quota: grant.dailyQuota, n: Math.min(n, current?.n ?? n) });
    }
  };

  const takeAhead = (
    key: string,
    use: GrantUseOf,
    n: number | undefined,
    at: Date,
  ): EarlyTake | undefined => {
    const last = seen.get(key);
    if (!last || n === undefined || n <= 0) return undefined;
    let choices: GrantChoice[];
    try {
      choices = usableGrants(last, use);
    } catch {
      return undefined; // refused last time's grants: the fresh check will most likely refuse too
    }
    const guess = chargeOrder(choices, n, at)[0]?.grant;
    if (guess?.dailyQuota === undefined) return undefined;
    const taken = deps.quota.take(guess.id, guess.dailyQuota, n, at);
    taken.catch(() => undefined);
    return { grantId: guess.id, quota: guess.dailyQuota, n, at, taken };
  };

  /**
   * Returns an early charge the grant check did not confirm (grant revoked, changed, or another one
   * chosen; or the query failed first). For the milliseconds in between, those n records are held:
   * a concurrent caller at the very edge of the quota may be refused, never let past it. If the give
   * itself fails (or the instance dies first) the day's count stays n too high: the safe direction,
   * fewer records served, never more than the quota.
   */
  const giveBack = async (early: EarlyTake) => {
    const taken = await early.taken.catch(() => false);
    if (taken) await deps.quota.give(early.grantId, early.n, early.at).catch(() => undefined);
  };

  return async function runQuery<T>(spec: QuerySpec<T>): Promise<unknown> {
    const at = deps.now();
    let grant: Grant | undefined;
    let items: readonly string[] = spec.comparedItems ?? [];
    let purpose: string | undefined;
    let recordCount = 0;
    let subjects: readonly string[] = spec.subjects;

    const audit = async (outcome: 'ok' | 'refused' | 'error', problem?: string) => {
      const [subjectHashes, providerUnit] = await Promise.all([
        Promise.all([...new Set(subjects)].map((s) => deps.hashSubject(s))),
        grant ? grant.providerUnit : deps.providerOf(spec.resource.code),
      ]);
      await deps.audit.record({
        // One event per request; the SDK's own retries resend the same id, so the chain keeps it once.
        id: `registry:${crypto.randomUUID()}`,
        at: at.toISOString(),
        actor: {
          unit: spec.caller?.unit ?? 'unknown',
          principal: spec.caller?.subject ?? 'unknown',
          kind: spec.caller?.kind ?? 'system',
        },
        action: spec.action,
        ...(providerUnit ? { providerUnit } : {}),
        resourceCode: spec.resource.code,
        ...(grant ? { grantId: grant.id } : {}),
        ...((purpose ?? spec.purpose?.trim())
          ? { purpose: (purpose ?? spec.purpose?.trim()) as string }
          : {}),
        items: [...items],
        recordCount,
        subjectHashes,
        outcome,
        ...(problem ? { problemType: problem } : {}),
        correlationId: spec.correlationId,
      });
    };

    let answered = false;
    let early: EarlyTake | undefined;

    /**
     * Charges n records to the first of the usable grants with quota left (each take is all or
     * nothing) and returns it; undefined if none has. An early take made on one of them, under its
     * current quota, is that grant's take.
     */
    const chargeFirst = async (choices: GrantChoice[], n: number): Promise<GrantChoice | undefined> => {
      for (const choice of chargeOrder(choices, n, at)) {
        const { grant: candidate } = choice;
        if (candidate.dailyQuota === undefined) return choice;
        let taken: boolean;
        const ahead = early;
        if (ahead?.grantId === candidate.id && ahead.quota === candidate.dailyQuota && ahead.n === n) {
          early = undefined; // confirmed: whatever it took is this query's charge
          taken = await ahead.taken;
        } else {
          taken = await deps.quota.take(candidate.id, candidate.dailyQuota, n, at);
        }
        noteTake(candidate, n, at, taken);
        if (taken) return choice;
      }
      return undefined;
    };
    try {
      if (!spec.caller) throw new Error('registry routes are never public');
      spec.validate?.();
      purpose = requirePurpose(spec.purpose, spec.purposePath);
      const requested = parseItems(spec.resource, spec.items);
      if (requested) items = requested;

      let result: T;
      let unmasked: readonly string[] = [];
      if (spec.resource.shareType === 'unconditional') {
        // 无条件共享: any authenticated unit's system may use it at once; no grant, no quota.
        items = requested ?? spec.resource.items.map((i) => i.name);
        result = await spec.lookup();
      } else {
        // The lookup starts beside the grant check; its result is dropped unless the grant allows it.
        const lookup = spec.lookup();
        lookup.catch(() => undefined);
        const fetched = spec.grantId
          ? deps.grants.get(spec.grantId).then((g) => (g ? [g] : []))
          : deps.grants.ofConsumer(spec.caller.unit, spec.resource.code);
        fetched.catch(() => undefined);
        const use = {
          unit: spec.caller.unit,
          principal: spec.caller.subject,
          resource: spec.resource,
          ...(requested ? { items: requested } : spec.comparedItems ? { items: [] } : {}),
          now: at,
        };
        const seenKey = spec.grantId
          ? `grant:${spec.grantId}`
          : `unit:${spec.caller.unit}:${spec.resource.code}`;
        // The quota is charged ahead, beside the grant fetch, on the grant last time's grants say it will
        // charge; kept only if the fresh grant check charges that grant under that quota, else given back.
        early = takeAhead(seenKey, use, typeof spec.charge === 'number' ? spec.charge : undefined, at);
        const candidates = await fetched;
        bounded(seen, seenKey, candidates);
        const choices = grantsCoveringFilters(usableGrants(candidates, use), spec.filtered?.() ?? []);
        let choice = choices[0] as GrantChoice;
        grant = choice.grant;
        if (!spec.comparedItems) items = choice.items;
        result = await lookup;
        const n = typeof spec.charge === 'number' ? spec.charge : spec.charge(result);
        if (n > 0) {
          const charged = await chargeFirst(choices, n);
          if (!charged) {
            const retry = quotaRetry(at);
            const limited = choices.filter((c) => c.grant.dailyQuota !== undefined).length;
            throw new TooManyRequestsError(
              limited === 1
                ? `The grant's daily quota of ${grant.dailyQuota} records is used up (this query needs ${n}); it resets at ${retry.resetsAt}`
                : `The daily quotas of the ${limited} grants your unit holds for ${spec.resource.code} are used up (this query needs ${n}); they reset at ${retry.resetsAt}`,
              retry,
            );
          }
          choice = charged;
          grant = charged.grant;
        }
        if (early) await giveBack(early);
        early = undefined;
        if (!spec.comparedItems) items = choice.items;
        unmasked = grant.unmaskedItems;
      }
      recordCount = spec.records(result);
      if (spec.found) subjects = [...subjects, ...spec.found(result)];
      const view: RecordView = {
        items,
        masked: items.filter(
          (name) => spec.resource.items.find((i) => i.name === name)?.sensitive && !unmasked.includes(name),
        ),
        show: (record) =>
          projectRecord(record as Record<string, unknown>, spec.resource.items, items, unmasked),
      };
      const answer = await spec.answer(result, view);
      // Which grant was charged: with several on one resource, the caller learns which one served it.
      const body = grant ? { ...answer, grant: grant.id } : answer;
      answered = true;
      await audit('ok');
      return body;
    } catch (error) {
      if (early) await giveBack(early); // refused (or failed) before the early charge was confirmed
      if (answered) throw error; // the audit itself failed: no answer goes out unaudited
      const { slug, expected } = classify(error);
      recordCount = 0;
      await audit(expected ? 'refused' : 'error', problemType(slug));
      throw error;
    }
  };
}
