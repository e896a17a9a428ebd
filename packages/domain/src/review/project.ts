import { resourceCodeSchema } from '@govshare/domain/catalogue';
import { type BodyRun, type DraftContent, diffContents, type FieldChange } from '@govshare/domain/exchange';
import { noRepeats, requiredText } from '@govshare/domain/kernel';
import * as z from 'zod';

/**
 * A project submission (电子政务项目申报) as a department files it for pre-review (DOMAIN.md §3):
 * what it builds, what it costs line by line, where it runs, what data it produces, consumes and
 * collects. This file holds its input shape and the diff between two versions; its life is
 * decisions.ts, its machine checks checks.ts.
 *
 * Money is integer fen (分) everywhere: `unitPrice` and `amount` of a line, envelopes, ceilings,
 * benchmarks. Integers make `quantity × unitPrice = amount` exact (a decimal yuan such as 0.1 has
 * no exact binary form, so 3 × 0.1 ≠ 0.3), make sums and shares deterministic, and are safe as
 * JavaScript numbers up to ¥90 trillion. A route or page shows yuan with formatYuan.
 * Quantities are whole numbers: a half person-month is entered in a smaller unit (人天).
 */

export const PROJECT_KINDS = ['new', 'upgrade', 'operations'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export const BUDGET_CATEGORIES = ['hardware', 'software', 'services', 'cloud', 'operations'] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

/** 政务外网, 政务内网 (涉密 networks are out of the platform's scope), 互联网. */
export const NETWORKS = ['政务外网', '政务内网', '互联网'] as const;
export type Network = (typeof NETWORKS)[number];

export const ATTACHMENT_KINDS = ['feasibility-study', 'crypto-plan', 'design', 'quotation', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** ¥1,000,000,000 (in fen): no municipal e-government line or project comes near it; above it is a typing error. */
export const MAX_AMOUNT_FEN = 100_000_000_000;
export const MAX_QUANTITY = 1_000_000;
export const BUDGET_LINES_MAX = 200;
export const FUNCTIONS_MAX = 100;
export const DESCRIPTION_MAX_CHARS = 20_000;
export const ATTACHMENT_MAX_BYTES = 200 * 1024 * 1024;
/** The longest schedule a project may run: five years, a 规划 period. */
export const SCHEDULE_MAX_DAYS = 5 * 366;

/** An amount of money in fen: a whole, positive number no larger than MAX_AMOUNT_FEN. */
export const fenSchema = z
  .number({ error: 'must be a number of fen (分)' })
  .int('must be a whole number of fen (分): ¥12.34 is 1234')
  .positive('must be more than zero')
  .max(MAX_AMOUNT_FEN, `must be at most ${MAX_AMOUNT_FEN} fen (¥1,000,000,000)`);

const isValidFen = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= MAX_AMOUNT_FEN;
const isValidQuantity = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= MAX_QUANTITY;

export const budgetLineSchema = z
  .strictObject({
    category: z.enum(BUDGET_CATEGORIES, { error: `must be one of ${BUDGET_CATEGORIES.join(', ')}` }),
    item: requiredText(200),
    /** 台, 套, 人月, 年 … */
    unit: requiredText(20).optional(),
    quantity: z
      .number({ error: 'must be a number' })
      .int('must be a whole number (use a smaller unit, e.g. 人天 for half a 人月)')
      .positive('must be more than zero')
      .max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`),
    unitPrice: fenSchema,
    amount: fenSchema,
    /** Why the government cloud cannot provide this (cloud first, checks.ts). */
    justification: requiredText(2000).optional(),
  })
  .superRefine((line, ctx) => {
    // Zod runs this even when a field failed its own check: only whole, valid figures are multiplied.
    if (![line.unitPrice, line.amount].every(isValidFen) || !isValidQuantity(line.quantity)) return;
    const product = line.quantity * line.unitPrice;
    if (product > MAX_AMOUNT_FEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `quantity × unitPrice is ${product} fen, more than the ${MAX_AMOUNT_FEN} fen a line may hold`,
      });
    } else if (product !== line.amount) {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `must be quantity × unitPrice = ${line.quantity} × ${line.unitPrice} = ${product} fen, not ${line.amount}`,
      });
    }
  });
export type BudgetLine = z.output<typeof budgetLineSchema>;

const selfBuiltPartSchema = z.strictObject({
  /** e.g. 机房, 服务器, 存储. */
  name: requiredText(200),
  reason: requiredText(2000).optional(),
});

/**
 * Where it runs. A self-built deployment names its self-built parts; its justification may be
 * missing here so that the cloud-first check can fail it with a reason instead of a 400.
 */
export const deploymentSchema = z.discriminatedUnion(
  'mode',
  [
    z.strictObject({ mode: z.literal('government-cloud') }),
    z.strictObject({
      mode: z.literal('self-built'),
      parts: z
        .array(selfBuiltPartSchema)
        .min(1, 'must name the self-built parts')
        .max(50)
        .superRefine(noRepeats((part: { name: string }) => part.name, 'a part')),
      justification: requiredText(5000).optional(),
    }),
  ],
  { error: 'must be { mode: "government-cloud" } or { mode: "self-built", parts, justification }' },
);
export type Deployment = z.output<typeof deploymentSchema>;

const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(
    (day) =>
      !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) &&
      new Date(`${day}T00:00:00Z`).toISOString().startsWith(day),
    'must be a real date',
  );

export const scheduleSchema = z
  .strictObject({
    start: daySchema,
    end: daySchema,
    milestones: z
      .array(z.strictObject({ name: requiredText(200), due: daySchema }))
      .max(50)
      .default([]),
  })
  .superRefine((schedule, ctx) => {
    const start = Date.parse(`${schedule.start}T00:00:00Z`);
    const end = Date.parse(`${schedule.end}T00:00:00Z`);
    if (end < start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must not be before start' });
    else if ((end - start) / 86_400_000 > SCHEDULE_MAX_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be within five years of start' });
    }
    schedule.milestones.forEach((milestone, index) => {
      const due = Date.parse(`${milestone.due}T00:00:00Z`);
      if (due < start || due > end) {
        ctx.addIssue({
          code: 'custom',
          path: ['milestones', index, 'due'],
          message: 'must be within the schedule',
        });
      }
    });
  });

/** A 规划 item code as the e-government office numbers them, e.g. GH-2026-015. */
export const planItemCodeSchema = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'must be a plan item code: upper-case letters, digits and dashes');

export const projectAttachmentSchema = z.strictObject({
  name: requiredText(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lower-case hex'),
  size: z
    .number()
    .int('must be a whole number of bytes')
    .min(1, 'must not be empty')
    .max(ATTACHMENT_MAX_BYTES, `must be at most ${ATTACHMENT_MAX_BYTES} bytes`),
  kind: z.enum(ATTACHMENT_KINDS, { error: `must be one of ${ATTACHMENT_KINDS.join(', ')}` }).default('other'),
});
export type ProjectAttachment = z.output<typeof projectAttachmentSchema>;

const resourceCodes = z
  .array(resourceCodeSchema)
  .max(200)
  .superRefine(noRepeats((code: string) => code, 'a resource code'))
  .default([]);

export const projectInputSchema = z
  .strictObject({
    name: requiredText(200),
    kind: z.enum(PROJECT_KINDS, { error: `must be one of ${PROJECT_KINDS.join(', ')}` }),
    description: requiredText(DESCRIPTION_MAX_CHARS),
    functions: z
      .array(requiredText(500))
      .min(1, 'must name at least one function')
      .max(FUNCTIONS_MAX)
      .superRefine(noRepeats((f: string) => f, 'a function')),
    budgetLines: z.array(budgetLineSchema).min(1, 'must have at least one budget line').max(BUDGET_LINES_MAX),
    /** For an upgrade: what the system it upgrades cost (fen), for the upgrade-as-operations rule. */
    originalInvestment: fenSchema.optional(),
    /** For an upgrade or operations: the existing system (信息系统目录 id) it works on. */
    existingSystem: requiredText(100).optional(),
    deployment: deploymentSchema,
    network: z.enum(NETWORKS, { error: `must be one of ${NETWORKS.join(' ')}` }),
    /** 等保 (GB/T 22239) protection level. */
    securityLevel: z
      .number({ error: 'must be 1, 2, 3 or 4' })
      .int('must be 1, 2, 3 or 4')
      .min(1, 'must be 1, 2, 3 or 4')
      .max(4, 'must be 1, 2, 3 or 4'),
    schedule: scheduleSchema,
    planItem: planItemCodeSchema,
    produces: resourceCodes,
    consumes: resourceCodes,
    /** Data items the project plans to collect from people or companies, e.g. 身份证号, 姓名, 企业名称. */
    collects: z
      .array(requiredText(50))
      .max(200)
      .superRefine(noRepeats((item: string) => item, 'a data item'))
      .default([]),
    attachments: z
      .array(projectAttachmentSchema)
      .max(50)
      .superRefine(noRepeats((a: { name: string }) => a.name, 'an attachment name'))
      .default([]),
  })
  .superRefine((input, ctx) => {
    if (!Array.isArray(input.budgetLines) || !input.budgetLines.every((line) => isValidFen(line?.amount)))
      return;
    const total = input.budgetLines.reduce((sum, line) => sum + line.amount, 0);
    if (total > MAX_AMOUNT_FEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['budgetLines'],
        message: `must total at most ${MAX_AMOUNT_FEN} fen (¥1,000,000,000), not ${total}`,
      });
    }
    if (input.kind === 'upgrade' && input.originalInvestment === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['originalInvestment'],
        message: 'is needed for an upgrade: what the system it upgrades cost, in fen',
      });
    }
  });

export type ProjectInput = z.input<typeof projectInputSchema>;
/** A checked submission: one version's content. */
export type ProjectContent = z.output<typeof projectInputSchema>;

export const budgetTotal = (lines: readonly BudgetLine[]): number =>
  lines.reduce((sum, line) => sum + line.amount, 0);

/** The sum of the lines of some categories, in fen. */
export const budgetOf = (lines: readonly BudgetLine[], categories: readonly BudgetCategory[]): number =>
  budgetTotal(lines.filter((line) => categories.includes(line.category)));

export const hasCryptoPlan = (content: ProjectContent): boolean =>
  content.attachments.some((attachment) => attachment.kind === 'crypto-plan');

/** ¥1,234,567.89 from 123456789 fen; the same text on every machine (no locale). */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** A line's identity across versions: its category and item, and which of equal ones it is. */
type LineRef = { index: number; line: BudgetLine };

export interface BudgetLineChange {
  kind: 'added' | 'removed' | 'changed';
  category: BudgetCategory;
  item: string;
  /** Index in the older version (removed and changed lines). */
  fromIndex?: number;
  /** Index in the newer version (added and changed lines). */
  toIndex?: number;
  from?: BudgetLine;
  to?: BudgetLine;
  /** For a changed line: which of its fields differ, e.g. quantity, unitPrice, amount. */
  fields?: string[];
  /** Newer amount minus older (fen): negative when the line shrank or went. */
  delta: number;
}

export interface VersionDiff {
  /** Every field but the budget lines and the description that differs, as the exchange's revision diff gives it. */
  fields: FieldChange[];
  /** The description line by line. */
  description: { linesAdded: number; linesRemoved: number; runs: BodyRun[] };
  budgetLines: BudgetLineChange[];
  budget: { from: number; to: number; delta: number };
}

const lineKey = (line: BudgetLine) => `${line.category}\u0000${line.item}`;
const LINE_FIELDS = ['unit', 'quantity', 'unitPrice', 'amount', 'justification'] as const;

/**
 * Pairs the lines of two versions by category and item (the n-th line of a kind with the n-th),
 * so that a changed price reads as one changed line, not a removed and an added one.
 */
function diffBudgetLines(older: readonly BudgetLine[], newer: readonly BudgetLine[]): BudgetLineChange[] {
  const unmatched = new Map<string, LineRef[]>();
  older.forEach((line, index) => {
    const key = lineKey(line);
    unmatched.set(key, [...(unmatched.get(key) ?? []), { index, line }]);
  });
  const changes: BudgetLineChange[] = [];
  newer.forEach((line, toIndex) => {
    const candidates = unmatched.get(lineKey(line));
    const match = candidates?.shift();
    if (!match) {
      changes.push({
        kind: 'added',
        category: line.category,
        item: line.item,
        toIndex,
        to: line,
        delta: line.amount,
      });
      return;
    }
    const fields = LINE_FIELDS.filter((field) => match.line[field] !== line[field]);
    if (fields.length === 0) return;
    changes.push({
      kind: 'changed',
      category: line.category,
      item: line.item,
      fromIndex: match.index,
      toIndex,
      from: match.line,
      to: line,
      fields,
      delta: line.amount - match.line.amount,
    });
  });
  for (const refs of unmatched.values()) {
    for (const { index, line } of refs) {
      changes.push({
        kind: 'removed',
        category: line.category,
        item: line.item,
        fromIndex: index,
        from: line,
        delta: -line.amount,
      });
    }
  }
  // Added and changed lines in the newer version's order, then the removed ones in the older's.
  return changes;
}

/**
 * What changed from version `a` to version `b` of a project: field by field (compared in canonical
 * form, by the exchange's revision diff), the description line by line, the budget line by line.
 */
export function diffVersions(a: ProjectContent, b: ProjectContent): VersionDiff {
  // The exchange's diff compares every member but `body` field by field and `body` line by line:
  // the description plays the body, and the budget lines are compared here, line by line.
  const asRevision = ({ description, budgetLines: _lines, ...rest }: ProjectContent) =>
    ({ ...rest, body: description }) as unknown as DraftContent;
  const revision = diffContents(asRevision(a), asRevision(b));
  const from = budgetTotal(a.budgetLines);
  const to = budgetTotal(b.budgetLines);
  return {
    fields: revision.fields,
    description: revision.body,
    budgetLines: diffBudgetLines(a.budgetLines, b.budgetLines),
    budget: { from, to, delta: to - from },
  };
}
