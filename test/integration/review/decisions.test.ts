import { approvalReplyDocumentId } from '@govshare/functions/review/approval-replies.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_ITEM, projectInput, type ReviewPlatform, startReviewPlatform } from './review-support.ts';

const USERS = [
  'hrss-submitter',
  'egov-reviewer',
  'egov-reviewer-2',
  'finance-reviewer',
  'hrss-reviewer',
  'dual-reviewer',
  'fund-control-system',
  'audit-auditor',
];
let review: ReviewPlatform;

beforeAll(async () => {
  review = await startReviewPlatform('review-decisions', USERS);
  await review.putPlanItem(PLAN_ITEM, 500_000_000);
}, 120_000);

afterAll(async () => {
  await review?.stop();
});

const paths = (json: Record<string, unknown>) =>
  ((json.errors as { path: string }[] | undefined) ?? []).map((issue) => issue.path);

/** A project of the human resources bureau, submitted and machine-checked: in review. */
async function projectInReview(input = projectInput()): Promise<string> {
  const created = await review.call('POST', '/v1/review/projects', 'hrss-submitter', input);
  const id = created.json.id as string;
  await review.call('POST', `/v1/review/projects/${id}/submit`, 'hrss-submitter');
  await review.inReview(id);
  return id;
}

const decide = (id: string, user: string, body: unknown) =>
  review.call('POST', `/v1/review/projects/${id}/decisions`, user, body);

describe('both offices approve, one with a cut (核减)', () => {
  let id = '';

  it('lists the project on both offices’ worklists once checked', async () => {
    id = await projectInReview();
    const project = await review.call('GET', `/v1/review/projects/${id}`, 'egov-reviewer');
    expect(project.json).toMatchObject({ state: 'in-review', awaiting: ['egov', 'finance'] });
    for (const user of ['egov-reviewer', 'finance-reviewer']) {
      const worklist = await review.call('GET', '/v1/review/worklist', user);
      expect(worklist.status).toBe(200);
      const entry = worklist.json.items.find((item: { projectId: string }) => item.projectId === id);
      expect(entry).toMatchObject({ projectVersion: 1, requested: 116_800_000, unit: '611000109' });
      expect(typeof entry.waitedWorkingDays).toBe('number');
    }
  });

  it('refuses a reviewer of the submitting unit, a submitter, and a double reviewer who does not say the office', async () => {
    expect((await decide(id, 'hrss-reviewer', { outcome: 'approve' })).status).toBe(403);
    expect((await decide(id, 'hrss-submitter', { outcome: 'approve' })).status).toBe(403);
    const unsaid = await decide(id, 'dual-reviewer', { outcome: 'approve' });
    expect([unsaid.status, paths(unsaid.json)]).toEqual([400, ['body.office']]);
    const badCut = await decide(id, 'egov-reviewer', {
      outcome: 'approve-with-cuts',
      cuts: [{ line: 7, approvedAmount: 1, reason: '无此行' }],
    });
    expect([badCut.status, paths(badCut.json)]).toEqual([400, ['body.cuts.0.line']]);
    const events = await review.call('GET', `/v1/review/projects/${id}/history`, 'egov-reviewer');
    expect(events.json.items.map((e: { type: string }) => e.type)).not.toContain('decided');
  });

  it('keeps the first approval and refuses the same office deciding twice', async () => {
    const cut = await decide(id, 'egov-reviewer', {
      outcome: 'approve-with-cuts',
      cuts: [{ line: 0, approvedAmount: 80_000_000, reason: '开发工作量核减为32人月' }],
      opinion: '同意建设，核减软件开发费用',
    });
    expect(cut.status).toBe(200);
    expect(cut.json).toMatchObject({ state: 'in-review', awaiting: ['finance'] });
    const twice = await decide(id, 'egov-reviewer-2', { outcome: 'approve' });
    expect(twice.status).toBe(409);
    const egovList = await review.call('GET', '/v1/review/worklist', 'egov-reviewer');
    expect(egovList.json.items.map((item: { projectId: string }) => item.projectId)).not.toContain(id);
  });

  it('approves once finance approves: the reply’s id, the plan item’s approved sum, fund control', async () => {
    const funding = `/v1/review/projects/${id}/funding`;
    const before = await review.call('GET', funding, 'fund-control-system');
    expect(before.json).toMatchObject({ approved: false, state: 'in-review' });

    const approved = await decide(id, 'finance-reviewer', { outcome: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({
      state: 'approved',
      replyDocumentId: approvalReplyDocumentId({ id, projectVersion: 1 }),
      approvedBudget: { requested: 116_800_000, approved: 96_800_000, cut: 20_000_000 },
    });
    expect((await review.planItem(PLAN_ITEM))?.approvedFen).toBe(96_800_000);

    const status = await review.call('GET', funding, 'fund-control-system');
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ approved: true, approvedAmount: 96_800_000, projectVersion: 1 });
    expect(status.json.lines.map((line: { approved: number }) => line.approved)).toEqual([
      80_000_000, 4_800_000, 12_000_000,
    ]);
    expect((await review.items(`TODO#`)).filter((item) => item.projectId === id)).toEqual([]);

    const history = await review.call('GET', `/v1/review/projects/${id}/history`, 'audit-auditor');
    expect(history.json.items.map((e: { type: string }) => e.type)).toEqual([
      'drafted',
      'submitted',
      'checked',
      'decided',
      'decided',
      'approved',
    ]);
  });

  it('refuses to ask for the reply of a project that is not approved', async () => {
    const other = await projectInReview();
    const refused = await review.call('POST', `/v1/review/projects/${other}/reply`, 'egov-reviewer');
    expect(refused.status).toBe(409);
  });
});

describe('a return, a revision and a resubmission', () => {
  let id = '';

  it('returns the project with comments, keeping the other office’s approval', async () => {
    id = await projectInReview();
    expect((await decide(id, 'egov-reviewer', { outcome: 'approve' })).status).toBe(200);
    const returned = await decide(id, 'finance-reviewer', {
      outcome: 'return',
      comments: [{ item: 'budgetLines.2', comment: '等保测评费用偏高，请按市场价重新报价' }],
    });
    expect(returned.status).toBe(200);
    expect(returned.json).toMatchObject({
      state: 'returned',
      lastReturn: { office: 'finance', outcome: 'return' },
    });
    const resubmitted = await review.call('POST', `/v1/review/projects/${id}/submit`, 'hrss-submitter');
    expect(resubmitted.status).toBe(409);
  });

  it('refuses to revise a project that is not returned', async () => {
    const draft = await review.call('POST', '/v1/review/projects', 'hrss-submitter', projectInput());
    const refused = await review.call(
      'POST',
      `/v1/review/projects/${draft.json.id}/revise`,
      'hrss-submitter',
      projectInput(),
    );
    expect(refused.status).toBe(409);
  });

  it('makes a new version, shows what changed, and carries the approval that still holds', async () => {
    const input = projectInput();
    const lines = structuredClone(input.budgetLines);
    lines[2] = { ...lines[2], unitPrice: 9_000_000, amount: 9_000_000 } as (typeof lines)[number];
    const revised = await review.call('POST', `/v1/review/projects/${id}/revise`, 'hrss-submitter', {
      ...input,
      budgetLines: lines,
      functions: [...input.functions, '数据共享交换'],
    });
    expect(revised.status).toBe(200);
    expect(revised.json).toMatchObject({ state: 'draft', projectVersion: 2 });

    const submitted = await review.call('POST', `/v1/review/projects/${id}/submit`, 'hrss-submitter');
    expect(submitted.status).toBe(200);
    await review.inReview(id);

    const diff = await review.call('GET', `/v1/review/projects/${id}/diff?from=1&to=2`, 'finance-reviewer');
    expect(diff.status).toBe(200);
    expect(diff.json.budget).toEqual({ from: 116_800_000, to: 113_800_000, delta: -3_000_000 });
    expect(diff.json.budgetLines).toEqual([
      expect.objectContaining({
        kind: 'changed',
        item: '等保测评',
        fields: ['unitPrice', 'amount'],
        delta: -3_000_000,
      }),
    ]);
    expect(diff.json.fields.map((field: { field: string }) => field.field)).toContain('functions');

    const project = await review.call('GET', `/v1/review/projects/${id}`, 'finance-reviewer');
    expect(project.json).toMatchObject({
      state: 'in-review',
      awaiting: ['finance'],
      currentDecisions: { egov: { outcome: 'approve', carriedFromVersion: 1 } },
      lastReturn: { office: 'finance', projectVersion: 1 },
    });
    const versions = await review.call('GET', `/v1/review/projects/${id}/versions`, 'hrss-submitter');
    expect(versions.json.items.map((v: { projectVersion: number }) => v.projectVersion)).toEqual([1, 2]);

    const approved = await decide(id, 'finance-reviewer', { outcome: 'approve' });
    expect(approved.json).toMatchObject({
      state: 'approved',
      replyDocumentId: approvalReplyDocumentId({ id, projectVersion: 2 }),
    });
  });

  it('rejects when either office rejects', async () => {
    const other = await projectInReview();
    const rejected = await decide(other, 'dual-reviewer', {
      office: 'egov',
      outcome: 'reject',
      reason: '与已建系统重复',
    });
    expect([rejected.status, rejected.json.state]).toEqual([200, 'rejected']);
    const funding = await review.call('GET', `/v1/review/projects/${other}/funding`, 'fund-control-system');
    expect(funding.json).toMatchObject({ approved: false, state: 'rejected' });
  });
});
