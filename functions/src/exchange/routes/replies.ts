import { randomUUID } from 'node:crypto';
import { createDraft, type DraftContent, draftInputSchema } from '@govshare/domain/exchange';
import { ForbiddenError, NotFoundError, ValidationError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { exchangeFunctions } from '../blueprint.ts';
import { checkDraft } from '../draft-checks.ts';
import { replyDeliveryResponse } from '../schemas.ts';
import {
  actorOf,
  documentAuditor,
  documentLocation,
  documentView,
  type ExchangeRouteContext,
  parseAs,
} from './context.ts';
import { refuseIfClassified } from './documents.ts';
import { deliveryParams } from './shapes.ts';

const routes = exchangeFunctions.exchange.routes;

/** The draft's fields; issuing unit and recipient default to the replying unit and the original's sender. */
const replyBody = z.record(z.string(), z.unknown());

/**
 * 答复: a handler (承办人) or drafter of a recipient unit drafts a reply that cites the original
 * (`inReplyTo`: its id and 发文字号). It is an ordinary draft of the replying unit, reviewed, signed
 * and dispatched through the same routes; by default it is issued by the replying unit and
 * addressed to the original's lead issuing unit.
 */
export function replyRoutes(context: ExchangeRouteContext): RouteDefinition[] {
  const { documents, now } = context;
  const auditDocument = documentAuditor(context);

  return [
    route(routes.replyDelivery, {
      response: { status: 201, body: replyDeliveryResponse },
      params: deliveryParams,
      body: replyBody,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        if (actor.unit !== params.unit) {
          throw new ForbiddenError('Only a member of the recipient unit may reply for it');
        }
        const original = await documents.get(params.documentId);
        if (!original || !(await context.deliveries.exists(params.documentId, params.unit))) {
          throw new NotFoundError('Your unit has no delivery of this document');
        }
        if (!original.number) throw new NotFoundError('Your unit has no delivery of this document');
        const withDefaults: Record<string, unknown> = { issuingUnits: [params.unit], ...body };
        if (body.mainRecipients === undefined && body.copyRecipients === undefined) {
          withDefaults.mainRecipients = [original.content.issuingUnits[0]];
        }
        if (body.inReplyTo !== undefined) {
          throw new ValidationError([
            { path: 'body.inReplyTo', message: 'is set from the original document' },
          ]);
        }
        const parsed = parseAs(draftInputSchema, withDefaults, 'body');
        await refuseIfClassified(context, parsed, {
          caller,
          correlationId,
          action: 'exchange.document.reply',
          subject: params.documentId,
        });
        const content: DraftContent = {
          ...parsed,
          inReplyTo: { documentId: original.id, number: original.number.normalised },
        };
        await checkDraft(content, actor.unit, context);
        const transition = createDraft({ id: randomUUID(), content, actor, now: now() });
        const stored = await documents.saveTransition(undefined, transition);
        await auditDocument(stored, {
          action: 'exchange.document.reply',
          caller,
          correlationId,
          items: [`in-reply-to:${original.id}`],
        });
        return {
          status: 201,
          headers: { location: documentLocation(stored.id) },
          body: documentView(stored),
        };
      },
    }),
  ];
}
