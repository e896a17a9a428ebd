import {
  assign,
  DEFAULT_DELIVERY_DEADLINES,
  type Delivery,
  deliveriesFor,
  type ExchangeActor,
  markHandled,
  markReplied,
  openDelivery,
  overdueFor,
  register,
  returnDelivery,
  returnDeliverySchema,
  signFor,
  withdrawDelivery,
} from '@govshare/domain/exchange';
import { ForbiddenError, InvalidTransitionError, workingCalendar } from '@govshare/domain/kernel';
import { sampleCalendarYears } from '@govshare/functions/identity/sample-calendar.ts';
import { describe, expect, it } from 'vitest';

const calendar = workingCalendar(sampleCalendarYears);
const SENDER = '611000000';
const TOWNSHIP = '611002101';
const cst = (local: string) => new Date(`${local}+08:00`);

const dispatchAt = (now: Date, urgency: Delivery['urgency'], main = [TOWNSHIP], copy: string[] = []) =>
  deliveriesFor({ documentId: 'doc-1', issuingUnits: [SENDER], urgency, main, copy, now, calendar });
const first = (deliveries: Delivery[]) => {
  const [delivery] = deliveries;
  if (!delivery) throw new Error('no delivery');
  return delivery;
};

const clerk: ExchangeActor = { subject: 'township-clerk', unit: TOWNSHIP, roles: ['clerk'] };
const handler: ExchangeActor = { subject: 'township-handler', unit: TOWNSHIP, roles: ['handler'] };
const senderClerk: ExchangeActor = { subject: 'office-clerk', unit: SENDER, roles: ['clerk'] };

describe('sign-for deadlines by urgency, in working days (2026 calendar)', () => {
  // Wednesday 30 September 2026, the day before the National Day holiday (1–7 October).
  const eve = cst('2026-09-30T10:00:00');
  it('特急: the end of the same CST day, even when delivered late in the evening', () => {
    expect(first(dispatchAt(eve, '特急')).signForDueAt).toBe('2026-09-30T16:00:00.000Z');
    expect(first(dispatchAt(cst('2026-09-30T23:30:00'), '特急')).signForDueAt).toBe(
      '2026-09-30T16:00:00.000Z',
    );
  });
  it('加急: one working day, over the holiday', () => {
    expect(first(dispatchAt(eve, '加急')).signForDueAt).toBe('2026-10-08T16:00:00.000Z');
  });
  it('ordinary: two working days; Saturday 10 October is a make-up working day', () => {
    expect(first(dispatchAt(eve, 'normal')).signForDueAt).toBe('2026-10-09T16:00:00.000Z');
    const friday = cst('2026-10-09T15:00:00');
    expect(first(dispatchAt(friday, '加急')).signForDueAt).toBe('2026-10-10T16:00:00.000Z');
    expect(first(dispatchAt(friday, 'normal')).signForDueAt).toBe('2026-10-12T16:00:00.000Z');
  });
  it('is configurable', () => {
    const deadlines = { ...DEFAULT_DELIVERY_DEADLINES, signFor: { 特急: 1, 加急: 2, normal: 3 } as const };
    const [delivery] = deliveriesFor({
      documentId: 'doc-1',
      issuingUnits: [SENDER],
      urgency: '特急',
      main: [TOWNSHIP],
      copy: [],
      now: eve,
      calendar,
      deadlines,
    });
    expect(delivery?.signForDueAt).toBe('2026-10-08T16:00:00.000Z');
  });
});

describe('deliveriesFor', () => {
  it('one delivery per unit, main before copy, none to the issuers, ids fixed for retries', () => {
    const deliveries = dispatchAt(
      cst('2026-03-10T10:00:00'),
      'normal',
      [TOWNSHIP, '611002102'],
      [TOWNSHIP, SENDER, '611000105'],
    );
    expect(deliveries.map((d) => [d.id, d.as])).toEqual([
      ['doc-1/611002101', 'main'],
      ['doc-1/611002102', 'main'],
      ['doc-1/611000105', 'copy'],
    ]);
  });
});

describe('a delivery from delivered to handled', () => {
  const delivered = first(dispatchAt(cst('2026-03-10T10:00:00'), '加急'));

  it('walks the receiving steps, each one version later with one event', () => {
    let step = openDelivery({ delivery: delivered, actor: handler, now: cst('2026-03-10T11:00:00') });
    expect(step.delivery.state).toBe('opened');
    expect(
      openDelivery({ delivery: step.delivery, actor: clerk, now: cst('2026-03-10T11:05:00') }).events,
    ).toEqual([]);
    step = signFor({ delivery: step.delivery, actor: clerk, now: cst('2026-03-10T14:00:00'), calendar });
    // 加急 handling: 5 working days from Tuesday 10 March → Tuesday 17 March.
    expect(step.delivery.handleDueAt).toBe('2026-03-17T16:00:00.000Z');
    step = register({
      delivery: step.delivery,
      actor: clerk,
      registerNumber: '收〔2026〕37号',
      now: cst('2026-03-10T14:10:00'),
    });
    step = assign({
      delivery: step.delivery,
      actor: clerk,
      lead: handler.subject,
      now: cst('2026-03-10T14:20:00'),
    });
    throwsWith(
      () =>
        markHandled({
          delivery: step.delivery,
          actor: clerk,
          opinion: '已办',
          now: cst('2026-03-11T09:00:00'),
        }),
      ForbiddenError,
    );
    const replied = markReplied({
      delivery: step.delivery,
      actor: handler.subject,
      replyingUnit: TOWNSHIP,
      replyDocumentId: 'doc-9',
      now: cst('2026-03-12T09:00:00'),
    });
    expect([replied.delivery.state, replied.delivery.version]).toEqual(['replied', 6]);
    const handled = markHandled({
      delivery: step.delivery,
      actor: handler,
      opinion: '已按要求落实',
      now: cst('2026-03-12T09:00:00'),
    });
    expect(handled.events[0]).toMatchObject({
      type: 'handled',
      from: 'assigned',
      to: 'handled',
      actor: handler.subject,
    });
  });

  it('a copy recipient has no handling deadline', () => {
    const copy = first(dispatchAt(cst('2026-03-10T10:00:00'), '加急', [], [TOWNSHIP]));
    expect(
      signFor({ delivery: copy, actor: clerk, now: cst('2026-03-10T14:00:00'), calendar }).delivery
        .handleDueAt,
    ).toBeUndefined();
  });

  it('return and withdrawal only before sign-for', () => {
    const input = returnDeliverySchema.parse({ reason: 'misdirected', text: '我镇非该项目实施单位' });
    const returned = returnDelivery({
      delivery: delivered,
      actor: clerk,
      input,
      now: cst('2026-03-10T11:00:00'),
    });
    expect([returned.delivery.state, returned.delivery.returnReason]).toEqual(['returned', 'misdirected']);
    expect(
      withdrawDelivery({ delivery: delivered, actor: senderClerk, now: cst('2026-03-10T11:00:00') }).delivery
        .state,
    ).toBe('withdrawn');
    throwsWith(
      () => withdrawDelivery({ delivery: delivered, actor: clerk, now: cst('2026-03-10T11:00:00') }),
      ForbiddenError,
    );
    const signed = signFor({
      delivery: delivered,
      actor: clerk,
      now: cst('2026-03-10T14:00:00'),
      calendar,
    }).delivery;
    const late = throwsWith(
      () => returnDelivery({ delivery: signed, actor: clerk, input, now: cst('2026-03-10T15:00:00') }),
      InvalidTransitionError,
    );
    expect(late.message).toBe('Delivery doc-1/611002101 is signed-for: it cannot be returned');
    throwsWith(
      () => withdrawDelivery({ delivery: signed, actor: senderClerk, now: cst('2026-03-10T15:00:00') }),
      InvalidTransitionError,
    );
  });

  it("a return for 'other' reasons must say why", () => {
    expect(returnDeliverySchema.safeParse({ reason: 'other' }).error?.issues[0]?.path).toEqual(['text']);
    expect(returnDeliverySchema.safeParse({ reason: 'lost' }).success).toBe(false);
  });

  it('only the recipient clerk signs for it', () => {
    throwsWith(
      () => signFor({ delivery: delivered, actor: handler, now: cst('2026-03-10T14:00:00'), calendar }),
      ForbiddenError,
    );
    throwsWith(
      () =>
        signFor({
          delivery: delivered,
          actor: { ...clerk, unit: '611002102' },
          now: cst('2026-03-10T14:00:00'),
          calendar,
        }),
      ForbiddenError,
    );
  });
});

describe('overdueFor', () => {
  const delivered = first(dispatchAt(cst('2026-03-10T10:00:00'), 'normal'));
  it('is late for sign-for from the due instant on, then for handling', () => {
    // Ordinary: two working days → end of Thursday 12 March.
    expect(overdueFor(delivered, cst('2026-03-12T23:59:59'))).toBeUndefined();
    expect(overdueFor(delivered, cst('2026-03-13T00:00:00'))).toBe('sign-for');
    const signed = signFor({
      delivery: delivered,
      actor: clerk,
      now: cst('2026-03-13T09:00:00'),
      calendar,
    }).delivery;
    expect(overdueFor(signed, cst('2026-03-13T10:00:00'))).toBeUndefined();
    // Ten working days from Friday 13 March → Friday 27 March.
    expect(signed.handleDueAt).toBe('2026-03-27T16:00:00.000Z');
    expect(overdueFor(signed, cst('2026-03-28T08:00:00'))).toBe('handling');
    const handled = markHandled({
      delivery: assign({
        delivery: register({
          delivery: signed,
          actor: clerk,
          registerNumber: '37',
          now: cst('2026-03-13T09:00:00'),
        }).delivery,
        actor: clerk,
        lead: handler.subject,
        now: cst('2026-03-13T09:00:00'),
      }).delivery,
      actor: handler,
      opinion: '已办结',
      now: cst('2026-03-30T09:00:00'),
    }).delivery;
    expect(overdueFor(handled, cst('2026-04-30T09:00:00'))).toBeUndefined();
  });
});

function throwsWith<T extends Error>(run: () => unknown, type: new (...args: never[]) => T): T {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  throw new Error('expected a refusal');
}
