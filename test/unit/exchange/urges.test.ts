import {
  DEFAULT_URGE_POLICY,
  type Delivery,
  deliveriesFor,
  escalationAt,
  manualUrge,
  signFor,
  type UrgeableDelivery,
  urgeEvent,
  urgesDue,
} from '@govshare/domain/exchange';
import { CalendarNotLoadedError, ForbiddenError, workingCalendar } from '@govshare/domain/kernel';
import { sampleCalendarYears } from '@govshare/functions/identity/sample-calendar.ts';
import { describe, expect, it } from 'vitest';

const calendar = workingCalendar(sampleCalendarYears);
const SENDER = '611000001';
const TOWNSHIP = '611002101000';
const cst = (local: string) => new Date(`${local}+08:00`);
const utc = (iso: string) => new Date(iso);

function delivered(at: Date, urgency: Delivery['urgency']): Delivery {
  const [delivery] = deliveriesFor({
    documentId: 'doc-1',
    issuingUnits: [SENDER],
    urgency,
    main: [TOWNSHIP],
    copy: [],
    now: at,
    calendar,
  });
  if (!delivery) throw new Error('no delivery');
  return delivery;
}

const levels = (delivery: UrgeableDelivery, now: Date, last?: Parameters<typeof urgesDue>[0]['last']) =>
  urgesDue({ delivery, now, calendar, last }).map((urge) => urge.level);

describe('urges (催办) of a late sign-for', () => {
  // Delivered Wednesday 30 September 2026 (加急): due at the end of Thursday 8 October, the first
  // working day after the National Day holiday (1–7 October).
  const delivery = delivered(cst('2026-09-30T10:00:00'), '加急');

  it('owes nothing before the deadline', () => {
    expect(delivery.signForDueAt).toBe('2026-10-08T16:00:00.000Z');
    expect(urgesDue({ delivery, now: utc('2026-10-08T15:59:59.999Z'), calendar })).toEqual([]);
  });

  it("urges the recipient unit's clerks at level 1 once the deadline passed", () => {
    const [urge, ...rest] = urgesDue({ delivery, now: utc('2026-10-08T16:00:00.000Z'), calendar });
    expect(rest).toEqual([]);
    expect(urge).toEqual({
      documentId: 'doc-1',
      recipientUnit: TOWNSHIP,
      senderUnit: SENDER,
      kind: 'sign-for',
      dueAt: '2026-10-08T16:00:00.000Z',
      level: 1,
      source: 'sweep',
      recordKey: `URGE#${TOWNSHIP}#sign-for#2026-10-08T16:00:00.000Z#1`,
      audiences: [{ kind: 'role', unit: TOWNSHIP, role: 'clerk' }],
      units: [TOWNSHIP],
    });
  });

  it('urges nobody twice: level 1 written, nothing more until the escalation', () => {
    const last = { kind: 'sign-for' as const, dueAt: delivery.signForDueAt, level: 1 as const };
    expect(levels(delivery, utc('2026-10-09T15:59:00.000Z'), last)).toEqual([]);
  });

  it('escalates one working day later to the leaders and the issuing unit', () => {
    const last = { kind: 'sign-for' as const, dueAt: delivery.signForDueAt, level: 1 as const };
    expect(escalationAt(delivery.signForDueAt, DEFAULT_URGE_POLICY, calendar)).toBe(
      '2026-10-09T16:00:00.000Z',
    );
    const [urge] = urgesDue({ delivery, now: utc('2026-10-09T16:00:00.000Z'), calendar, last });
    expect(urge).toMatchObject({
      level: 2,
      recordKey: `URGE#${TOWNSHIP}#sign-for#2026-10-08T16:00:00.000Z#2`,
      audiences: [
        { kind: 'role', unit: TOWNSHIP, role: 'leader' },
        { kind: 'role', unit: SENDER, role: 'clerk' },
      ],
      units: [TOWNSHIP, SENDER],
    });
    expect(levels(delivery, utc('2026-10-20T00:00:00.000Z'), { ...last, level: 2 })).toEqual([]);
  });

  it('owes both levels, in order, to a sweep that did not run in between', () => {
    expect(levels(delivery, utc('2026-10-12T02:00:00.000Z'))).toEqual([1, 2]);
  });

  it('does not count the holiday: a 特急 delivery missed on 30 September escalates on 8 October', () => {
    const urgent = delivered(cst('2026-09-30T09:00:00'), '特急');
    expect(urgent.signForDueAt).toBe('2026-09-30T16:00:00.000Z');
    expect(escalationAt(urgent.signForDueAt, DEFAULT_URGE_POLICY, calendar)).toBe('2026-10-08T16:00:00.000Z');
    expect(levels(urgent, cst('2026-10-05T12:00:00'))).toEqual([1]);
    expect(levels(urgent, cst('2026-10-08T23:59:00'))).toEqual([1]);
    expect(levels(urgent, cst('2026-10-09T00:00:00'))).toEqual([1, 2]);
  });

  it('counts a make-up working day: missed on Friday 9 October, escalated at the end of Saturday 10 October', () => {
    const ordinary = delivered(cst('2026-09-30T10:00:00'), 'normal');
    expect(ordinary.signForDueAt).toBe('2026-10-09T16:00:00.000Z');
    expect(escalationAt(ordinary.signForDueAt, DEFAULT_URGE_POLICY, calendar)).toBe(
      '2026-10-10T16:00:00.000Z',
    );
  });

  it('takes the second period from the policy', () => {
    const policy = { escalateAfterWorkingDays: 3 };
    // 8 October lapsed; 9, 10 (make-up Saturday) and 12 October are the three working days.
    expect(escalationAt(delivery.signForDueAt, policy, calendar)).toBe('2026-10-12T16:00:00.000Z');
    expect(
      urgesDue({ delivery, now: cst('2026-10-12T12:00:00'), calendar, policy }).map((u) => u.level),
    ).toEqual([1]);
  });

  it('does not guess past the calendar: level 1 goes out, the escalation waits for the next year’s data', () => {
    const late = { ...delivery, signForDueAt: '2026-12-31T16:00:00.000Z' };
    expect(() => escalationAt(late.signForDueAt, DEFAULT_URGE_POLICY, calendar)).toThrow(
      CalendarNotLoadedError,
    );
    expect(levels(late, utc('2027-01-05T00:00:00.000Z'))).toEqual([1]);
  });
});

describe('urges of a late handling', () => {
  const clerk = { subject: 'township-clerk', unit: TOWNSHIP, roles: ['clerk'] as const };
  const received = signFor({
    delivery: delivered(cst('2026-09-30T10:00:00'), '加急'),
    actor: { ...clerk, roles: [...clerk.roles] },
    now: cst('2026-10-08T09:00:00'),
    calendar,
  }).delivery;

  it('starts again at level 1 for the new deadline, to the clerks while nobody is assigned', () => {
    const dueAt = received.handleDueAt as string;
    const last = { kind: 'sign-for' as const, dueAt: received.signForDueAt, level: 2 as const };
    const [urge] = urgesDue({ delivery: received, now: new Date(dueAt), calendar, last });
    expect(urge).toMatchObject({
      kind: 'handling',
      level: 1,
      dueAt,
      audiences: [{ kind: 'role', unit: TOWNSHIP, role: 'clerk' }],
    });
  });

  it('urges the assigned handlers (the lead and the others), each once', () => {
    const assigned = {
      ...received,
      state: 'assigned' as const,
      handler: 'township-handler',
      coHandlers: ['township-handler-2'],
    };
    const [urge] = urgesDue({ delivery: assigned, now: new Date(received.handleDueAt as string), calendar });
    expect(urge?.audiences).toEqual([
      { kind: 'users', unit: TOWNSHIP, users: ['township-handler', 'township-handler-2'] },
    ]);
  });

  it('owes nothing to a delivery that is closed or that has no handling deadline (抄送)', () => {
    const later = utc('2027-01-01T00:00:00.000Z');
    for (const state of ['handled', 'replied', 'returned', 'withdrawn'] as const) {
      expect(urgesDue({ delivery: { ...received, state }, now: later, calendar })).toEqual([]);
    }
    const { handleDueAt: _none, ...copy } = received;
    expect(urgesDue({ delivery: copy, now: later, calendar })).toEqual([]);
  });
});

describe('a sender’s urge from the status matrix', () => {
  const delivery = delivered(cst('2026-10-12T10:00:00'), 'normal');
  const senderClerk = { subject: 'office-clerk', unit: SENDER, roles: ['clerk' as const] };

  it('counts once per delivery and CST day, late or not', () => {
    const morning = manualUrge({
      delivery,
      issuingUnits: [SENDER],
      actor: senderClerk,
      now: cst('2026-10-13T08:00:00'),
    });
    const evening = manualUrge({
      delivery,
      issuingUnits: [SENDER],
      actor: senderClerk,
      now: cst('2026-10-13T23:00:00'),
    });
    const nextDay = manualUrge({
      delivery,
      issuingUnits: [SENDER],
      actor: senderClerk,
      now: cst('2026-10-14T00:30:00'),
    });
    expect(morning).toMatchObject({
      outcome: 'urge',
      decision: { level: 1, source: 'manual', recordKey: `URGE#${TOWNSHIP}#manual#2026-10-13` },
    });
    expect(evening.outcome === 'urge' && evening.decision.recordKey).toBe(
      `URGE#${TOWNSHIP}#manual#2026-10-13`,
    );
    expect(nextDay.outcome === 'urge' && nextDay.decision.recordKey).toBe(
      `URGE#${TOWNSHIP}#manual#2026-10-14`,
    );
  });

  it('reports a delivery that no longer waits for its recipient', () => {
    expect(
      manualUrge({
        delivery: { ...delivery, state: 'returned' },
        issuingUnits: [SENDER],
        actor: senderClerk,
        now: cst('2026-10-13T08:00:00'),
      }),
    ).toEqual({ outcome: 'not-open', state: 'returned' });
  });

  it('is for the issuing units’ clerks and signers only', () => {
    const recipient = { subject: 'township-clerk', unit: TOWNSHIP, roles: ['clerk' as const] };
    const drafter = { subject: 'office-drafter', unit: SENDER, roles: ['drafter' as const] };
    for (const actor of [recipient, drafter]) {
      expect(() =>
        manualUrge({ delivery, issuingUnits: [SENDER], actor, now: cst('2026-10-13T08:00:00') }),
      ).toThrow(ForbiddenError);
    }
    const signer = { subject: 'office-signer', unit: SENDER, roles: ['signer' as const] };
    expect(
      manualUrge({ delivery, issuingUnits: [SENDER], actor: signer, now: cst('2026-10-13T08:00:00') })
        .outcome,
    ).toBe('urge');
  });

  it('is written to the delivery’s history without changing its state', () => {
    const outcome = manualUrge({
      delivery,
      issuingUnits: [SENDER],
      actor: senderClerk,
      now: cst('2026-10-13T08:00:00'),
    });
    if (outcome.outcome !== 'urge') throw new Error('no urge');
    expect(urgeEvent(delivery, outcome.decision, 'office-clerk', cst('2026-10-13T08:00:00'))).toEqual({
      deliveryId: `doc-1/${TOWNSHIP}`,
      documentId: 'doc-1',
      type: 'urged',
      at: '2026-10-13T00:00:00.000Z',
      actor: 'office-clerk',
      from: 'delivered',
      to: 'delivered',
      details: { kind: 'sign-for', level: '1', dueAt: delivery.signForDueAt, source: 'manual' },
    });
  });
});
