import { describe, expect, it } from 'vitest';
import { BASE_RESOURCES } from '../../../packages/domain/src/catalogue/base-resources.ts';
import { ValidationError } from '../../../packages/domain/src/kernel/errors.ts';
import {
  chooseGrant,
  GrantRefusedError,
  parseItems,
  quotaCeilingBefore,
  quotaRetry,
  requirePurpose,
  usableGrants,
} from '../../../packages/domain/src/registry/access.ts';
import { periodKind, periodRange } from '../../../packages/domain/src/registry/periods.ts';
import type { Grant } from '../../../packages/domain/src/sharing/grants.ts';

const population = BASE_RESOURCES.population;
const now = new Date('2025-10-01T04:00:00Z');
const grant = (overrides: Partial<Grant> = {}): Grant => ({
  id: 'g1',
  resourceCode: population.code,
  providerUnit: '611000105',
  consumerUnit: '611000106',
  items: ['name', 'sex', 'birthDate'],
  unmaskedItems: [],
  purpose: '救助审核',
  dailyQuota: 1000,
  validFrom: '2025-01-01T00:00:00Z',
  expiresAt: '2026-01-01T00:00:00Z',
  ...overrides,
});
const use = { unit: '611000106', principal: 'sys', resource: population, now };

describe('purpose and items', () => {
  it('refuses a query without purpose, naming where it is declared', () => {
    expect(() => requirePurpose(undefined)).toThrow(ValidationError);
    expect(() => requirePurpose('  ')).toThrow(ValidationError);
    expect(requirePurpose(' 救助审核 ')).toBe('救助审核');
  });

  it('refuses item names the resource does not have', () => {
    expect(parseItems(population, 'name,sex')).toEqual(['name', 'sex']);
    expect(parseItems(population, undefined)).toBeUndefined();
    try {
      parseItems(population, 'name,salary');
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).issues).toEqual([
        { path: 'query.items', message: expect.stringContaining('salary') },
      ]);
    }
  });
});

describe('grant choice', () => {
  it('serves every granted item when none is asked for', () => {
    expect(chooseGrant([grant()], use).items).toEqual(['name', 'sex', 'birthDate']);
  });

  it('skips an expired grant for a usable one', () => {
    const expired = grant({ id: 'old', expiresAt: '2025-06-01T00:00:00Z' });
    expect(chooseGrant([expired, grant()], use).grant.id).toBe('g1');
  });

  it.each([
    [[], 'no-grant'],
    [[grant({ revokedAt: '2025-09-01T00:00:00Z' })], 'revoked'],
    [[grant({ expiresAt: '2025-09-01T00:00:00Z' })], 'expired'],
    [[grant({ consumerUnit: '611000108' })], 'other-unit'],
  ] as const)('refuses with the reason (%#: %s)', (grants, refusal) => {
    try {
      chooseGrant(grants, use);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GrantRefusedError);
      expect((error as GrantRefusedError).refusal).toBe(refusal);
    }
  });

  it('lists every usable grant in the order held, each with the items it serves', () => {
    const narrow = grant({ id: 'narrow', items: ['name'], dailyQuota: 1 });
    const expired = grant({ id: 'old', expiresAt: '2025-06-01T00:00:00Z' });
    expect(usableGrants([narrow, expired, grant()], use).map((c) => [c.grant.id, c.items])).toEqual([
      ['narrow', ['name']],
      ['g1', ['name', 'sex', 'birthDate']],
    ]);
  });

  it('refuses items outside the grant', () => {
    expect(() => chooseGrant([grant()], { ...use, items: ['name', 'householdAddress'] })).toThrow(
      /items-outside-grant.*householdAddress/,
    );
  });
});

describe('quota math', () => {
  it('allows n more records while the count before is at most quota − n', () => {
    expect(quotaCeilingBefore(1000, 1)).toBe(999);
    expect(quotaCeilingBefore(1000, 100)).toBe(900);
    expect(quotaCeilingBefore(5, 5)).toBe(0);
    expect(quotaCeilingBefore(5, 6)).toBeUndefined();
  });

  it('resets at the next midnight in China Standard Time', () => {
    // 2025-10-01T04:00Z is 12:00 in Shanghai: 12 hours to go.
    expect(quotaRetry(now)).toEqual({
      day: '2025-10-01',
      resetsAt: '2025-10-01T16:00:00.000Z',
      retryAfterSeconds: 43_200,
    });
  });
});

describe('periods', () => {
  it.each([
    ['2025', 'year'],
    ['2025Q3', 'quarter'],
    ['2025-09', 'month'],
    ['2025Q5', undefined],
    ['2025-13', undefined],
  ])('%s is a %s', (text, kind) => expect(periodKind(text)).toBe(kind));

  it('accepts a range of one kind in order only', () => {
    expect(periodRange('2024Q1', '2025Q3')).toMatchObject({ ok: true, kind: 'quarter' });
    expect(periodRange('2025', '2025-09')).toMatchObject({ ok: false });
    expect(periodRange('2025-09', '2025-01')).toMatchObject({ ok: false });
  });
});
