/**
 * Check-digit rules of the two national identifiers the base databases are keyed by.
 * Pure functions: each returns the first check that fails, so the API can say which.
 */

export type IdentifierCheck =
  | 'length'
  | 'format'
  | 'region'
  | 'birthDate'
  | 'checkDigit'
  | 'organizationCode';

export type IdentifierVerdict = { valid: true } | { valid: false; failed: IdentifierCheck; reason: string };

const ok: IdentifierVerdict = { valid: true };
const IDENTIFIER_LENGTH = 18;
const fail = (failed: IdentifierCheck, reason: string): IdentifierVerdict => ({
  valid: false,
  failed,
  reason,
});

// GB 11643-1999: weight of position i (0-based, of 17) is 2^(17-i) mod 11.
const CITIZEN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CITIZEN_CHECK_CHARS = '10X98765432';

/** The check character (0-9 or X) that completes 17 digits of a citizen ID. */
export function citizenIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (CITIZEN_WEIGHTS[i] ?? 0);
  return CITIZEN_CHECK_CHARS[sum % 11] ?? '';
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Validates an 18-character citizen ID (居民身份证号码, GB 11643): format, region (when a
 * lookup of known region codes is given), a real birth date not in the future, and the check character.
 */
export function checkCitizenId(
  id: string,
  options: { isKnownRegion?: (code: string) => boolean; today?: Date } = {},
): IdentifierVerdict {
  if (id.length !== IDENTIFIER_LENGTH) {
    return fail('length', `a citizen ID is ${IDENTIFIER_LENGTH} characters, not ${id.length}`);
  }
  if (!/^\d{17}[\dX]$/.test(id)) {
    return fail('format', 'a citizen ID is 17 digits followed by a digit or X (upper case)');
  }
  const region = id.slice(0, 6);
  if (options.isKnownRegion && !options.isKnownRegion(region)) {
    return fail('region', `region code ${region} is not a known administrative division`);
  }
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const today = options.today ?? new Date();
  if (year < 1850 || !isRealDate(year, month, day) || Date.UTC(year, month - 1, day) > today.getTime()) {
    return fail('birthDate', `${id.slice(6, 14)} is not a real past birth date`);
  }
  if (citizenIdCheckChar(id.slice(0, 17)) !== id[17]) {
    return fail('checkDigit', 'the check character does not match the first 17 digits');
  }
  return ok;
}

// GB 32100-2015: 31 characters, without I, O, Z, S, V.
/** GB 32100's 31 characters: digits and the capital letters but I, O, S, V, Z; a character's value is its index. */
export const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
// GB 11714: the organisation code embedded at positions 9-17 carries its own check character. Its
// characters take their value in the full Latin alphabet (A=10 ... Z=35), not their index in
// GB 32100's 31 characters: the two agree only up to H.
const ORG_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

// GB 32100 positions 3-8 are the registering authority's region code; the national authorities
// (market regulation, the establishment office, civil affairs) register under 100000 (全国), which
// no GB/T 2260 list holds.
const NATIONAL_REGISTRATION_REGION = '100000';

/** The check character that completes 17 characters of a unified social credit code. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(first17[i] ?? '') * (CREDIT_WEIGHTS[i] ?? 0);
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31] ?? '';
}

/** The check character that completes the 8-character body of an organisation code. */
export function organizationCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_ALPHABET.indexOf(body8[i] ?? '') * (ORG_WEIGHTS[i] ?? 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * Validates an 18-character unified social credit code (统一社会信用代码, GB 32100-2015):
 * length, alphabet and shape, region (when a lookup is given), the code's own check character,
 * then the embedded organisation code's. The MOD 31 check comes first because it covers every
 * position: a mistyped character anywhere fails it, and fails the organisation code's check too
 * when it falls in positions 9-17, so checkDigit names the mistake; organizationCode is left for
 * codes that are consistent as a whole but carry an organisation code that is not.
 */
export function checkCreditCode(
  code: string,
  options: { isKnownRegion?: (code: string) => boolean } = {},
): IdentifierVerdict {
  if (code.length !== IDENTIFIER_LENGTH) {
    return fail('length', `a credit code is ${IDENTIFIER_LENGTH} characters, not ${code.length}`);
  }
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) {
    return fail(
      'format',
      'a credit code is 2 codes, a 6-digit region, 10 of 0-9 and A-Z without I, O, Z, S, V',
    );
  }
  const region = code.slice(2, 8);
  if (region !== NATIONAL_REGISTRATION_REGION && options.isKnownRegion && !options.isKnownRegion(region)) {
    return fail('region', `region code ${region} is not a known administrative division`);
  }
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) {
    return fail('checkDigit', 'the check character does not match the first 17 characters');
  }
  if (organizationCodeCheckChar(code.slice(8, 16)) !== code[16]) {
    return fail(
      'organizationCode',
      'the embedded organisation code (positions 9-17) has a wrong check character',
    );
  }
  return ok;
}
