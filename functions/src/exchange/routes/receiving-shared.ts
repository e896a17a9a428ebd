import {
  countLeniently,
  type DeliveryDeadlines,
  type ExchangeActor,
  handlersOf,
  overdueFor,
} from '@govshare/domain/exchange';
import { NotFoundError, type WorkingCalendar } from '@govshare/domain/kernel';
import type { WorkingCalendarReader } from '../../identity/index.ts';
import { problemResponse } from '../../platform/problem.ts';
import type { StoredDelivery, StoredTask } from '../delivery-store.ts';
import type { ExchangeCaller, ExchangeRouteContext } from './context.ts';

/** What the receiving routes (收文 and the sender's matrix) use of the exchange's context. */
export type ReceivingDeps = Pick<
  ExchangeRouteContext,
  'deliveries' | 'documents' | 'directory' | 'calendar' | 'audit' | 'now' | 'logger'
> & { deadlines?: DeliveryDeadlines };

export type ReceivingActor = ExchangeCaller;

/**
 * Who may read a delivery: the recipient unit's clerks and leaders, its handlers and readers, the
 * issuing units, the platform administrator and auditors. Nobody else learns it exists.
 */
export function assertMayView(delivery: StoredDelivery, actor: ExchangeActor): void {
  if (actor.roles.includes('platform-admin') || actor.roles.includes('auditor')) return;
  if (delivery.issuingUnits.includes(actor.unit)) return;
  if (actor.unit === delivery.recipientUnit) {
    if (actor.roles.includes('clerk') || actor.roles.includes('leader')) return;
    if (handlersOf(delivery).includes(actor.subject)) return;
    if ((delivery.readers ?? []).some((reader) => reader.subject === actor.subject)) return;
  }
  throw new NotFoundError(`No delivery of document ${delivery.documentId} to unit ${delivery.recipientUnit}`);
}

/** A delivery as the API shows it (its history head is the history route's business). */
export function deliveryView(delivery: StoredDelivery, now: Date) {
  const { historyHead: _head, ...shown } = delivery;
  return { ...shown, overdue: overdueFor(delivery, now) ?? null };
}

export function taskView(task: StoredTask, now: Date) {
  const overdue =
    task.kind === 'handle' &&
    task.view === 'to-do' &&
    task.dueAt !== undefined &&
    task.dueAt <= now.toISOString();
  return { ...task, overdue };
}

/**
 * The calendar to count a deadline with, stretched over any year it lacks (weekends alone), with
 * those years: a delivery is never held up by a late holiday notice, but says how it was counted.
 */
export async function lenientCount<T>(
  reader: WorkingCalendarReader,
  count: (calendar: WorkingCalendar) => T,
): Promise<{ value: T; weekendsOnlyYears: number[] }> {
  const calendar = await reader.withCalendar((held) => held);
  const { value, weekendsOnlyYears } = countLeniently(calendar, count);
  return { value, weekendsOnlyYears };
}

export type Verb =
  | 'open'
  | 'sign-for'
  | 'return'
  | 'register'
  | 'assign'
  | 'circulate'
  | 'read'
  | 'handle'
  | 'withdraw'
  | 'resend';

/** Records a stored transition on the audit trail: ids and states only, nothing of the content. */
export function auditDelivery(
  deps: Pick<ReceivingDeps, 'audit'>,
  verb: Verb,
  delivery: StoredDelivery,
  actor: ReceivingActor,
  correlationId: string,
  at: Date,
) {
  return deps.audit.record({
    id: `${correlationId}:exchange.delivery.${verb}:${delivery.documentId}:${delivery.recipientUnit}`.slice(
      0,
      200,
    ),
    at: at.toISOString(),
    actor: { unit: actor.unit, principal: actor.subject, kind: actor.kind },
    action: `exchange.delivery.${verb}`,
    items: [`delivery:${delivery.documentId}/${delivery.recipientUnit}`, `state:${delivery.state}`],
    recordCount: 1,
    subjectHashes: [],
    outcome: 'ok',
    correlationId,
  });
}

/** One answer of a request that acts on several deliveries: the problem with one of them. */
export function answerOf(error: unknown, correlationId: string) {
  const { problem, expected } = problemResponse(error, { correlationId });
  // A defect is not one delivery's answer: the request fails, as any other would.
  if (!expected) throw error;
  const { correlationId: _id, ...rest } = problem;
  return { status: problem.status, problem: rest };
}
