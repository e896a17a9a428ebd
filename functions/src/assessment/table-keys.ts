/** The keys of the `assessment` table's scoring items (blueprint.ts lays them out), built here only. */
export const SCHEME_PK = 'SCHEME';
export const currentSchemeKey = { pk: SCHEME_PK, sk: 'CURRENT' } as const;
export const SCHEME_VERSION_PREFIX = 'VERSION#';
export const schemeVersionKey = (version: number) => ({
  pk: SCHEME_PK,
  sk: `${SCHEME_VERSION_PREFIX}${String(version).padStart(4, '0')}`,
});

export const periodPk = (period: string) => `PERIOD#${period}`;
export const periodKey = (period: string) => ({ pk: periodPk(period), sk: 'PERIOD' });
export const TABLE_PREFIX = 'TABLE#';
export const tableKey = (period: string, unit: string) => ({
  pk: periodPk(period),
  sk: `${TABLE_PREFIX}${unit}`,
});
export const rankingKey = (period: string) => ({ pk: periodPk(period), sk: 'RANKING' });

export const computationKey = (id: string) => ({ pk: `COMPUTATION#${id}`, sk: 'COMPUTATION' });
export const computationsOfPeriod = (period: string) => `COMPUTATIONS#${period}`;
