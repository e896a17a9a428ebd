import {
  type AssessmentSchemeInput,
  assessmentSchemeSchema,
  FORMULA_KINDS,
  parseAssessmentScheme,
  SAMPLE_ASSESSMENT_SCHEME,
} from '@govshare/domain/assessment';
import { ValidationError } from '@govshare/domain/kernel';
import { describe, expect, it } from 'vitest';
import { bareScheme, rateIndicator, urgeIndicator } from './fixtures.ts';

const issuesOf = (input: unknown, prefix = ''): { path: string; message: string }[] => {
  try {
    parseAssessmentScheme(input, prefix);
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  return [];
};

const scheme = (changes: Partial<AssessmentSchemeInput>): AssessmentSchemeInput => ({
  ...SAMPLE_ASSESSMENT_SCHEME,
  ...changes,
});

describe('the sample scheme', () => {
  it('is a valid scheme whose weights add to 100', () => {
    const parsed = assessmentSchemeSchema.parse(SAMPLE_ASSESSMENT_SCHEME);
    expect(parsed.indicators.reduce((sum, i) => sum + i.weight, 0)).toBe(100);
    expect(parsed.vetoes).toHaveLength(1);
    expect(parsed.bonusCap).toBe(5);
  });

  it('covers every indicator issue 13 lists', () => {
    const kinds = SAMPLE_ASSESSMENT_SCHEME.indicators.map((i) => i.formula.kind);
    expect(kinds).toEqual([
      'on-time-sign-for',
      'on-time-handling',
      'misdirected-returns',
      'urges-received',
      'catalogue-freshness',
      'access-requests-answered-in-time',
      'duplicate-construction-projects',
      'information-points-against-quota',
    ]);
    expect(new Set(FORMULA_KINDS).size).toBe(FORMULA_KINDS.length);
  });
});

describe('a scheme that does not hold', () => {
  it('names the indicators when the weights do not add to 100', () => {
    const indicators = SAMPLE_ASSESSMENT_SCHEME.indicators.slice(0, -1);
    const issues = issuesOf(scheme({ indicators }), 'body');
    expect(issues).toEqual([
      {
        path: 'body.indicators',
        message: expect.stringMatching(/^the weights must add to 100, not 90 \(sign-for-on-time 15 \+ /),
      },
    ]);
  });

  it("refuses seed 004's 政务信息 table cut to what the platform records (70 + 15 = 85)", () => {
    // 完成全年政务信息采用任务 70分 and 报送的信息时效性强 15分; staffing (10) and the daily-report
    // rule (5) are not in the platform's records, so a scheme of the two alone must be refused.
    const issues = issuesOf(
      bareScheme(
        'seed-004-information',
        ['year'],
        [
          rateIndicator('quota', '完成全年政务信息采用任务', 70, 'information-points-against-quota'),
          urgeIndicator('timeliness', '报送的信息时效性强', 15, 3),
        ],
      ),
    );
    expect(issues.map((i) => i.path)).toEqual(['indicators']);
    expect(issues[0]?.message).toContain('not 85');
  });

  it("accepts seed 004's 电子政务 table weights (50 + 5 + 20 + 10 + 5 + 5 + 5)", () => {
    const weights = [50, 5, 20, 10, 5, 5, 5];
    const parsed = parseAssessmentScheme(
      bareScheme(
        'seed-004-weights',
        ['year'],
        weights.map((weight, index) => urgeIndicator(`item-${index + 1}`, `第${index + 1}项`, weight, 1)),
      ),
    );
    expect(parsed.indicators).toHaveLength(7);
  });

  it('adds weights in hundredths (33.33 + 33.33 + 33.34)', () => {
    const indicators = [33.33, 33.33, 33.34].map((weight, index) =>
      urgeIndicator(`i${index}`, `i${index}`, weight, 1),
    );
    expect(issuesOf(scheme({ indicators, vetoes: [], bonuses: [] }))).toEqual([]);
  });

  it('names an unknown record kind in a formula', () => {
    const indicators = SAMPLE_ASSESSMENT_SCHEME.indicators.map((indicator, index) =>
      index === 2 ? { ...indicator, formula: { kind: 'page-views' } } : indicator,
    ) as AssessmentSchemeInput['indicators'];
    const issues = issuesOf(scheme({ indicators }));
    expect(issues).toEqual([
      {
        path: 'indicators.2.formula.kind',
        message: expect.stringContaining('on-time-sign-for, on-time-handling'),
      },
    ]);
  });

  it('names a cap above the weight, a rule that does not fit its formula, repeated ids', () => {
    const [first, second, third, ...rest] = SAMPLE_ASSESSMENT_SCHEME.indicators;
    if (!first || !second || !third) throw new Error('sample changed');
    const issues = issuesOf(
      scheme({
        indicators: [
          { ...first, rule: { kind: 'deduction', pointsPerRecord: 1 } },
          { ...second, id: first.id },
          { ...third, rule: { kind: 'deduction', pointsPerRecord: 2, cap: 12 } },
          ...rest,
        ],
      }),
    );
    expect(issues.map((i) => i.path)).toEqual([
      'indicators.0.rule.kind',
      'indicators.1.id',
      'indicators.2.rule.cap',
    ]);
    expect(issues[2]?.message).toBe(
      'must be at most the weight (10): no indicator loses more than its weight',
    );
  });

  it('refuses a rate as a veto or bonus, a bonus cap above bonusCap, grades out of order', () => {
    const issues = issuesOf(
      scheme({
        vetoes: [{ id: 'v', name: 'v', formula: { kind: 'catalogue-freshness' } }],
        bonuses: [
          {
            id: 'b',
            name: 'b',
            formula: { kind: 'information-adoptions', levels: ['province'] },
            pointsPerRecord: 1,
            cap: 8,
          },
        ],
        grades: [
          { name: '优秀', minimum: 80 },
          { name: '良好', minimum: 90 },
        ],
      }),
    );
    expect(issues.map((i) => i.path)).toEqual(['vetoes.0.formula.kind', 'bonuses.0.cap', 'grades.1.minimum']);
    const empty = issuesOf(
      scheme({
        bonuses: [
          { id: 'b', name: 'b', formula: { kind: 'information-adoptions' }, pointsPerRecord: 1, cap: 1 },
        ],
      }),
    );
    expect(empty).toEqual([
      {
        path: 'bonuses.0.formula.levels',
        message: 'must name the adoption levels or the leader levels that count',
      },
    ]);
  });

  it('refuses unknown fields and a rule of no known kind', () => {
    const [first, ...rest] = SAMPLE_ASSESSMENT_SCHEME.indicators;
    const issues = issuesOf(
      scheme({
        indicators: [
          { ...first, rule: { kind: 'multiply' } },
          ...rest,
        ] as AssessmentSchemeInput['indicators'],
        colour: 'red',
      } as Partial<AssessmentSchemeInput>),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(['', 'indicators.0.rule.kind']);
  });
});
