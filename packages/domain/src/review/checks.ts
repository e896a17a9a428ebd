import type { ResourceStatus } from '@govshare/domain/catalogue';
import * as z from 'zod';
import {
  type BudgetLine,
  budgetOf,
  budgetTotal,
  formatYuan,
  hasCryptoPlan,
  MAX_AMOUNT_FEN,
  type ProjectContent,
  type ProjectKind,
} from './project.ts';
import type { RecollectionCheck } from './recollection.ts';
import type { DuplicateConstructionCheck } from './similarity.ts';

/**
 * The machine checks (机审) a submission goes through before any person looks at it: plan fit,
 * cloud first, data registered, budget rules, security. (Duplicate construction and
 * no-re-collection are similarity.ts and recollection.ts.) Each gives an outcome, a reason a
 * reviewer can read, and the evidence it rests on. Every check is a pure function of its input:
 * the same version with the same lookups and rules gives the same result, byte for byte, so a
 * re-run after a crash repeats nothing.
 */
export const CHECK_OUTCOMES = ['pass', 'warn', 'fail'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

export const CHECK_NAMES = [
  'plan-fit',
  'cloud-first',
  'data-registered',
  'no-re-collection',
  'duplicate-construction',
  'budget-rules',
  'security',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** What a finding points at: `ref` is a path in the submission (budgetLines.3) or a code or id elsewhere. */
export interface CheckEvidence {
  kind: 'budget-line' | 'field' | 'plan-item' | 'resource' | 'rule' | 'project' | 'system';
  ref: string;
  detail: string;
}

export interface CheckResult {
  check: CheckName;
  outcome: CheckOutcome;
  reason: string;
  evidence: CheckEvidence[];
}

/** Any check's result: the data checks carry evidence of their own shape (the matches, the held items). */
export type AnyCheckResult = CheckResult | RecollectionCheck | DuplicateConstructionCheck;

const RANK: Record<CheckOutcome, number> = { pass: 0, warn: 1, fail: 2 };
export const worstOutcome = (outcomes: readonly CheckOutcome[]): CheckOutcome =>
  outcomes.reduce<CheckOutcome>((worst, o) => (RANK[o] > RANK[worst] ? o : worst), 'pass');

/** A share as whole percent, compared in integers: part/whole ≤ percent/100 ⇔ 100·part ≤ percent·whole. */
const exceedsPercent = (part: number, whole: number, percent: number) => part * 100 > percent * whole;
const percentOf = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part * 1000) / whole) / 10);

// ── Plan fit ────────────────────────────────────────────────────────────────────────────────

export const PLAN_ITEM_STATES = ['open', 'closed'] as const;
export type PlanItemState = (typeof PLAN_ITEM_STATES)[number];

/** A 规划 item as the e-government office keeps it: its budget envelope in fen. */
export interface PlanItem {
  code: string;
  name: string;
  state: PlanItemState;
  envelope: number;
}

/**
 * Fits the plan: the item exists and is open, and the project's total is within what remains of
 * its envelope after the projects already approved against it (`approvedAgainstPlan`, fen: their
 * approved budgets, not this project's earlier versions).
 */
export function checkPlanFit(args: {
  content: ProjectContent;
  planItem: PlanItem | undefined;
  approvedAgainstPlan: number;
}): CheckResult {
  const { content, planItem } = args;
  const check = 'plan-fit';
  if (!planItem) {
    return {
      check,
      outcome: 'fail',
      reason: `Plan item ${content.planItem} is not in the plan: a project that fits no plan item is not approved`,
      evidence: [{ kind: 'field', ref: 'planItem', detail: `${content.planItem} is unknown` }],
    };
  }
  const item: CheckEvidence = {
    kind: 'plan-item',
    ref: planItem.code,
    detail: `${planItem.name}: ${planItem.state}, envelope ${formatYuan(planItem.envelope)}, approved against it ${formatYuan(args.approvedAgainstPlan)}`,
  };
  if (planItem.state !== 'open') {
    return {
      check,
      outcome: 'fail',
      reason: `Plan item ${planItem.code} is ${planItem.state}: projects are approved only against open items`,
      evidence: [item],
    };
  }
  const total = budgetTotal(content.budgetLines);
  const remaining = planItem.envelope - args.approvedAgainstPlan;
  if (total > remaining) {
    return {
      check,
      outcome: 'fail',
      reason: `The budget ${formatYuan(total)} exceeds the ${formatYuan(Math.max(remaining, 0))} that remains of plan item ${planItem.code} by ${formatYuan(total - Math.max(remaining, 0))}`,
      evidence: [item, { kind: 'field', ref: 'budgetLines', detail: `total ${formatYuan(total)}` }],
    };
  }
  return {
    check,
    outcome: 'pass',
    reason: `Fits plan item ${planItem.code}: ${formatYuan(total)} of the ${formatYuan(remaining)} that remains`,
    evidence: [item],
  };
}

// ── Rule set ────────────────────────────────────────────────────────────────────────────────

const fen = z
  .number()
  .int('must be a whole number of fen')
  .positive('must be more than zero')
  .max(MAX_AMOUNT_FEN);
const percent = z.number().int('must be a whole percent').min(0).max(100);
const severity = z.enum(['warn', 'fail'], { error: 'must be warn or fail' });

/**
 * The budget rules as data (the e-government office edits them through an admin route). Shares
 * are whole percents and money is fen, so that every comparison is in integers.
 */
/** A review tier's code, as the rule file names it and the reports filter by it. */
export const tierCodeSchema = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be a tier code');

export const budgetRuleSetSchema = z
  .strictObject({
    /** Named in every result, so that a result says which rules it was judged by. */
    version: z.string().trim().min(1).max(50),
    /** An upgrade of at most `maxPercentOfOriginal` of the original investment and at most `maxAmount` is handled as operations. */
    upgradeAsOperations: z.strictObject({ maxPercentOfOriginal: percent, maxAmount: fen }),
    /** Operations lines as a share of construction lines (every other category), for new projects and upgrades. */
    operationsShare: z.strictObject({ maxPercent: percent, severity }),
    /** Unit-price benchmarks: a line whose item contains `match` (and of `category`, if given) may cost at most `maxUnitPrice`. */
    benchmarks: z
      .array(
        z.strictObject({
          match: z.string().trim().min(1).max(100),
          category: z.enum(['hardware', 'software', 'services', 'cloud', 'operations']).optional(),
          maxUnitPrice: fen,
          unit: z.string().trim().min(1).max(20).optional(),
        }),
      )
      .max(1000),
    benchmarkSeverity: severity,
    /** A single line above this is refused as implausible for one item. */
    lineCeiling: fen.optional(),
    /** Review tiers by total: a project above `above` fen is reviewed at that tier (the highest that applies). */
    tiers: z
      .array(
        z.strictObject({
          code: tierCodeSchema,
          label: z.string().trim().min(1).max(100),
          above: z.number().int().min(0).max(MAX_AMOUNT_FEN),
          reviewers: z.array(z.enum(['egov', 'finance', 'leading-group'])).min(1),
        }),
      )
      .min(1, 'must have at least one tier'),
    /** What the government cloud provides: a line naming one of these, outside the cloud category, is flagged (cloud first). */
    cloudProvided: z.array(z.string().trim().min(1).max(50)).max(200),
  })
  .superRefine((rules, ctx) => {
    rules.tiers.forEach((tier, index) => {
      const before = rules.tiers[index - 1];
      if (before && tier.above <= before.above) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', index, 'above'],
          message: 'must be higher than the tier before it',
        });
      }
    });
    if (rules.tiers[0] && rules.tiers[0].above !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['tiers', 0, 'above'],
        message: 'must be 0: every project has a tier',
      });
    }
  });
export type BudgetRuleSet = z.output<typeof budgetRuleSetSchema>;

/**
 * The rules a deployment starts with. Illustrative figures of the kind provincial 电子政务项目管理办法
 * use; an office replaces them with its own.
 */
export const DEFAULT_BUDGET_RULES: BudgetRuleSet = budgetRuleSetSchema.parse({
  version: 'default-2026',
  upgradeAsOperations: { maxPercentOfOriginal: 15, maxAmount: 100_000_000 },
  operationsShare: { maxPercent: 20, severity: 'warn' },
  benchmarks: [
    { match: '服务器', category: 'hardware', maxUnitPrice: 8_000_000, unit: '台' },
    { match: '存储', category: 'hardware', maxUnitPrice: 20_000_000 },
    { match: '交换机', category: 'hardware', maxUnitPrice: 5_000_000, unit: '台' },
    { match: '台式计算机', category: 'hardware', maxUnitPrice: 800_000, unit: '台' },
    { match: '软件开发', category: 'software', maxUnitPrice: 3_000_000, unit: '人月' },
    { match: '运维', category: 'operations', maxUnitPrice: 2_500_000, unit: '人月' },
    { match: '云主机', category: 'cloud', maxUnitPrice: 1_000_000, unit: '台·年' },
  ],
  benchmarkSeverity: 'warn',
  lineCeiling: 5_000_000_000,
  tiers: [
    {
      code: 'standard',
      label: 'E-government office and finance office',
      above: 0,
      reviewers: ['egov', 'finance'],
    },
    {
      code: 'leading-group',
      label: 'Also the leading group (领导小组)',
      above: 500_000_000,
      reviewers: ['egov', 'finance', 'leading-group'],
    },
  ],
  cloudProvided: [
    '服务器',
    '存储',
    '磁盘阵列',
    '机房',
    '机柜',
    '数据库一体机',
    '负载均衡',
    '备份一体机',
    'UPS',
    '精密空调',
  ],
});

// ── Cloud first ─────────────────────────────────────────────────────────────────────────────

/** The cloud-provided thing a line buys, if any (its first match in the rule set, in the set's order). */
const cloudProvidedIn = (line: BudgetLine, rules: BudgetRuleSet) =>
  line.category === 'cloud' ? undefined : rules.cloudProvided.find((thing) => line.item.includes(thing));

/**
 * 云优先: servers, storage and machine rooms the government cloud provides are flagged unless the
 * line says why the cloud will not do; a self-built deployment fails without a justification.
 */
export function checkCloudFirst(
  content: ProjectContent,
  rules: BudgetRuleSet = DEFAULT_BUDGET_RULES,
): CheckResult {
  const check = 'cloud-first';
  const evidence: CheckEvidence[] = [];
  const findings: CheckOutcome[] = [];
  const { deployment } = content;
  if (deployment.mode === 'self-built') {
    const parts = deployment.parts.map((part) => part.name).join(', ');
    if (!deployment.justification) {
      findings.push('fail');
      evidence.push({
        kind: 'field',
        ref: 'deployment.justification',
        detail: `self-built (${parts}) without a justification`,
      });
    } else {
      findings.push('warn');
      evidence.push({ kind: 'field', ref: 'deployment', detail: `self-built (${parts}), justified` });
    }
  }
  content.budgetLines.forEach((line, index) => {
    const thing = cloudProvidedIn(line, rules);
    if (!thing) return;
    findings.push(line.justification ? 'pass' : 'warn');
    evidence.push({
      kind: 'budget-line',
      ref: `budgetLines.${index}`,
      detail: `${line.item} (${thing}, ${formatYuan(line.amount)}) is provided by the government cloud${line.justification ? '; justified' : ' and not justified'}`,
    });
  });
  const outcome = worstOutcome(findings);
  const lines = evidence.filter((e) => e.kind === 'budget-line').length;
  const reason =
    outcome === 'fail'
      ? 'Self-built deployment without a justification: infrastructure goes to the government cloud unless there is a reason it cannot'
      : outcome === 'warn'
        ? deployment.mode === 'self-built'
          ? `Self-built deployment, justified: a reviewer decides whether the reason holds${lines ? `; ${lines} line(s) buy what the cloud provides` : ''}`
          : `${lines} budget line(s) buy what the government cloud provides, without saying why the cloud will not do`
        : lines
          ? `Deployed on the government cloud; ${lines} line(s) buying what the cloud provides are justified`
          : 'Deployed on the government cloud, and no line buys what the cloud provides';
  return { check, outcome, reason, evidence };
}

// ── Data registered ─────────────────────────────────────────────────────────────────────────

/** What the catalogue answered for one code: absent when it holds no such resource. */
export interface CatalogueEntry {
  code: string;
  status: ResourceStatus;
  name?: string;
}

/**
 * 不编目不审批: every resource the project will produce is in the catalogue, published. `catalogue`
 * is what a lookup of the produced codes returned (codes it does not hold are simply absent).
 */
export function checkDataRegistered(
  content: ProjectContent,
  catalogue: readonly CatalogueEntry[],
): CheckResult {
  const check = 'data-registered';
  const byCode = new Map(catalogue.map((entry) => [entry.code, entry]));
  const evidence: CheckEvidence[] = [];
  const problems: string[] = [];
  content.produces.forEach((code, index) => {
    const entry = byCode.get(code);
    const ref = `produces.${index}`;
    if (!entry) {
      problems.push(code);
      evidence.push({ kind: 'field', ref, detail: `${code} is not in the catalogue` });
    } else if (entry.status !== 'published') {
      problems.push(code);
      evidence.push({
        kind: 'resource',
        ref: code,
        detail: `${code}${entry.name ? ` (${entry.name})` : ''} is registered but ${entry.status}, not published`,
      });
    } else {
      evidence.push({
        kind: 'resource',
        ref: code,
        detail: `${code}${entry.name ? ` (${entry.name})` : ''} is published`,
      });
    }
  });
  if (content.produces.length === 0) {
    return { check, outcome: 'pass', reason: 'The project declares no data resources it produces', evidence };
  }
  if (problems.length > 0) {
    return {
      check,
      outcome: 'fail',
      reason: `${problems.length} of the ${content.produces.length} resources it produces are not published in the catalogue (${problems.join(', ')}): no approval without registration`,
      evidence,
    };
  }
  return {
    check,
    outcome: 'pass',
    reason: `All ${content.produces.length} resources it produces are published in the catalogue`,
    evidence,
  };
}

// ── Budget rules ────────────────────────────────────────────────────────────────────────────

export interface ReviewTier {
  code: string;
  label: string;
  reviewers: ('egov' | 'finance' | 'leading-group')[];
}

/** The highest tier whose threshold the total exceeds (the first tier, above 0, takes every project). */
export function reviewTierOf(total: number, rules: BudgetRuleSet = DEFAULT_BUDGET_RULES): ReviewTier {
  const tier = [...rules.tiers].reverse().find((t) => total > t.above || t.above === 0) ?? rules.tiers[0];
  if (!tier) throw new Error('A rule set has at least one tier');
  return { code: tier.code, label: tier.label, reviewers: [...tier.reviewers] };
}

/** The kind a project is handled as: a small upgrade (within upgradeAsOperations) is handled as operations. */
export function handledKindOf(
  content: ProjectContent,
  rules: BudgetRuleSet = DEFAULT_BUDGET_RULES,
): ProjectKind {
  if (content.kind !== 'upgrade' || content.originalInvestment === undefined) return content.kind;
  const total = budgetTotal(content.budgetLines);
  const rule = rules.upgradeAsOperations;
  const small =
    !exceedsPercent(total, content.originalInvestment, rule.maxPercentOfOriginal) && total <= rule.maxAmount;
  return small ? 'operations' : 'upgrade';
}

export interface BudgetRulesResult extends CheckResult {
  check: 'budget-rules';
  tier: ReviewTier;
  handledAs: ProjectKind;
  rules: string;
}

export function checkBudgetRules(
  content: ProjectContent,
  rules: BudgetRuleSet = DEFAULT_BUDGET_RULES,
): BudgetRulesResult {
  const findings: { outcome: CheckOutcome; evidence: CheckEvidence; summary?: string }[] = [];
  const total = budgetTotal(content.budgetLines);
  const handledAs = handledKindOf(content, rules);
  const tier = reviewTierOf(total, rules);

  if (content.kind === 'upgrade' && content.originalInvestment !== undefined) {
    const share = percentOf(total, content.originalInvestment);
    findings.push({
      outcome: 'pass',
      evidence: {
        kind: 'rule',
        ref: 'upgradeAsOperations',
        detail: `upgrade of ${formatYuan(total)}, ${share} % of the original ${formatYuan(content.originalInvestment)}: handled as ${handledAs}`,
      },
    });
  }

  if (handledAs !== 'operations') {
    const operations = budgetOf(content.budgetLines, ['operations']);
    const construction = total - operations;
    const limit = rules.operationsShare.maxPercent;
    if (operations > 0 && exceedsPercent(operations, construction, limit)) {
      findings.push({
        outcome: rules.operationsShare.severity,
        summary: `operations are ${construction === 0 ? 'all of the budget' : `${percentOf(operations, construction)} % of construction`}, above ${limit} %`,
        evidence: {
          kind: 'rule',
          ref: 'operationsShare',
          detail: `operations ${formatYuan(operations)} against construction ${formatYuan(construction)}: at most ${limit} %`,
        },
      });
    }
  }

  content.budgetLines.forEach((line, index) => {
    const ref = `budgetLines.${index}`;
    if (rules.lineCeiling !== undefined && line.amount > rules.lineCeiling) {
      findings.push({
        outcome: 'fail',
        summary: `line ${index} is above the ceiling of ${formatYuan(rules.lineCeiling)}`,
        evidence: {
          kind: 'budget-line',
          ref,
          detail: `${line.item}: ${formatYuan(line.amount)} above the line ceiling ${formatYuan(rules.lineCeiling)}`,
        },
      });
    }
    const benchmark = rules.benchmarks.find(
      (b) => line.item.includes(b.match) && (b.category === undefined || b.category === line.category),
    );
    if (benchmark && line.unitPrice > benchmark.maxUnitPrice) {
      const per = benchmark.unit ? `/${benchmark.unit}` : '';
      findings.push({
        outcome: rules.benchmarkSeverity,
        summary: `line ${index} (${line.item}) costs more than its benchmark`,
        evidence: {
          kind: 'budget-line',
          ref,
          detail: `${line.item}: ${formatYuan(line.unitPrice)}${per} above the benchmark for ${benchmark.match}, ${formatYuan(benchmark.maxUnitPrice)}${per}`,
        },
      });
    }
  });

  findings.push({
    outcome: 'pass',
    evidence: {
      kind: 'rule',
      ref: 'tiers',
      detail: `total ${formatYuan(total)}: reviewed at tier ${tier.code} (${tier.label})`,
    },
  });

  const outcome = worstOutcome(findings.map((f) => f.outcome));
  const problems = findings.filter((f) => f.summary).map((f) => f.summary);
  const reason =
    problems.length > 0
      ? `Budget ${formatYuan(total)}: ${problems.join('; ')}`
      : `Budget ${formatYuan(total)} within the rules (${rules.version}); handled as ${handledAs}, tier ${tier.code}`;
  return {
    check: 'budget-rules',
    outcome,
    reason,
    evidence: findings.map((f) => f.evidence),
    tier,
    handledAs,
    rules: rules.version,
  };
}

// ── Security ────────────────────────────────────────────────────────────────────────────────

/** 等保 level 3 or above needs a 密码应用方案 (商用密码应用安全性评估 for level-3 systems). */
export function checkSecurity(content: ProjectContent): CheckResult {
  const check = 'security';
  const level = content.securityLevel;
  const plan = hasCryptoPlan(content);
  const evidence: CheckEvidence[] = [
    { kind: 'field', ref: 'securityLevel', detail: `等保 level ${level}` },
    {
      kind: 'field',
      ref: 'attachments',
      detail: plan ? 'a 密码应用方案 is attached' : 'no 密码应用方案 is attached',
    },
  ];
  if (level >= 3 && !plan) {
    return {
      check,
      outcome: 'warn',
      reason: `等保 level ${level} without a 密码应用方案: a level-3 system needs a cryptography application plan`,
      evidence,
    };
  }
  return {
    check,
    outcome: 'pass',
    reason:
      level >= 3
        ? `等保 level ${level} with a 密码应用方案 attached`
        : `等保 level ${level}: no 密码应用方案 required`,
    evidence,
  };
}

// ── All of them ─────────────────────────────────────────────────────────────────────────────

export interface CheckReport {
  /** The project version the checks judged. */
  projectVersion: number;
  outcome: CheckOutcome;
  results: AnyCheckResult[];
  tier: ReviewTier;
  handledAs: ProjectKind;
  rules: string;
}

/**
 * Runs the checks of this file and merges the results of the others (duplicate construction,
 * no-re-collection), in the order of CHECK_NAMES so that a report always reads the same way.
 */
export function runMachineChecks(args: {
  projectVersion: number;
  content: ProjectContent;
  planItem: PlanItem | undefined;
  approvedAgainstPlan: number;
  catalogue: readonly CatalogueEntry[];
  rules?: BudgetRuleSet;
  /** Results of checks computed elsewhere (similarity.ts, recollection.ts). */
  others?: readonly AnyCheckResult[];
}): CheckReport {
  const rules = args.rules ?? DEFAULT_BUDGET_RULES;
  const budget = checkBudgetRules(args.content, rules);
  const results: AnyCheckResult[] = [
    checkPlanFit(args),
    checkCloudFirst(args.content, rules),
    checkDataRegistered(args.content, args.catalogue),
    { check: budget.check, outcome: budget.outcome, reason: budget.reason, evidence: budget.evidence },
    checkSecurity(args.content),
    ...(args.others ?? []),
  ];
  const order = (result: AnyCheckResult) => CHECK_NAMES.indexOf(result.check);
  results.sort((a, b) => order(a) - order(b));
  return {
    projectVersion: args.projectVersion,
    outcome: worstOutcome(results.map((r) => r.outcome)),
    results,
    tier: budget.tier,
    handledAs: budget.handledAs,
    rules: rules.version,
  };
}
