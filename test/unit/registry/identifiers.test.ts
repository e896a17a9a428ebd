import { describe, expect, it } from 'vitest';
import {
  checkCitizenId,
  checkCreditCode,
  citizenIdCheckChar,
  creditCodeCheckChar,
  organizationCodeCheckChar,
} from '../../../packages/domain/src/kernel/identifiers.ts';
import { OTHER_REAL_CODES, REAL_CODES_WITH_LETTERS_AFTER_H } from './fixtures/credit-codes.ts';

const today = new Date('2026-11-23T00:00:00Z');

describe('citizen ID (GB 11643)', () => {
  it('accepts the standard example, whose check character is X', () => {
    expect(checkCitizenId('11010519491231002X', { today })).toEqual({ valid: true });
  });

  it('computes the check character from the first 17 digits', () => {
    expect(citizenIdCheckChar('11010519491231002')).toBe('X');
  });

  it.each([
    ['1101051949123100', 'length'],
    ['11010519491231002X0', 'length'],
    ['1101051949123100ZX', 'format'],
    ['11010519491231002x', 'format'],
    ['110105194902301234', 'birthDate'],
    ['110105203001011234', 'birthDate'],
    ['110105194912310021', 'checkDigit'],
  ])('refuses %s and names the failed check (%s)', (id, failed) => {
    expect(checkCitizenId(id, { today })).toMatchObject({ valid: false, failed });
  });

  it('refuses an unknown region when a region lookup is given', () => {
    const verdict = checkCitizenId('11010519491231002X', {
      today,
      isKnownRegion: (code) => code === '611002',
    });
    expect(verdict).toMatchObject({ valid: false, failed: 'region' });
  });
});

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts the example of the standard', () => {
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ valid: true });
  });

  it('computes both check characters', () => {
    expect(organizationCodeCheckChar('M000100Y')).toBe('4');
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it.each([
    ['91350100M000100Y4', 'length'],
    ['91350100M000100Y433', 'length'],
    ['', 'length'],
    ['91350100I000100Y43', 'format'],
    ['91350100m000100Y43', 'format'],
    ['91350100M000100Y44', 'checkDigit'],
    // One character mistyped in the organisation code fails both checks: the MOD 31 one is named.
    ['91350100M000100Y53', 'checkDigit'],
    ['91310115MA1K3BTP3B', 'checkDigit'],
    ['91310115MA1K3BTQ2B', 'checkDigit'],
    ['91310115MA1K3BTP2C', 'checkDigit'],
    // Consistent as a whole (MOD 31 holds) around an organisation code whose own check is wrong.
    ['91350100M000100Y56', 'organizationCode'],
    ['91310115MA1K3BTP3E', 'organizationCode'],
  ])('refuses %s and names the failed check (%s)', (code, failed) => {
    expect(checkCreditCode(code)).toMatchObject({ valid: false, failed });
  });

  it('values the letters of the organisation code as GB 11714 does (A=10 ... Z=35)', () => {
    // M=22 A=10 1 K=20 3 B=11 T=29 P=25, weights 3 7 9 10 5 8 4 2: 614; 11 - 614 mod 11 = 2.
    expect(organizationCodeCheckChar('MA1K3BTP')).toBe('2');
    expect(organizationCodeCheckChar('X0529352')).toBe('7');
  });

  it.each(REAL_CODES_WITH_LETTERS_AFTER_H)('accepts the real code %s (letters after H)', (code) => {
    expect(checkCreditCode(code)).toEqual({ valid: true });
  });

  it.each(OTHER_REAL_CODES)('accepts the real code %s', (code) => {
    expect(checkCreditCode(code)).toEqual({ valid: true });
  });

  it('refuses every code that differs from a real one in a single character', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const accepted: string[] = [];
    for (const code of [...REAL_CODES_WITH_LETTERS_AFTER_H, ...OTHER_REAL_CODES]) {
      for (let i = 0; i < code.length; i++) {
        for (const c of alphabet) {
          if (c === code[i]) continue;
          const changed = code.slice(0, i) + c + code.slice(i + 1);
          if (checkCreditCode(changed).valid) accepted.push(changed);
        }
      }
    }
    expect(accepted).toEqual([]);
  });
});
