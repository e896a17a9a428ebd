import {
  directoryProblems,
  type IdentityStore,
  type Principal,
  placementProblem,
  principalSchema,
  registerPrincipal,
  registerUnit,
  type Unit,
  unitSchema,
} from '@govshare/domain/identity';
import { ConflictError, ValidationError } from '@govshare/domain/kernel';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../functions/support.ts';

const city: Unit = {
  code: '611000000',
  name: '商洛市人民政府',
  shortName: '商政',
  level: 'city',
  kind: 'government',
};
const finance: Unit = {
  code: '611000108',
  name: '商洛市财政局',
  shortName: '商财',
  parentCode: city.code,
  level: 'city',
  kind: 'department',
};
const county: Unit = {
  code: '611021000',
  name: '洛南县人民政府',
  shortName: '洛政',
  parentCode: city.code,
  level: 'county',
  kind: 'government',
};
const clerk: Principal = {
  id: 'clerk-1',
  name: '王某甲',
  unitCode: finance.code,
  roles: ['clerk'],
  kind: 'person',
};

describe('unit and principal schemas', () => {
  it('accept a well-formed unit and refuse unknown fields', () => {
    expect(unitSchema.parse(finance)).toEqual(finance);
    expect(unitSchema.safeParse({ ...finance, colour: 'red' }).success).toBe(false);
  });
  it.each([
    ['a lower-case code', { code: 'abc123' }],
    ['an unknown level', { level: 'galaxy' }],
    ['an unknown kind', { kind: 'club' }],
    ['an empty name', { name: '   ' }],
  ])('refuse %s', (_label, change) => {
    expect(unitSchema.safeParse({ ...finance, ...change }).success).toBe(false);
  });
  it('refuse unknown and repeated roles', () => {
    expect(principalSchema.safeParse({ ...clerk, roles: ['emperor'] }).success).toBe(false);
    expect(principalSchema.safeParse({ ...clerk, roles: ['clerk', 'clerk'] }).success).toBe(false);
    expect(principalSchema.safeParse({ ...clerk, roles: [] }).success).toBe(true);
  });
});

describe('placement in the tree', () => {
  it('puts a unit below its parent level', () => {
    expect(placementProblem(county, city)).toBeUndefined();
    expect(placementProblem({ level: 'township', kind: 'government' }, county)).toBeUndefined();
  });
  it("lets a department or institution sit at its government's level", () => {
    expect(placementProblem(finance, city)).toBeUndefined();
    expect(placementProblem({ level: 'city', kind: 'institution' }, city)).toBeUndefined();
  });
  it('refuses a government at its parent level, anything above its parent, and peers of departments', () => {
    expect(placementProblem({ level: 'city', kind: 'government' }, city)).toMatch(/cannot sit under/);
    expect(placementProblem({ level: 'province', kind: 'government' }, city)).toMatch(/cannot sit under/);
    expect(placementProblem({ level: 'city', kind: 'department' }, finance)).toMatch(/cannot sit under/);
  });
});

describe('registering units and principals', () => {
  it('needs an existing parent', async () => {
    const store = memoryStore([city]);
    await expect(registerUnit(store, { ...finance, parentCode: '611099000' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(registerUnit(store, { ...finance, parentCode: finance.code })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(store.writes).toBe(0);
  });
  it('is idempotent for an identical unit and a conflict for a different one', async () => {
    const store: IdentityStore & { writes: number } = memoryStore([city]);
    await expect(registerUnit(store, finance)).resolves.toEqual({ item: finance, created: true });
    await expect(registerUnit(store, finance)).resolves.toEqual({ item: finance, created: false });
    await expect(registerUnit(store, { ...finance, name: '别的局' })).rejects.toBeInstanceOf(ConflictError);
    expect(store.writes).toBe(1);
  });
  it('needs an existing unit for a principal, and treats role order as irrelevant on retry', async () => {
    const store = memoryStore([city, finance]);
    await expect(registerPrincipal(store, { ...clerk, unitCode: '611099000' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    const twoRoles: Principal = { ...clerk, roles: ['clerk', 'handler'] };
    await expect(registerPrincipal(store, twoRoles)).resolves.toMatchObject({ created: true });
    await expect(
      registerPrincipal(store, { ...twoRoles, roles: ['handler', 'clerk'] }),
    ).resolves.toMatchObject({
      created: false,
    });
    await expect(registerPrincipal(store, { ...twoRoles, roles: ['auditor'] })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });
});

describe('directory consistency', () => {
  it('finds duplicate codes, missing parents, misplaced units and homeless principals', () => {
    const problems = directoryProblems(
      [
        city,
        finance,
        finance,
        { ...county, parentCode: '611099000' },
        { ...county, code: '611022000', parentCode: finance.code },
      ],
      [clerk, clerk, { ...clerk, id: 'x', unitCode: '611099001' }],
    );
    expect(problems).toEqual([
      'unit code 611000108 is used twice',
      'unit 611021000: parent 611099000 does not exist',
      'principal id clerk-1 is used twice',
      'principal x: unit 611099001 does not exist',
    ]);
  });
  it('finds nothing wrong in a consistent directory', () => {
    expect(directoryProblems([city, finance, county], [clerk])).toEqual([]);
  });
});
