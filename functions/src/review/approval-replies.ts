import type { ReviewProject } from '@govshare/domain/review';
import { officialDraftId } from '../exchange/index.ts';

/**
 * The approval reply (批复) of an approved project: drafted by the exchange from a request on the
 * `official-drafts` queue, in the name of the e-government office's reviewer who approved it, from
 * that office to the submitting unit. One document per project version: its id is known before
 * the request is sent, so the project records it in the approval's own transaction.
 */
export const approvalReplySource = (project: Pick<ReviewProject, 'id' | 'projectVersion'>) => ({
  context: 'review',
  ref: `${project.id}/v${project.projectVersion}`,
});

export const approvalReplyDocumentId = (project: Pick<ReviewProject, 'id' | 'projectVersion'>): string =>
  officialDraftId(approvalReplySource(project));

export interface ApprovalReplies {
  /** Sends the request (again: the exchange drafts it once). The project must be approved. */
  request(project: ReviewProject): Promise<{ documentId: string }>;
}
