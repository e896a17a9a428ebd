import { type ProjectInput, recordChecks, runMachineChecks } from '@govshare/domain/review';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONSUMED,
  PLAN_ITEM,
  PRODUCED,
  projectInput,
  type ReviewPlatform,
  startReviewPlatform,
} from './review-support.ts';

/**
 * Review tiers route a project: above the leading-group threshold of the budget rules (¥5,000,000)
 * the leading group's office (信息化领导小组办公室) decides after the e-government and finance
 * offices; below it nothing changes.
 */
const USERS = [
  'hrss-submitter',
  'egov-reviewer',
  'finance-reviewer',
  'leading-group-reviewer',
  'fund-control-system',
];
const ENVELOPE = 2_000_000_000;
let review: ReviewPlatform;

beforeAll(async () => {
  review = await startReviewPlatform('review-tiers', USERS);
  await review.putPlanItem(PLAN_ITEM, ENVELOPE);
}, 120_000);

afterAll(async () => {
  await review?.stop();
});

/** The clean submission with 220 人月 of development: ¥5,788,000 in all. */
const large = (): ProjectInput => {
  const input = projectInput();
  return {
    ...input,
    name: '商洛市一体化政务服务平台升级项目',
    budgetLines: input.budgetLines.map((line, index) =>
      index === 0 ? { ...line, quantity: 220, amount: 550_000_000 } : line,
    ),
  };
};

/** Submitted and machine-checked (on a plan item large enough for it): in review. */
async function projectInReview(input: ProjectInput): Promise<string> {
  const created = await review.call('POST', '/v1/review/projects', 'hrss-submitter', input);
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const id = created.json.id as string;
  await review.call('POST', `/v1/review/projects/${id}/submit`, 'hrss-submitter');
  const project = await review.store.get(id);
  if (!project) throw new Error(`no project ${id}`);
  const report = runMachineChecks({
    projectVersion: project.projectVersion,
    content: project.content,
    planItem: { code: PLAN_ITEM, name: '政务服务能力提升', state: 'open', envelope: ENVELOPE },
    approvedAgainstPlan: 0,
    catalogue: [
      { code: PRODUCED, status: 'published' },
      { code: CONSUMED, status: 'published' },
    ],
  });
  const transition = recordChecks({ project, report, actor: 'project-checks', now: new Date() });
  await review.store.recordChecks(id, report, transition);
  return id;
}

const decide = (id: string, user: string, body: unknown) =>
  review.call('POST', `/v1/review/projects/${id}/decisions`, user, body);
const worklistOf = async (user: string) =>
  ((await review.call('GET', '/v1/review/worklist', user)).json.items as { projectId: string }[]).map(
    (item) => item.projectId,
  );
const todosOf = async (id: string) =>
  (await review.items('TODO#'))
    .filter((item) => item.projectId === id)
    .map((item) => item.office)
    .sort();

describe('a project above the leading-group threshold', () => {
  let id = '';

  it('waits for both offices, and tells the leading group comes after them', async () => {
    id = await projectInReview(large());
    const project = await review.call('GET', `/v1/review/projects/${id}`, 'leading-group-reviewer');
    expect(project.status).toBe(200);
    expect(project.json).toMatchObject({
      state: 'in-review',
      checks: { tier: { code: 'leading-group' } },
      reviewers: ['egov', 'finance', 'leading-group'],
      awaiting: ['egov', 'finance'],
      awaitingLater: ['leading-group'],
    });
    expect(await todosOf(id)).toEqual(['egov', 'finance']);
    expect(await worklistOf('leading-group-reviewer')).not.toContain(id);
    const early = await decide(id, 'leading-group-reviewer', { outcome: 'approve' });
    expect(early.status).toBe(409);
  });

  it('is not approved after egov and finance approve: it goes on the leading group’s worklist', async () => {
    const egov = await decide(id, 'egov-reviewer', {
      outcome: 'approve-with-cuts',
      cuts: [{ line: 0, approvedAmount: 450_000_000, reason: '开发工作量核减为180人月' }],
    });
    expect(egov.status, JSON.stringify(egov.json)).toBe(200);
    const finance = await decide(id, 'finance-reviewer', { outcome: 'approve' });
    expect(finance.status, JSON.stringify(finance.json)).toBe(200);
    expect(finance.json).toMatchObject({
      state: 'in-review',
      awaiting: ['leading-group'],
      awaitingLater: [],
    });
    expect(finance.json.reply).toBeUndefined();
    expect(await todosOf(id)).toEqual(['leading-group']);
    const worklist = await review.call('GET', '/v1/review/worklist', 'leading-group-reviewer');
    expect(worklist.json.office).toBe('leading-group');
    const entry = worklist.json.items.find((item: { projectId: string }) => item.projectId === id);
    expect(entry).toMatchObject({ office: 'leading-group', tier: 'leading-group', requested: 578_800_000 });
    const funding = await review.call('GET', `/v1/review/projects/${id}/funding`, 'fund-control-system');
    expect(funding.json).toMatchObject({ approved: false, state: 'in-review' });
  });

  it('is approved, with its reply requested, once the leading group approves', async () => {
    const approved = await decide(id, 'leading-group-reviewer', {
      outcome: 'approve',
      opinion: '同意建设，纳入年度重点项目',
    });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    expect(approved.json).toMatchObject({
      state: 'approved',
      reply: 'requested',
      awaiting: [],
      approvedBudget: { requested: 578_800_000, approved: 478_800_000 },
    });
    expect(await todosOf(id)).toEqual([]);
    expect((await review.planItem(PLAN_ITEM))?.approvedFen).toBe(478_800_000);
    const history = await review.call('GET', `/v1/review/projects/${id}/history`, 'leading-group-reviewer');
    expect(history.json.items.map((e: { type: string }) => e.type)).toEqual([
      'drafted',
      'submitted',
      'checked',
      'decided',
      'decided',
      'referred',
      'decided',
      'approved',
    ]);
    const report = await review.call('GET', '/v1/review/reports/pipeline', 'leading-group-reviewer');
    expect(report.status).toBe(200);
    const days = report.json.officeTime.projects.find((p: { projectId: string }) => p.projectId === id);
    expect(Object.keys(days.workingDays).sort()).toEqual(['egov', 'finance', 'leading-group']);
  });
});

describe('a project below the threshold', () => {
  it('is approved by the two offices; the leading group has no say', async () => {
    const id = await projectInReview(projectInput());
    const project = await review.call('GET', `/v1/review/projects/${id}`, 'egov-reviewer');
    expect(project.json).toMatchObject({
      checks: { tier: { code: 'standard' } },
      reviewers: ['egov', 'finance'],
      awaiting: ['egov', 'finance'],
      awaitingLater: [],
    });
    expect(await worklistOf('leading-group-reviewer')).not.toContain(id);
    expect((await decide(id, 'leading-group-reviewer', { outcome: 'approve' })).status).toBe(409);
    await decide(id, 'egov-reviewer', { outcome: 'approve' });
    const approved = await decide(id, 'finance-reviewer', { outcome: 'approve' });
    expect(approved.json).toMatchObject({ state: 'approved', reply: 'requested' });
    expect(await todosOf(id)).toEqual([]);
  });
});
