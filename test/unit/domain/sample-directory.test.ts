import { directoryProblems, principalSchema, unitSchema } from '@govshare/domain/identity';
import { ROLES } from '@govshare/domain/kernel';
import {
  SAMPLE_ADMIN_ID,
  samplePrincipals,
  sampleUnits,
} from '@govshare/functions/identity/sample-directory.ts';
import { describe, expect, it } from 'vitest';

describe('the sample organisation', () => {
  it('is a consistent directory of valid units and principals', () => {
    for (const unit of sampleUnits) expect(unitSchema.safeParse(unit).success, unit.code).toBe(true);
    for (const principal of samplePrincipals)
      expect(principalSchema.safeParse(principal).success, principal.id).toBe(true);
    expect(directoryProblems(sampleUnits, samplePrincipals)).toEqual([]);
  });
  it('lists parents before children, so it loads in order', () => {
    const seen = new Set<string>();
    for (const unit of sampleUnits) {
      if (unit.parentCode) expect(seen.has(unit.parentCode), unit.code).toBe(true);
      seen.add(unit.code);
    }
  });
  it('has every role, a system principal, and the platform admin the README names', () => {
    const held = new Set(samplePrincipals.flatMap((p) => p.roles));
    expect([...ROLES].filter((role) => !held.has(role))).toEqual([]);
    expect(samplePrincipals.some((p) => p.kind === 'system' && p.roles.includes('data-consumer'))).toBe(true);
    const admin = samplePrincipals.find((p) => p.id === SAMPLE_ADMIN_ID);
    expect(admin?.roles).toContain('platform-admin');
    expect(sampleUnits.find((u) => u.code === admin?.unitCode)?.name).toBe('商洛市电子政务办公室');
  });
  it('has a city with counties, townships and departments', () => {
    const count = (level: string, kind: string) =>
      sampleUnits.filter((u) => u.level === level && u.kind === kind).length;
    expect(count('county', 'government')).toBe(7);
    expect(count('township', 'government')).toBeGreaterThan(5);
    expect(count('city', 'department') + count('city', 'institution')).toBeGreaterThanOrEqual(15);
  });
});
