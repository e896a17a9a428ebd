import { ForbiddenError, InvalidTransitionError, workingCalendar } from '@govshare/domain/kernel';
import {
  approvalReplyContent,
  budgetTotal,
  type CheckReport,
  createProject,
  type DecisionInput,
  decide,
  decisionInputSchema,
  type Office,
  officeDaysOf,
  officesAwaited,
  type ProjectContent,
  pipelineYearOf,
  type ReviewActor,
  type ReviewProject,
  recordChecks,
  reviewersOf,
  reviewTierOf,
  reviseReturned,
  submitProject,
  turnsOf,
} from '@govshare/domain/review';
import { describe, expect, it } from 'vitest';
import { content } from './fixtures.ts';

/**
 * Review tiers route a project: above the leading-group threshold (¥5,000,000 in the default rules)
 * the leading group's office decides too, after both offices have approved.
 */
const DEPARTMENT = '611000110';
const at = (day: string, hhmm = '10:00') => new Date(`${day}T${hhmm}:00+08:00`);
const submitter: ReviewActor = { subject: 'li-submitter', unit: DEPARTMENT, roles: ['project-submitter'] };
const reviewers: Record<Office, ReviewActor> = {
  egov: { subject: 'egov-rev', unit: '611000204', roles: ['egov-reviewer'] },
  finance: { subject: 'finance-rev', unit: '611000108', roles: ['finance-reviewer'] },
  'leading-group': { subject: 'leading-rev', unit: '611000001', roles: ['leading-group-reviewer'] },
};

/** The fixture's submission with 220 人月 of development: ¥5,880,000 in all, above the threshold. */
const large = () =>
  content({
    budgetLines: [
      {
        category: 'software',
        item: '软件开发',
        unit: '人月',
        quantity: 220,
        unitPrice: 2_500_000,
        amount: 550_000_000,
      },
      {
        category: 'cloud',
        item: '云主机',
        unit: '台·年',
        quantity: 6,
        unitPrice: 800_000,
        amount: 4_800_000,
      },
      { category: 'services', item: '等保测评', quantity: 1, unitPrice: 12_000_000, amount: 12_000_000 },
      {
        category: 'operations',
        item: '运维服务',
        unit: '人月',
        quantity: 6,
        unitPrice: 2_000_000,
        amount: 12_000_000,
      },
    ],
  });

const checked = (project: ReviewProject, day = '2026-11-16'): ReviewProject => {
  const report: CheckReport = {
    projectVersion: project.projectVersion,
    outcome: 'pass',
    tier: reviewTierOf(budgetTotal(project.content.budgetLines)),
    handledAs: project.content.kind,
    rules: 'default-2026',
    results: [],
  };
  return recordChecks({ project, report, actor: 'project-checks', now: at(day, '09:05') }).project;
};

function inReview(projectContent: ProjectContent, day = '2026-11-16'): ReviewProject {
  const { project } = createProject({
    id: 'p-1',
    content: projectContent,
    actor: submitter,
    now: at(day, '08:00'),
  });
  return checked(submitProject({ project, actor: submitter, now: at(day, '09:00') }).project, day);
}

const decision = (project: ReviewProject, office: Office, input: DecisionInput, when = at('2026-11-17')) =>
  decide({
    project,
    office,
    decision: decisionInputSchema.parse(input),
    actor: reviewers[office],
    now: when,
  });

const approve: DecisionInput = { outcome: 'approve' };

describe('a project above the leading-group threshold', () => {
  const open = inReview(large());
  const egovCut = decision(open, 'egov', {
    outcome: 'approve-with-cuts',
    cuts: [{ line: 0, approvedAmount: 450_000_000, reason: '开发工作量核减为180人月' }],
  }).project;
  const passed = decision(egovCut, 'finance', approve, at('2026-11-18'));

  it('is decided by both offices first, then the leading group', () => {
    expect(open.checks?.tier.code).toBe('leading-group');
    expect(reviewersOf(open)).toEqual(['egov', 'finance', 'leading-group']);
    expect(turnsOf(open)).toEqual({ now: ['egov', 'finance'], later: ['leading-group'] });
    expect(() => decision(open, 'leading-group', approve)).toThrow(InvalidTransitionError);
    expect(() => decision(egovCut, 'leading-group', approve)).toThrow(
      /after the finance office has approved/,
    );
  });

  it('is not approved when both offices approved: the leading group’s turn opens', () => {
    expect(passed.project).toMatchObject({ state: 'in-review' });
    expect(passed.project.approvedBudget).toBeUndefined();
    expect(officesAwaited(passed.project)).toEqual(['leading-group']);
    expect(turnsOf(passed.project).later).toEqual([]);
    expect(passed.events.map((e) => [e.type, e.details?.office])).toEqual([
      ['decided', 'finance'],
      ['referred', 'leading-group'],
    ]);
  });

  it('is approved when the leading group approves, each line at the lowest any office left of it', () => {
    const cutAgain = decision(
      passed.project,
      'leading-group',
      {
        outcome: 'approve-with-cuts',
        cuts: [
          { line: 0, approvedAmount: 500_000_000, reason: '按200人月核定' },
          { line: 2, approvedAmount: 10_000_000, reason: '测评费用按市场价核定' },
        ],
        opinion: '同意建设，分两期实施',
      },
      at('2026-11-20'),
    );
    expect(cutAgain.project.state).toBe('approved');
    expect(cutAgain.events.map((e) => e.type)).toEqual(['decided', 'approved']);
    const lines = cutAgain.project.approvedBudget?.lines ?? [];
    // egov left 450,000,000 of line 0, the leading group 500,000,000: the lower stands.
    expect(lines.map((l) => l.approved)).toEqual([450_000_000, 4_800_000, 10_000_000, 12_000_000]);
    expect(cutAgain.project.approvedBudget).toMatchObject({ cut: 102_000_000 });
  });

  it('needs the leading group role, and one rejection or return by it closes the review', () => {
    expect(() =>
      decide({
        project: passed.project,
        office: 'leading-group',
        decision: decisionInputSchema.parse(approve),
        actor: reviewers.egov,
        now: at('2026-11-19'),
      }),
    ).toThrow(ForbiddenError);
    const rejected = decision(passed.project, 'leading-group', {
      outcome: 'reject',
      reason: '与全市规划重复',
    });
    expect(rejected.project.state).toBe('rejected');
    const returned = decision(passed.project, 'leading-group', {
      outcome: 'return',
      comments: [{ item: 'schedule', comment: '请分两期实施' }],
    });
    expect(returned.project.state).toBe('returned');
  });

  it('after a return by the leading group, carries both offices’ approvals and waits for it alone', () => {
    const returned = decision(
      passed.project,
      'leading-group',
      { outcome: 'return', comments: [{ item: 'schedule', comment: '请分两期实施' }] },
      at('2026-11-19'),
    ).project;
    const revised = reviseReturned({
      project: returned,
      content: { ...large(), schedule: { ...large().schedule, end: '2027-06-30' } },
      actor: submitter,
      now: at('2026-11-20', '08:00'),
    }).project;
    const again = checked(
      submitProject({ project: revised, actor: submitter, now: at('2026-11-20') }).project,
    );
    expect(again.state).toBe('in-review');
    expect(officesAwaited(again)).toEqual(['leading-group']);
    const approved = decision(again, 'leading-group', approve, at('2026-11-23')).project;
    expect(approved.state).toBe('approved');
    expect(approved.approvedBudget?.approved).toBe(578_800_000 - 100_000_000);
  });

  it('counts the leading group’s working days from the later of the two offices’ approvals', () => {
    const calendar = workingCalendar([{ year: 2026, holidays: [], makeUpWorkdays: [] }]);
    // Submitted Monday 16th; finance approved Wednesday 18th; still waiting on Friday 20th.
    const waiting = officeDaysOf(passed.project, calendar, at('2026-11-20', '15:00'));
    expect(waiting).toEqual({
      workingDays: { egov: 1, finance: 2, 'leading-group': 2 },
      waitingFor: ['leading-group'],
    });
    const early = officeDaysOf(open, calendar, at('2026-11-20', '15:00'));
    expect(early).toEqual({ workingDays: { egov: 4, finance: 4 }, waitingFor: ['egov', 'finance'] });
  });

  it('mentions the leading group’s approval and opinion in the approval reply, copied to its office', () => {
    const approved = decision(
      passed.project,
      'leading-group',
      { outcome: 'approve', opinion: '同意建设，纳入年度重点项目' },
      at('2026-11-20'),
    ).project;
    const reply = approvalReplyContent(approved, {
      unitNames: { '611000001': '商洛市人民政府办公室', '611000204': '商洛市电子政务办公室' },
    });
    expect(reply.content.body).toContain('报商洛市人民政府办公室（信息化领导小组办公室）审定同意');
    expect(reply.content.body).toContain('领导小组审定意见：同意建设，纳入年度重点项目。');
    expect(reply.content.copyRecipients).toEqual(['611000108', '611000001']);
    expect(() => approvalReplyContent(passed.project)).toThrow(InvalidTransitionError);
  });
});

describe('a project below the threshold', () => {
  it('is decided by the two offices alone, as before', () => {
    const open = inReview(content());
    expect(open.checks?.tier.code).toBe('standard');
    expect(turnsOf(open)).toEqual({ now: ['egov', 'finance'], later: [] });
    expect(() => decision(open, 'leading-group', approve)).toThrow(/has no decision to give/);
    const approved = decision(decision(open, 'egov', approve).project, 'finance', approve);
    expect(approved.project.state).toBe('approved');
    expect(approved.events.map((e) => e.type)).toEqual(['decided', 'approved']);
    const reply = approvalReplyContent(approved.project);
    expect(reply.content.body).not.toContain('领导小组');
    expect(reply.content.copyRecipients).toEqual(['611000108']);
  });

  it('reopens the carried approvals when a version falls below the tier the last one needed', () => {
    const passed = decision(decision(inReview(large()), 'egov', approve).project, 'finance', approve).project;
    const returned = decision(passed, 'leading-group', {
      outcome: 'return',
      comments: [{ item: 'budgetLines.0', comment: '请压缩开发规模' }],
    }).project;
    const smaller = reviseReturned({
      project: returned,
      content: content(),
      actor: submitter,
      now: at('2026-11-18'),
    });
    const submitted = submitProject({
      project: smaller.project,
      actor: submitter,
      now: at('2026-11-18', '11:00'),
    });
    expect(submitted.events.filter((e) => e.type === 'decision-carried')).toHaveLength(2);
    const report: CheckReport = {
      projectVersion: 2,
      outcome: 'pass',
      tier: reviewTierOf(budgetTotal(content().budgetLines)),
      handledAs: 'new',
      rules: 'default-2026',
      results: [],
    };
    const opened = recordChecks({
      project: submitted.project,
      report,
      actor: 'project-checks',
      now: at('2026-11-18', '11:01'),
    });
    expect(opened.project.state).toBe('in-review');
    expect(officesAwaited(opened.project)).toEqual(['egov', 'finance']);
    expect(opened.events.map((e) => [e.type, e.details?.office])).toEqual([
      ['checked', undefined],
      ['decision-reopened', 'egov'],
      ['decision-reopened', 'finance'],
    ]);
  });
});

describe('the pipeline year', () => {
  it('is the China Standard Time year a project was filed in', () => {
    expect(pipelineYearOf(new Date('2026-12-31T16:30:00Z'))).toBe(2027);
    expect(pipelineYearOf(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
  });
});
