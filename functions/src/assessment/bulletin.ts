import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  type AssessmentPeriod,
  bulletinContent,
  bulletinHighlights,
  type RankingEntry,
} from '@govshare/domain/assessment';
import { RECIPIENTS_MAX } from '@govshare/domain/exchange';
import { UnprocessableError } from '@govshare/domain/kernel';
import { type OfficialDraftRequest, officialDraftId, officialDraftRequestSchema } from '../exchange/index.ts';
import type { UnitDirectory } from '../identity/index.ts';
import type { Caller } from '../platform/auth.ts';
import { encodeQueueBody } from '../platform/queue-body.ts';

/**
 * The 通报 of a period, drafted by the exchange from a request on its `official-drafts` queue (the
 * mechanism review's approval replies use, approval-replies.ts): one document per period, its id
 * known before the request is sent, so the freeze records it and a repeated request drafts nothing.
 */
export const bulletinSource = (period: string) => ({ context: 'assessment', ref: `bulletin/${period}` });
export const bulletinDocumentId = (period: string): string => officialDraftId(bulletinSource(period));

/** Units named per peer group, best and slowest. */
export const BULLETIN_NAMES_PER_GROUP = 3;

export interface BulletinRequests {
  /**
   * Sends the request for the period's 通报 from the caller's unit (the e-government office), in
   * the caller's name if they draft, else a drafter of that unit. UnprocessableError (field
   * `drafter`) when the unit has none.
   */
  request(args: {
    period: AssessmentPeriod;
    ranking: readonly RankingEntry[];
    schemeName: string;
    caller: Caller;
  }): Promise<{ documentId: string }>;
}

export function bulletinRequest(args: {
  period: AssessmentPeriod;
  ranking: readonly RankingEntry[];
  schemeName: string;
  issuingUnit: string;
  drafter: string;
  now: Date;
}): OfficialDraftRequest {
  const source = bulletinSource(args.period.key);
  const recipients = [...new Set(args.ranking.map((e) => e.unitCode))]
    .filter((code) => code !== args.issuingUnit)
    .slice(0, RECIPIENTS_MAX);
  return officialDraftRequestSchema.parse({
    source,
    documentId: officialDraftId(source),
    drafter: args.drafter,
    content: bulletinContent({
      period: args.period,
      schemeName: args.schemeName,
      groups: bulletinHighlights(args.ranking, BULLETIN_NAMES_PER_GROUP),
      issuingUnit: args.issuingUnit,
      recipients,
      units: args.ranking.length,
    }),
    requestedAt: args.now.toISOString(),
  });
}

export function sqsBulletins(
  sqs: SQSClient,
  queueUrl: string,
  directory: Pick<UnitDirectory, 'membersOf'>,
  now: () => Date,
): BulletinRequests {
  return {
    async request({ period, ranking, schemeName, caller }) {
      let drafter = caller.roles.includes('drafter') ? caller.subject : undefined;
      if (!drafter) {
        const members = await directory.membersOf(caller.unit);
        drafter = members.find((m) => m.kind === 'person' && !m.disabled && m.roles.includes('drafter'))?.id;
      }
      if (!drafter)
        throw new UnprocessableError([
          {
            path: 'drafter',
            message: `unit ${caller.unit} has no drafter (拟稿人) to draft the 通报 in the name of`,
          },
        ]);
      const request = bulletinRequest({
        period,
        ranking,
        schemeName,
        issuingUnit: caller.unit,
        drafter,
        now: now(),
      });
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: encodeQueueBody(request) }));
      return { documentId: request.documentId };
    },
  };
}
