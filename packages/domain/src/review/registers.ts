import { unitCodeSchema } from '@govshare/domain/identity';
import { noRepeats, requiredText } from '@govshare/domain/kernel';
import * as z from 'zod';
import { budgetRuleSetSchema, DEFAULT_BUDGET_RULES, PLAN_ITEM_STATES, type PlanItem } from './checks.ts';
import { FUNCTIONS_MAX, fenSchema, formatYuan } from './project.ts';
import {
  DEFAULT_SIMILARITY_THRESHOLDS,
  type SimilarityDocument,
  type SimilarityThresholds,
} from './similarity.ts';

/**
 * What the e-government office keeps for the pre-review, as input shapes and views: the 规划 items
 * with their envelopes, the register of existing information systems (信息系统目录), the projects
 * of the years before the platform (往年项目), and the rule file (budget rules and the
 * duplicate-construction thresholds). Money is fen, as everywhere in the review.
 */

export const planItemInputSchema = z.strictObject({
  name: requiredText(200),
  /** The budget envelope of the item, in fen. */
  envelope: fenSchema,
  state: z.enum(PLAN_ITEM_STATES, { error: `must be one of ${PLAN_ITEM_STATES.join(', ')}` }),
});
export type PlanItemInput = z.output<typeof planItemInputSchema>;

/** A plan item and what projects approved against it took of it (fen). */
export interface PlanItemStanding extends PlanItem {
  approved: number;
}

/** A plan item as the office reads it: what remains of its envelope, in fen and in yuan. */
export const planItemView = (item: PlanItemStanding) => {
  const remaining = item.envelope - item.approved;
  return {
    ...item,
    remaining,
    yuan: {
      envelope: formatYuan(item.envelope),
      approved: formatYuan(item.approved),
      remaining: formatYuan(remaining),
    },
  };
};

export const SYSTEM_DEPLOYMENTS = ['government-cloud', 'self-built', 'hosted'] as const;
export type SystemDeployment = (typeof SYSTEM_DEPLOYMENTS)[number];

/** A corpus entry's id: letters, digits, dashes and underscores (it is part of a key). */
export const corpusIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be 1 to 64 letters, digits, dashes or underscores');

const builtYear = z
  .number({ error: 'must be a year' })
  .int('must be a year')
  .min(1980, 'must be 1980 or later')
  .max(2100, 'must be 2100 or earlier');

const corpusText = {
  unit: unitCodeSchema,
  name: requiredText(200),
  description: requiredText(5000),
  functions: z
    .array(requiredText(500))
    .min(1, 'must name at least one function')
    .max(FUNCTIONS_MAX)
    .superRefine(noRepeats((f: string) => f, 'a function')),
};

/** An existing information system of the register (信息系统目录). */
export const systemInputSchema = z.strictObject({
  ...corpusText,
  deployment: z.enum(SYSTEM_DEPLOYMENTS, { error: `must be one of ${SYSTEM_DEPLOYMENTS.join(', ')}` }),
  builtYear,
  /** What it cost to build, in fen. */
  investment: fenSchema.optional(),
});
export type SystemInput = z.output<typeof systemInputSchema>;

/** A project of the years before the platform (往年项目), known only from its approval file. */
export const earlierProjectInputSchema = z.strictObject({
  ...corpusText,
  year: builtYear,
  /** The approved budget, in fen. */
  investment: fenSchema.optional(),
});
export type EarlierProjectInput = z.output<typeof earlierProjectInputSchema>;

export interface RegisteredSystem extends SystemInput {
  id: string;
  kind: 'system';
  updatedAt: string;
}

/**
 * A project in the corpus: an earlier project (往年项目, with its year) or a project of the platform,
 * as its latest submitted version reads (with that version).
 */
export interface CorpusProject extends SimilarityDocument {
  kind: 'project';
  year?: number;
  investment?: number;
  projectVersion?: number;
  updatedAt: string;
}

export type CorpusEntry = RegisteredSystem | CorpusProject;

/** What the duplicate-construction check reads of an entry: the SimilarityDocument alone. */
export const similarityDocumentOf = (entry: CorpusEntry): SimilarityDocument => ({
  id: entry.id,
  kind: entry.kind,
  unit: entry.unit,
  name: entry.name,
  description: entry.description,
  functions: entry.functions,
});

const threshold = z
  .number({ error: 'must be a number between 0 and 1' })
  .min(0, 'must be between 0 and 1')
  .max(1, 'must be between 0 and 1');

export const similarityThresholdsSchema = z
  .strictObject({ fail: threshold, warn: threshold })
  .refine((t) => t.warn <= t.fail, { path: ['warn'], message: 'must not be above fail' });

/** The rule file an admin writes: the budget rules and the duplicate-construction thresholds. */
export const reviewRulesInputSchema = z.strictObject({
  budget: budgetRuleSetSchema,
  similarity: similarityThresholdsSchema.default(DEFAULT_SIMILARITY_THRESHOLDS),
  /** The version this one replaces, when the writer wants a 409 if someone wrote one meanwhile. */
  replaces: z.number().int().min(0).optional(),
});
export type ReviewRulesInput = z.output<typeof reviewRulesInputSchema>;

/** A version of the rule file; version 0 is the domain's defaults, in force until one is written. */
export interface ReviewRules {
  version: number;
  budget: z.output<typeof budgetRuleSetSchema>;
  similarity: SimilarityThresholds;
  updatedAt?: string;
  updatedBy?: string;
}

export const DEFAULT_REVIEW_RULES: ReviewRules = {
  version: 0,
  budget: DEFAULT_BUDGET_RULES,
  similarity: DEFAULT_SIMILARITY_THRESHOLDS,
};

/**
 * How a report names the rule file it was judged by: the stored version and the budget rules' own
 * label (0/default-2026), so two versions that kept the label still read apart.
 */
export const rulesLabelOf = (rules: Pick<ReviewRules, 'version' | 'budget'>): string =>
  `${rules.version}/${rules.budget.version}`;
