import {
  budgetRuleSetSchema,
  buildSimilarityIndex,
  CHECK_NAMES,
  checkBudgetRules,
  checkCloudFirst,
  checkDataRegistered,
  checkDuplicateConstruction,
  checkNoRecollection,
  checkPlanFit,
  checkSecurity,
  DEFAULT_BUDGET_RULES,
  handledKindOf,
  type PlanItem,
  reviewTierOf,
  runMachineChecks,
} from '@govshare/domain/review';
import { describe, expect, it } from 'vitest';
import { content, projectInput } from './fixtures.ts';

const plan: PlanItem = { code: 'GH-2026-015', name: '政务服务提升', state: 'open', envelope: 300_000_000 };

describe('plan fit', () => {
  it('passes within what remains of the envelope', () => {
    const result = checkPlanFit({ content: content(), planItem: plan, approvedAgainstPlan: 150_000_000 });
    expect(result.outcome).toBe('pass');
    expect(result.reason).toBe('Fits plan item GH-2026-015: ¥1,288,000.00 of the ¥1,500,000.00 that remains');
  });

  it('fails past the envelope, on a closed item, and on an unknown one', () => {
    expect(
      checkPlanFit({ content: content(), planItem: plan, approvedAgainstPlan: 200_000_000 }).reason,
    ).toBe(
      'The budget ¥1,288,000.00 exceeds the ¥1,000,000.00 that remains of plan item GH-2026-015 by ¥288,000.00',
    );
    expect(
      checkPlanFit({ content: content(), planItem: { ...plan, state: 'closed' }, approvedAgainstPlan: 0 })
        .outcome,
    ).toBe('fail');
    const unknown = checkPlanFit({ content: content(), planItem: undefined, approvedAgainstPlan: 0 });
    expect(unknown).toMatchObject({ outcome: 'fail', evidence: [{ kind: 'field', ref: 'planItem' }] });
  });
});

describe('cloud first', () => {
  const server = {
    category: 'hardware',
    item: '服务器',
    unit: '台',
    quantity: 4,
    unitPrice: 6_000_000,
    amount: 24_000_000,
  } as const;

  it('passes a project on the government cloud buying nothing the cloud provides', () => {
    expect(checkCloudFirst(content()).outcome).toBe('pass');
  });

  it('flags a server line unless justified', () => {
    const lines = [...projectInput().budgetLines, server];
    const flagged = checkCloudFirst(content({ budgetLines: lines }));
    expect(flagged.outcome).toBe('warn');
    expect(flagged.evidence).toEqual([
      {
        kind: 'budget-line',
        ref: 'budgetLines.4',
        detail: '服务器 (服务器, ¥240,000.00) is provided by the government cloud and not justified',
      },
    ]);
    const justified = checkCloudFirst(
      content({
        budgetLines: [
          ...projectInput().budgetLines,
          { ...server, justification: '视频分析需GPU，政务云暂无' },
        ],
      }),
    );
    expect(justified.outcome).toBe('pass');
  });

  it('fails a self-built deployment without justification and warns on a justified one', () => {
    const selfBuilt = checkCloudFirst(
      content({ deployment: { mode: 'self-built', parts: [{ name: '机房' }, { name: '服务器' }] } }),
    );
    expect(selfBuilt).toMatchObject({
      outcome: 'fail',
      evidence: [
        { ref: 'deployment.justification', detail: 'self-built (机房, 服务器) without a justification' },
      ],
    });
    const justified = checkCloudFirst(
      content({
        deployment: {
          mode: 'self-built',
          parts: [{ name: '机房' }],
          justification: '涉及公安内网，需物理隔离',
        },
      }),
    );
    expect(justified.outcome).toBe('warn');
  });
});

describe('data registered', () => {
  it('passes when every produced resource is published, fails naming each that is not', () => {
    const produces = ['301/000101', '301/000102', '301/000103'];
    const catalogue = [
      { code: '301/000101', status: 'published' as const, name: '好差评记录' },
      { code: '301/000102', status: 'draft' as const },
    ];
    const result = checkDataRegistered(content({ produces }), catalogue);
    expect(result.outcome).toBe('fail');
    expect(result.reason).toBe(
      '2 of the 3 resources it produces are not published in the catalogue (301/000102, 301/000103): no approval without registration',
    );
    expect(result.evidence.map((e) => e.ref)).toEqual(['301/000101', '301/000102', 'produces.2']);
    expect(checkDataRegistered(content(), catalogue).outcome).toBe('pass');
  });
});

describe('budget rules', () => {
  it('handles a small upgrade as operations: at most 15 % of the original and ¥1,000,000', () => {
    // ¥1,288,000 is 12.9 % of ¥10,000,000 but above ¥1,000,000: an upgrade.
    expect(handledKindOf(content({ kind: 'upgrade', originalInvestment: 1_000_000_000 }))).toBe('upgrade');
    const small = content({
      kind: 'upgrade',
      originalInvestment: 1_000_000_000,
      budgetLines: [
        { category: 'software', item: '功能升级', quantity: 1, unitPrice: 90_000_000, amount: 90_000_000 },
      ],
    });
    expect(handledKindOf(small)).toBe('operations');
    // ¥900,000 is 18 % of ¥5,000,000: not small enough.
    expect(handledKindOf({ ...small, originalInvestment: 500_000_000 })).toBe('upgrade');
    expect(checkBudgetRules(small)).toMatchObject({ outcome: 'pass', handledAs: 'operations' });
  });

  it('warns when operations exceed their share of construction, and on a price above its benchmark', () => {
    const lines = projectInput().budgetLines.map((line) =>
      line.category === 'operations'
        ? { ...line, quantity: 12, unitPrice: 3_000_000, amount: 36_000_000 }
        : line,
    );
    const result = checkBudgetRules(content({ budgetLines: lines }));
    expect(result.outcome).toBe('warn');
    expect(result.reason).toBe(
      'Budget ¥1,528,000.00: operations are 30.8 % of construction, above 20 %; line 3 (运维服务) costs more than its benchmark',
    );
    expect(result.evidence.find((e) => e.ref === 'budgetLines.3')?.detail).toBe(
      '运维服务: ¥30,000.00/人月 above the benchmark for 运维, ¥25,000.00/人月',
    );
  });

  it('routes a project above ¥5,000,000 also to the leading group', () => {
    expect(reviewTierOf(500_000_000).code).toBe('standard');
    expect(reviewTierOf(500_000_001)).toEqual({
      code: 'leading-group',
      label: 'Also the leading group (领导小组)',
      reviewers: ['egov', 'finance', 'leading-group'],
    });
    expect(reviewTierOf(0).code).toBe('standard');
  });

  it('fails a line above the ceiling, and takes its rules as validated data', () => {
    const rules = budgetRuleSetSchema.parse({
      ...DEFAULT_BUDGET_RULES,
      lineCeiling: 50_000_000,
      version: 'strict',
    });
    const result = checkBudgetRules(content(), rules);
    expect(result).toMatchObject({ outcome: 'fail', rules: 'strict' });
    const bad = budgetRuleSetSchema.safeParse({
      ...DEFAULT_BUDGET_RULES,
      operationsShare: { maxPercent: 120, severity: 'warn' },
    });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['operationsShare.maxPercent']);
    const unordered = budgetRuleSetSchema.safeParse({
      ...DEFAULT_BUDGET_RULES,
      tiers: [...DEFAULT_BUDGET_RULES.tiers].reverse(),
    });
    expect(unordered.success).toBe(false);
  });
});

describe('security', () => {
  it('warns at 等保 3 without a 密码应用方案, passes with one', () => {
    expect(checkSecurity(content({ securityLevel: 3 })).outcome).toBe('warn');
    const withPlan = content({
      securityLevel: 3,
      attachments: [{ name: '密码应用方案.pdf', sha256: 'b'.repeat(64), size: 2048, kind: 'crypto-plan' }],
    });
    expect(checkSecurity(withPlan).outcome).toBe('pass');
    expect(checkSecurity(content()).outcome).toBe('pass');
  });
});

describe('the machine checks together', () => {
  const args = () => ({
    projectVersion: 2,
    content: content({ securityLevel: 3 }),
    planItem: plan,
    approvedAgainstPlan: 0,
    catalogue: [{ code: '301/000101', status: 'published' as const }],
    others: [
      {
        check: 'duplicate-construction' as const,
        outcome: 'pass' as const,
        reason: 'no close match',
        evidence: [],
      },
    ],
  });

  it('gives the worst outcome, the checks in a fixed order, and the tier', () => {
    const report = runMachineChecks(args());
    expect(report.results.map((r) => [r.check, r.outcome])).toEqual([
      ['plan-fit', 'pass'],
      ['cloud-first', 'pass'],
      ['data-registered', 'pass'],
      ['duplicate-construction', 'pass'],
      ['budget-rules', 'pass'],
      ['security', 'warn'],
    ]);
    expect(report).toMatchObject({
      projectVersion: 2,
      outcome: 'warn',
      tier: { code: 'standard' },
      handledAs: 'new',
      rules: 'default-2026',
    });
  });

  it('is deterministic: the same input gives the same report', () => {
    expect(JSON.stringify(runMachineChecks(args()))).toBe(JSON.stringify(runMachineChecks(args())));
  });

  it('takes the results of the duplicate-construction and no-re-collection checks as they come', () => {
    const earlier = {
      id: 'system-1',
      kind: 'system' as const,
      unit: '611000106',
      name: '商洛市社会救助信息系统',
      description: '社会救助对象申请、审核、发放和动态管理',
      functions: ['救助申请受理', '家庭经济状况核对', '救助资金发放', '救助对象动态管理'],
    };
    const duplicate = checkDuplicateConstruction(buildSimilarityIndex([earlier]), {
      name: '社会救助管理平台',
      description: '社会救助对象申请、审核、发放和动态管控',
      functions: ['救助资金发放', '救助申请受理', '救助对象动态管控', '家庭经济状况核对'],
    });
    const recollection = checkNoRecollection(
      ['身份证号'],
      [
        {
          code: '101/000001',
          name: '人口基础信息库',
          provider: '611000105',
          items: ['公民身份号码'],
          base: true,
        },
      ],
    );
    const report = runMachineChecks({ ...args(), others: [recollection, duplicate] });
    expect(report.results.map((r) => r.check)).toEqual([...CHECK_NAMES]);
    expect(duplicate.outcome).toBe('fail');
    expect(recollection.outcome).toBe('fail');
    expect(report.outcome).toBe('fail');
  });
});
