import { ForbiddenError, InvalidTransitionError, type ValidationError } from '@govshare/domain/kernel';
import {
  createProject,
  type DecisionInput,
  decide,
  decisionInputSchema,
  diffVersions,
  editDraft,
  fundingStatusOf,
  type Office,
  officesAwaited,
  type ProjectContent,
  type ReviewActor,
  type ReviewProject,
  recordChecks,
  reviseReturned,
  runMachineChecks,
  submitProject,
  withdrawProject,
} from '@govshare/domain/review';
import { describe, expect, it } from 'vitest';
import { content, projectInput } from './fixtures.ts';

const DEPARTMENT = '611000110';
const at = (hhmm: string) => new Date(`2026-03-10T${hhmm}:00+08:00`);
const submitter: ReviewActor = { subject: 'li-submitter', unit: DEPARTMENT, roles: ['project-submitter'] };
const egov: ReviewActor = { subject: 'egov-rev', unit: '611000000', roles: ['egov-reviewer'] };
const finance: ReviewActor = { subject: 'finance-rev', unit: '611000105', roles: ['finance-reviewer'] };
const leadingGroup: ReviewActor = {
  subject: 'leading-rev',
  unit: '611000001',
  roles: ['leading-group-reviewer'],
};
const reviewers: Record<Office, ReviewActor> = { egov, finance, 'leading-group': leadingGroup };

const checked = (project: ReviewProject): ReviewProject => {
  const report = runMachineChecks({
    projectVersion: project.projectVersion,
    content: project.content,
    planItem: { code: 'GH-2026-015', name: '政务服务提升', state: 'open', envelope: 300_000_000 },
    approvedAgainstPlan: 0,
    catalogue: [{ code: '301/000101', status: 'published' }],
  });
  return recordChecks({ project, report, actor: 'project-checks', now: at('10:00') }).project;
};

function inReview(projectContent: ProjectContent = content()): ReviewProject {
  const { project } = createProject({
    id: 'p-1',
    content: projectContent,
    actor: submitter,
    now: at('09:00'),
  });
  return checked(submitProject({ project, actor: submitter, now: at('09:30') }).project);
}

const decision = (project: ReviewProject, office: Office, input: DecisionInput, hhmm = '11:00') =>
  decide({
    project,
    office,
    decision: decisionInputSchema.parse(input),
    actor: reviewers[office],
    now: at(hhmm),
  });

describe('drafting and submitting', () => {
  it('edits a draft, freezes the submission, and opens review once checked', () => {
    const { project } = createProject({ id: 'p-1', content: content(), actor: submitter, now: at('09:00') });
    const edited = editDraft({
      project,
      content: content({ name: '好差评系统' }),
      actor: submitter,
      now: at('09:10'),
    }).project;
    expect(edited).toMatchObject({ state: 'draft', projectVersion: 1, version: 2 });
    const submitted = submitProject({ project: edited, actor: submitter, now: at('09:30') }).project;
    expect(submitted.state).toBe('submitted');
    expect(() =>
      editDraft({ project: submitted, content: content(), actor: submitter, now: at('09:40') }),
    ).toThrow(InvalidTransitionError);
    const open = checked(submitted);
    expect(open).toMatchObject({
      state: 'in-review',
      checks: { projectVersion: 1, outcome: 'pass', tier: { code: 'standard' } },
    });
  });

  it('records the checks of a version once: a repeated or stale report changes nothing', () => {
    const project = inReview();
    const report = runMachineChecks({
      projectVersion: 1,
      content: project.content,
      planItem: undefined,
      approvedAgainstPlan: 0,
      catalogue: [],
    });
    expect(recordChecks({ project, report, actor: 'project-checks', now: at('12:00') })).toEqual({
      project,
      events: [],
    });
  });

  it('lets only a project submitter file, and only the submitter edit', () => {
    expect(() => createProject({ id: 'p-2', content: content(), actor: egov, now: at('09:00') })).toThrow(
      ForbiddenError,
    );
    const { project } = createProject({ id: 'p-1', content: content(), actor: submitter, now: at('09:00') });
    expect(() =>
      editDraft({ project, content: content(), actor: { ...submitter, subject: 'other' }, now: at('09:10') }),
    ).toThrow(ForbiddenError);
  });
});

describe('the offices decide in parallel', () => {
  it('approves when both approve, with the budget after a cut', () => {
    const project = inReview();
    // Finance cuts 软件开发 (line 0) from ¥1,000,000 to ¥800,000.
    const afterFinance = decision(project, 'finance', {
      outcome: 'approve-with-cuts',
      cuts: [{ line: 0, approvedAmount: 80_000_000, reason: '工作量偏高，按32人月核定' }],
    });
    expect(afterFinance.project.state).toBe('in-review');
    expect(fundingStatusOf(afterFinance.project).approved).toBe(false);
    const { project: approved, events } = decision(
      afterFinance.project,
      'egov',
      { outcome: 'approve', opinion: '同意' },
      '14:00',
    );
    expect(approved.state).toBe('approved');
    expect(events.map((e) => e.type)).toEqual(['decided', 'approved']);
    expect(approved.approvedBudget).toMatchObject({
      requested: 128_800_000,
      approved: 108_800_000,
      cut: 20_000_000,
    });
    expect(approved.approvedBudget?.lines[0]).toEqual({
      line: 0,
      category: 'software',
      item: '软件开发',
      requested: 100_000_000,
      approved: 80_000_000,
      cuts: [{ office: 'finance', approved: 80_000_000, reason: '工作量偏高，按32人月核定' }],
    });
    expect(fundingStatusOf(approved)).toEqual({
      projectId: 'p-1',
      state: 'approved',
      approved: true,
      projectVersion: 1,
      approvedAmount: 108_800_000,
    });
  });

  it('takes the lower amount when both cut the same line', () => {
    let project = inReview();
    project = decision(project, 'finance', {
      outcome: 'approve-with-cuts',
      cuts: [{ line: 0, approvedAmount: 80_000_000, reason: 'a' }],
    }).project;
    project = decision(project, 'egov', {
      outcome: 'approve-with-cuts',
      cuts: [{ line: 0, approvedAmount: 70_000_000, reason: 'b' }],
    }).project;
    expect(project.approvedBudget?.lines[0]?.approved).toBe(70_000_000);
  });

  it('rejects on one rejection, whatever the other decided', () => {
    let project = inReview();
    project = decision(project, 'egov', { outcome: 'approve' }).project;
    const { project: rejected, events } = decision(project, 'finance', {
      outcome: 'reject',
      reason: '与已建系统重复',
    });
    expect(rejected.state).toBe('rejected');
    expect(events.map((e) => e.type)).toEqual(['decided', 'rejected']);
    expect(fundingStatusOf(rejected).approved).toBe(false);
  });

  it('refuses deciding twice, a reviewer of the submitting unit, the wrong role, and a bad cut', () => {
    const project = decision(inReview(), 'egov', { outcome: 'approve' }).project;
    expect(() => decision(project, 'egov', { outcome: 'approve' })).toThrow(InvalidTransitionError);
    const own = { subject: 'own-rev', unit: DEPARTMENT, roles: ['finance-reviewer'] } as ReviewActor;
    expect(() =>
      decide({ project, office: 'finance', decision: { outcome: 'approve' }, actor: own, now: at('12:00') }),
    ).toThrow(ForbiddenError);
    expect(() =>
      decide({ project, office: 'finance', decision: { outcome: 'approve' }, actor: egov, now: at('12:00') }),
    ).toThrow(ForbiddenError);
    const cut = (line: number, approvedAmount: number) => {
      try {
        decision(project, 'finance', {
          outcome: 'approve-with-cuts',
          cuts: [{ line, approvedAmount, reason: 'x' }],
        });
      } catch (error) {
        return (error as ValidationError).issues.map((issue) => issue.path);
      }
      return [];
    };
    expect(cut(9, 1)).toEqual(['body.cuts.0.line']);
    expect(cut(0, 100_000_000)).toEqual(['body.cuts.0.approvedAmount']);
  });

  it('refuses a decision before the machine checks have run', () => {
    const { project } = createProject({ id: 'p-1', content: content(), actor: submitter, now: at('09:00') });
    const submitted = submitProject({ project, actor: submitter, now: at('09:30') }).project;
    expect(() => decision(submitted, 'egov', { outcome: 'approve' })).toThrow(InvalidTransitionError);
  });
});

describe('a return and a resubmission', () => {
  it('keeps the other office’s approval for the next version and shows what changed', () => {
    let project = inReview();
    project = decision(project, 'finance', {
      outcome: 'approve-with-cuts',
      cuts: [{ line: 2, approvedAmount: 10_000_000, reason: '按市场价核减' }],
    }).project;
    const returned = decision(project, 'egov', {
      outcome: 'return',
      comments: [{ item: 'securityLevel', comment: '涉及个人信息，应按三级定级' }],
    }).project;
    expect(returned.state).toBe('returned');
    expect(() => submitProject({ project: returned, actor: submitter, now: at('15:00') })).toThrow(
      InvalidTransitionError,
    );

    const v1 = returned.content;
    const v2content = content({
      securityLevel: 3,
      attachments: [
        ...(projectInput().attachments ?? []),
        { name: '密码应用方案.pdf', sha256: 'c'.repeat(64), size: 4096, kind: 'crypto-plan' },
      ],
    });
    const revised = reviseReturned({
      project: returned,
      content: v2content,
      actor: submitter,
      now: at('16:00'),
    }).project;
    expect(revised).toMatchObject({ state: 'draft', projectVersion: 2 });
    const { project: resubmitted, events } = submitProject({
      project: revised,
      actor: submitter,
      now: at('16:30'),
    });
    expect(events.map((e) => [e.type, e.details?.office])).toEqual([
      ['submitted', undefined],
      ['decision-carried', 'finance'],
    ]);
    expect(diffVersions(v1, resubmitted.content).fields.map((f) => f.field)).toEqual([
      'attachments',
      'securityLevel',
    ]);

    const open = checked(resubmitted);
    expect(() => decision(open, 'finance', { outcome: 'approve' })).toThrow(InvalidTransitionError);
    const approved = decision(open, 'egov', { outcome: 'approve' }, '17:00').project;
    expect(approved.state).toBe('approved');
    expect(approved.approvedBudget).toMatchObject({ approved: 126_800_000, cut: 2_000_000 });
    expect(
      approved.decisions.find((d) => d.office === 'finance' && d.projectVersion === 2)?.carriedFromVersion,
    ).toBe(1);
  });

  it('reopens the other office’s approval when the line it cut changed', () => {
    let project = inReview();
    project = decision(project, 'finance', {
      outcome: 'approve-with-cuts',
      cuts: [{ line: 2, approvedAmount: 10_000_000, reason: '按市场价核减' }],
    }).project;
    project = decision(project, 'egov', {
      outcome: 'return',
      comments: [{ item: 'budgetLines.2', comment: '测评费偏高' }],
    }).project;
    const lines = projectInput().budgetLines.map((line, i) =>
      i === 2 ? { ...line, unitPrice: 11_000_000, amount: 11_000_000 } : line,
    );
    project = reviseReturned({
      project,
      content: content({ budgetLines: lines }),
      actor: submitter,
      now: at('16:00'),
    }).project;
    const { project: resubmitted, events } = submitProject({ project, actor: submitter, now: at('16:30') });
    expect(events[1]).toMatchObject({
      type: 'decision-reopened',
      details: {
        office: 'finance',
        reason: 'the line it cut (等保测评) changed from ¥120,000.00 to ¥110,000.00',
      },
    });
    const open = checked(resubmitted);
    expect(decision(open, 'finance', { outcome: 'approve' }).project.state).toBe('in-review');
  });

  it('refuses resubmitting a project that is not returned, and lets the submitter withdraw', () => {
    const project = inReview();
    expect(() => reviseReturned({ project, content: content(), actor: submitter, now: at('12:00') })).toThrow(
      InvalidTransitionError,
    );
    expect(
      withdrawProject({ project, actor: submitter, reason: '并入市级平台', now: at('12:00') }).project.state,
    ).toBe('withdrawn');
  });
});

describe('the offices a version in review waits for', () => {
  it('waits for both offices once checked, and for neither before', () => {
    const { project } = createProject({ id: 'p-2', content: content(), actor: submitter, now: at('09:00') });
    expect(officesAwaited(project)).toEqual([]);
    expect(officesAwaited(inReview())).toEqual(['egov', 'finance']);
  });

  it('stops waiting for an office once it decided, and for both once the project is closed', () => {
    const egovApproved = decision(inReview(), 'egov', { outcome: 'approve' }).project;
    expect(officesAwaited(egovApproved)).toEqual(['finance']);
    const approved = decision(egovApproved, 'finance', { outcome: 'approve' }, '12:00').project;
    expect(officesAwaited(approved)).toEqual([]);
  });
});
