import { EXCHANGE_ENV } from '@govshare/blueprint';
import {
  DEFAULT_DELIVERY_DEADLINES,
  type Delivery,
  type DeliveryDeadlines,
  deliveriesFor,
  draftInputSchema,
  type ExchangeActor,
  handlingDeadlineOf,
  resend,
  returnDelivery,
  signFor,
} from '@govshare/domain/exchange';
import { workingCalendar } from '@govshare/domain/kernel';
import { readExchangeDeadlines } from '@govshare/functions/exchange/settings.ts';
import { sampleCalendarYears } from '@govshare/functions/identity/sample-calendar.ts';
import { describe, expect, it } from 'vitest';

const calendar = workingCalendar(sampleCalendarYears);
const SENDER = '611000000';
const TOWNSHIP = '611002101';
const OTHER = '611002102';
const cst = (local: string) => new Date(`${local}+08:00`);
const clerk: ExchangeActor = { subject: 'township-clerk', unit: TOWNSHIP, roles: ['clerk'] };
const senderClerk: ExchangeActor = { subject: 'office-clerk', unit: SENDER, roles: ['clerk'] };

/** A deployment whose tables differ everywhere, so each source of the deadline shows. */
const custom: DeliveryDeadlines = {
  signFor: DEFAULT_DELIVERY_DEADLINES.signFor,
  handle: { 特急: 2, 加急: 5, normal: 15 },
  handleByType: { 请示: 8, 函: 'same-day' },
};

describe('the handling deadline: the sender’s, else the type’s, else the urgency’s', () => {
  it('takes the sender’s working days whatever the type and urgency', () => {
    expect(handlingDeadlineOf({ type: '请示', urgency: '特急', handleWithinWorkingDays: 30 }, custom)).toBe(
      30,
    );
  });
  it('takes the type’s for an ordinary document, the urgency’s for a type not listed', () => {
    expect(handlingDeadlineOf({ type: '请示', urgency: 'normal' }, custom)).toBe(8);
    expect(handlingDeadlineOf({ type: '通知', urgency: 'normal' }, custom)).toBe(15);
    expect(handlingDeadlineOf({ urgency: '加急' }, custom)).toBe(5);
  });
  it('lets an urgency marking shorten the type’s, never lengthen it', () => {
    expect(handlingDeadlineOf({ type: '请示', urgency: '特急' }, custom)).toBe(2);
    expect(handlingDeadlineOf({ type: '函', urgency: '加急' }, custom)).toBe('same-day');
  });
  it('by default: 请示 and 函 10 working days, 通知 / 通报 / 意见 by urgency', () => {
    expect(handlingDeadlineOf({ type: '请示', urgency: 'normal' })).toBe(10);
    expect(handlingDeadlineOf({ type: '函', urgency: 'normal' })).toBe(10);
    expect(handlingDeadlineOf({ type: '通知', urgency: '加急' })).toBe(5);
    expect(handlingDeadlineOf({ type: '意见', urgency: '特急' })).toBe(2);
  });
});

describe('dispatch keeps it on main deliveries; sign-for counts it on the calendar', () => {
  // Friday 25 September 2026, the first day of 中秋节 (25–27); 国庆节 runs 1–7 October and
  // Saturday 10 October is a make-up working day (the sample 2026 calendar).
  const dispatchedAt = cst('2026-09-25T09:00:00');
  const dispatch = (content: { type: '请示' | '通知'; handleWithinWorkingDays?: number }) =>
    deliveriesFor({
      documentId: 'doc-1',
      issuingUnits: [SENDER],
      urgency: 'normal',
      main: [TOWNSHIP],
      copy: [OTHER],
      now: dispatchedAt,
      calendar,
      deadlines: custom,
      documentType: content.type,
      ...(content.handleWithinWorkingDays
        ? { handleWithinWorkingDays: content.handleWithinWorkingDays }
        : {}),
    });
  const signed = (delivery: Delivery | undefined, at: Date) => {
    if (!delivery) throw new Error('no delivery');
    return signFor({ delivery, actor: clerk, now: at, calendar }).delivery;
  };

  it('the sender’s 3 working days run over the holiday, from the day of sign-for', () => {
    const [main, copy] = dispatch({ type: '通知', handleWithinWorkingDays: 3 });
    expect(main?.handleWithin).toBe(3);
    expect(copy?.as).toBe('copy');
    expect(copy?.handleWithin).toBeUndefined();
    // Signed for on Tuesday 29 September: 30 September, then 8 and 9 October.
    expect(signed(main, cst('2026-09-29T10:00:00')).handleDueAt).toBe('2026-10-09T16:00:00.000Z');
  });
  it('the type’s when the sender set none, whatever the deployment says at sign-for', () => {
    const [main] = dispatch({ type: '请示' });
    expect(main?.handleWithin).toBe(8);
    const at = cst('2026-09-29T10:00:00');
    const delivery = signFor({
      delivery: main as Delivery,
      actor: clerk,
      now: at,
      calendar,
      deadlines: DEFAULT_DELIVERY_DEADLINES,
    }).delivery;
    // 30 Sep, 8, 9, 10 (make-up Saturday), 12, 13, 14, 15 October.
    expect(delivery.handleDueAt).toBe('2026-10-15T16:00:00.000Z');
  });
  it('a delivery written before the deadline was kept is handled by urgency', () => {
    const [main] = dispatch({ type: '请示' });
    const { handleWithin: _kept, ...older } = main as Delivery;
    const delivery = signFor({
      delivery: older,
      actor: clerk,
      now: cst('2026-09-29T10:00:00'),
      calendar,
      deadlines: custom,
    }).delivery;
    expect(delivery.handleWithin).toBeUndefined();
    expect(delivery.handleDueAt).toBe(
      signFor({
        delivery: { ...older, handleWithin: 15 },
        actor: clerk,
        now: cst('2026-09-29T10:00:00'),
        calendar,
      }).delivery.handleDueAt,
    );
  });
  it('a resend to a corrected unit keeps the returned delivery’s', () => {
    const [main] = dispatch({ type: '通知', handleWithinWorkingDays: 3 });
    const returned = returnDelivery({
      delivery: main as Delivery,
      actor: clerk,
      input: { reason: 'misdirected' },
      now: cst('2026-09-25T11:00:00'),
    }).delivery;
    const { delivery } = resend({
      returned,
      actor: senderClerk,
      to: { unit: OTHER },
      issuingUnits: [SENDER],
      now: cst('2026-09-25T12:00:00'),
      calendar,
    });
    expect(delivery.handleWithin).toBe(3);
  });
});

describe('the draft’s handleWithinWorkingDays', () => {
  const draft = {
    type: '通知',
    title: '关于做好防汛工作的通知',
    issuingUnits: [SENDER],
    mainRecipients: [TOWNSHIP],
    body: '各镇人民政府：……',
  };
  it('is a whole number of working days from 1 to 60, or absent', () => {
    expect(draftInputSchema.parse({ ...draft, handleWithinWorkingDays: 3 }).handleWithinWorkingDays).toBe(3);
    expect(draftInputSchema.parse(draft).handleWithinWorkingDays).toBeUndefined();
    for (const bad of [0, 61, 2.5, '3']) {
      const result = draftInputSchema.safeParse({ ...draft, handleWithinWorkingDays: bad });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['handleWithinWorkingDays']);
    }
  });
});

describe('EXCHANGE_DEADLINES', () => {
  const read = (value: string | undefined) => readExchangeDeadlines({ [EXCHANGE_ENV.deadlines]: value });
  it('absent or empty: the defaults', () => {
    expect(read(undefined)).toEqual(DEFAULT_DELIVERY_DEADLINES);
    expect(read(' ')).toEqual(DEFAULT_DELIVERY_DEADLINES);
  });
  it('is merged over the defaults key by key', () => {
    expect(read('{"signFor":{"normal":3},"handle":{"特急":"same-day"},"handleByType":{"意见":20}}')).toEqual({
      signFor: { 特急: 'same-day', 加急: 1, normal: 3 },
      handle: { 特急: 'same-day', 加急: 5, normal: 10 },
      handleByType: { 请示: 10, 函: 10, 意见: 20 },
    });
  });
  it.each([
    ['{"handle":', 'EXCHANGE_DEADLINES must be JSON'],
    ['{"signFor":{"加急":0}}', 'EXCHANGE_DEADLINES.signFor.加急'],
    ['{"handle":{"normal":"two"}}', 'EXCHANGE_DEADLINES.handle.normal'],
    ['{"handle":{"urgent":2}}', 'EXCHANGE_DEADLINES.handle'],
    ['{"handleByType":{"请示":1.5}}', 'EXCHANGE_DEADLINES.handleByType.请示'],
    ['{"handleByType":{"备忘录":5}}', 'EXCHANGE_DEADLINES.handleByType'],
    ['{"sign":{}}', 'EXCHANGE_DEADLINES'],
    ['[]', 'EXCHANGE_DEADLINES'],
  ])('%s stops the cold start naming %s', (value, field) => {
    expect(() => read(value)).toThrow(field);
  });
});
