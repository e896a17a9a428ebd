import type { AuditTrail } from '@govshare/domain/audit';
import { ClassifiedDocumentError, createDraft, type DraftContent } from '@govshare/domain/exchange';
import { ConflictError, DomainError, UnprocessableError } from '@govshare/domain/kernel';
import type { SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import type { Directory } from '../platform/auth.ts';
import type { createLogger } from '../platform/logger.ts';
import { problemType } from '../platform/problem.ts';
import { queueConsumer } from '../platform/queue-consumer.ts';
import type { DocumentStore } from './document-store.ts';
import { checkDraft, type DraftCheckDeps } from './draft-checks.ts';
import { type OfficialDraftSource, officialDraftId, officialDraftRequestSchema } from './index.ts';
import { documentFacts } from './routes/context.ts';

type Logger = ReturnType<typeof createLogger>;

/**
 * The `exchange-drafts` consumer: drafts each document another context asked for on the
 * `official-drafts` queue (index.ts), once, in the named drafter's name, under the id the request
 * carries. The draft is checked as the createDocument route checks one (the domain's draft creation:
 * classification and the drafter's own unit; draft-checks.ts: every unit it names against the
 * directory), then written on condition that no document has that id: a request sent twice drafts
 * one document and succeeds both times.
 *
 * What becomes of a message that cannot be drafted:
 *   a body that is not a request, or a drafter the directory does not know, who is disabled, who may
 *   not draft or is not of the lead issuing unit, a draft the directory or the classification rules
 *   refuse: reported failed, so that it is retried and then kept in the dead-letter queue, with an
 *   error line saying why (the requesting context sees its document never appear);
 *   an id that is not officialDraftId(source): dropped with an error line (a forged or garbled
 *   request, which must not take the id of another source's document).
 */
export interface OfficialDraftDeps {
  documents: Pick<DocumentStore, 'get' | 'saveTransition'>;
  /** Who the drafter is (identity's principalDirectory). */
  principals: Directory;
  /** What the draft's units and attachments are checked against (draft-checks.ts). */
  draftChecks: DraftCheckDeps;
  audit: AuditTrail;
  now: () => Date;
  logger: Logger;
}

/** Why a request cannot be drafted as it stands; retried, then kept in the dead-letter queue. */
export class UndraftableRequestError extends Error {
  override name = 'UndraftableRequestError';
}

export const DRAFTED_ACTION = 'exchange.drafted';

const sourceFacts = (source: OfficialDraftSource) => [
  `source-context:${source.context}`,
  `source-ref:${source.ref}`,
];

export function createOfficialDraftsConsumer(deps: OfficialDraftDeps) {
  const refuse = (messageId: string, reason: string, details: Record<string, unknown>): never => {
    deps.logger.error(`official draft request refused: ${reason}`, { messageId, ...details });
    throw new UndraftableRequestError(`official draft request ${messageId}: ${reason}`);
  };

  const handleRecord = async (request: OfficialDraftRequestMessage, record: SQSRecord) => {
    const { source, documentId } = request;
    const expected = officialDraftId(source);
    if (documentId !== expected) {
      deps.logger.error('official draft request dropped: its id is not the id of its source (forged?)', {
        messageId: record.messageId,
        source,
        documentId,
        expected,
      });
      return;
    }
    const log = { messageId: record.messageId, documentId, source, drafter: request.drafter };
    if (await deps.documents.get(documentId)) {
      deps.logger.info('official draft exists already: nothing drafted', log);
      return;
    }
    const content: DraftContent = request.content;
    const leadUnit = content.issuingUnits[0];
    const drafter = await deps.principals.principalFor(request.drafter);
    if (!drafter || drafter.id !== request.drafter || drafter.kind !== 'person') {
      return refuse(record.messageId, 'the drafter is no user of the directory', log);
    }
    if (drafter.disabled) return refuse(record.messageId, 'the drafter is a disabled user', log);
    if (drafter.unitCode !== leadUnit) {
      return refuse(record.messageId, 'the drafter is not of the lead issuing unit', {
        ...log,
        drafterUnit: drafter.unitCode,
        leadUnit,
      });
    }
    const actor = { subject: drafter.id, unit: drafter.unitCode, roles: drafter.roles };
    const now = deps.now();
    let transition: ReturnType<typeof createDraft>;
    try {
      transition = createDraft({ id: documentId, content, actor, now });
      await checkDraft(content, actor.unit, deps.draftChecks);
    } catch (error) {
      if (error instanceof ClassifiedDocumentError) {
        await deps.audit.record({
          id: `${documentId}:exchange.document.draft:refused`,
          at: now.toISOString(),
          actor: { unit: actor.unit, principal: actor.subject, kind: 'person' },
          action: 'exchange.document.draft',
          providerUnit: actor.unit,
          resourceCode: documentId,
          items: [`classified-by:${error.source}`, ...sourceFacts(source)],
          recordCount: 1,
          subjectHashes: [],
          outcome: 'refused',
          problemType: problemType(error.slug),
          correlationId: documentId,
        });
        return refuse(record.messageId, 'the draft reads as classified', { ...log, rule: error.source });
      }
      // A domain refusal (not a drafter, not of the issuing units, units the directory lacks) stands
      // on every retry; anything else (a read that failed) is retried as it is.
      if (error instanceof DomainError) {
        const issues = error instanceof UnprocessableError ? error.issues : undefined;
        return refuse(record.messageId, `the draft cannot be made: ${error.message}`, {
          ...log,
          ...(issues ? { issues } : {}),
        });
      }
      throw error;
    }
    let stored: Awaited<ReturnType<DocumentStore['saveTransition']>>;
    try {
      stored = await deps.documents.saveTransition(undefined, transition);
    } catch (error) {
      // Drafted meanwhile by the same request delivered twice at once: one document, as asked.
      if (error instanceof ConflictError && (await deps.documents.get(documentId))) {
        deps.logger.info('official draft written meanwhile by another delivery: nothing drafted', log);
        return;
      }
      throw error;
    }
    await deps.audit.record({
      id: `${documentId}:${DRAFTED_ACTION}`,
      at: stored.updatedAt,
      actor: { unit: actor.unit, principal: actor.subject, kind: 'person' },
      action: DRAFTED_ACTION,
      providerUnit: stored.drafterUnit,
      resourceCode: stored.id,
      items: [...documentFacts(stored), ...sourceFacts(source)],
      recordCount: 1,
      subjectHashes: [],
      outcome: 'ok',
      correlationId: documentId,
    });
    deps.logger.info('official draft drafted', log);
  };

  return queueConsumer({
    queue: 'official-drafts',
    schema: officialDraftRequestSchema,
    logger: deps.logger,
    handle: handleRecord,
  });
}

type OfficialDraftRequestMessage = z.output<typeof officialDraftRequestSchema>;
