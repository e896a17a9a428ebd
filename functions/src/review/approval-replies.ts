import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { approvalReplyContent, type ReviewProject } from '@govshare/domain/review';
import { type OfficialDraftRequest, officialDraftId, officialDraftRequestSchema } from '../exchange/index.ts';
import type { UnitDirectory } from '../identity/index.ts';
import { encodeQueueBody } from '../platform/queue-body.ts';

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

/**
 * The request the exchange drafts the reply from (the domain's approvalReplyContent). Throws, before
 * anything is sent, what approvalReplyContent throws: InvalidTransitionError for a project that is
 * not approved, UnprocessableError (field `name`) for a reply the exchange would refuse as classified.
 */
export function approvalReplyRequest(
  project: ReviewProject,
  now: Date,
  unitNames: Readonly<Record<string, string>> = {},
): OfficialDraftRequest {
  const { drafter, content } = approvalReplyContent(project, { unitNames });
  const source = approvalReplySource(project);
  return officialDraftRequestSchema.parse({
    source,
    documentId: officialDraftId(source),
    drafter,
    content,
    requestedAt: now.toISOString(),
  });
}

/** The units a reply names: the submitting unit and the two offices' (their full names in its text). */
async function unitNamesOf(project: ReviewProject, directory: Pick<UnitDirectory, 'unit'>) {
  const codes = new Set([project.unit, ...project.decisions.map((decision) => decision.reviewerUnit)]);
  const names: Record<string, string> = {};
  await Promise.all(
    [...codes].map(async (code) => {
      const unit = await directory.unit(code);
      if (unit) names[code] = unit.name;
    }),
  );
  return names;
}

/**
 * Sends the request to the exchange's `official-drafts` queue. With the directory, the reply names
 * units by their full names (商洛市人力资源和社会保障局：…); without it, by their codes.
 */
export function sqsApprovalReplies(
  sqs: SQSClient,
  queueUrl: string,
  directory?: Pick<UnitDirectory, 'unit'>,
  now: () => Date = () => new Date(),
): ApprovalReplies {
  return {
    async request(project) {
      const names = directory ? await unitNamesOf(project, directory) : {};
      const request = approvalReplyRequest(project, now(), names);
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: encodeQueueBody(request) }));
      return { documentId: request.documentId };
    },
  };
}
