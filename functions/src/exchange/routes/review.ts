import {
  approveReview,
  type DocumentTransition,
  returnForRevision,
  reviewStepsSchema,
  submitForReview,
  withdraw,
} from '@govshare/domain/exchange';
import * as z from 'zod';
import type { Caller } from '../../platform/auth.ts';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { exchangeFunctions } from '../blueprint.ts';
import type { StoredDocument } from '../document-store.ts';
import { checkReviewers } from '../draft-checks.ts';
import {
  approveReviewResponse,
  returnReviewResponse,
  submitDocumentResponse,
  withdrawDocumentResponse,
} from '../schemas.ts';
import {
  actorOf,
  documentAuditor,
  documentView,
  type ExchangeRouteContext,
  readableDocument,
} from './context.ts';
import { documentParams, opinionSchema } from './shapes.ts';

const routes = exchangeFunctions.exchange.routes;

const submitBody = z.strictObject({ steps: reviewStepsSchema });
const approveBody = z.strictObject({ opinion: opinionSchema.optional() });
const returnBody = z.strictObject({ comments: opinionSchema.min(1, 'must say what to revise') });
const withdrawBody = z.strictObject({
  reason: z.string().trim().min(1, 'must say why').max(500, 'must be at most 500 characters'),
});

/** 审核 and 会签: submitting to review, approving, returning for revision; withdrawing before dispatch. */
export function reviewRoutes(context: ExchangeRouteContext): RouteDefinition[] {
  const { documents, now } = context;
  const auditDocument = documentAuditor(context);

  /** Reads the document (404 unless the caller may), applies the domain's transition, writes it once. */
  const change =
    (verb: string, apply: (document: StoredDocument, caller: Caller | undefined) => DocumentTransition) =>
    async (id: string, caller: Caller | undefined, correlationId: string) => {
      const before = await readableDocument(context, id, actorOf(caller));
      const stored = await documents.saveTransition(before, apply(before, caller));
      await auditDocument(stored, { action: `exchange.document.${verb}`, caller, correlationId });
      return { status: 200, body: documentView(stored) };
    };

  return [
    route(routes.submitDocument, {
      response: { status: 200, body: submitDocumentResponse },
      params: documentParams,
      body: submitBody,
      handle: async ({ params, body, caller, correlationId }) => {
        await checkReviewers(body.steps, context.directory);
        return change('submit', (document) =>
          submitForReview({ document, steps: body.steps, actor: actorOf(caller), now: now() }),
        )(params.id, caller, correlationId);
      },
    }),
    route(routes.approveReview, {
      response: { status: 200, body: approveReviewResponse },
      params: documentParams,
      body: approveBody,
      handle: ({ params, body, caller, correlationId }) =>
        change('approve', (document) =>
          approveReview({
            document,
            actor: actorOf(caller),
            now: now(),
            ...(body.opinion ? { opinion: body.opinion } : {}),
          }),
        )(params.id, caller, correlationId),
    }),
    route(routes.returnReview, {
      response: { status: 200, body: returnReviewResponse },
      params: documentParams,
      body: returnBody,
      handle: ({ params, body, caller, correlationId }) =>
        change('return', (document) =>
          returnForRevision({ document, actor: actorOf(caller), comments: body.comments, now: now() }),
        )(params.id, caller, correlationId),
    }),
    route(routes.withdrawDocument, {
      response: { status: 200, body: withdrawDocumentResponse },
      params: documentParams,
      body: withdrawBody,
      handle: ({ params, body, caller, correlationId }) =>
        change('withdraw', (document) =>
          withdraw({ document, actor: actorOf(caller), reason: body.reason, now: now() }),
        )(params.id, caller, correlationId),
    }),
  ];
}
