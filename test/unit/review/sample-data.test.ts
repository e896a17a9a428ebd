import { describe, expect, it } from 'vitest';
import { sampleCatalogue } from '../../../functions/src/catalogue/seed.ts';
import { sampleUnits } from '../../../functions/src/identity/sample-directory.ts';
import {
  cleanSubmission,
  collectsIdNumbersSubmission,
  paraphrasedSubmission,
  sampleEarlierProjects,
  samplePlanInconsistencies,
  samplePlanItems,
  sampleSimilarityCorpus,
  sampleSystems,
  selfBuiltSubmission,
} from '../../../functions/src/review/sample-data.ts';
import { BASE_RESOURCES } from '../../../packages/domain/src/catalogue/index.ts';
import {
  budgetTotal,
  buildSimilarityIndex,
  checkCloudFirst,
  checkDuplicateConstruction,
  checkNoRecollection,
  indexHeldItems,
  projectInputSchema,
} from '../../../packages/domain/src/review/index.ts';

const submissions = {
  paraphrasedSubmission,
  selfBuiltSubmission,
  collectsIdNumbersSubmission,
  cleanSubmission,
};

describe('the review sample data', () => {
  const index = buildSimilarityIndex(sampleSimilarityCorpus());

  it('is consistent: approved amounts per plan item are the sums of the earlier projects', () => {
    expect(samplePlanInconsistencies()).toEqual([]);
    expect(samplePlanItems.length).toBeGreaterThanOrEqual(8);
    expect(sampleSystems.length).toBeGreaterThanOrEqual(30);
    expect(sampleEarlierProjects.length).toBeGreaterThanOrEqual(15);
  });

  it('names only sample units and unique ids', () => {
    const units = new Set(sampleUnits.map((unit) => unit.code));
    for (const entry of [...sampleSystems, ...sampleEarlierProjects]) expect(units).toContain(entry.unit);
    const ids = sampleSimilarityCorpus().map((doc) => doc.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has example submissions that parse, every amount quantity × unit price, against open plan items', () => {
    for (const [name, input] of Object.entries(submissions)) {
      const parsed = projectInputSchema.safeParse(input);
      expect(parsed.success, name).toBe(true);
      const item = samplePlanItems.find((candidate) => candidate.code === input.planItem);
      expect(item?.state, name).toBe('open');
      if (parsed.success && item) {
        expect(budgetTotal(parsed.data.budgetLines)).toBeLessThanOrEqual(item.envelope - item.approvedFen);
      }
    }
  });

  it('catches the paraphrased submission as a copy of the city job-service project, naming shared functions', () => {
    const result = checkDuplicateConstruction(index, paraphrasedSubmission);
    expect(['fail', 'warn']).toContain(result.outcome);
    const ids = result.evidence.map((match) => match.id);
    expect(ids).toContain('PRJ-2025-004');
    const match = result.evidence.find((m) => m.id === 'PRJ-2025-004');
    expect(match?.overlappingFunctions.length).toBeGreaterThanOrEqual(4);
    expect(result.reason).toContain('PRJ-2025-004');
  });

  it('passes the clean submission on duplicate construction, cloud first and no re-collection', () => {
    const clean = projectInputSchema.parse(cleanSubmission);
    expect(checkDuplicateConstruction(index, clean).outcome).toBe('pass');
    expect(checkCloudFirst(clean).outcome).toBe('pass');
    const published = new Set(sampleCatalogue.map((resource) => resource.input.code));
    for (const code of [...clean.produces, ...clean.consumes]) expect(published).toContain(code);
  });

  it('fails the self-built one on cloud first', () => {
    const result = checkCloudFirst(projectInputSchema.parse(selfBuiltSubmission));
    expect(result.outcome).toBe('fail');
    expect(result.evidence.some((e) => e.kind === 'budget-line')).toBe(true);
  });

  it('points the one collecting 身份证号 to the population database', () => {
    const held = indexHeldItems(
      sampleCatalogue.map(({ input, provider }) => ({
        code: input.code,
        name: input.name,
        provider,
        items: input.items.map((item) => item.title),
        base: input.category === 'base',
      })),
    );
    const result = checkNoRecollection(projectInputSchema.parse(collectsIdNumbersSubmission).collects, held);
    expect(result.outcome).toBe('fail');
    expect(result.evidence.map((e) => e.resource.code)).toContain(BASE_RESOURCES.population.code);
  });
});
