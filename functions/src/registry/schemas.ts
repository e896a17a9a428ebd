import type { Company, DivisionLevel, Person } from '@govshare/domain/registry';
import * as z from 'zod';

/**
 * Response schemas of the registry routes. Their answers are built by the audited query runner
 * (query.ts), which types every answer as a plain record: so these are checked against each reply in
 * the tests (GOVSHARE_CHECK_RESPONSES), while TypeScript lets the runner's answer through as it is.
 */
export const runnerAnswer = (schema: z.ZodType) => schema as z.ZodType<unknown>;

/** The grant a query was charged to (conditional resources), as every answer under a grant names it. */
export const grantCharged = z
  .string()
  .optional()
  .describe('The grant the query was charged to (conditional resources)');

/** A masked item is text (e.g. 610***********1234) whatever the item's own type. */
const maybeMasked = <T extends z.ZodType>(item: T) => z.union([item, z.string()]);

/** The items of a person the caller may see (granted ones; sensitive ones masked unless granted). */
export const personView = z
  .object({
    citizenId: z.string(),
    name: z.string(),
    sex: maybeMasked(z.enum(['男', '女'])),
    birthDate: z.string(),
    ethnicity: z.string(),
    householdAddress: z.string(),
    regionCode: z.string(),
    status: maybeMasked(z.enum(['正常', '迁出', '死亡'])),
  })
  .partial()
  .meta({ id: 'PersonView' }) satisfies z.ZodType<Partial<Record<keyof Person, unknown>>>;

/** The items of a legal entity the caller may see. */
export const companyView = z
  .object({
    creditCode: z.string(),
    name: z.string(),
    type: z.string(),
    legalRepresentative: z.string(),
    registeredCapital: maybeMasked(z.number()),
    foundingDate: z.string(),
    address: z.string(),
    status: maybeMasked(z.enum(['存续', '注销', '吊销'])),
  })
  .partial()
  .meta({ id: 'CompanyView' }) satisfies z.ZodType<Partial<Record<keyof Company, unknown>>>;

/** One record by its identifier, and which items the answer holds. */
export const recordResponse = (record: z.ZodType) =>
  z.object({ record, items: z.array(z.string()), grant: grantCharged });

/** A verification: whether the claim matches, and nothing else (not which part, not whether the ID exists). */
export const verifyResponse = z.object({ match: z.boolean(), grant: grantCharged });

export const peopleBatchResponse = z.object({
  items: z.array(z.string()),
  /** In request order; a repeated ID is answered at each place it was asked. */
  results: z.array(z.object({ id: z.string(), found: z.boolean(), record: personView.optional() })),
  grant: grantCharged,
});

export const companySearchResponse = z.object({
  items: z.array(z.string()),
  results: z.array(companyView),
  grant: grantCharged,
});

const divisionLevel = z.enum(['province', 'city', 'county', 'township']) satisfies z.ZodType<DivisionLevel>;

export const divisionResponse = z.object({
  code: z.string(),
  name: z.string(),
  level: divisionLevel,
  parentCode: z.string().optional(),
  children: z.array(z.object({ code: z.string(), name: z.string(), level: divisionLevel })),
});

export const indicatorsResponse = z.object({
  indicators: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      unit: z.string(),
      kinds: z.array(z.enum(['year', 'quarter', 'month'])),
    }),
  ),
});

export const seriesResponse = z.object({
  indicator: z.string(),
  region: z.string(),
  periodKind: z.enum(['year', 'quarter', 'month']).optional(),
  /** Absent when no period of the range has a value. */
  unit: z.string().optional(),
  points: z.array(z.object({ period: z.string(), value: z.number() })),
});
