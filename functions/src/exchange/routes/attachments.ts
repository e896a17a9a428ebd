import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { attachmentSchema } from '@govshare/domain/exchange';
import { ConflictError, NotFoundError, UnprocessableError } from '@govshare/domain/kernel';
import { z } from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import {
  type AttachmentContent,
  type AttachmentUpload,
  contentObjectKey,
  uploadObjectKey,
} from '../attachment-store.ts';
import { exchangeFunctions } from '../blueprint.ts';
import { actorOf, type ExchangeRouteContext, readableDocument } from './context.ts';
import { documentIdSchema, sha256Schema } from './shapes.ts';

const routes = exchangeFunctions.exchange.routes;

export const ATTACHMENT_URL_SECONDS = 900;
const uploadParams = z.strictObject({ uploadId: z.uuid('is not an upload id') });
const attachmentParams = z.strictObject({ id: documentIdSchema, sha256: sha256Schema });

/** The SHA-256 and length of a stream, read once. */
async function digestOf(body: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** RFC 6266 / 8187: a Chinese file name survives every browser. */
const contentDisposition = (name: string) =>
  `attachment; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

/**
 * 附件: an upload by presigned PUT to the `documents` bucket, of any size; on completion the file
 * is read through once, its SHA-256 and size compared with what was declared (a mismatch makes the
 * upload unusable: 422), and the checked bytes copied where no upload URL reaches. A draft names
 * attachments by SHA-256 and size, which only such checked uploads of the drafter's unit satisfy.
 */
export function attachmentRoutes(context: ExchangeRouteContext): RouteDefinition[] {
  const { attachments, now } = context;
  const bucket = context.config.buckets.documents;

  const ownUpload = async (id: string, unit: string): Promise<AttachmentUpload> => {
    const upload = await attachments.get(id);
    if (!upload || upload.unit !== unit) throw new NotFoundError('No attachment upload has this id');
    return upload;
  };

  return [
    route(routes.startAttachment, {
      body: attachmentSchema,
      handle: async ({ body, caller }) => {
        const actor = actorOf(caller);
        const id = randomUUID();
        const upload: AttachmentUpload = {
          id,
          unit: actor.unit,
          createdBy: actor.subject,
          name: body.name,
          sha256: body.sha256,
          size: body.size,
          objectKey: uploadObjectKey(id),
          status: 'awaiting-upload',
          createdAt: now().toISOString(),
        };
        await attachments.create(upload);
        const uploadUrl = await getSignedUrl(
          context.presigner,
          new PutObjectCommand({ Bucket: bucket, Key: upload.objectKey }),
          { expiresIn: ATTACHMENT_URL_SECONDS },
        );
        const location = `/v1/exchange/attachments/${id}`;
        return {
          status: 201,
          body: {
            upload,
            uploadUrl,
            method: 'PUT',
            expiresAt: new Date(Date.now() + ATTACHMENT_URL_SECONDS * 1000).toISOString(),
            completeUrl: `${location}/complete`,
          },
        };
      },
    }),

    route(routes.completeAttachment, {
      params: uploadParams,
      handle: async ({ params, caller }) => {
        const upload = await ownUpload(params.uploadId, actorOf(caller).unit);
        if (upload.status === 'complete') return { status: 200, body: upload };
        if (upload.status === 'rejected') {
          throw new UnprocessableError(
            [{ path: 'params.uploadId', message: 'was refused: its file did not match; start a new upload' }],
            'This upload is not usable',
          );
        }
        let object: GetObjectCommandOutput;
        try {
          object = await context.s3.send(new GetObjectCommand({ Bucket: bucket, Key: upload.objectKey }));
        } catch (error) {
          const name = (error as Error).name;
          if (name !== 'NoSuchKey' && name !== 'NotFound') throw error;
          throw new ConflictError('The file has not been uploaded yet: PUT it to uploadUrl first');
        }
        const actual = await digestOf(object.Body as Readable);
        const at = now().toISOString();
        if (actual.sha256 !== upload.sha256 || actual.size !== upload.size) {
          await attachments.reject(upload, actual, at);
          await context.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: upload.objectKey }));
          const issues = [
            ...(actual.sha256 !== upload.sha256
              ? [
                  {
                    path: 'upload.sha256',
                    message: `the file's SHA-256 is ${actual.sha256}, not the declared one`,
                  },
                ]
              : []),
            ...(actual.size !== upload.size
              ? [{ path: 'upload.size', message: `the file is ${actual.size} bytes, not ${upload.size}` }]
              : []),
          ];
          throw new UnprocessableError(
            issues,
            'The uploaded file is not the one declared; the upload is not usable',
          );
        }
        const content: AttachmentContent = {
          unit: upload.unit,
          sha256: upload.sha256,
          size: upload.size,
          objectKey: contentObjectKey(upload.unit, upload.sha256),
          uploadId: upload.id,
          completedAt: at,
        };
        // Only the version that was hashed is copied (a PUT to the upload URL meanwhile fails the copy).
        await context.s3.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: content.objectKey,
            CopySource: `${bucket}/${upload.objectKey}`,
            ...(object.ETag ? { CopySourceIfMatch: object.ETag } : {}),
          }),
        );
        await attachments.complete(upload, content);
        return { status: 200, body: { ...upload, status: 'complete', completedAt: at } };
      },
    }),

    route(routes.getAttachment, {
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
        const url = await getSignedUrl(
          context.presigner,
          new GetObjectCommand({
            Bucket: bucket,
            Key: content.objectKey,
            ResponseContentDisposition: contentDisposition(attachment.name),
          }),
          { expiresIn: ATTACHMENT_URL_SECONDS },
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
