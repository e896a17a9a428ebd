import { SendMessageCommand } from '@aws-sdk/client-sqs';
import {
  assertMaySignOff,
  type DocumentTransition,
  dispatch,
  type ExchangeActor,
  isLastSignature,
  issuerCodeOf,
  parseDocumentNumber,
  sealedPackageOf,
  sealedPackageSha256,
  sealTransition,
  signOff,
} from '@govshare/domain/exchange';
import { cstDay, ForbiddenError, InvalidTransitionError, UnprocessableError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { encodeQueueBody } from '../../platform/queue-body.ts';
import { exchangeFunctions } from '../blueprint.ts';
import { expandMessage } from '../dispatch-messages.ts';
import type { StoredDocument } from '../document-store.ts';
import { dispatchDocumentResponse, signOffResponse } from '../schemas.ts';
import {
  actorOf,
  auditor,
  documentAuditor,
  documentFacts,
  documentSummary,
  documentView,
  type ExchangeRouteContext,
  readableDocument,
} from './context.ts';
import { documentParams, opinionSchema } from './shapes.ts';

const routes = exchangeFunctions.exchange.routes;

const signOffBody = z.strictObject({ opinion: opinionSchema.optional() });

/** What a sign-off writes with: the document and number stores, the seal keys, the directory. */
export type SignOffDeps = Pick<
  ExchangeRouteContext,
  'documents' | 'numbers' | 'sealKeys' | 'directory' | 'layouts'
>;

/**
 * 签发 by `actor` at `at`, stored: a signature, or for the last one the number of its issuer's
 * year (document-numbers.ts), the 成文日期, the seal of the lead unit over the canonical signed
 * document and the signed state, in ONE transaction. Before it, the document is rendered (版式, PDF
 * and OFD, official-layout.ts: by the layoutrenderer function, waited for) with its number, stored,
 * and its files' digests sealed with the rest; a failed rendering fails the sign-off, which then
 * writes nothing.
 * A sign-off whose condition fails (returned,
 * withdrawn, signed by another meanwhile) writes nothing and uses no number. The route and the
 * sample documents (seed.ts) sign this way.
 */
export async function signDocument(
  deps: SignOffDeps,
  before: StoredDocument,
  actor: ExchangeActor,
  at: Date,
  opinion?: string,
): Promise<StoredDocument> {
  assertMaySignOff(before, actor);
  if (!isLastSignature(before, actor)) {
    return deps.documents.saveTransition(
      before,
      signOff({ document: before, actor, now: at, ...(opinion ? { opinion } : {}) }),
    );
  }
  const lead = before.content.issuingUnits[0] as string;
  const unit = await deps.directory.unit(lead);
  if (!unit) {
    throw new UnprocessableError([
      { path: 'body.issuingUnits.0', message: 'is no longer a unit of the directory' },
    ]);
  }
  const issuer = {
    issuerCode: issuerCodeOf(unit.shortName, before.content.type),
    year: Number(cstDay(at).slice(0, 4)),
  };
  const { key, signing, encrypted, stillCurrent } = await deps.sealKeys.signingKey(lead, at);
  // A key made a moment ago by another instance's first sign-off is valid from its own clock's now.
  const sealedAt = [at.toISOString(), key.validFrom].sort().at(-1) as string;
  let sealed: DocumentTransition | undefined;
  await deps.numbers.assign(issuer, before.id, async (assigned) => {
    const number = parseDocumentNumber(assigned.number);
    const signed = signOff({ document: before, actor, now: at, number, ...(opinion ? { opinion } : {}) });
    const layout = await deps.layouts.render(signed.document, { sealKey: encrypted, sealedAt });
    const rendered = {
      document: { ...signed.document, layout },
      events: signed.events.map((event) =>
        event.type === 'numbered'
          ? {
              ...event,
              details: {
                ...event.details,
                pdfSha256: layout.pdf.sha256,
                ...(layout.ofd ? { ofdSha256: layout.ofd.sha256 } : {}),
              },
            }
          : event,
      ),
    };
    sealed = sealTransition(rendered, signing, sealedAt);
    return [
      ...deps.documents.transitionItems(before, sealed),
      ...deps.layouts.indexItems(sealed.document),
      stillCurrent,
    ];
  });
  return deps.documents.afterTransition(before, sealed as DocumentTransition);
}

/**
 * 签发 and 核发 (signDocument). Dispatch sends the signed document's recipients to be expanded by
 * the dispatch queue.
 */
export function signOffRoutes(context: ExchangeRouteContext): RouteDefinition[] {
  const { documents, now } = context;
  const audit = auditor(context);
  const auditDocument = documentAuditor(context);

  const sendExpansion = (documentId: string) =>
    context.sqs.send(
      new SendMessageCommand({
        QueueUrl: context.config.queues['document-dispatch'],
        MessageBody: encodeQueueBody(expandMessage(documentId)),
      }),
    );

  return [
    route(routes.signOff, {
      response: { status: 200, body: signOffResponse },
      params: documentParams,
      body: signOffBody,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        const before = await readableDocument(context, params.id, actor);
        const stored = await signDocument(context, before, actor, now(), body.opinion);
        await auditDocument(stored, {
          action: 'exchange.document.sign-off',
          caller,
          correlationId,
          unit: actor.unit,
          items: stored.seal ? [`seal-key:${stored.seal.keyId}`] : [],
        });
        return { status: 200, body: documentView(stored) };
      },
    }),

    route(routes.dispatchDocument, {
      response: { status: 200, alsoStatus: [202], body: dispatchDocumentResponse },
      params: documentParams,
      handle: async ({ params, caller, correlationId }) => {
        const actor = actorOf(caller);
        const before = await readableDocument(context, params.id, actor);
        const lead = before.content.issuingUnits[0];
        if (before.state === 'dispatched') {
          if (!actor.roles.includes('clerk') || actor.unit !== lead) {
            throw new ForbiddenError(
              `Only a clerk of the lead issuing unit may dispatch document ${before.id}`,
            );
          }
          // The expansion is recorded by the consumer (an EXPANSION item, or the deliveries it wrote):
          // until then a dispatch whose message was lost is sent again; the consumer writes each
          // delivery on condition that it is new, so a message sent twice does no harm.
          if (await context.deliveries.expansionOf(before.id)) {
            return {
              status: 200,
              body: { document: documentSummary(before), expansion: 'recorded', queued: false },
            };
          }
          await sendExpansion(before.id);
          await audit({
            action: 'exchange.document.dispatch-resend',
            caller,
            correlationId,
            at: now().toISOString(),
            subject: before.id,
            unit: actor.unit,
            items: documentFacts(before),
          });
          return {
            status: 202,
            body: { document: documentSummary(before), expansion: 'pending', queued: true },
          };
        }
        if (before.state !== 'signed' || !before.seal) {
          throw new InvalidTransitionError(
            `Document ${before.id} is ${before.state}: it cannot be dispatched`,
          );
        }
        const sealedSha256 = sealedPackageSha256(sealedPackageOf(before));
        const stored = await documents.saveTransition(
          before,
          dispatch({ document: before, actor, sealedSha256, now: now() }),
        );
        await sendExpansion(stored.id);
        await auditDocument(stored, {
          action: 'exchange.document.dispatch',
          caller,
          correlationId,
          unit: actor.unit,
          items: [`sha256:${sealedSha256}`],
        });
        return {
          status: 202,
          body: { document: documentSummary(stored), expansion: 'pending', queued: true },
        };
      },
    }),
  ];
}
