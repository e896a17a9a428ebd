import { draftInputSchema, markedLevel } from '@govshare/domain/exchange';
import { InvalidTransitionError, UnprocessableError } from '@govshare/domain/kernel';
import {
  approvalReplyContent,
  approvalReplyTitle,
  chineseNumeral,
  formatYuan,
  projectInputSchema,
} from '@govshare/domain/review';
import { describe, expect, it } from 'vitest';
import { cleanSubmission, selfBuiltSubmission } from '../../../functions/src/review/sample-data.ts';
import { approvedProject } from '../../support/approved-project.ts';

const names = {
  '611000109': '商洛市人力资源和社会保障局',
  '611000204': '商洛市电子政务办公室',
  '611000108': '商洛市财政局',
};

const clean = projectInputSchema.parse(cleanSubmission);
// 软件开发 cut by the finance bureau, 数据接口对接服务 by both (the lower stands).
const withCuts = approvedProject({
  input: cleanSubmission,
  egovDecision: {
    outcome: 'approve-with-cuts',
    cuts: [{ line: 2, approvedAmount: 12_000_000, reason: '接口数量按实际对接部门核定为4个' }],
    opinion: '请与人口基础信息库对接时使用共享平台的核验接口',
  },
  financeDecision: {
    outcome: 'approve-with-cuts',
    cuts: [
      { line: 0, approvedAmount: 62_500_000, reason: '工作量按25人月核定' },
      { line: 2, approvedAmount: 10_000_000, reason: '参照同类项目单价' },
    ],
  },
});

describe('the approval reply (批复)', () => {
  const reply = approvalReplyContent(withCuts, { unitNames: names });
  const body = reply.content.body;

  it('goes from the e-government office to the submitting unit, 抄送 the finance bureau, drafted by the egov reviewer', () => {
    expect(reply.drafter).toBe('egov-reviewer');
    expect(reply.content).toMatchObject({
      type: '批复',
      title: '关于商洛市社会保险待遇资格静默认证系统项目的批复',
      issuingUnits: ['611000204'],
      mainRecipients: ['611000109'],
      copyRecipients: ['611000108'],
    });
    expect(draftInputSchema.safeParse(reply.content).success).toBe(true);
    expect(body.startsWith('商洛市人力资源和社会保障局：\n')).toBe(true);
    expect(body).toContain('经商洛市电子政务办公室技术审核、商洛市财政局资金审核，现批复如下：');
    expect(body.endsWith('此复。')).toBe(true);
  });

  it('states the totals, which add up, and every line requested and approved', () => {
    const budget = withCuts.approvedBudget;
    if (!budget) throw new Error('not approved');
    const lines = budget.lines;
    expect(lines.reduce((sum, line) => sum + line.approved, 0)).toBe(budget.approved);
    expect(budget.requested - budget.cut).toBe(budget.approved);
    expect(budget.approved).toBe(
      clean.budgetLines.reduce((s, l) => s + l.amount, 0) - 12_500_000 - 5_000_000,
    );
    expect(body).toContain(
      `申报预算${formatYuan(budget.requested)}，核定预算${formatYuan(budget.approved)}，核减${formatYuan(budget.cut)}`,
    );
    clean.budgetLines.forEach((line, index) => {
      const approved = lines[index]?.approved ?? 0;
      expect(body).toContain(`${line.item}（`);
      expect(body).toContain(`申报${formatYuan(line.amount)}，核定${formatYuan(approved)}`);
    });
  });

  it('lists each cut with its office and reason, and the conditions of approval', () => {
    expect(body).toContain('三、核减事项及理由：');
    expect(body).toContain(
      `软件开发：申报${formatYuan(75_000_000)}，商洛市财政局核定${formatYuan(62_500_000)}，核减${formatYuan(12_500_000)}。理由：工作量按25人月核定。`,
    );
    expect(body).toContain(
      '商洛市电子政务办公室核定¥120,000.00，核减¥30,000.00。理由：接口数量按实际对接部门核定为4个。',
    );
    expect(body).toContain('理由：参照同类项目单价');
    expect(body).toContain('四、项目实施要求：');
    expect(body).toContain('项目须部署在全市统一的政务云平台');
    expect(body).toContain('301109/000001');
    expect(body).toContain('技术审核意见：请与人口基础信息库对接时使用共享平台的核验接口。');
  });

  it('has no cut section when nothing was cut, and conditions for a self-built deployment', () => {
    const plain = approvalReplyContent(approvedProject({ input: { ...selfBuiltSubmission } }));
    expect(plain.content.body).not.toContain('核减');
    expect(plain.content.body).toContain('三、项目实施要求：');
    expect(plain.content.body).toContain('项目自建部分（机房、服务器、存储）');
    expect(plain.content.body).toContain('密码应用安全性评估');
    // Without names the codes stand in.
    expect(plain.content.body.startsWith('611000109：')).toBe(true);
  });

  it('refuses before sending a name the exchange would read as classified, naming the field', () => {
    const marked = approvedProject({ input: { ...cleanSubmission, name: '机密★档案数字化系统' } });
    expect(markedLevel('关于机密★档案数字化系统项目的批复')).toBe('机密');
    try {
      approvalReplyContent(marked);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnprocessableError);
      expect((error as UnprocessableError).issues[0]?.path).toBe('name');
    }
    // 机密 as an ordinary word is not a marking: the reply goes.
    const word = approvedProject({ input: { ...cleanSubmission, name: '商业秘密保护宣传系统' } });
    expect(approvalReplyContent(word).content.title).toBe('关于商业秘密保护宣传系统项目的批复');
  });

  it('only for an approved project', () => {
    expect(() => approvalReplyContent({ ...withCuts, state: 'in-review' })).toThrow(InvalidTransitionError);
  });

  it('keeps long titles within the exchange limit, and counts in Chinese', () => {
    expect(Array.from(approvalReplyTitle('系'.repeat(200))).length).toBeLessThanOrEqual(200);
    expect([1, 10, 11, 20, 23].map(chineseNumeral)).toEqual(['一', '十', '十一', '二十', '二十三']);
  });
});
