import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BUDGET_RULES,
  DEFAULT_REVIEW_RULES,
  DEFAULT_SIMILARITY_THRESHOLDS,
  planItemInputSchema,
  planItemView,
  reviewRulesInputSchema,
  rulesLabelOf,
  similarityDocumentOf,
  systemInputSchema,
} from '../../../packages/domain/src/review/index.ts';

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.success ? [] : (result.error?.issues ?? []).map((issue) => issue.path.join('.'));

const system = {
  unit: '611000109',
  name: '社会保险业务系统',
  description: '养老、失业、工伤保险的参保登记与待遇发放。',
  functions: ['参保登记', '待遇发放'],
  deployment: 'government-cloud',
  builtYear: 2019,
  investment: 120_000_000,
};

describe('what the e-government office keeps', () => {
  it('shows what remains of a plan item after what is approved against it, in fen and yuan', () => {
    const view = planItemView({
      code: 'SL-2026-02',
      name: '社保',
      state: 'open',
      envelope: 1_000_000,
      approved: 250_000,
    });
    expect(view.remaining).toBe(750_000);
    expect(view.yuan.remaining).toMatch(/7,500/);
  });

  it('names the field of a bad plan item', () => {
    expect(paths(planItemInputSchema.safeParse({ name: '', envelope: 0, state: 'shut' }))).toEqual([
      'name',
      'envelope',
      'state',
    ]);
    expect(paths(planItemInputSchema.safeParse({ name: 'x', envelope: 12.5, state: 'open' }))).toEqual([
      'envelope',
    ]);
  });

  it('takes a system of the register and names what is wrong with one', () => {
    expect(systemInputSchema.parse(system).functions).toEqual(['参保登记', '待遇发放']);
    expect(paths(systemInputSchema.safeParse({ ...system, functions: ['参保登记', '参保登记'] }))).toEqual([
      'functions.1',
    ]);
    expect(paths(systemInputSchema.safeParse({ ...system, deployment: 'cloud', builtYear: 1970 }))).toEqual([
      'deployment',
      'builtYear',
    ]);
  });

  it('reads a corpus entry as the similarity check sees it, without the register fields', () => {
    const entry = {
      ...systemInputSchema.parse(system),
      id: 'SYS-1',
      kind: 'system' as const,
      updatedAt: 'x',
    };
    expect(similarityDocumentOf(entry)).toEqual({
      id: 'SYS-1',
      kind: 'system',
      unit: system.unit,
      name: system.name,
      description: system.description,
      functions: system.functions,
    });
  });

  it('takes a rule file with the default thresholds, and refuses a warn threshold above fail', () => {
    const parsed = reviewRulesInputSchema.parse({ budget: DEFAULT_BUDGET_RULES });
    expect(parsed.similarity).toEqual(DEFAULT_SIMILARITY_THRESHOLDS);
    expect(
      paths(
        reviewRulesInputSchema.safeParse({
          budget: DEFAULT_BUDGET_RULES,
          similarity: { fail: 0.4, warn: 0.6 },
        }),
      ),
    ).toEqual(['similarity.warn']);
    expect(
      paths(
        reviewRulesInputSchema.safeParse({
          budget: { ...DEFAULT_BUDGET_RULES, tiers: [{ ...DEFAULT_BUDGET_RULES.tiers[0], above: 5 }] },
        }),
      ),
    ).toEqual(['budget.tiers.0.above']);
  });

  it('names the rule file by its stored version and its label', () => {
    expect(rulesLabelOf(DEFAULT_REVIEW_RULES)).toBe(`0/${DEFAULT_BUDGET_RULES.version}`);
    expect(rulesLabelOf({ version: 3, budget: { ...DEFAULT_BUDGET_RULES, version: '2027' } })).toBe('3/2027');
  });
});
