import { principalIdSchema } from '@govshare/domain/identity';
import {
  answerDueAt,
  CalendarNotLoadedError,
  cstDay,
  cstMidnight,
  ForbiddenError,
  InvalidTransitionError,
  isDay,
  nextDay,
  ValidationError,
  type WorkingCalendar,
} from '@govshare/domain/kernel';
import * as z from 'zod';
import type { DocumentType, UrgencyLevel } from './document.ts';
import type { LastUrge } from './urges.ts';
import type { ExchangeActor } from './workflow.ts';

/**
 * A delivery (收文) is one recipient unit's copy of a dispatched document, with its own life
 * (条例 chapter 6: 签收 → 登记 → 初审 → 承办 → 办结 or 答复):
 *
 *   delivered ─open─▶ opened ─sign for─▶ signed-for ─register─▶ registered ─assign─▶ assigned ─▶ handled
 *       │               │                                                                  └──▶ replied
 *       └───────────────┴─▶ returned (退文, with a reason)   or   withdrawn (by the sender)
 *
 * Returning and withdrawing end at sign-for: once signed for, the recipient owns the document
 * and a mistake is answered by a reply, not undone. The sender's status matrix is these states.
 *
 * 承办 names one lead handler (主办) and any co-handlers (协办) of the unit; only the lead closes
 * it (办结, with an opinion). 传阅 (circulation) is beside the states: from sign-for on, readers of
 * the unit are given it to read, each with their own read state. A returned delivery may be sent
 * again by the sender to a corrected unit: a new delivery, linked both ways.
 */
export const DELIVERY_STATES = [
  'delivered',
  'opened',
  'signed-for',
  'registered',
  'assigned',
  'handled',
  'replied',
  'returned',
  'withdrawn',
] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** 退文 reasons. */
export const RETURN_REASONS = ['misdirected', 'incomplete', 'not-for-us', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const returnDeliverySchema = z
  .strictObject({
    reason: z.enum(RETURN_REASONS),
    text: z.string().trim().max(500, 'must be at most 500 characters').optional(),
  })
  .refine((input) => input.reason !== 'other' || (input.text ?? '').length > 0, {
    path: ['text'],
    message: "must say why when the reason is 'other'",
  });
export type ReturnDeliveryInput = z.infer<typeof returnDeliverySchema>;

/**
 * A deadline: working days after the day of the event (that day does not count, as the kernel's
 * answerDueAt counts), or 'same-day' for the end of the CST day the event happened on.
 */
export type Deadline = number | 'same-day';

export interface DeliveryDeadlines {
  signFor: Record<UrgencyLevel, Deadline>;
  /** Counted from sign-for, for main recipients; copy recipients (抄送) receive for information. */
  handle: Record<UrgencyLevel, Deadline>;
  /**
   * Handling by document type, when the sender set none; a type not listed is handled by urgency.
   * It replaces the urgency's default for an ordinary document; of a 特急 or 加急 one the shorter of
   * the two holds, because an urgency marking never gives the recipient longer.
   */
  handleByType: Partial<Record<DocumentType, Deadline>>;
}

/**
 * Sign-for: 特急 the same day, 加急 the next working day, otherwise two (the platform's rule).
 * Handling: no regulation fixes a number and documents often set their own; these are defaults
 * a deployment is expected to replace (特急 2 working days, 加急 5, ordinary 10).
 * By type: a 请示 asks its recipient for a 批复 and a 函 for an answer (复函), so each has a fixed
 * 10 working days (the usual time for an ordinary matter in the provinces' rules), which stays when
 * a deployment changes the ordinary default; the other types (通知, 通报, 意见 …) are carried out
 * or read on the recipient's own schedule, so their urgency decides.
 */
export const DEFAULT_DELIVERY_DEADLINES: DeliveryDeadlines = {
  signFor: { 特急: 'same-day', 加急: 1, normal: 2 },
  handle: { 特急: 2, 加急: 5, normal: 10 },
  handleByType: { 请示: 10, 函: 10 },
};

/** For comparing deadlines: 'same-day' is shorter than any count of working days. */
const lengthOf = (deadline: Deadline) => (deadline === 'same-day' ? 0 : deadline);

/**
 * A main recipient's handling deadline (办理时限): the sender's, else the type's (shortened by an
 * urgency marking), else the urgency's. Resolved at dispatch and kept on the delivery, so sign-for
 * counts it without reading the document.
 */
export function handlingDeadlineOf(
  document: { type?: DocumentType; urgency: UrgencyLevel; handleWithinWorkingDays?: number },
  deadlines: DeliveryDeadlines = DEFAULT_DELIVERY_DEADLINES,
): Deadline {
  if (document.handleWithinWorkingDays !== undefined) return document.handleWithinWorkingDays;
  const byUrgency = deadlines.handle[document.urgency];
  const byType = document.type === undefined ? undefined : deadlines.handleByType[document.type];
  if (byType === undefined) return byUrgency;
  if (document.urgency === 'normal') return byType;
  return lengthOf(byType) <= lengthOf(byUrgency) ? byType : byUrgency;
}

/** 承办: one lead handler and co-handlers of the unit, and optionally the day handling is due. */
export const HANDLERS_MAX = 20;
export const assignDeliverySchema = z
  .strictObject({
    lead: principalIdSchema,
    others: z
      .array(principalIdSchema)
      .max(HANDLERS_MAX - 1)
      .default([]),
    /** The last CST day of handling (YYYY-MM-DD); absent: the deadline counted at sign-for stays. */
    dueOn: z.string().refine(isDay, 'must be a day written YYYY-MM-DD').optional(),
  })
  .superRefine((input, ctx) => {
    const seen = new Set([input.lead]);
    input.others.forEach((other, index) => {
      if (seen.has(other))
        ctx.addIssue({ code: 'custom', path: ['others', index], message: 'repeats a handler' });
      seen.add(other);
    });
  });
export type AssignDeliveryInput = z.output<typeof assignDeliverySchema>;

/** 传阅 to readers of the unit, at most this many per request (and per delivery, READERS_MAX). */
export const CIRCULATE_MAX = 50;
export const READERS_MAX = 200;
export const circulateDeliverySchema = z.strictObject({
  readers: z
    .array(principalIdSchema)
    .min(1, 'must name at least one reader')
    .max(CIRCULATE_MAX)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a reader'),
});

export const handleDeliverySchema = z.strictObject({
  /** 办结意见. */
  opinion: z
    .string()
    .trim()
    .min(1, 'must say how it was handled')
    .max(2000, 'must be at most 2000 characters'),
});

export const registerDeliverySchema = z.strictObject({ registerNumber: z.string().trim().min(1).max(40) });

/** One reader of a circulated delivery, and whether they have read it. */
export interface DeliveryReader {
  subject: string;
  circulatedAt: string;
  circulatedBy: string;
  readAt?: string;
}

export interface Delivery {
  /** `${documentId}/${recipientUnit}`: one delivery per unit, so a retried dispatch writes no duplicate. */
  id: string;
  documentId: string;
  senderUnit: string;
  recipientUnit: string;
  /** The recipient's name when it was delivered (the matrix shows it without reading the directory). */
  recipientName?: string;
  /** 主送 or 抄送. */
  as: 'main' | 'copy';
  urgency: UrgencyLevel;
  state: DeliveryState;
  deliveredAt: string;
  signForDueAt: string;
  /**
   * A main recipient's handling deadline, counted from sign-for (handlingDeadlineOf at dispatch);
   * absent on copy recipients, and on deliveries written before it was kept (then by urgency).
   */
  handleWithin?: Deadline;
  /**
   * Years a deadline of this delivery was counted in on weekends alone, because the working-day
   * calendar held no holidays for them yet: shown to the platform administrator (and the sender).
   */
  deadlinesWithoutHolidays?: number[];
  openedAt?: string;
  openedBy?: string;
  signedForAt?: string;
  signedForBy?: string;
  registeredAt?: string;
  registeredBy?: string;
  /** 收文登记号 in the recipient's register. */
  registerNumber?: string;
  /** The lead handler (主办). */
  handler?: string;
  /** Co-handlers (协办), without the lead. */
  coHandlers?: string[];
  assignedAt?: string;
  assignedBy?: string;
  handleDueAt?: string;
  handledAt?: string;
  handledBy?: string;
  /** 办结意见. */
  opinion?: string;
  readers?: DeliveryReader[];
  closedAt?: string;
  replyDocumentId?: string;
  repliedAt?: string;
  repliedBy?: string;
  returnReason?: ReturnReason;
  returnText?: string;
  returnedAt?: string;
  returnedBy?: string;
  withdrawnAt?: string;
  withdrawnBy?: string;
  /** After a return: the unit the sender sent it to instead, and on that one, the unit it replaces. */
  resentTo?: string;
  resentFrom?: string;
  /** The last urge a sweep wrote (urges.ts), so that the next run skips a delivery already urged. */
  lastUrge?: LastUrge;
  version: number;
}

export type DeliveryEventType =
  | 'delivered'
  | 'opened'
  | 'signed-for'
  | 'registered'
  | 'assigned'
  | 'circulated'
  | 'read'
  | 'handled'
  | 'replied'
  | 'returned'
  | 'withdrawn'
  | 'resent'
  | 'undeliverable'
  /** 催办 (urges.ts): recorded on the delivery's stream, the state unchanged. */
  | 'urged';

export interface DeliveryEvent {
  deliveryId: string;
  documentId: string;
  type: DeliveryEventType;
  at: string;
  actor: string;
  from?: DeliveryState;
  /** For an undeliverable recipient, which never had a delivery: 'undeliverable'. */
  to: DeliveryState | 'undeliverable';
  details?: Record<string, string>;
}

export interface DeliveryTransition {
  delivery: Delivery;
  events: DeliveryEvent[];
}

/** Who acts for the platform itself (the dispatch consumer), in history events. */
export const DISPATCH_ACTOR = 'system:document-dispatch';

/** The instant a deadline counted from `from` passes. */
export function deadlineAt(from: Date, deadline: Deadline, calendar: WorkingCalendar): string {
  if (deadline === 'same-day') return cstMidnight(nextDay(cstDay(from))).toISOString();
  return answerDueAt(from, deadline, calendar);
}

/** The end (CST midnight) of a day given as YYYY-MM-DD: a due date a clerk sets. */
export const endOfDay = (day: string): string => cstMidnight(nextDay(day)).toISOString();

/**
 * Counts with `calendar`; where the count runs into a year the calendar does not hold, counts that
 * year on weekends alone (no holidays, no make-up days) and says which years were so counted.
 * Documents must still be delivered when the State Council's notice is late; the deadline is then
 * flagged rather than refused (unlike sharing's answer deadlines).
 */
export function countLeniently<T>(
  calendar: WorkingCalendar,
  count: (calendar: WorkingCalendar) => T,
): { value: T; weekendsOnlyYears: number[]; calendar: WorkingCalendar } {
  const weekendsOnlyYears: number[] = [];
  let current = calendar;
  // A deadline spans at most a few years; each retry adds one.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return { value: count(current), weekendsOnlyYears, calendar: current };
    } catch (error) {
      if (!(error instanceof CalendarNotLoadedError)) throw error;
      weekendsOnlyYears.push(error.year);
      current = { ...current, years: new Set([...current.years, error.year]) };
    }
  }
  throw new RangeError('a deadline ran through more years than the calendar can be stretched over');
}

export const deliveryIdOf = (documentId: string, recipientUnit: string) => `${documentId}/${recipientUnit}`;

/**
 * The deliveries of one dispatch, from recipients already expanded to units (groups and saved
 * lists are resolved against the directory by the caller). A unit named both 主送 and 抄送 gets
 * one delivery, as main; the issuing units themselves get none.
 */
export function deliveriesFor(args: {
  documentId: string;
  issuingUnits: readonly string[];
  urgency: UrgencyLevel;
  main: readonly string[];
  copy: readonly string[];
  now: Date;
  calendar: WorkingCalendar;
  deadlines?: DeliveryDeadlines;
  /** When the deadline starts, if not `now` (the dispatch, for every slice of it alike). */
  dispatchedAt?: Date;
  /** What the handling deadline of main recipients is resolved from (handlingDeadlineOf). */
  documentType?: DocumentType;
  handleWithinWorkingDays?: number;
  /** The handling deadline itself, when already resolved (a resend keeps the returned one's). */
  handleWithin?: Deadline;
}): Delivery[] {
  const deadlines = args.deadlines ?? DEFAULT_DELIVERY_DEADLINES;
  const senderUnit = args.issuingUnits[0];
  if (!senderUnit) throw new RangeError('a document has at least one issuing unit');
  const issuers = new Set(args.issuingUnits);
  const roles = new Map<string, 'main' | 'copy'>();
  for (const unit of args.main) if (!issuers.has(unit)) roles.set(unit, 'main');
  for (const unit of args.copy) if (!issuers.has(unit) && !roles.has(unit)) roles.set(unit, 'copy');
  const deliveredAt = args.now.toISOString();
  const signForDueAt = deadlineAt(
    args.dispatchedAt ?? args.now,
    deadlines.signFor[args.urgency],
    args.calendar,
  );
  const handleWithin =
    args.handleWithin ??
    handlingDeadlineOf(
      {
        urgency: args.urgency,
        ...(args.documentType ? { type: args.documentType } : {}),
        ...(args.handleWithinWorkingDays !== undefined
          ? { handleWithinWorkingDays: args.handleWithinWorkingDays }
          : {}),
      },
      deadlines,
    );
  return [...roles].map(
    ([recipientUnit, as]): Delivery => ({
      id: deliveryIdOf(args.documentId, recipientUnit),
      documentId: args.documentId,
      senderUnit,
      recipientUnit,
      as,
      urgency: args.urgency,
      state: 'delivered',
      deliveredAt,
      signForDueAt,
      ...(as === 'main' ? { handleWithin } : {}),
      version: 1,
    }),
  );
}

/** The first line of a delivery's history. */
export function deliveredEvent(delivery: Delivery, actor = DISPATCH_ACTOR): DeliveryEvent {
  const details: Record<string, string> = { as: delivery.as, signForDueAt: delivery.signForDueAt };
  if (delivery.resentFrom) details.resentFrom = delivery.resentFrom;
  if (delivery.deadlinesWithoutHolidays?.length) {
    details.weekendsOnly = delivery.deadlinesWithoutHolidays.join(',');
  }
  return {
    deliveryId: delivery.id,
    documentId: delivery.documentId,
    type: 'delivered',
    at: delivery.deliveredAt,
    actor,
    to: 'delivered',
    details,
  };
}

/** Why a recipient got no delivery: reported to the sender, never skipped in silence. */
export const UNDELIVERABLE_REASONS = ['unknown-unit', 'dissolved', 'unknown-group', 'unknown-list'] as const;
export type UndeliverableReason = (typeof UNDELIVERABLE_REASONS)[number];

export interface UndeliverableRecipient {
  documentId: string;
  /** The recipient as named (recipientKey: unit:<code>, townships-of:<county>, list:<id> …). */
  recipient: string;
  /** The unit concerned, when the recipient is or contains one. */
  unit?: string;
  /** The group or list a unit was found through. */
  via?: string;
  as: 'main' | 'copy';
  reason: UndeliverableReason;
  reportedAt: string;
}

/** The history line that reports an undeliverable recipient (on the stream of that recipient). */
export const undeliverableEvent = (item: UndeliverableRecipient): DeliveryEvent => ({
  deliveryId: deliveryIdOf(item.documentId, item.unit ?? item.recipient),
  documentId: item.documentId,
  type: 'undeliverable',
  at: item.reportedAt,
  actor: DISPATCH_ACTOR,
  to: 'undeliverable',
  details: {
    recipient: item.recipient,
    reason: item.reason,
    as: item.as,
    ...(item.via ? { via: item.via } : {}),
  },
});

const describe = (delivery: Delivery) => `Delivery ${delivery.id} is ${delivery.state}`;

function assertState(delivery: Delivery, allowed: readonly DeliveryState[], action: string): void {
  if (!allowed.includes(delivery.state)) {
    throw new InvalidTransitionError(`${describe(delivery)}: it cannot be ${action}`);
  }
}

function assertRecipientClerk(delivery: Delivery, actor: ExchangeActor, action: string): void {
  if (actor.unit !== delivery.recipientUnit || !actor.roles.includes('clerk')) {
    throw new ForbiddenError(`Only a clerk of the recipient unit may ${action} delivery ${delivery.id}`);
  }
}

function move(
  delivery: Delivery,
  to: DeliveryState,
  type: DeliveryEventType,
  actor: ExchangeActor | string,
  now: Date,
  changes: Partial<Delivery>,
  details?: Record<string, string>,
): DeliveryTransition {
  const updated: Delivery = { ...delivery, ...changes, state: to, version: delivery.version + 1 };
  const line: DeliveryEvent = {
    deliveryId: delivery.id,
    documentId: delivery.documentId,
    type,
    at: now.toISOString(),
    actor: typeof actor === 'string' ? actor : actor.subject,
    from: delivery.state,
    to,
  };
  if (details) line.details = details;
  return { delivery: updated, events: [line] };
}

const unchanged = (delivery: Delivery): DeliveryTransition => ({ delivery, events: [] });

/** The first opening by anyone of the recipient unit is recorded; later ones change nothing. */
export function openDelivery(args: {
  delivery: Delivery;
  actor: ExchangeActor;
  now: Date;
}): DeliveryTransition {
  const { delivery, actor, now } = args;
  if (actor.unit !== delivery.recipientUnit) {
    throw new ForbiddenError(`Only the recipient unit may open delivery ${delivery.id}`);
  }
  if (delivery.state !== 'delivered') return unchanged(delivery);
  return move(delivery, 'opened', 'opened', actor, now, {
    openedAt: now.toISOString(),
    openedBy: actor.subject,
  });
}

/** 签收. Starts the handling deadline of a main recipient. */
export function signFor(args: {
  delivery: Delivery;
  actor: ExchangeActor;
  now: Date;
  calendar: WorkingCalendar;
  deadlines?: DeliveryDeadlines;
  /** Years the calendar lacks that the handling deadline was counted in on weekends alone. */
  weekendsOnlyYears?: readonly number[];
}): DeliveryTransition {
  const { delivery, actor, now } = args;
  assertState(delivery, ['delivered', 'opened'], 'signed for');
  assertRecipientClerk(delivery, actor, 'sign for');
  const changes: Partial<Delivery> = { signedForAt: now.toISOString(), signedForBy: actor.subject };
  if (delivery.as === 'main') {
    const within =
      delivery.handleWithin ?? (args.deadlines ?? DEFAULT_DELIVERY_DEADLINES).handle[delivery.urgency];
    changes.handleDueAt = deadlineAt(now, within, args.calendar);
  }
  const lacking = withYears(delivery.deadlinesWithoutHolidays, args.weekendsOnlyYears);
  if (lacking) changes.deadlinesWithoutHolidays = lacking;
  return move(delivery, 'signed-for', 'signed-for', actor, now, changes);
}

function withYears(
  before: readonly number[] | undefined,
  added: readonly number[] | undefined,
): number[] | undefined {
  if (!added?.length) return before ? [...before] : undefined;
  return [...new Set([...(before ?? []), ...added])].sort((a, b) => a - b);
}

/** 登记 under the recipient's own register number. */
export function register(args: {
  delivery: Delivery;
  actor: ExchangeActor;
  registerNumber: string;
  now: Date;
}): DeliveryTransition {
  const { delivery, actor, now } = args;
  assertState(delivery, ['signed-for'], 'registered');
  assertRecipientClerk(delivery, actor, 'register');
  const registerNumber = args.registerNumber.trim();
  if (registerNumber.length === 0 || registerNumber.length > 40) {
    throw new ValidationError([{ path: 'body.registerNumber', message: 'must be 1 to 40 characters' }]);
  }
  return move(
    delivery,
    'registered',
    'registered',
    actor,
    now,
    { registeredAt: now.toISOString(), registeredBy: actor.subject, registerNumber },
    { registerNumber },
  );
}

/**
 * 承办: the clerk gives it to a lead handler and co-handlers of the unit (the route checks that
 * each is a handler of the unit), optionally with the last day of handling. A due day before
 * today is refused; a reader of the delivery cannot also handle it (one task per person).
 */
export function assign(args: {
  delivery: Delivery;
  actor: ExchangeActor;
  lead: string;
  others?: readonly string[];
  dueOn?: string;
  now: Date;
}): DeliveryTransition {
  const { delivery, actor, now } = args;
  assertState(delivery, ['registered'], 'assigned');
  assertRecipientClerk(delivery, actor, 'assign');
  const others = [...(args.others ?? [])];
  const all = [args.lead, ...others];
  if (new Set(all).size !== all.length) {
    throw new ValidationError([{ path: 'body.others', message: 'must not repeat a handler or the lead' }]);
  }
  if (all.length > HANDLERS_MAX) {
    throw new ValidationError([{ path: 'body.others', message: `at most ${HANDLERS_MAX} handlers in all` }]);
  }
  const readers = new Set((delivery.readers ?? []).map((reader) => reader.subject));
  const reading = all.findIndex((subject) => readers.has(subject));
  if (reading >= 0) {
    throw new ValidationError([
      {
        path: reading === 0 ? 'body.lead' : `body.others.${reading - 1}`,
        message: 'is a reader of this delivery already',
      },
    ]);
  }
  const changes: Partial<Delivery> = {
    handler: args.lead,
    coHandlers: others,
    assignedAt: now.toISOString(),
    assignedBy: actor.subject,
  };
  if (args.dueOn !== undefined) {
    if (args.dueOn < cstDay(now)) {
      throw new ValidationError([{ path: 'body.dueOn', message: 'must not be a day already past' }]);
    }
    changes.handleDueAt = endOfDay(args.dueOn);
  }
  const details: Record<string, string> = { handler: args.lead };
  if (others.length > 0) details.coHandlers = others.join(',');
  if (args.dueOn !== undefined) details.dueOn = args.dueOn;
  return move(delivery, 'assigned', 'assigned', actor, now, changes, details);
}

/** Who handles a delivery: the lead (主办) first, then the co-handlers (协办). */
export const handlersOf = (delivery: Pick<Delivery, 'handler' | 'coHandlers'>): string[] =>
  delivery.handler ? [delivery.handler, ...(delivery.coHandlers ?? [])] : [];

/** States in which a delivery belongs to the recipient (after sign-for, not taken back). */
const RECEIVED: readonly DeliveryState[] = ['signed-for', 'registered', 'assigned', 'handled', 'replied'];

/**
 * 传阅: a clerk or leader of the recipient unit, or one of its handlers, gives it to readers of the
 * unit (the route checks they are its members). Readers already given it stay as they are; a
 * handler of it is not made a reader too.
 */
export function circulate(args: {
  delivery: Delivery;
  actor: ExchangeActor;
  readers: readonly string[];
  now: Date;
}): DeliveryTransition & { added: string[] } {
  const { delivery, actor, now } = args;
  assertState(delivery, RECEIVED, 'circulated');
  const handlers = handlersOf(delivery);
  const mayCirculate =
    actor.unit === delivery.recipientUnit &&
    (actor.roles.includes('clerk') || actor.roles.includes('leader') || handlers.includes(actor.subject));
  if (!mayCirculate) {
    throw new ForbiddenError(
      `Only a clerk, leader or handler of the recipient unit may circulate delivery ${delivery.id}`,
    );
  }
  const handling = args.readers.findIndex((subject) => handlers.includes(subject));
  if (handling >= 0) {
    throw new ValidationError([
      { path: `body.readers.${handling}`, message: 'handles this delivery already' },
    ]);
  }
  const present = new Set((delivery.readers ?? []).map((reader) => reader.subject));
  const added = args.readers.filter((subject) => !present.has(subject));
  if (added.length === 0) return { ...unchanged(delivery), added };
  if (present.size + added.length > READERS_MAX) {
    throw new ValidationError([
      { path: 'body.readers', message: `a delivery has at most ${READERS_MAX} readers` },
    ]);
  }
  const at = now.toISOString();
  const readers = [
    ...(delivery.readers ?? []),
    ...added.map((subject): DeliveryReader => ({ subject, circulatedAt: at, circulatedBy: actor.subject })),
  ];
  const moved = move(
    delivery,
    delivery.state,
    'circulated',
    actor,
    now,
    { readers },
    {
      readers: added.join(','),
    },
  );
  return { ...moved, added };
}

/** A reader has read it; reading again changes nothing. */
export function markRead(args: { delivery: Delivery; actor: ExchangeActor; now: Date }): DeliveryTransition {
  const { delivery, actor, now } = args;
  const index = (delivery.readers ?? []).findIndex((reader) => reader.subject === actor.subject);
  const reader = delivery.readers?.[index];
  if (!reader || actor.unit !== delivery.recipientUnit) {
    throw new ForbiddenError(`Delivery ${delivery.id} was not circulated to this user`);
  }
  if (reader.readAt) return unchanged(delivery);
  const readers = (delivery.readers ?? []).map((r, i) =>
    i === index ? { ...r, readAt: now.toISOString() } : r,
  );
  return move(delivery, delivery.state, 'read', actor, now, { readers });
}

function assertLeadHandler(delivery: Delivery, actor: ExchangeActor): void {
  if (actor.subject !== delivery.handler || actor.unit !== delivery.recipientUnit) {
    throw new ForbiddenError(`Only the lead handler may close delivery ${delivery.id}`);
  }
}

/** 办结, by the lead handler, with an opinion. */
export function markHandled(args: {
  delivery: Delivery;
  actor: ExchangeActor;
  opinion: string;
  now: Date;
}): DeliveryTransition {
  const { delivery, actor, now } = args;
  assertState(delivery, ['assigned'], 'handled');
  assertLeadHandler(delivery, actor);
  const opinion = args.opinion.trim();
  if (opinion.length === 0) {
    throw new ValidationError([{ path: 'body.opinion', message: 'must say how it was handled' }]);
  }
  const at = now.toISOString();
  return move(delivery, 'handled', 'handled', actor, now, {
    closedAt: at,
    handledAt: at,
    handledBy: actor.subject,
    opinion,
  });
}

const AWAITING_SIGN_FOR: readonly DeliveryState[] = ['delivered', 'opened'];
const AWAITING_HANDLING: readonly DeliveryState[] = ['signed-for', 'registered', 'assigned'];

/**
 * 答复: closed by a reply document the recipient unit sent (drafted and dispatched through the same
 * workflow, citing this one). Recorded once: the same reply again changes nothing; a delivery
 * not awaiting handling (not signed for, handled, returned, answered by another reply) is refused.
 */
export function markReplied(args: {
  delivery: Delivery;
  /** Who sent the reply (its drafter or dispatcher), of the recipient unit. */
  actor: string;
  replyingUnit: string;
  replyDocumentId: string;
  now: Date;
}): DeliveryTransition {
  const { delivery, now } = args;
  if (delivery.state === 'replied' && delivery.replyDocumentId === args.replyDocumentId) {
    return unchanged(delivery);
  }
  if (args.replyingUnit !== delivery.recipientUnit) {
    throw new ForbiddenError(`Only the recipient unit may answer delivery ${delivery.id}`);
  }
  assertState(delivery, AWAITING_HANDLING, 'replied to');
  const at = now.toISOString();
  return move(
    delivery,
    'replied',
    'replied',
    args.actor,
    now,
    { closedAt: at, repliedAt: at, repliedBy: args.actor, replyDocumentId: args.replyDocumentId },
    { replyDocumentId: args.replyDocumentId },
  );
}

/** 退文 by the recipient's clerk, before sign-for. */
export function returnDelivery(args: {
  delivery: Delivery;
  actor: ExchangeActor;
  input: ReturnDeliveryInput;
  now: Date;
}): DeliveryTransition {
  const { delivery, actor, input, now } = args;
  assertState(delivery, AWAITING_SIGN_FOR, 'returned');
  assertRecipientClerk(delivery, actor, 'return');
  const at = now.toISOString();
  const changes: Partial<Delivery> = {
    closedAt: at,
    returnedAt: at,
    returnedBy: actor.subject,
    returnReason: input.reason,
  };
  if (input.text) changes.returnText = input.text;
  return move(delivery, 'returned', 'returned', actor, now, changes, { reason: input.reason });
}

function assertSenderClerk(delivery: Delivery, actor: ExchangeActor, action: string): void {
  if (
    actor.unit !== delivery.senderUnit ||
    !(actor.roles.includes('clerk') || actor.roles.includes('signer'))
  ) {
    throw new ForbiddenError(
      `Only a clerk or signer of the sending unit may ${action} delivery ${delivery.id}`,
    );
  }
}

/** The sender takes a delivery back before it is signed for (e.g. sent to the wrong unit). */
export function withdrawDelivery(args: {
  delivery: Delivery;
  actor: ExchangeActor;
  now: Date;
}): DeliveryTransition {
  const { delivery, actor, now } = args;
  assertState(delivery, AWAITING_SIGN_FOR, 'withdrawn');
  assertSenderClerk(delivery, actor, 'withdraw');
  const at = now.toISOString();
  return move(delivery, 'withdrawn', 'withdrawn', actor, now, {
    closedAt: at,
    withdrawnAt: at,
    withdrawnBy: actor.subject,
  });
}

/**
 * After a return (退文), the sender sends the document to the corrected unit instead: a new
 * delivery for it, and the returned one records where it went. Once per returned delivery.
 * The caller checks that the corrected unit exists, is not dissolved and has no delivery yet.
 */
export function resend(args: {
  returned: Delivery;
  actor: ExchangeActor;
  to: { unit: string; name?: string };
  issuingUnits: readonly string[];
  now: Date;
  calendar: WorkingCalendar;
  deadlines?: DeliveryDeadlines;
}): { returned: DeliveryTransition; delivery: Delivery; events: DeliveryEvent[] } {
  const { returned, actor, now } = args;
  assertState(returned, ['returned'], 'sent again');
  assertSenderClerk(returned, actor, 'send again');
  if (returned.resentTo) {
    throw new InvalidTransitionError(
      `${describe(returned)} and was sent again to ${returned.resentTo} already`,
    );
  }
  if (args.to.unit === returned.recipientUnit) {
    throw new ValidationError([
      { path: 'body.to', message: 'must be another unit than the one that returned it' },
    ]);
  }
  if (args.issuingUnits.includes(args.to.unit)) {
    throw new ValidationError([{ path: 'body.to', message: 'is an issuing unit of the document' }]);
  }
  const [fresh] = deliveriesFor({
    documentId: returned.documentId,
    issuingUnits: args.issuingUnits,
    urgency: returned.urgency,
    main: returned.as === 'main' ? [args.to.unit] : [],
    copy: returned.as === 'copy' ? [args.to.unit] : [],
    now,
    calendar: args.calendar,
    ...(args.deadlines ? { deadlines: args.deadlines } : {}),
    ...(returned.handleWithin !== undefined ? { handleWithin: returned.handleWithin } : {}),
  });
  if (!fresh) throw new RangeError('a resend makes one delivery');
  const delivery: Delivery = {
    ...fresh,
    ...(args.to.name ? { recipientName: args.to.name } : {}),
    resentFrom: returned.recipientUnit,
  };
  const marked: DeliveryTransition = {
    delivery: { ...returned, resentTo: args.to.unit, version: returned.version + 1 },
    events: [
      {
        deliveryId: returned.id,
        documentId: returned.documentId,
        type: 'resent',
        at: now.toISOString(),
        actor: actor.subject,
        from: 'returned',
        to: 'returned',
        details: { to: args.to.unit },
      },
    ],
  };
  return { returned: marked, delivery, events: [deliveredEvent(delivery, actor.subject)] };
}

/** What a delivery is late for at `now` (催办), or undefined. */
export function overdueFor(delivery: Delivery, now: Date): 'sign-for' | 'handling' | undefined {
  const at = now.toISOString();
  if (AWAITING_SIGN_FOR.includes(delivery.state)) return delivery.signForDueAt <= at ? 'sign-for' : undefined;
  if (AWAITING_HANDLING.includes(delivery.state) && delivery.handleDueAt !== undefined) {
    return delivery.handleDueAt <= at ? 'handling' : undefined;
  }
  return undefined;
}

/** The deadline a delivery now awaits (sign-for, then handling), or undefined once it is closed. */
export function openDeadlineOf(
  delivery: Pick<Delivery, 'state' | 'signForDueAt' | 'handleDueAt'>,
): { kind: 'sign-for' | 'handling'; dueAt: string } | undefined {
  if (AWAITING_SIGN_FOR.includes(delivery.state)) return { kind: 'sign-for', dueAt: delivery.signForDueAt };
  if (AWAITING_HANDLING.includes(delivery.state) && delivery.handleDueAt !== undefined) {
    return { kind: 'handling', dueAt: delivery.handleDueAt };
  }
  return undefined;
}

// --- Inboxes -----------------------------------------------------------------------------------

/**
 * The views of an inbox. A unit's: 待签收 to-sign (delivered, opened), 待办 to-do (signed for,
 * registered, assigned), 已办 done (handled, replied, returned); a withdrawn delivery leaves them.
 * A person's: to-do and done of what they handle (lead or co-handler), 待阅 to-read and 已阅 read
 * of what was circulated to them.
 */
export const INBOX_VIEWS = ['to-sign', 'to-do', 'done', 'to-read', 'read'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];
export const UNIT_VIEWS: readonly InboxView[] = ['to-sign', 'to-do', 'done'];
export const PERSONAL_VIEWS: readonly InboxView[] = ['to-do', 'done', 'to-read', 'read'];

export function unitViewOf(delivery: Delivery): InboxView | undefined {
  if (AWAITING_SIGN_FOR.includes(delivery.state)) return 'to-sign';
  if (AWAITING_HANDLING.includes(delivery.state)) return 'to-do';
  if (delivery.state === 'withdrawn') return undefined;
  return 'done';
}

/** Most urgent first: 特急, 加急, then ordinary. */
export const URGENCY_RANK: Record<UrgencyLevel, number> = { 特急: 1, 加急: 2, normal: 3 };

/** One person's part in a delivery: handling it (lead or co-handler) or reading it. */
export interface DeliveryTask {
  documentId: string;
  unit: string;
  subject: string;
  kind: 'handle' | 'read';
  view: InboxView;
  lead?: boolean;
  /** When it was given to them. */
  since: string;
  dueAt?: string;
  /** When it was done (handled, replied) or read. */
  doneAt?: string;
}

/** Every task of a delivery, as its state says (the store writes those that changed). */
export function tasksOf(delivery: Delivery): DeliveryTask[] {
  const tasks: DeliveryTask[] = [];
  const base = { documentId: delivery.documentId, unit: delivery.recipientUnit };
  const closed = delivery.state === 'handled' || delivery.state === 'replied';
  handlersOf(delivery).forEach((subject, index) => {
    const task: DeliveryTask = {
      ...base,
      subject,
      kind: 'handle',
      view: closed ? 'done' : 'to-do',
      lead: index === 0,
      since: delivery.assignedAt ?? delivery.signedForAt ?? delivery.deliveredAt,
    };
    if (delivery.handleDueAt) task.dueAt = delivery.handleDueAt;
    if (closed && delivery.closedAt) task.doneAt = delivery.closedAt;
    tasks.push(task);
  });
  for (const reader of delivery.readers ?? []) {
    const task: DeliveryTask = {
      ...base,
      subject: reader.subject,
      kind: 'read',
      view: reader.readAt ? 'read' : 'to-read',
      since: reader.circulatedAt,
    };
    if (reader.readAt) task.doneAt = reader.readAt;
    tasks.push(task);
  }
  return tasks;
}

/** Tasks that are new or changed from `before` to `after` (by subject). */
export function changedTasks(before: Delivery, after: Delivery): DeliveryTask[] {
  const previous = new Map(tasksOf(before).map((task) => [task.subject, JSON.stringify(task)]));
  return tasksOf(after).filter((task) => previous.get(task.subject) !== JSON.stringify(task));
}

export interface DeliveryCounts {
  total: number;
  byState: Record<DeliveryState, number>;
  overdue: number;
}

/** The matrix's counts. */
export function countDeliveries(deliveries: readonly Delivery[], now: Date): DeliveryCounts {
  const byState = Object.fromEntries(DELIVERY_STATES.map((state) => [state, 0])) as Record<
    DeliveryState,
    number
  >;
  let overdue = 0;
  for (const delivery of deliveries) {
    byState[delivery.state]++;
    if (overdueFor(delivery, now)) overdue++;
  }
  return { total: deliveries.length, byState, overdue };
}
