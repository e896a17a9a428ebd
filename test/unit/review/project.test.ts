import { budgetTotal, diffVersions, formatYuan, projectInputSchema } from '@govshare/domain/review';
import { describe, expect, it } from 'vitest';
import { content, issuePaths, projectInput } from './fixtures.ts';

const withLine = (index: number, line: Record<string, unknown>) => {
  const lines: unknown[] = [...projectInput().budgetLines];
  lines[index] = line;
  return projectInput({ budgetLines: lines as never });
};

describe('a project submission', () => {
  it('accepts a clean submission and totals it in fen', () => {
    const parsed = content();
    expect(budgetTotal(parsed.budgetLines)).toBe(128_800_000);
    expect(formatYuan(budgetTotal(parsed.budgetLines))).toBe('¥1,288,000.00');
    expect(parsed.attachments[0]?.kind).toBe('feasibility-study');
  });

  it('names the amount of a line that does not add up', () => {
    // 3 × ¥1,200.00 is ¥3,600.00, not ¥3,500.00.
    const input = withLine(3, {
      category: 'operations',
      item: '运维服务',
      quantity: 3,
      unitPrice: 120_000,
      amount: 350_000,
    });
    expect(issuePaths(input)).toEqual(['body.budgetLines.3.amount']);
    const result = projectInputSchema.safeParse(input);
    expect(result.error?.issues[0]?.message).toBe(
      'must be quantity × unitPrice = 3 × 120000 = 360000 fen, not 350000',
    );
  });

  it.each([
    [
      'negative',
      { quantity: 1, unitPrice: -100, amount: -100 },
      ['body.budgetLines.3.unitPrice', 'body.budgetLines.3.amount'],
    ],
    [
      'zero',
      { quantity: 1, unitPrice: 0, amount: 0 },
      ['body.budgetLines.3.unitPrice', 'body.budgetLines.3.amount'],
    ],
    [
      'decimal yuan instead of fen',
      { quantity: 1, unitPrice: 12.5, amount: 12.5 },
      ['body.budgetLines.3.unitPrice', 'body.budgetLines.3.amount'],
    ],
    [
      'absurd',
      { quantity: 1, unitPrice: 200_000_000_000, amount: 200_000_000_000 },
      ['body.budgetLines.3.unitPrice', 'body.budgetLines.3.amount'],
    ],
    [
      'absurd as a product',
      { quantity: 1_000_000, unitPrice: 10_000_000, amount: 50_000 },
      ['body.budgetLines.3.amount'],
    ],
    ['a fractional quantity', { quantity: 0.5, unitPrice: 100, amount: 50 }, ['body.budgetLines.3.quantity']],
  ])('refuses a %s amount, naming the field', (_label, amounts, paths) => {
    expect(issuePaths(withLine(3, { category: 'operations', item: '运维服务', ...amounts }))).toEqual(paths);
  });

  it('needs the original investment of an upgrade, and a real schedule', () => {
    expect(issuePaths(projectInput({ kind: 'upgrade' }))).toEqual(['body.originalInvestment']);
    expect(issuePaths(projectInput({ schedule: { start: '2026-05-01', end: '2026-04-30' } }))).toEqual([
      'body.schedule.end',
    ]);
    expect(issuePaths(projectInput({ schedule: { start: '2026-02-30', end: '2026-04-30' } }))).toEqual([
      'body.schedule.start',
    ]);
  });

  it('refuses unknown networks, levels, codes and repeats by name', () => {
    expect(
      issuePaths(
        projectInput({
          network: '专网' as never,
          securityLevel: 5,
          produces: ['301-000101'],
          functions: ['评价采集', '评价采集'],
          deployment: { mode: 'self-built', parts: [] },
        }),
      ).sort(),
    ).toEqual([
      'body.deployment.parts',
      'body.functions.1',
      'body.network',
      'body.produces.0',
      'body.securityLevel',
    ]);
  });

  it('keeps a self-built deployment without justification, for cloud first to fail it', () => {
    const parsed = content({ deployment: { mode: 'self-built', parts: [{ name: '机房' }] } });
    expect(parsed.deployment).toEqual({ mode: 'self-built', parts: [{ name: '机房' }] });
  });
});

describe('the diff between two versions', () => {
  it('shows what changed field by field and line by line', () => {
    const v1 = content();
    const lines = [...projectInput().budgetLines];
    lines[0] = { ...lines[0], quantity: 32, amount: 80_000_000 } as (typeof lines)[0];
    lines.splice(1, 1);
    lines.push({
      category: 'services',
      item: '密码应用安全性评估',
      quantity: 1,
      unitPrice: 8_000_000,
      amount: 8_000_000,
    });
    const v2 = content({
      budgetLines: lines,
      functions: ['评价采集', '差评整改督办', '统计分析', '短信提醒'],
      securityLevel: 3,
      description: '建设全市统一的政务服务好差评系统。\n对接省一体化政务服务平台。',
    });
    const diff = diffVersions(v1, v2);
    expect(diff.fields).toEqual([
      {
        field: 'functions',
        from: ['评价采集', '差评整改督办', '统计分析'],
        to: ['评价采集', '差评整改督办', '统计分析', '短信提醒'],
      },
      { field: 'securityLevel', from: 2, to: 3 },
    ]);
    expect(diff.description).toMatchObject({ linesAdded: 1, linesRemoved: 1 });
    expect(
      diff.budgetLines.map(({ kind, item, fromIndex, toIndex, fields, delta }) => ({
        kind,
        item,
        fromIndex,
        toIndex,
        fields,
        delta,
      })),
    ).toEqual([
      {
        kind: 'changed',
        item: '软件开发',
        fromIndex: 0,
        toIndex: 0,
        fields: ['quantity', 'amount'],
        delta: -20_000_000,
      },
      {
        kind: 'added',
        item: '密码应用安全性评估',
        fromIndex: undefined,
        toIndex: 3,
        fields: undefined,
        delta: 8_000_000,
      },
      {
        kind: 'removed',
        item: '云主机',
        fromIndex: 1,
        toIndex: undefined,
        fields: undefined,
        delta: -4_800_000,
      },
    ]);
    expect(diff.budget).toEqual({ from: 128_800_000, to: 112_000_000, delta: -16_800_000 });
  });

  it('finds nothing between a version and itself', () => {
    const diff = diffVersions(content(), content());
    expect(diff.fields).toEqual([]);
    expect(diff.budgetLines).toEqual([]);
    expect(diff.description.linesAdded + diff.description.linesRemoved).toBe(0);
  });
});
