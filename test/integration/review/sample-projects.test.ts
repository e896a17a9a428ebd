import { approvalReplyDocumentId } from '@govshare/functions/review/approval-replies.ts';
import { SAMPLE_PROJECTS, seedReviewProjects } from '@govshare/functions/review/seed.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * The sample projects `npm start` loads with the sample documents (seed.ts seedReviewProjects),
 * loaded here into a platform started without them, as its loader would, then once more.
 */
let local: TestPlatform;
const tokens: Record<string, string> = {};
const USERS = [
  'egov-reviewer',
  'finance-reviewer',
  'luonan-submitter',
  'fund-control-system',
  'hrss-submitter',
];

beforeAll(async () => {
  local = await startTestPlatform('review-sample-projects');
  for (const user of USERS) tokens[user] = await local.tokenFor(user);
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

const get = (path: string, user: string) => local.request('GET', path, { token: tokens[user] });

describe('the sample projects in flight', () => {
  it('loads each state through the real transitions and checks, and repeats nothing the second time', async () => {
    const lines: string[] = [];
    const first = await seedReviewProjects((line) => lines.push(line));
    expect(first).toEqual({ created: 16, skipped: 0 });

    const worklist = await get('/v1/review/worklist', 'finance-reviewer');
    expect(worklist.json.items.map((item: { projectId: string }) => item.projectId)).toEqual([
      SAMPLE_PROJECTS.awaiting,
    ]);
    const report = await get(`/v1/review/projects/${SAMPLE_PROJECTS.awaiting}/checks`, 'egov-reviewer');
    const duplicate = report.json.results.find(
      (r: { check: string }) => r.check === 'duplicate-construction',
    );
    expect(duplicate.outcome).toBe('fail');
    expect(duplicate.evidence.map((match: { id: string }) => match.id)).toContain('PRJ-2025-004');

    const returned = await get(`/v1/review/projects/${SAMPLE_PROJECTS.returned}`, 'luonan-submitter');
    expect(returned.json).toMatchObject({
      state: 'returned',
      lastReturn: { office: 'finance', comments: [{ item: 'budgetLines.0' }, { item: 'collects' }] },
    });

    const rejected = await get(`/v1/review/projects/${SAMPLE_PROJECTS.rejected}`, 'hrss-submitter');
    expect(rejected.json.state).toBe('rejected');
    const hotline = await get(`/v1/review/projects/${SAMPLE_PROJECTS.rejected}/checks`, 'egov-reviewer');
    const copied = hotline.json.results.find((r: { check: string }) => r.check === 'duplicate-construction');
    expect(copied.outcome).toBe('fail');
    expect(copied.evidence.map((match: { id: string }) => match.id)).toContain('SYS-003');

    const funding = await get(
      `/v1/review/projects/${SAMPLE_PROJECTS.approved}/funding`,
      'fund-control-system',
    );
    expect(funding.json).toMatchObject({ approved: true, approvedAmount: 107_900_000 });
    const replyId = approvalReplyDocumentId({ id: SAMPLE_PROJECTS.approved, projectVersion: 1 });
    const deadline = Date.now() + 30_000;
    let reply = await get(`/v1/exchange/documents/${replyId}`, 'egov-reviewer');
    while (reply.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      reply = await get(`/v1/exchange/documents/${replyId}`, 'egov-reviewer');
    }
    expect(reply.json).toMatchObject({ state: 'draft', content: { type: '批复' } });

    const again = await seedReviewProjects(() => {});
    expect(again).toEqual({ created: 0, skipped: 16 });
    const history = await get(`/v1/review/projects/${SAMPLE_PROJECTS.approved}/history`, 'egov-reviewer');
    expect(history.json.items.map((event: { type: string }) => event.type)).toEqual([
      'drafted',
      'submitted',
      'checked',
      'decided',
      'decided',
      'approved',
    ]);
  }, 90_000);
});
