import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import { describe, expect, it } from 'vitest';
import { judge } from '../../../functions/src/review/machine-checks.ts';
import {
  collectsIdNumbersSubmission,
  paraphrasedSubmission,
  sampleSimilarityCorpus,
  selfBuiltSubmission,
} from '../../../functions/src/review/sample-data.ts';
import {
  buildSimilarityIndex,
  DEFAULT_REVIEW_RULES,
  type DuplicateConstructionCheck,
  type HeldResource,
  type ProjectInput,
  projectInputSchema,
  type RecollectionCheck,
} from '../../../packages/domain/src/review/index.ts';

const index = buildSimilarityIndex(sampleSimilarityCorpus());
const held: HeldResource[] = Object.values(BASE_RESOURCES).map((resource) => ({
  code: resource.code,
  name: resource.name,
  provider: '商洛市公安局',
  items: resource.items.map((item) => item.title),
  base: true,
}));

const reportOf = (input: ProjectInput, exclude: string[] = []) =>
  judge({
    projectVersion: 1,
    content: projectInputSchema.parse(input),
    planItem: {
      code: input.planItem,
      name: '社会保障与就业服务数字化',
      state: 'open',
      envelope: 1_200_000_000,
    },
    approvedAgainstPlan: 0,
    catalogue: [],
    held,
    rules: DEFAULT_REVIEW_RULES,
    index,
    exclude,
  });
const resultOf = <T>(report: ReturnType<typeof reportOf>, check: string) =>
  report.results.find((result) => result.check === check) as T;

describe('the machine checks of one version (judge)', () => {
  it('names the earlier project a paraphrased submission copies, with the overlapping functions', () => {
    const duplicate = resultOf<DuplicateConstructionCheck>(
      reportOf(paraphrasedSubmission),
      'duplicate-construction',
    );
    expect(duplicate.outcome).toBe('fail');
    const ids = duplicate.evidence.map((match) => match.id);
    expect(ids.some((id) => id === 'PRJ-2025-004' || id === 'SYS-018')).toBe(true);
    expect(duplicate.evidence[0]?.overlappingFunctions.length).toBeGreaterThan(2);
    expect(duplicate.reason).toContain(duplicate.evidence[0]?.id);
  });

  it('never matches the excluded ids (the project itself)', () => {
    const duplicate = resultOf<DuplicateConstructionCheck>(
      reportOf(paraphrasedSubmission, ['PRJ-2025-004', 'SYS-018']),
      'duplicate-construction',
    );
    expect(duplicate.evidence.map((m) => m.id)).not.toContain('PRJ-2025-004');
  });

  it('fails cloud first for a self-built deployment without a justification', () => {
    const report = reportOf(selfBuiltSubmission);
    expect(resultOf<{ outcome: string }>(report, 'cloud-first').outcome).toBe('fail');
    expect(report.outcome).toBe('fail');
  });

  it('points 身份证号 to the population base database', () => {
    const recollection = resultOf<RecollectionCheck>(
      reportOf(collectsIdNumbersSubmission),
      'no-re-collection',
    );
    expect(recollection.outcome).toBe('fail');
    expect(recollection.evidence.find((e) => e.item === '身份证号')?.resource.code).toBe(
      BASE_RESOURCES.population.code,
    );
  });

  it('gives the same report for the same inputs, byte for byte, naming the rule file', () => {
    const a = reportOf(collectsIdNumbersSubmission);
    expect(JSON.stringify(reportOf(collectsIdNumbersSubmission))).toBe(JSON.stringify(a));
    expect(a.rules).toBe(`0/${DEFAULT_REVIEW_RULES.budget.version}`);
    expect(a.results.map((r) => r.check)).toEqual([
      'plan-fit',
      'cloud-first',
      'data-registered',
      'no-re-collection',
      'duplicate-construction',
      'budget-rules',
      'security',
    ]);
  });
});
