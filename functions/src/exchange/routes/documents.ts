import { randomUUID } from 'node:crypto';
import {
  assertNotClassified,
  ClassifiedDocumentError,
  createDraft,
  type DraftContent,
  diffContents,
  draftInputSchema,
  reviseDraft,
} from '@govshare/domain/exchange';
import { ForbiddenError, NotFoundError, ValidationError } from '@govshare/domain/kernel';
import * as z from 'zod';
import type { Caller } from '../../platform/auth.ts';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { problemType } from '../../platform/problem.ts';
import { exchangeFunctions } from '../blueprint.ts';
import { DOCUMENT_VIEWS } from '../document-store.ts';
import { checkDraft } from '../draft-checks.ts';
import {
  createDocumentResponse,
  diffRevisionsResponse,
  getDocumentResponse,
  getRevisionResponse,
  listDocumentsResponse,
  listRevisionsResponse,
  reviseDocumentResponse,
} from '../schemas.ts';
import {
  actorOf,
  auditor,
  documentAuditor,
  documentLocation,
  documentSummary,
  documentView,
  type ExchangeRouteContext,
  readableDocument,
  readerOf,
  recipientView,
} from './context.ts';
import { documentIdSchema, documentParams, pageQuery } from './shapes.ts';

const routes = exchangeFunctions.exchange.routes;

const listQuery = z.strictObject({ view: z.enum(DOCUMENT_VIEWS).default('drafts'), ...pageQuery });
const revisionParams = z.strictObject({
  id: documentIdSchema,
  revision: z.coerce.number().int().min(1).max(9999),
});
const diffQuery = z
  .strictObject({
    from: z.coerce.number().int().min(1).max(9999),
    to: z.coerce.number().int().min(1).max(9999),
  })
  .refine((query) => query.from !== query.to, { path: ['to'], message: 'must differ from from' });

/** Drafts (稿) are the sender's: recipients read the document as it was sent, not its earlier revisions. */
const DRAFTS = { recipients: false };

/** A reply's citation is the reply route's to set, from the original: never typed in. */
function refuseTypedCitation(content: DraftContent) {
  if (content.inReplyTo !== undefined) {
    throw new ValidationError([
      { path: 'body.inReplyTo', message: 'is set by the reply route (POST …/deliveries/{id}/{unit}/reply)' },
    ]);
  }
}

/**
 * A classified draft is refused before anything of it is looked up or kept; the audit trail keeps
 * the fact of the refusal (who, when, which rule), nothing of the content.
 */
export async function refuseIfClassified(
  context: ExchangeRouteContext,
  content: DraftContent,
  refusal: { caller: Caller | undefined; correlationId: string; action: string; subject?: string },
) {
  try {
    assertNotClassified(content);
  } catch (error) {
    if (error instanceof ClassifiedDocumentError) {
      await auditor(context)({
        ...refusal,
        at: context.now().toISOString(),
        items: [`classified-by:${error.source}`],
        outcome: 'refused',
        problemType: problemType(error.slug),
      });
    }
    throw error;
  }
}

/** 拟稿 and 修改: drafting, revising, reading a document, its revisions and what changed between them. */
export function documentRoutes(context: ExchangeRouteContext): RouteDefinition[] {
  const { documents, now } = context;
  const auditDocument = documentAuditor(context);

  return [
    route(routes.createDocument, {
      response: { status: 201, body: createDocumentResponse },
      body: draftInputSchema,
      handle: async ({ body, caller, correlationId }) => {
        const actor = actorOf(caller);
        await refuseIfClassified(context, body, { caller, correlationId, action: 'exchange.document.draft' });
        refuseTypedCitation(body);
        await checkDraft(body, actor.unit, context);
        const transition = createDraft({ id: randomUUID(), content: body, actor, now: now() });
        const stored = await documents.saveTransition(undefined, transition);
        await auditDocument(stored, { action: 'exchange.document.draft', caller, correlationId });
        return {
          status: 201,
          headers: { location: documentLocation(stored.id) },
          body: documentView(stored),
        };
      },
    }),

    route(routes.listDocuments, {
      response: { status: 200, body: listDocumentsResponse },
      query: listQuery,
      handle: async ({ query, caller }) => {
        const actor = actorOf(caller);
        if (query.view === 'sign' && !actor.roles.includes('signer')) {
          throw new ForbiddenError('Only a signer sees what waits for the unit’s sign-off');
        }
        const page = await documents.list(query.view, actor, {
          limit: query.limit,
          ...(query.cursor ? { cursor: query.cursor } : {}),
        });
        return {
          status: 200,
          body: {
            view: query.view,
            items: page.items.map(documentSummary),
            ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
          },
        };
      },
    }),

    route(routes.getDocument, {
      response: { status: 200, body: getDocumentResponse },
      params: documentParams,
      handle: async ({ params, caller }) => {
        const { document, as } = await readerOf(context, params.id, actorOf(caller));
        return { status: 200, body: as === 'recipient' ? recipientView(document) : documentView(document) };
      },
    }),

    route(routes.reviseDocument, {
      response: { status: 200, body: reviseDocumentResponse },
      params: documentParams,
      body: draftInputSchema,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        await refuseIfClassified(context, body, {
          caller,
          correlationId,
          action: 'exchange.document.revise',
          subject: params.id,
        });
        const before = await readableDocument(context, params.id, actor, DRAFTS);
        // The citation of a reply stays what the reply route set.
        if (
          body.inReplyTo !== undefined &&
          before.content.inReplyTo?.documentId !== body.inReplyTo.documentId
        ) {
          refuseTypedCitation(body);
        }
        const content: DraftContent = { ...body };
        if (before.content.inReplyTo) content.inReplyTo = before.content.inReplyTo;
        await checkDraft(content, before.drafterUnit, context);
        const transition = reviseDraft({ document: before, content, actor, now: now() });
        const stored = await documents.saveTransition(before, transition);
        await auditDocument(stored, { action: 'exchange.document.revise', caller, correlationId });
        return { status: 200, body: documentView(stored) };
      },
    }),

    route(routes.listRevisions, {
      response: { status: 200, body: listRevisionsResponse },
      params: documentParams,
      handle: async ({ params, caller }) => {
        const document = await readableDocument(context, params.id, actorOf(caller), DRAFTS);
        return {
          status: 200,
          body: { documentId: document.id, current: document.revision, items: document.revisions },
        };
      },
    }),

    route(routes.getRevision, {
      response: { status: 200, body: getRevisionResponse },
      params: revisionParams,
      handle: async ({ params, caller }) => {
        await readableDocument(context, params.id, actorOf(caller), DRAFTS);
        const revision = await documents.revision(params.id, params.revision);
        if (!revision) throw new NotFoundError(`Document ${params.id} has no revision ${params.revision}`);
        return { status: 200, body: { documentId: params.id, ...revision } };
      },
    }),

    route(routes.diffRevisions, {
      response: { status: 200, body: diffRevisionsResponse },
      params: documentParams,
      query: diffQuery,
      handle: async ({ params, query, caller }) => {
        await readableDocument(context, params.id, actorOf(caller), DRAFTS);
        const [from, to] = await Promise.all([
          documents.revision(params.id, query.from),
          documents.revision(params.id, query.to),
        ]);
        if (!from) throw new NotFoundError(`Document ${params.id} has no revision ${query.from}`);
        if (!to) throw new NotFoundError(`Document ${params.id} has no revision ${query.to}`);
        return {
          status: 200,
          body: {
            documentId: params.id,
            from: query.from,
            to: query.to,
            ...diffContents(from.content, to.content),
          },
        };
      },
    }),
  ];
}
