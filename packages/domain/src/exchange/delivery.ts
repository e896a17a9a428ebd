import { principalIdSchema } from '@govshare/domain/identity';
import {
  answerDueAt,
  cstDay,
  cstMidnight,
  ForbiddenError,
  InvalidTransitionError,
  nextDay,
  ValidationError,
  type WorkingCalendar,
} from '@govshare/domain/kernel';
import { z } from 'zod';
import type { UrgencyLevel } from './document.ts';
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

export const assignDeliverySchema = z.strictObject({ handler: principalIdSchema });

/**
 * A deadline: working days after the day of the event (that day does not count, as the kernel's
 * answerDueAt counts), or 'same-day' for the end of the CST day the event happened on.
 */
export type Deadline = number | 'same-day';

export interface DeliveryDeadlines {
  signFor: Record<UrgencyLevel, Deadline>;
  /** Counted from sign-for, for main recipients; copy recipients (抄送) receive for information. */
  handle: Record<UrgencyLevel, Deadline>;
}

/**
 * Sign-for: 特急 the same day, 加急 the next working day, otherwise two (the platform's rule).
 * Handling: no regulation fixes a number and documents often set their own; these are defaults
 * a deployment is expected to replace (特急 2 working days, 加急 5, ordinary 10).
 */
export const DEFAULT_DELIVERY_DEADLINES: DeliveryDeadlines = {
  signFor: { 特急: 'same-day', 加急: 1, normal: 2 },
  handle: { 特急: 2, 加急: 5, normal: 10 },
};

export interface Delivery {
  /** `${documentId}/${recipientUnit}`: one delivery per unit, so a retried dispatch writes no duplicate. */
  id: string;
  documentId: string;
  senderUnit: string;
  recipientUnit: string;
  /** 主送 or 抄送. */
  as: 'main' | 'copy';
  urgency: UrgencyLevel;
  state: DeliveryState;
  deliveredAt: string;
  signForDueAt: string;
  openedAt?: string;
  signedForAt?: string;
  signedForBy?: string;
  registeredAt?: string;
  /** 收文登记号 in the recipient's register. */
  registerNumber?: string;
  handler?: string;
  handleDueAt?: string;
  closedAt?: string;
  replyDocumentId?: string;
  returnReason?: ReturnReason;
  returnText?: string;
  version: number;
}

export type DeliveryEventType =
  | 'delivered'
  | 'opened'
  | 'signed-for'
  | 'registered'
  | 'assigned'
  | 'handled'
  | 'replied'
  | 'returned'
  | 'withdrawn'
  /** 催办 (urges.ts): recorded on the delivery's stream, the state unchanged. */
  | 'urged';

export interface DeliveryEvent {
  deliveryId: string;
  documentId: string;
  type: DeliveryEventType;
  at: string;
  actor: string;
  from?: DeliveryState;
  to: DeliveryState;
  details?: Record<string, string>;
}

export interface DeliveryTransition {
  delivery: Delivery;
  events: DeliveryEvent[];
}

/** The instant a deadline counted from `from` passes. */
export function deadlineAt(from: Date, deadline: Deadline, calendar: WorkingCalendar): string {
  if (deadline === 'same-day') return cstMidnight(nextDay(cstDay(from))).toISOString();
  return answerDueAt(from, deadline, calendar);
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
}): Delivery[] {
  const deadlines = args.deadlines ?? DEFAULT_DELIVERY_DEADLINES;
  const senderUnit = args.issuingUnits[0];
  if (!senderUnit) throw new RangeError('a document has at least one issuing unit');
  const issuers = new Set(args.issuingUnits);
  const roles = new Map<string, 'main' | 'copy'>();
  for (const unit of args.main) if (!issuers.has(unit)) roles.set(unit, 'main');
  for (const unit of args.copy) if (!issuers.has(unit) && !roles.has(unit)) roles.set(unit, 'copy');
  const deliveredAt = args.now.toISOString();
  const signForDueAt = deadlineAt(args.now, deadlines.signFor[args.urgency], args.calendar);
  return [...roles].map(([recipientUnit, as]) => ({
    id: deliveryIdOf(args.documentId, recipientUnit),
    documentId: args.documentId,
    senderUnit,
    recipientUnit,
    as,
    urgency: args.urgency,
    state: 'delivered',
    deliveredAt,
    signForDueAt,
    version: 1,
  }));
}

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
  actor: ExchangeActor,
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
    actor: actor.subject,
    from: delivery.state,
    to,
  };
  if (details) line.details = details;
  return { delivery: updated, events: [line] };
}

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
  if (delivery.state !== 'delivered') return { delivery, events: [] };
  return move(delivery, 'opened', 'opened', actor, now, { openedAt: now.toISOString() });
}

/** 签收. Starts the handling deadline of a main recipient. */
export function signFor(args: {
  delivery: Delivery;
  actor: ExchangeActor;
  now: Date;
  calendar: WorkingCalendar;
  deadlines?: DeliveryDeadlines;
}): DeliveryTransition {
  const { delivery, actor, now } = args;
  assertState(delivery, ['delivered', 'opened'], 'signed for');
  assertRecipientClerk(delivery, actor, 'sign for');
  const changes: Partial<Delivery> = { signedForAt: now.toISOString(), signedForBy: actor.subject };
  if (delivery.as === 'main') {
    const deadlines = args.deadlines ?? DEFAULT_DELIVERY_DEADLINES;
    changes.handleDueAt = deadlineAt(now, deadlines.handle[delivery.urgency], args.calendar);
  }
  return move(delivery, 'signed-for', 'signed-for', actor, now, changes);
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
    { registeredAt: now.toISOString(), registerNumber },
    {
      registerNumber,
    },
  );
}

/** 承办: the clerk gives it to a handler of the unit (the route checks the handler's unit and role). */
export function assign(args: {
  delivery: Delivery;
  actor: ExchangeActor;
  handler: string;
  now: Date;
}): DeliveryTransition {
  const { delivery, actor, now } = args;
  assertState(delivery, ['registered'], 'assigned');
  assertRecipientClerk(delivery, actor, 'assign');
  return move(
    delivery,
    'assigned',
    'assigned',
    actor,
    now,
    { handler: args.handler },
    { handler: args.handler },
  );
}

function assertHandler(delivery: Delivery, actor: ExchangeActor): void {
  if (actor.subject !== delivery.handler || actor.unit !== delivery.recipientUnit) {
    throw new ForbiddenError(`Only the assigned handler may close delivery ${delivery.id}`);
  }
}

/** 办结. */
export function markHandled(args: {
  delivery: Delivery;
  actor: ExchangeActor;
  now: Date;
}): DeliveryTransition {
  const { delivery, actor, now } = args;
  assertState(delivery, ['assigned'], 'handled');
  assertHandler(delivery, actor);
  return move(delivery, 'handled', 'handled', actor, now, { closedAt: now.toISOString() });
}

/** 答复: closed by a reply document of the recipient unit. */
export function markReplied(args: {
  delivery: Delivery;
  actor: ExchangeActor;
  replyDocumentId: string;
  now: Date;
}): DeliveryTransition {
  const { delivery, actor, now } = args;
  assertState(delivery, ['assigned'], 'replied to');
  assertHandler(delivery, actor);
  return move(
    delivery,
    'replied',
    'replied',
    actor,
    now,
    { closedAt: now.toISOString(), replyDocumentId: args.replyDocumentId },
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
  assertState(delivery, ['delivered', 'opened'], 'returned');
  assertRecipientClerk(delivery, actor, 'return');
  const changes: Partial<Delivery> = { closedAt: now.toISOString(), returnReason: input.reason };
  if (input.text) changes.returnText = input.text;
  return move(delivery, 'returned', 'returned', actor, now, changes, { reason: input.reason });
}

/** The sender takes a delivery back before it is signed for (e.g. sent to the wrong unit). */
export function withdrawDelivery(args: {
  delivery: Delivery;
  actor: ExchangeActor;
  now: Date;
}): DeliveryTransition {
  const { delivery, actor, now } = args;
  assertState(delivery, ['delivered', 'opened'], 'withdrawn');
  if (
    actor.unit !== delivery.senderUnit ||
    !(actor.roles.includes('clerk') || actor.roles.includes('signer'))
  ) {
    throw new ForbiddenError(
      `Only a clerk or signer of the sending unit may withdraw delivery ${delivery.id}`,
    );
  }
  return move(delivery, 'withdrawn', 'withdrawn', actor, now, { closedAt: now.toISOString() });
}

const AWAITING_SIGN_FOR: readonly DeliveryState[] = ['delivered', 'opened'];
const AWAITING_HANDLING: readonly DeliveryState[] = ['signed-for', 'registered', 'assigned'];

/** What a delivery is late for at `now` (催办), or undefined. */
export function overdueFor(delivery: Delivery, now: Date): 'sign-for' | 'handling' | undefined {
  const at = now.toISOString();
  if (AWAITING_SIGN_FOR.includes(delivery.state)) return delivery.signForDueAt <= at ? 'sign-for' : undefined;
  if (AWAITING_HANDLING.includes(delivery.state) && delivery.handleDueAt !== undefined) {
    return delivery.handleDueAt <= at ? 'handling' : undefined;
  }
  return undefined;
}
