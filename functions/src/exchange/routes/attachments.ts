import { attachmentSchema } from '@govshare/domain/exchange';
import { NotFoundError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { UPLOAD_URL_SECONDS } from '../../platform/uploads.ts';
import { exchangeFunctions } from '../blueprint.ts';
import { completeAttachmentResponse, getAttachmentResponse, startAttachmentResponse } from '../schemas.ts';
import { actorOf, type ExchangeRouteContext, readableDocument } from './context.ts';
import { documentIdSchema, sha256Schema } from './shapes.ts';

const routes = exchangeFunctions.exchange.routes;

export const ATTACHMENT_URL_SECONDS = UPLOAD_URL_SECONDS;
const uploadParams = z.strictObject({ uploadId: z.uuid('is not an upload id') });
const attachmentParams = z.strictObject({ id: documentIdSchema, sha256: sha256Schema });

/** RFC 6266 / 8187: a Chinese file name survives every browser. */
/**
 * 附件: an upload by presigned PUT to the `documents` bucket, of any size; on completion the file
 * is read through once, its SHA-256 and size compared with what was declared (a mismatch makes the
 * upload unusable: 422), and the checked bytes copied where no upload URL reaches. A draft names
 * attachments by SHA-256 and size, which only such checked uploads of the drafter's unit satisfy.
 */
export function attachmentRoutes(context: ExchangeRouteContext): RouteDefinition[] {
  const { attachments } = context;
  const bucket = context.config.buckets.documents;
  const { uploads } = context;

  return [
    route(routes.startAttachment, {
      response: { status: 201, body: startAttachmentResponse },
      body: attachmentSchema,
      handle: async ({ body, caller }) => {
        const started = await uploads.start(actorOf(caller), body);
        return {
          status: 201,
          body: { ...started, completeUrl: `/v1/exchange/attachments/${started.upload.id}/complete` },
        };
      },
    }),

    route(routes.completeAttachment, {
      response: { status: 200, body: completeAttachmentResponse },
      params: uploadParams,
      handle: async ({ params, caller }) => {
        const upload = await uploads.own(params.uploadId, actorOf(caller).unit);
        return { status: 200, body: await uploads.complete(upload, 'params.uploadId') };
      },
    }),

    route(routes.getAttachment, {
      response: { status: 200, body: getAttachmentResponse },
      params: attachmentParams,
      handle: async ({ params, caller }) => {
        const document = await readableDocument(context, params.id, actorOf(caller));
        const attachment = document.content.attachments.find((a) => a.sha256 === params.sha256);
        if (!attachment)
          throw new NotFoundError(`Document ${document.id} has no attachment with this SHA-256`);
        const content = (await attachments.contents(document.drafterUnit, [attachment.sha256])).get(
          attachment.sha256,
        );
        if (!content) throw new NotFoundError('The attachment’s file is missing');
        const url = await context.downloads.url(
          { bucket, key: content.objectKey },
          { expiresInSeconds: ATTACHMENT_URL_SECONDS, fileName: attachment.name },
        );
        return {
          status: 200,
          body: {
            ...attachment,
            url,
            method: 'GET',
            expiresAt: new Date(Date.now() + ATTACHMENT_URL_SECONDS * 1000).toISOString(),
          },
        };
      },
    }),
  ];
}
