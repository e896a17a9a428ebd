import {
  assign,
  assignDeliverySchema,
  changedTasks,
  circulate,
  countDeliveries,
  countLeniently,
  type Delivery,
  deliveredEvent,
  deliveriesFor,
  type ExchangeActor,
  markHandled,
  markRead,
  markReplied,
  openDeadlineOf,
  register,
  resend,
  returnDelivery,
  signFor,
  tasksOf,
  unitViewOf,
  withdrawDelivery,
} from '@govshare/domain/exchange';
import {
  CalendarNotLoadedError,
  ForbiddenError,
  InvalidTransitionError,
  ValidationError,
  workingCalendar,
} from '@govshare/domain/kernel';
import { sampleCalendarYears } from '@govshare/functions/identity/sample-calendar.ts';
import { describe, expect, it } from 'vitest';

/** What the receiving side adds to a delivery: several handlers, circulation, opinions, resending. */
const calendar = workingCalendar(sampleCalendarYears);
const SENDER = '611000001';
const TOWNSHIP = '611002001000';
const cst = (local: string) => new Date(`${local}+08:00`);

const clerk: ExchangeActor = { subject: 'chengguan-clerk', unit: TOWNSHIP, roles: ['clerk'] };
const lead: ExchangeActor = { subject: 'chengguan-handler', unit: TOWNSHIP, roles: ['handler'] };
const co: ExchangeActor = { subject: 'chengguan-handler-2', unit: TOWNSHIP, roles: ['handler'] };
const leader: ExchangeActor = { subject: 'chengguan-leader', unit: TOWNSHIP, roles: ['leader'] };
const senderClerk: ExchangeActor = { subject: 'office-clerk', unit: SENDER, roles: ['clerk'] };

function delivered(urgency: Delivery['urgency'] = 'normal', as: 'main' | 'copy' = 'main'): Delivery {
  const [delivery] = deliveriesFor({
    documentId: 'doc-1',
    issuingUnits: [SENDER],
    urgency,
    main: as === 'main' ? [TOWNSHIP] : [],
    copy: as === 'copy' ? [TOWNSHIP] : [],
    now: cst('2026-03-10T10:00:00'),
    calendar,
  });
  if (!delivery) throw new Error('no delivery');
  return delivery;
}

const registered = () => {
  const signed = signFor({ delivery: delivered(), actor: clerk, now: cst('2026-03-10T11:00:00'), calendar });
  return register({
    delivery: signed.delivery,
    actor: clerk,
    registerNumber: '收2026-1',
    now: cst('2026-03-10T11:10:00'),
  }).delivery;
};

describe('assignment (承办): one lead, co-handlers, a due day', () => {
  it('names the lead and the others, and the due day replaces the counted deadline', () => {
    const step = assign({
      delivery: registered(),
      actor: clerk,
      lead: lead.subject,
      others: [co.subject],
      dueOn: '2026-03-20',
      now: cst('2026-03-10T12:00:00'),
    });
    expect(step.delivery).toMatchObject({
      state: 'assigned',
      handler: lead.subject,
      coHandlers: [co.subject],
      assignedBy: clerk.subject,
      handleDueAt: '2026-03-20T16:00:00.000Z',
    });
    expect(step.events[0]?.details).toEqual({
      handler: lead.subject,
      coHandlers: co.subject,
      dueOn: '2026-03-20',
    });
    expect(tasksOf(step.delivery).map((t) => [t.subject, t.kind, t.view, t.lead])).toEqual([
      [lead.subject, 'handle', 'to-do', true],
      [co.subject, 'handle', 'to-do', false],
    ]);
  });

  it('refuses a past due day, a repeated handler, and assignment before registration', () => {
    const input = {
      delivery: registered(),
      actor: clerk,
      lead: lead.subject,
      now: cst('2026-03-10T12:00:00'),
    };
    expect(() => assign({ ...input, dueOn: '2026-03-09' })).toThrow(ValidationError);
    expect(() => assign({ ...input, others: [lead.subject] })).toThrow(ValidationError);
    expect(() => assign({ ...input, delivery: delivered() })).toThrow(InvalidTransitionError);
    expect(
      assignDeliverySchema.safeParse({ lead: 'a1', others: ['b1', 'b1'] }).error?.issues[0]?.path,
    ).toEqual(['others', 1]);
    expect(assignDeliverySchema.safeParse({ lead: 'a1', dueOn: '2026-02-30' }).success).toBe(false);
  });

  it('only the lead handles (办结), with an opinion; every handler’s task is then done', () => {
    const assigned = assign({
      delivery: registered(),
      actor: clerk,
      lead: lead.subject,
      others: [co.subject],
      now: cst('2026-03-10T12:00:00'),
    }).delivery;
    const at = cst('2026-03-12T09:00:00');
    expect(() => markHandled({ delivery: assigned, actor: co, opinion: '已办', now: at })).toThrow(
      ForbiddenError,
    );
    expect(() => markHandled({ delivery: assigned, actor: lead, opinion: '  ', now: at })).toThrow(
      ValidationError,
    );
    const handled = markHandled({ delivery: assigned, actor: lead, opinion: '已按通知要求落实', now: at });
    expect(handled.delivery).toMatchObject({
      state: 'handled',
      handledBy: lead.subject,
      opinion: '已按通知要求落实',
    });
    expect(changedTasks(assigned, handled.delivery).map((t) => [t.subject, t.view])).toEqual([
      [lead.subject, 'done'],
      [co.subject, 'done'],
    ]);
  });

  it('refuses handling before sign-for and before assignment', () => {
    const now = cst('2026-03-12T09:00:00');
    expect(() => markHandled({ delivery: delivered(), actor: lead, opinion: '已办', now })).toThrow(
      InvalidTransitionError,
    );
    expect(() => markHandled({ delivery: registered(), actor: lead, opinion: '已办', now })).toThrow(
      InvalidTransitionError,
    );
  });
});

describe('circulation (传阅) with per-reader read state', () => {
  const signed = () =>
    signFor({ delivery: delivered(), actor: clerk, now: cst('2026-03-10T11:00:00'), calendar }).delivery;

  it('adds readers once, each with their own read state; reading twice changes nothing', () => {
    const first = circulate({
      delivery: signed(),
      actor: leader,
      readers: ['reader-a', 'reader-b'],
      now: cst('2026-03-10T12:00:00'),
    });
    expect(first.added).toEqual(['reader-a', 'reader-b']);
    expect(first.delivery.state).toBe('signed-for');
    expect(first.events[0]).toMatchObject({ type: 'circulated', from: 'signed-for', to: 'signed-for' });
    const again = circulate({
      delivery: first.delivery,
      actor: clerk,
      readers: ['reader-b', 'reader-c'],
      now: cst('2026-03-10T12:30:00'),
    });
    expect(again.added).toEqual(['reader-c']);
    const reader = { subject: 'reader-a', unit: TOWNSHIP, roles: [] } satisfies ExchangeActor;
    const read = markRead({ delivery: again.delivery, actor: reader, now: cst('2026-03-10T13:00:00') });
    expect(read.delivery.readers?.map((r) => [r.subject, r.readAt ?? null])).toEqual([
      ['reader-a', '2026-03-10T05:00:00.000Z'],
      ['reader-b', null],
      ['reader-c', null],
    ]);
    expect(
      markRead({ delivery: read.delivery, actor: reader, now: cst('2026-03-10T14:00:00') }).events,
    ).toEqual([]);
    expect(tasksOf(read.delivery).map((t) => [t.subject, t.view])).toEqual([
      ['reader-a', 'read'],
      ['reader-b', 'to-read'],
      ['reader-c', 'to-read'],
    ]);
  });

  it('refuses before sign-for, by someone outside the unit, to a handler, and reading by a non-reader', () => {
    const now = cst('2026-03-10T12:00:00');
    expect(() => circulate({ delivery: delivered(), actor: clerk, readers: ['x1'], now })).toThrow(
      InvalidTransitionError,
    );
    expect(() => circulate({ delivery: signed(), actor: senderClerk, readers: ['x1'], now })).toThrow(
      ForbiddenError,
    );
    const assigned = assign({ delivery: registered(), actor: clerk, lead: lead.subject, now }).delivery;
    expect(() => circulate({ delivery: assigned, actor: lead, readers: [lead.subject], now })).toThrow(
      ValidationError,
    );
    expect(circulate({ delivery: assigned, actor: lead, readers: ['x1'], now }).added).toEqual(['x1']);
    expect(() => markRead({ delivery: assigned, actor: co, now })).toThrow(ForbiddenError);
  });
});

describe('replies (答复), once', () => {
  it('closes a delivery awaiting handling; the same reply again changes nothing; another is refused', () => {
    const now = cst('2026-03-12T09:00:00');
    const replied = markReplied({
      delivery: registered(),
      actor: 'chengguan-drafter',
      replyingUnit: TOWNSHIP,
      replyDocumentId: 'reply-1',
      now,
    });
    expect(replied.delivery).toMatchObject({ state: 'replied', replyDocumentId: 'reply-1' });
    const again = { delivery: replied.delivery, actor: 'x', replyingUnit: TOWNSHIP, now };
    expect(markReplied({ ...again, replyDocumentId: 'reply-1' }).events).toEqual([]);
    expect(() => markReplied({ ...again, replyDocumentId: 'reply-2' })).toThrow(InvalidTransitionError);
    expect(() =>
      markReplied({ delivery: delivered(), actor: 'x', replyingUnit: TOWNSHIP, replyDocumentId: 'r', now }),
    ).toThrow(InvalidTransitionError);
    expect(() =>
      markReplied({
        delivery: registered(),
        actor: 'x',
        replyingUnit: '611002100000',
        replyDocumentId: 'r',
        now,
      }),
    ).toThrow(ForbiddenError);
  });
});

describe('resending after a return', () => {
  const returned = () =>
    returnDelivery({
      delivery: delivered(),
      actor: clerk,
      input: { reason: 'misdirected' },
      now: cst('2026-03-10T11:00:00'),
    }).delivery;

  it('makes a new delivery to the corrected unit, linked both ways, once', () => {
    const step = resend({
      returned: returned(),
      actor: senderClerk,
      to: { unit: '611002100000', name: '商州区大荆镇人民政府' },
      issuingUnits: [SENDER],
      now: cst('2026-03-10T15:00:00'),
      calendar,
    });
    expect(step.delivery).toMatchObject({
      id: 'doc-1/611002100000',
      state: 'delivered',
      as: 'main',
      resentFrom: TOWNSHIP,
      recipientName: '商州区大荆镇人民政府',
      version: 1,
    });
    expect(step.returned.delivery).toMatchObject({ state: 'returned', resentTo: '611002100000', version: 3 });
    expect(step.events[0]).toMatchObject({ type: 'delivered', actor: senderClerk.subject });
    const input = {
      actor: senderClerk,
      issuingUnits: [SENDER],
      now: cst('2026-03-10T15:00:00'),
      calendar,
    };
    expect(() =>
      resend({ ...input, returned: step.returned.delivery, to: { unit: '611002101000' } }),
    ).toThrow(InvalidTransitionError);
    expect(() => resend({ ...input, returned: returned(), to: { unit: TOWNSHIP } })).toThrow(ValidationError);
    expect(() => resend({ ...input, returned: returned(), to: { unit: SENDER } })).toThrow(ValidationError);
    expect(() => resend({ ...input, returned: delivered(), to: { unit: '611002100000' } })).toThrow(
      InvalidTransitionError,
    );
    expect(() =>
      resend({ ...input, actor: clerk, returned: returned(), to: { unit: '611002100000' } }),
    ).toThrow(ForbiddenError);
  });
});

describe('views, deadlines and counts', () => {
  it('puts each state in its inbox view and keeps the open deadline for the urge sweep', () => {
    const d = delivered('特急');
    expect([unitViewOf(d), openDeadlineOf(d)]).toEqual([
      'to-sign',
      { kind: 'sign-for', dueAt: d.signForDueAt },
    ]);
    const signed = signFor({ delivery: d, actor: clerk, now: cst('2026-03-10T11:00:00'), calendar }).delivery;
    expect(unitViewOf(signed)).toBe('to-do');
    expect(openDeadlineOf(signed)?.kind).toBe('handling');
    const withdrawn = withdrawDelivery({
      delivery: d,
      actor: senderClerk,
      now: cst('2026-03-10T11:00:00'),
    }).delivery;
    expect([unitViewOf(withdrawn), openDeadlineOf(withdrawn)]).toEqual([undefined, undefined]);
    const copy = signFor({
      delivery: delivered('normal', 'copy'),
      actor: clerk,
      now: cst('2026-03-10T11:00:00'),
      calendar,
    }).delivery;
    expect([unitViewOf(copy), openDeadlineOf(copy)]).toEqual(['to-do', undefined]);
  });

  it('counts a year the calendar lacks on weekends alone, and says so', () => {
    // The calendar holds 2025 and 2026; a 2027 deadline is counted on weekends alone.
    const now = new Date('2026-12-31T02:00:00Z'); // Thursday 31 December 2026, CST
    expect(() =>
      deliveriesFor({
        documentId: 'd',
        issuingUnits: [SENDER],
        urgency: 'normal',
        main: [TOWNSHIP],
        copy: [],
        now,
        calendar,
      }),
    ).toThrow(CalendarNotLoadedError);
    const { value, weekendsOnlyYears } = countLeniently(calendar, (c) =>
      deliveriesFor({
        documentId: 'd',
        issuingUnits: [SENDER],
        urgency: 'normal',
        main: [TOWNSHIP],
        copy: [],
        now,
        calendar: c,
      }),
    );
    expect(weekendsOnlyYears).toEqual([2027]);
    // Friday 1 January 2027 would be a holiday; on weekends alone it counts: Fri 1, Mon 4.
    expect(value[0]?.signForDueAt).toBe('2027-01-04T16:00:00.000Z');
    const flagged = { ...(value[0] as Delivery), deadlinesWithoutHolidays: weekendsOnlyYears };
    expect(deliveredEvent(flagged).details).toMatchObject({ weekendsOnly: '2027' });
  });

  it('counts per state and the overdue', () => {
    const d = delivered();
    const signed = signFor({ delivery: d, actor: clerk, now: cst('2026-03-10T11:00:00'), calendar }).delivery;
    const counts = countDeliveries([d, signed], cst('2026-03-20T09:00:00'));
    expect(counts.total).toBe(2);
    expect(counts.byState.delivered).toBe(1);
    expect(counts.byState['signed-for']).toBe(1);
    expect(counts.overdue).toBe(1);
  });
});
