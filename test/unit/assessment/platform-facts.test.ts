import {
  adoptInformationItem,
  adoptInformationItemSchema,
  type InformationItem,
  parsePeriod,
  sampleScoringMethod,
  submitInformationItem,
  submitInformationItemSchema,
} from '@govshare/domain/assessment';
import { informationFacts } from '@govshare/functions/assessment/information/information-facts.ts';
import type { InformationStore } from '@govshare/functions/assessment/information/information-store.ts';
import {
  type PlatformRecordReaders,
  readPlatformFacts,
  UNITS_AT_ONCE,
} from '@govshare/functions/assessment/platform-facts.ts';
import type { DeliveryRecord } from '@govshare/functions/exchange/index.ts';
import { describe, expect, it } from 'vitest';
import { cst } from './fixtures.ts';

const PERIOD = parsePeriod('2026-Q3');
const UNITS = Array.from({ length: 30 }, (_, i) => `6199011${String(i).padStart(2, '0')}000`);
const at = (t: string) => new Date(cst(t));

function adopted(id: string, unitCode: string): InformationItem {
  const item = submitInformationItem({
    id,
    unitCode,
    authorId: 'handler',
    input: submitInformationItemSchema.parse({ title: '推进政务数据共享', body: '正文', category: '动态' }),
    now: at('2026-07-02T09:00:00'),
  });
  return adoptInformationItem({
    item,
    input: adoptInformationItemSchema.parse({ level: 'city', combined: false }),
    editorId: 'office-reviewer',
    now: at('2026-07-03T09:00:00'),
  });
}

/** A store that counts its reads: what the computation reads once, and what it reads per unit. */
function countingStore(items: InformationItem[]) {
  const calls = { method: 0, quotas: 0, items: 0, commissions: 0, ofOneUnit: 0 };
  const store = {
    async scoringMethod(year: number) {
      calls.method++;
      return sampleScoringMethod(year);
    },
    async quotaTable(year: number) {
      calls.quotas++;
      return { year, quotas: UNITS.map((unitCode) => ({ unitCode, points: 40 })) };
    },
    async yearItems(_year: number, unitCode?: string) {
      calls.items++;
      if (unitCode) calls.ofOneUnit++;
      return unitCode ? items.filter((item) => item.unitCode === unitCode) : items;
    },
    async yearCommissions(_year: number, unitCode?: string) {
      calls.commissions++;
      if (unitCode) calls.ofOneUnit++;
      return [];
    },
  } as unknown as InformationStore;
  return { store, calls };
}

const delivery = (recipientUnit: string, senderUnit: string): DeliveryRecord =>
  ({
    id: `doc-${recipientUnit}/${recipientUnit}`,
    documentId: `doc-${recipientUnit}`,
    senderUnit,
    recipientUnit,
    as: 'main',
    urgency: 'normal',
    state: 'delivered',
    deliveredAt: cst('2026-07-06T09:00:00'),
    signForDueAt: cst('2026-07-08T17:00:00'),
    title: '关于测试的通知',
  }) as DeliveryRecord;

/** Readers over nothing but one delivery per unit (from the unit before it), recording concurrency. */
function readersOf(information: PlatformRecordReaders['information'], slowUnit?: string) {
  const seen = { inFlight: 0, most: 0, startedWhileSlow: 0 };
  let slowRunning = false;
  const readers: PlatformRecordReaders = {
    exchange: {
      async deliveriesTo(unit) {
        seen.inFlight++;
        seen.most = Math.max(seen.most, seen.inFlight);
        if (slowRunning) seen.startedWhileSlow++;
        if (unit === slowUnit) {
          slowRunning = true;
          await new Promise((resolve) => setTimeout(resolve, 60));
          slowRunning = false;
        } else {
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        seen.inFlight--;
        const index = UNITS.indexOf(unit);
        return [delivery(unit, UNITS[(index + UNITS.length - 1) % UNITS.length] as string)];
      },
      async urgesTo() {
        return [];
      },
    },
    catalogue: { publishedOf: async () => [] },
    sharing: { createdBetween: async () => [] },
    review: { decidedBetween: async () => [] },
    ...(information ? { information } : {}),
  };
  return { readers, seen };
}

describe('the facts of a period', () => {
  it('reads the year of information reporting once for every unit, and gives each unit its own', async () => {
    const { store, calls } = countingStore([
      adopted('a', UNITS[3] as string),
      adopted('b', UNITS[3] as string),
    ]);
    const { readers } = readersOf(informationFacts(store, () => at('2026-10-15T00:00:00')));
    const facts = await readPlatformFacts(readers, PERIOD, UNITS);
    expect(calls).toEqual({ method: 1, quotas: 1, items: 1, commissions: 1, ofOneUnit: 0 });
    expect(facts.get(UNITS[3] as string)?.information).toMatchObject({ quota: 40 });
    expect(facts.get(UNITS[3] as string)?.information.entries.map((e) => e.recordId)).toEqual(['a', 'b']);
    expect(facts.get(UNITS[4] as string)?.information).toEqual({ quota: 40, entries: [] });
  });

  it('reads no items of a year without a scoring method', async () => {
    const { store, calls } = countingStore([adopted('a', UNITS[0] as string)]);
    store.scoringMethod = async () => undefined;
    const { readers } = readersOf(informationFacts(store, () => at('2026-10-15T00:00:00')));
    const facts = await readPlatformFacts(readers, PERIOD, UNITS);
    expect(calls.items + calls.commissions).toBe(0);
    expect(facts.get(UNITS[0] as string)?.information).toEqual({ quota: 40, entries: [] });
  });

  it('reads a bounded number of units at once, and a slow unit holds up none of the others', async () => {
    const { readers, seen } = readersOf(undefined, UNITS[0]);
    const progress: number[] = [];
    const facts = await readPlatformFacts(readers, PERIOD, UNITS, async (done) => {
      progress.push(done);
    });
    expect(seen.most).toBe(UNITS_AT_ONCE);
    // While the first unit's read takes 60 ms, the other workers go on through all the rest (in
    // slices of UNITS_AT_ONCE, only the first slice's would start).
    expect(seen.startedWhileSlow).toBe(UNITS.length - 1);
    expect(progress).toEqual(UNITS.map((_, i) => i + 1));
    // Each delivery is the recipient's received and its sender's sent, whatever order units finished in.
    for (const [i, unit] of UNITS.entries()) {
      expect(facts.get(unit)?.received.map((d) => d.senderUnit)).toEqual([
        UNITS[(i + UNITS.length - 1) % UNITS.length],
      ]);
      expect(facts.get(unit)?.sent.map((d) => d.recipientUnit)).toEqual([UNITS[(i + 1) % UNITS.length]]);
    }
  });
});
