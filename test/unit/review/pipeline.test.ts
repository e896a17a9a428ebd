import { workingCalendar, workingDaysBetween } from '@govshare/domain/kernel';
import {
  createProject,
  decide,
  decisionInputSchema,
  type Office,
  pipelineReport,
  projectInputSchema,
  type ReviewProject,
} from '@govshare/domain/review';
import { describe, expect, it } from 'vitest';
import {
  cleanSubmission,
  collectsIdNumbersSubmission,
  paraphrasedSubmission,
  selfBuiltSubmission,
} from '../../../functions/src/review/sample-data.ts';
import { approvedProject } from '../../support/approved-project.ts';

// 2026: 国庆 1–8 October off, Sunday 27 September and Saturday 10 October worked (synthetic enough for counting).
const calendar = workingCalendar([
  {
    year: 2026,
    holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08'],
    makeUpWorkdays: ['2026-09-27', '2026-10-10'],
  },
]);
const cst = (day: string, hhmm = '10:00') => new Date(`${day}T${hhmm}:00+08:00`);
const egov = { subject: 'egov-reviewer', unit: '611000204', roles: ['egov-reviewer' as const] };

describe('working days between two instants', () => {
  it('counts the days after the first up to the last, skipping weekends and holidays, counting make-up days', () => {
    expect(workingDaysBetween(cst('2026-11-16'), cst('2026-11-16', '18:00'), calendar)).toBe(0);
    expect(workingDaysBetween(cst('2026-11-16'), cst('2026-11-17'), calendar)).toBe(1);
    // Friday to Monday: one working day.
    expect(workingDaysBetween(cst('2026-11-20'), cst('2026-11-23'), calendar)).toBe(1);
    // 30 September → 12 October: 9 (Fri) and 10 (Sat, worked) and 12 (Mon).
    expect(workingDaysBetween(cst('2026-09-30'), cst('2026-10-12'), calendar)).toBe(3);
    expect(workingDaysBetween(cst('2026-11-20'), cst('2026-11-01'), calendar)).toBe(0);
  });
});

describe('the pipeline report', () => {
  // Approved with a cut: egov after 2 working days, finance after 4 (submitted Monday 16 November).
  const cut = approvedProject({
    id: 'P-CUT',
    input: cleanSubmission,
    at: cst('2026-11-16', '09:00'),
    financeDecision: {
      outcome: 'approve-with-cuts',
      cuts: [{ line: 0, approvedAmount: 62_500_000, reason: '工作量按25人月核定' }],
    },
  });
  const approvedCut: ReviewProject = retime(cut, { egov: cst('2026-11-18'), finance: cst('2026-11-20') });
  const plain = approvedProject({
    id: 'P-PLAIN',
    input: selfBuiltSubmission,
    at: cst('2026-11-16', '09:00'),
  });
  // Waiting for both since Monday 23 November; now is Wednesday 25th.
  const waiting = inReview('P-WAIT', paraphrasedSubmission, cst('2026-11-23'));
  // Returned by egov on Tuesday 24th, finance never decided.
  const returned = returnedBy(
    inReview('P-RET', collectsIdNumbersSubmission, cst('2026-11-23')),
    cst('2026-11-24'),
  );
  const draft = createProject({
    id: 'P-DRAFT',
    content: projectInputSchema.parse({ ...cleanSubmission, name: '草稿项目' }),
    actor: { subject: 'hrss-submitter', unit: '611000109', roles: ['project-submitter'] },
    now: cst('2026-11-24'),
  }).project;

  const report = pipelineReport({
    year: 2026,
    now: cst('2026-11-25', '15:00'),
    calendar,
    entries: [
      { project: approvedCut, duplicateConstruction: 'pass' },
      { project: plain, duplicateConstruction: 'pass' },
      { project: waiting, duplicateConstruction: 'fail' },
      { project: returned, duplicateConstruction: 'warn' },
      { project: draft },
    ],
  });

  it('counts by state, unit, plan item and tier', () => {
    expect(report.total.projects).toBe(5);
    expect(report.total.byState).toMatchObject({
      approved: 2,
      'in-review': 1,
      returned: 1,
      draft: 1,
      rejected: 0,
    });
    expect(report.byUnit.map((g) => [g.key, g.projects])).toEqual([
      ['611000109', 3],
      ['611021109', 2],
    ]);
    expect(report.byPlanItem.map((g) => [g.key, g.projects])).toEqual([
      ['SL-2026-02', 4],
      ['SL-2026-03', 1],
    ]);
    expect(report.byTier.map((g) => [g.key, g.projects])).toEqual([
      ['standard', 4],
      ['unchecked', 1],
    ]);
  });

  it('sets requested against approved, with the cut rate', () => {
    const requested = [approvedCut, plain, waiting, returned, draft]
      .map((p) => p.content.budgetLines.reduce((s, l) => s + l.amount, 0))
      .reduce((a, b) => a + b, 0);
    expect(report.total.requested).toBe(requested);
    expect(report.total.approvedProjects).toBe(2);
    expect(report.total.cut).toBe(12_500_000);
    expect(report.total.requestedOfApproved - report.total.cut).toBe(report.total.approved);
    expect(report.total.cutRatePercent).toBe(
      Math.round((12_500_000 * 1000) / report.total.requestedOfApproved) / 10,
    );
  });

  it('names the duplicates caught, failures first', () => {
    expect(report.duplicates).toMatchObject({ checked: 4, failed: 1, warned: 1 });
    expect(report.duplicates.projects.map((d) => [d.projectId, d.outcome])).toEqual([
      ['P-WAIT', 'fail'],
      ['P-RET', 'warn'],
    ]);
  });

  it('counts the working days each project spent with each office', () => {
    const days = Object.fromEntries(report.officeTime.projects.map((p) => [p.projectId, p]));
    expect(days['P-CUT']?.workingDays).toEqual({ egov: 2, finance: 4 });
    expect(days['P-WAIT']).toMatchObject({
      workingDays: { egov: 2, finance: 2 },
      waitingFor: ['egov', 'finance'],
    });
    expect(days['P-RET']).toMatchObject({ workingDays: { egov: 1, finance: 1 }, waitingFor: [] });
    expect(days['P-DRAFT']).toBeUndefined();
    const egovTime = report.officeTime.offices.find((o) => o.office === 'egov');
    expect(egovTime).toMatchObject({ waiting: 1, maxWorkingDays: 2 });
    expect(egovTime?.totalWorkingDays).toBe(2 + (days['P-PLAIN']?.workingDays.egov ?? 0) + 2 + 1);
  });
});

/** The project with its two current decisions moved to the given instants. */
function retime(project: ReviewProject, at: Partial<Record<Office, Date>>): ReviewProject {
  return {
    ...project,
    decisions: project.decisions.map((d) => ({ ...d, at: (at[d.office] ?? new Date(d.at)).toISOString() })),
  };
}

function inReview(id: string, input: typeof cleanSubmission, submittedAt: Date): ReviewProject {
  const luonan = { subject: 'luonan-submitter', unit: '611021109', roles: ['project-submitter' as const] };
  const approved = approvedProject({ id, input, at: submittedAt, submitter: luonan });
  const version = approved.versions.map((v) => ({ ...v, submittedAt: submittedAt.toISOString() }));
  const { approvedBudget: _budget, ...rest } = approved;
  return { ...rest, state: 'in-review', decisions: [], versions: version };
}

function returnedBy(project: ReviewProject, at: Date): ReviewProject {
  return decide({
    project,
    office: 'egov',
    decision: decisionInputSchema.parse({
      outcome: 'return',
      comments: [{ item: 'collects', comment: '身份证号、姓名请向人口基础信息库申请共享' }],
    }),
    actor: egov,
    now: at,
  }).project;
}
