import {
  addWorkingDays,
  CalendarNotLoadedError,
  cstDay,
  cstMidnight,
  ForbiddenError,
  nextDay,
  type WorkingCalendar,
} from '@govshare/domain/kernel';
import {
  type Delivery,
  type DeliveryEvent,
  type DeliveryState,
  type DeliveryTransition,
  handlersOf,
  openDeadlineOf,
} from './delivery.ts';
import type { ExchangeActor } from './workflow.ts';

/**
 * 催办: urging a recipient unit that is late to sign for a delivery or to handle it.
 *
 *   level 1  as soon as the deadline has passed: for sign-for the recipient unit's clerks (收发员),
 *            for handling the handlers it was assigned to (or its clerks while nobody is assigned);
 *   level 2  still late a second period later (policy, in working days): escalated to the recipient
 *            unit's leaders (单位负责人, role `leader`) and to the issuing unit's clerks, who may
 *            then telephone or urge by hand.
 *
 * Each urge is recorded once per delivery, deadline and level (its key below), so a sweep that
 * runs every quarter of an hour urges nobody twice for the same period; a new deadline (handling
 * after sign-for) starts again at level 1. A sender's own urge (from the status matrix) counts
 * once per delivery per CST day, whatever the deadline. Every urge also lands on the unit's
 * notification list, so it is seen by whoever opens the unit's inbox.
 */
export type UrgeKind = 'sign-for' | 'handling';
export type UrgeLevel = 1 | 2;
export type UrgeSource = 'sweep' | 'manual';

export interface UrgePolicy {
  /** Working days after the day a deadline lapsed until a still-open delivery escalates. */
  escalateAfterWorkingDays: number;
}

export const DEFAULT_URGE_POLICY: UrgePolicy = { escalateAfterWorkingDays: 1 };

/** A delivery as the urge policy reads it. */
export type UrgeableDelivery = Pick<
  Delivery,
  | 'id'
  | 'documentId'
  | 'senderUnit'
  | 'recipientUnit'
  | 'state'
  | 'signForDueAt'
  | 'handleDueAt'
  | 'handler'
  | 'coHandlers'
>;

/** Who an urge reaches, before the directory says who holds a role today. */
export type UrgeAudience =
  | { kind: 'role'; unit: string; role: 'clerk' | 'leader' }
  | { kind: 'users'; unit: string; users: readonly string[] };

export interface UrgeDecision {
  documentId: string;
  recipientUnit: string;
  senderUnit: string;
  kind: UrgeKind;
  /** The deadline that was missed. */
  dueAt: string;
  level: UrgeLevel;
  source: UrgeSource;
  /** The urge record's sort key (pk DOC#<documentId>): written on condition that it is new. */
  recordKey: string;
  audiences: UrgeAudience[];
  /** The units on whose notification lists it lands. */
  units: string[];
}

/** The last urge written for a delivery (kept on the delivery item, so a sweep skips what is done). */
export interface LastUrge {
  kind: UrgeKind;
  dueAt: string;
  level: UrgeLevel;
}

export const URGE_RECORD_PREFIX = 'URGE#';
export const urgeRecordKey = (unit: string, kind: UrgeKind, dueAt: string, level: UrgeLevel) =>
  `${URGE_RECORD_PREFIX}${unit}#${kind}#${dueAt}#${level}`;
/** A sender's urge: once per delivery and CST day. */
export const manualUrgeKey = (unit: string, day: string) => `${URGE_RECORD_PREFIX}${unit}#manual#${day}`;

/**
 * When a missed deadline escalates: the end (CST midnight) of the policy's last working day,
 * counted from the day after the one the deadline lapsed on (a deadline at 00:00 lapsed on the
 * day before it). Throws CalendarNotLoadedError past the calendar's last year.
 */
export function escalationAt(dueAt: string, policy: UrgePolicy, calendar: WorkingCalendar): string {
  const lapsedDuring = new Date(Date.parse(dueAt) - 1);
  const last = addWorkingDays(lapsedDuring, policy.escalateAfterWorkingDays, calendar);
  return cstMidnight(nextDay(last)).toISOString();
}

/**
 * Whether the escalation instant has passed. Past the calendar's last year it waits (the level 1
 * urge still goes out): counting weekdays only could escalate in the middle of a holiday.
 */
function escalationDue(dueAt: string, now: Date, policy: UrgePolicy, calendar: WorkingCalendar): boolean {
  try {
    return escalationAt(dueAt, policy, calendar) <= now.toISOString();
  } catch (error) {
    if (error instanceof CalendarNotLoadedError) return false;
    throw error;
  }
}

function decision(
  delivery: UrgeableDelivery,
  step: { kind: UrgeKind; dueAt: string },
  level: UrgeLevel,
  source: UrgeSource,
  recordKey: string,
): UrgeDecision {
  const { recipientUnit, senderUnit } = delivery;
  let audiences: UrgeAudience[];
  let units: string[];
  if (level === 2) {
    audiences = [
      { kind: 'role', unit: recipientUnit, role: 'leader' },
      { kind: 'role', unit: senderUnit, role: 'clerk' },
    ];
    units = [recipientUnit, senderUnit];
  } else {
    const handlers = step.kind === 'handling' ? handlersOf(delivery) : [];
    audiences =
      handlers.length > 0
        ? [{ kind: 'users', unit: recipientUnit, users: handlers }]
        : [{ kind: 'role', unit: recipientUnit, role: 'clerk' }];
    units = [recipientUnit];
  }
  return {
    documentId: delivery.documentId,
    recipientUnit,
    senderUnit,
    kind: step.kind,
    dueAt: step.dueAt,
    level,
    source,
    recordKey,
    audiences,
    units,
  };
}

/**
 * The urges a sweep at `now` owes a delivery: level 1 once its deadline has passed, level 2 once
 * the escalation instant has too (both at once if the sweep has not run in between, level 1
 * first), minus what `last` says was already written for the same deadline.
 */
export function urgesDue(args: {
  delivery: UrgeableDelivery;
  now: Date;
  calendar: WorkingCalendar;
  policy?: UrgePolicy;
  last?: LastUrge | undefined;
}): UrgeDecision[] {
  const { delivery, now, calendar, last } = args;
  const policy = args.policy ?? DEFAULT_URGE_POLICY;
  const step = openDeadlineOf(delivery);
  if (!step || step.dueAt > now.toISOString()) return [];
  const done = last && last.kind === step.kind && last.dueAt === step.dueAt ? last.level : 0;
  const levels: UrgeLevel[] = [1];
  if (escalationDue(step.dueAt, now, policy, calendar)) levels.push(2);
  return levels
    .filter((level) => level > done)
    .map((level) =>
      decision(
        delivery,
        step,
        level,
        'sweep',
        urgeRecordKey(delivery.recipientUnit, step.kind, step.dueAt, level),
      ),
    );
}

export type ManualUrgeOutcome =
  | { outcome: 'urge'; decision: UrgeDecision }
  | { outcome: 'not-open'; state: DeliveryState };

/**
 * A sender's urge of one delivery (催办 from the status matrix), late or not yet: at level 1, to
 * whoever a sweep would urge first. Only a clerk or signer of an issuing unit may urge; a delivery
 * no longer waiting for its recipient (returned, withdrawn, handled) is reported, not urged.
 */
export function manualUrge(args: {
  delivery: UrgeableDelivery;
  issuingUnits: readonly string[];
  actor: ExchangeActor;
  now: Date;
}): ManualUrgeOutcome {
  const { delivery, actor, now } = args;
  const mayUrge =
    (actor.roles.includes('clerk') || actor.roles.includes('signer')) &&
    (args.issuingUnits.includes(actor.unit) || actor.unit === delivery.senderUnit);
  if (!mayUrge) {
    throw new ForbiddenError(
      `Only a clerk or signer of an issuing unit may urge document ${delivery.documentId}`,
    );
  }
  const step = openDeadlineOf(delivery);
  if (!step) return { outcome: 'not-open', state: delivery.state };
  return {
    outcome: 'urge',
    decision: decision(delivery, step, 1, 'manual', manualUrgeKey(delivery.recipientUnit, cstDay(now))),
  };
}

/** The history line of an urge, on the delivery's stream: the state does not change. */
export function urgeEvent(
  delivery: UrgeableDelivery,
  urge: UrgeDecision,
  actor: string,
  now: Date,
): DeliveryEvent {
  return {
    deliveryId: delivery.id,
    documentId: delivery.documentId,
    type: 'urged',
    at: now.toISOString(),
    actor,
    from: delivery.state,
    to: delivery.state,
    details: { kind: urge.kind, level: String(urge.level), dueAt: urge.dueAt, source: urge.source },
  };
}

/**
 * An urge as a transition of its delivery: its history line (the state stays), and for a sweep's
 * urge the level it reached (`lastUrge`), so the next sweep skips the delivery from the index item.
 */
export function urgeTransition(
  delivery: Delivery,
  urge: UrgeDecision,
  actor: string,
  now: Date,
): DeliveryTransition {
  const lastUrge: LastUrge | undefined =
    urge.source === 'sweep' ? { kind: urge.kind, dueAt: urge.dueAt, level: urge.level } : undefined;
  return {
    delivery: { ...delivery, ...(lastUrge ? { lastUrge } : {}), version: delivery.version + 1 },
    events: [urgeEvent(delivery, urge, actor, now)],
  };
}
