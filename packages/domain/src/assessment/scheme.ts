import { UNIT_KINDS, UNIT_LEVELS } from '@govshare/domain/identity';
import { type FieldIssue, requiredText, ValidationError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { ADOPTION_LEVELS, LEADER_LEVELS } from './information.ts';
import { PERIOD_KINDS } from './periods.ts';

/**
 * An assessment scheme (考核方案) is data: versioned, edited by the platform administrator, checked
 * here. It has
 *   indicators  each with a weight (the weights add to 100), a formula over the platform's records
 *               (a closed set, below) and a scoring rule: a rate (score = rate × weight) or a
 *               deduction per record, capped so that no indicator loses more than its weight;
 *   vetoes      单项否决: any record the formula finds fails the unit, whatever else it scores;
 *   bonuses     加分: points per record, each capped, and all of them together capped by bonusCap;
 *   grades      optional 等次 by total (a vetoed unit takes the lowest).
 * An indicator that does not apply to a unit (no records for a rate that says so, an indicator
 * scoped to other levels or kinds, no information quota) is dropped and the rest scaled to 100.
 */

/** Formulas that measure a rate: the share of a unit's records that were on time / fresh / met. */
export const RATE_FORMULAS = [
  /** Deliveries to the unit signed for by their sign-for deadline (in the period of the deadline). */
  'on-time-sign-for',
  /** Deliveries to the unit as main recipient handled by their handling deadline. */
  'on-time-handling',
  /** The unit's catalogue entries not stale (睡眠栏目) at any time in the period. */
  'catalogue-freshness',
  /** Conditional access requests to the unit answered within their deadline (10 working days). */
  'access-requests-answered-in-time',
  /** The unit's information points of the year so far against its quota pro rata to the period's end. */
  'information-points-against-quota',
] as const;

/** Formulas that count records: each record found is a deduction, a veto hit or a bonus. */
export const COUNT_FORMULAS = [
  /** Deliveries the unit sent that a recipient returned as misdirected (against the sender). */
  'misdirected-returns',
  /** Urges (催办) the unit received. */
  'urges-received',
  /** The unit's projects returned or rejected for duplicate construction (重复建设). */
  'duplicate-construction-projects',
  /** The unit's information items adopted at given levels or commented on by a leader (批示). */
  'information-adoptions',
] as const;

export type RateFormulaKind = (typeof RATE_FORMULAS)[number];
export type CountFormulaKind = (typeof COUNT_FORMULAS)[number];
export type FormulaKind = RateFormulaKind | CountFormulaKind;
export const FORMULA_KINDS: readonly FormulaKind[] = [...RATE_FORMULAS, ...COUNT_FORMULAS];

const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'must be 1 to 48 lower-case letters, digits or dashes');

const unknownFormula = {
  error: `must be one of the record kinds a formula can read: ${FORMULA_KINDS.join(', ')}`,
};

const simple = <K extends FormulaKind>(kind: K) => z.strictObject({ kind: z.literal(kind) });

export const formulaSchema = z.discriminatedUnion(
  'kind',
  [
    simple('on-time-sign-for'),
    simple('on-time-handling'),
    simple('catalogue-freshness'),
    simple('access-requests-answered-in-time'),
    simple('information-points-against-quota'),
    simple('misdirected-returns'),
    z.strictObject({
      kind: z.literal('urges-received'),
      /** Which urges count: level 1 (at the deadline), level 2 (escalated); both by default. */
      levels: z
        .array(z.union([z.literal(1), z.literal(2)]))
        .min(1)
        .optional(),
    }),
    z.strictObject({
      kind: z.literal('duplicate-construction-projects'),
      outcomes: z.array(z.enum(['returned', 'rejected'])).min(1),
    }),
    z
      .strictObject({
        kind: z.literal('information-adoptions'),
        /** Adoptions at these levels count, one per item and level … */
        levels: z.array(z.enum(ADOPTION_LEVELS)).optional(),
        /** … and 批示 by leaders of these levels, one per item and leader level. */
        leaderLevels: z.array(z.enum(LEADER_LEVELS)).optional(),
      })
      .refine((f) => (f.levels?.length ?? 0) + (f.leaderLevels?.length ?? 0) > 0, {
        message: 'must name the adoption levels or the leader levels that count',
        path: ['levels'],
      }),
  ],
  unknownFormula,
);
export type Formula = z.infer<typeof formulaSchema>;

const pointsSchema = z.number().min(0).max(100);

export const ruleSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('rate'),
      /** A unit with no records to measure: the indicator does not apply (rescaled), or scores full marks. */
      whenNoRecords: z.enum(['not-applicable', 'full-marks']),
    }),
    z.strictObject({
      kind: z.literal('deduction'),
      pointsPerRecord: z.number().positive().max(100),
      /** At most this much is taken (≤ the weight, which is the default). */
      cap: pointsSchema.optional(),
    }),
  ],
  { error: 'must be rate or deduction' },
);
export type ScoringRule = z.infer<typeof ruleSchema>;

export const appliesToSchema = z.strictObject({
  levels: z.array(z.enum(UNIT_LEVELS)).min(1).optional(),
  kinds: z.array(z.enum(UNIT_KINDS)).min(1).optional(),
});

export const indicatorSchema = z.strictObject({
  id: idSchema,
  name: requiredText(60),
  weight: z.number().positive().max(100),
  formula: formulaSchema,
  rule: ruleSchema,
  /** Units of other levels or kinds are not scored on it (rescaled). All units when absent. */
  appliesTo: appliesToSchema.optional(),
  description: z.string().max(500).optional(),
});
export type Indicator = z.infer<typeof indicatorSchema>;

export const vetoSchema = z.strictObject({
  id: idSchema,
  name: requiredText(60),
  formula: formulaSchema,
  appliesTo: appliesToSchema.optional(),
});
export type Veto = z.infer<typeof vetoSchema>;

export const bonusSchema = z.strictObject({
  id: idSchema,
  name: requiredText(60),
  formula: formulaSchema,
  pointsPerRecord: z.number().positive().max(100),
  cap: z.number().positive().max(100),
  appliesTo: appliesToSchema.optional(),
});
export type Bonus = z.infer<typeof bonusSchema>;

export const gradeSchema = z.strictObject({ name: requiredText(10), minimum: z.number().min(0).max(200) });

/** Weights are compared in hundredths, so 33.33 + 33.33 + 33.34 adds to 100. */
const cents = (n: number) => Math.round(n * 100);

export const assessmentSchemeSchema = z
  .strictObject({
    id: idSchema,
    /** 1 when first saved, +1 on every change; a table names the version it was computed with. */
    version: z.number().int().min(1),
    name: requiredText(100),
    /** The periods the scheme may be computed for. */
    periodKinds: z.array(z.enum(PERIOD_KINDS)).min(1),
    indicators: z.array(indicatorSchema).min(1).max(50),
    vetoes: z.array(vetoSchema).max(20).default([]),
    bonuses: z.array(bonusSchema).max(20).default([]),
    /** All bonuses together add at most this much. */
    bonusCap: z.number().min(0).max(100).default(0),
    /** 等次, highest first by minimum; a vetoed unit takes the last. */
    grades: z.array(gradeSchema).max(10).optional(),
  })
  .superRefine((scheme, ctx) => {
    const total = scheme.indicators.reduce((sum, i) => sum + cents(i.weight), 0);
    if (total !== 10_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['indicators'],
        message: `the weights must add to 100, not ${total / 100} (${scheme.indicators.map((i) => `${i.id} ${i.weight}`).join(' + ')})`,
      });
    }
    const seen = new Set<string>();
    const checkId = (id: string, path: (string | number)[]) => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path, message: `repeats the id ${id}` });
      seen.add(id);
    };
    scheme.indicators.forEach((indicator, index) => {
      checkId(indicator.id, ['indicators', index, 'id']);
      const rate = (RATE_FORMULAS as readonly string[]).includes(indicator.formula.kind);
      if (indicator.rule.kind === 'rate' && !rate) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', index, 'rule', 'kind'],
          message: `${indicator.formula.kind} counts records: score it by deduction, not as a rate`,
        });
      }
      if (indicator.rule.kind === 'deduction' && rate) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', index, 'rule', 'kind'],
          message: `${indicator.formula.kind} measures a rate: score it as a rate, not by deduction`,
        });
      }
      if (
        indicator.rule.kind === 'deduction' &&
        indicator.rule.cap !== undefined &&
        indicator.rule.cap > indicator.weight
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', index, 'rule', 'cap'],
          message: `must be at most the weight (${indicator.weight}): no indicator loses more than its weight`,
        });
      }
    });
    const countOnly = (list: 'vetoes' | 'bonuses') =>
      scheme[list].forEach((item, index) => {
        checkId(item.id, [list, index, 'id']);
        if ((RATE_FORMULAS as readonly string[]).includes(item.formula.kind)) {
          ctx.addIssue({
            code: 'custom',
            path: [list, index, 'formula', 'kind'],
            message: `${item.formula.kind} measures a rate; a ${list === 'vetoes' ? 'veto' : 'bonus'} needs records to count (${COUNT_FORMULAS.join(', ')})`,
          });
        }
      });
    countOnly('vetoes');
    countOnly('bonuses');
    scheme.bonuses.forEach((bonus, index) => {
      if (bonus.cap > scheme.bonusCap) {
        ctx.addIssue({
          code: 'custom',
          path: ['bonuses', index, 'cap'],
          message: `must be at most bonusCap (${scheme.bonusCap})`,
        });
      }
    });
    scheme.grades?.forEach((grade, index) => {
      const before = scheme.grades?.[index - 1];
      if (before && before.minimum <= grade.minimum) {
        ctx.addIssue({
          code: 'custom',
          path: ['grades', index, 'minimum'],
          message: `must be below the grade before (${before.name} from ${before.minimum})`,
        });
      }
    });
  });
export type AssessmentScheme = z.output<typeof assessmentSchemeSchema>;
export type AssessmentSchemeInput = z.input<typeof assessmentSchemeSchema>;

/** Zod's issues as the domain's field issues, each path under `prefix` ('body' for a request body). */
function issuesOf(error: z.ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** A checked scheme, or a ValidationError naming every bad field (e.g. `indicators`: the weights add to 85). */
export function parseAssessmentScheme(input: unknown, prefix = ''): AssessmentScheme {
  const parsed = assessmentSchemeSchema.safeParse(input);
  if (!parsed.success)
    throw new ValidationError(issuesOf(parsed.error, prefix), 'The assessment scheme is not valid');
  return parsed.data;
}

/** Whether an indicator, veto or bonus scoped by appliesTo covers a unit. */
export const coversUnit = (
  appliesTo: z.infer<typeof appliesToSchema> | undefined,
  unit: { level: (typeof UNIT_LEVELS)[number]; kind: (typeof UNIT_KINDS)[number] },
): boolean =>
  (!appliesTo?.levels || appliesTo.levels.includes(unit.level)) &&
  (!appliesTo?.kinds || appliesTo.kinds.includes(unit.kind));
