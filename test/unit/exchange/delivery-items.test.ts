import { deliveriesFor, signFor, withdrawDelivery } from '@govshare/domain/exchange';
import { workingCalendar } from '@govshare/domain/kernel';
import {
  DUE_SHARDS,
  deliveryItem,
  dueShardOf,
  type StoredDelivery,
} from '@govshare/functions/exchange/delivery-store.ts';
import { sampleCalendarYears } from '@govshare/functions/identity/sample-calendar.ts';
import { describe, expect, it } from 'vitest';

/** How a delivery is keyed on the exchange table: the inbox views and the urge sweep's due index. */
const calendar = workingCalendar(sampleCalendarYears);
const now = new Date('2026-03-10T02:00:00Z');
const stored = (urgency: StoredDelivery['urgency']): StoredDelivery => {
  const [delivery] = deliveriesFor({
    documentId: 'doc-1',
    issuingUnits: ['611000001'],
    urgency,
    main: ['611002001000'],
    copy: [],
    now,
    calendar,
  });
  if (!delivery) throw new Error('no delivery');
  return {
    ...delivery,
    title: '关于做好春耕生产的通知',
    documentType: '通知',
    issuingUnits: ['611000001'],
    historyHead: { seq: 1, hash: 'h' },
  };
};
const clerk = { subject: 'chengguan-clerk', unit: '611002001000', roles: ['clerk' as const] };

describe('delivery items', () => {
  it('sorts 待签收 by urgency rank, then due, and is due for sign-for on a shard', () => {
    const item = deliveryItem(stored('特急'));
    expect(item).toMatchObject({
      pk: 'DOC#doc-1',
      sk: 'DELIVERY#611002001000',
      gsi1pk: 'INBOX#611002001000',
      gsi1sk: 'SIGN#1#2026-03-10T16:00:00.000Z#doc-1',
      gsi2pk: `DUE#${dueShardOf('doc-1', '611002001000')}`,
      gsi2sk: '2026-03-10T16:00:00.000Z#doc-1#611002001000',
    });
    expect(deliveryItem(stored('normal')).gsi1sk).toBe('SIGN#3#2026-03-12T16:00:00.000Z#doc-1');
    expect(dueShardOf('doc-1', '611002001000')).toBeLessThan(DUE_SHARDS);
  });

  it('moves to 待办 due for handling once signed for, and leaves every view and the due index when withdrawn', () => {
    const signed = signFor({ delivery: stored('加急'), actor: clerk, now, calendar }).delivery;
    const item = deliveryItem({ ...stored('加急'), ...signed });
    expect(item.gsi1sk).toBe(`TODO#2#${signed.handleDueAt}#doc-1`);
    expect(item.gsi2sk).toBe(`${signed.handleDueAt}#doc-1#611002001000`);
    const withdrawn = withdrawDelivery({
      delivery: stored('加急'),
      actor: { subject: 'office-clerk', unit: '611000001', roles: ['clerk'] },
      now,
    }).delivery;
    const gone = deliveryItem({ ...stored('加急'), ...withdrawn });
    expect(String(gone.gsi1sk).startsWith('GONE#')).toBe(true);
    expect(gone.gsi2pk).toBeUndefined();
    expect(gone.gsi2sk).toBeUndefined();
  });
});
