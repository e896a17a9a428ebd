import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import { ValidationError } from '@govshare/domain/kernel';
import { grantsCoveringFilters } from '@govshare/domain/registry';
import { datasetKeyItem, type Grant, parseRowFilters } from '@govshare/domain/sharing';
import { describe, expect, it } from 'vitest';
import { PEOPLE_ITEMS } from '../../support/datasets.ts';

const companies = BASE_RESOURCES.legalEntities.items;
const today = new Date('2026-01-01T00:00:00Z');

const issuesOf = (params: Record<string, string>) => {
  try {
    parseRowFilters(companies, params, today);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return [];
};

describe('dataset keys', () => {
  it('keys rows by the first identifier item, else the first item', () => {
    expect(datasetKeyItem(companies)).toBe('creditCode');
    expect(datasetKeyItem(PEOPLE_ITEMS)).toBe('citizenId');
    expect(datasetKeyItem(BASE_RESOURCES.macroEconomy.items)).toBe('indicator');
  });
});

describe('row filters', () => {
  it('reads equality and inclusive ranges, typed as ingestion types cells', () => {
    const filters = parseRowFilters(
      companies,
      {
        'where.status': '存续',
        'where.registeredCapital.from': '100',
        'where.foundingDate.from': '2010-01-01',
        'where.foundingDate.to': '2020-12-31',
      },
      today,
    );
    expect(filters.equals).toEqual([{ item: 'status', value: '存续' }]);
    expect(filters.ranges).toEqual([
      { item: 'registeredCapital', from: 100 },
      { item: 'foundingDate', from: '2010-01-01', to: '2020-12-31' },
    ]);
    expect(filters.filtered.map((f) => f.item)).toEqual([
      'status',
      'registeredCapital',
      'foundingDate',
      'foundingDate',
    ]);
  });

  it('refuses unknown items, ranges on text, malformed values, reversed ranges and other fields', () => {
    expect(
      issuesOf({
        'where.nickname': 'x',
        'where.status.from': 'a',
        'where.registeredCapital': 'lots',
        'where.foundingDate.to': '2020-02-30',
        'where.creditCode': '91611000XXXXXXXXX1',
        'where.name.like': 'x',
        colour: 'red',
      }).map((i) => i.path),
    ).toEqual([
      'query.where.nickname',
      'query.where.status.from',
      'query.where.registeredCapital',
      'query.where.foundingDate.to',
      'query.where.creditCode',
      'query.where.name.like',
      'query.colour',
    ]);
    expect(
      issuesOf({ 'where.foundingDate.from': '2021-01-01', 'where.foundingDate.to': '2020-01-01' }),
    ).toEqual([{ path: 'query.where.foundingDate.from', message: 'lies after where.foundingDate.to' }]);
    expect(issuesOf({ 'where.status': '  ' })).toEqual([{ path: 'query.where.status', message: 'is empty' }]);
  });
});

describe('grants covering filters', () => {
  const grant = (id: string, items: string[]): Grant => ({
    id,
    resourceCode: '102/000001',
    providerUnit: '611000201',
    consumerUnit: '611000106',
    items,
    unmaskedItems: [],
    purpose: 'x',
    validFrom: '2025-01-01T00:00:00Z',
    expiresAt: '2030-01-01T00:00:00Z',
  });
  const narrow = { grant: grant('narrow', ['creditCode']), items: ['creditCode'] };
  const wide = { grant: grant('wide', ['creditCode', 'status']), items: ['creditCode'] };
  const onStatus = [{ item: 'status', path: 'query.where.status' }];

  it('keeps the grants that list every filtered item', () => {
    expect(grantsCoveringFilters([narrow, wide], onStatus)).toEqual([wide]);
    expect(grantsCoveringFilters([narrow, wide], [])).toEqual([narrow, wide]);
  });

  it('refuses, naming the field, when none does', () => {
    expect(() => grantsCoveringFilters([narrow], onStatus)).toThrow(ValidationError);
    try {
      grantsCoveringFilters([narrow], onStatus);
    } catch (error) {
      expect((error as ValidationError).issues).toEqual([
        { path: 'query.where.status', message: 'filters on status, which the grant does not list' },
      ]);
    }
  });
});
