import type { ProjectInput } from '@govshare/domain/review';
import { approvalReplyDocumentId } from '@govshare/functions/review/approval-replies.ts';
import { cleanSubmission } from '@govshare/functions/review/sample-data.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReviewPlatform, startReviewPlatform } from './review-support.ts';

/**
 * On approval through the review routes, the approval reply (批复) appears among the drafts of the
 * e-government reviewer who approved, in the document exchange; a project whose name the exchange
 * would refuse as classified is approved all the same, and its answer says the reply was not requested.
 */
const USERS = ['hrss-submitter', 'egov-reviewer', 'finance-reviewer'];
let review: ReviewPlatform;

beforeAll(async () => {
  review = await startReviewPlatform('review-approval-reply', USERS);
  await review.putPlanItem(cleanSubmission.planItem, 1_200_000_000);
}, 120_000);

afterAll(async () => {
  await review?.stop();
});

async function approved(input: ProjectInput) {
  const created = await review.call('POST', '/v1/review/projects', 'hrss-submitter', input);
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const id = created.json.id as string;
  await review.call('POST', `/v1/review/projects/${id}/submit`, 'hrss-submitter');
  await review.inReview(id);
  const egov = await review.call('POST', `/v1/review/projects/${id}/decisions`, 'egov-reviewer', {
    outcome: 'approve-with-cuts',
    cuts: [{ line: 0, approvedAmount: 62_500_000, reason: '工作量按25人月核定' }],
  });
  expect(egov.status, JSON.stringify(egov.json)).toBe(200);
  const finance = await review.call('POST', `/v1/review/projects/${id}/decisions`, 'finance-reviewer', {
    outcome: 'approve',
  });
  expect(finance.status, JSON.stringify(finance.json)).toBe(200);
  return finance.json;
}

describe('the approval reply, from the approval', () => {
  it('appears as the egov reviewer’s draft 批复 to the submitting unit', async () => {
    const project = await approved(cleanSubmission);
    expect(project).toMatchObject({ state: 'approved', reply: 'requested' });
    const documentId = approvalReplyDocumentId({ id: project.id, projectVersion: 1 });
    expect(project.replyDocumentId).toBe(documentId);
    const deadline = Date.now() + 30_000;
    // biome-ignore lint/suspicious/noExplicitAny: the document is read loosely; the assertions check its shape
    let document: Record<string, any> | undefined;
    while (!document && Date.now() < deadline) {
      const res = await review.call('GET', `/v1/exchange/documents/${documentId}`, 'egov-reviewer');
      if (res.status === 200) document = res.json;
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(document).toMatchObject({
      state: 'draft',
      drafter: 'egov-reviewer',
      content: {
        type: '批复',
        title: '关于商洛市社会保险待遇资格静默认证系统项目的批复',
        issuingUnits: ['611000204'],
        mainRecipients: ['611000109'],
        copyRecipients: ['611000108'],
      },
    });
    expect(String(document?.content?.body)).toContain('理由：工作量按25人月核定。');
  }, 90_000);

  it('says so when the reply could not be requested (a name the exchange reads as classified)', async () => {
    const project = await approved({ ...cleanSubmission, name: '机密★档案数字化系统' });
    expect(project).toMatchObject({ state: 'approved', reply: 'not-requested' });
  }, 60_000);
});
