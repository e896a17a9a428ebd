import { projectAttachmentSchema } from '@govshare/domain/review';
import * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import type { UploadLayout } from '../../platform/uploads.ts';
import { reviewFunctions } from '../blueprint.ts';
import { completeProjectAttachmentResponse, createProjectAttachmentResponse } from '../schemas.ts';
import {
  attachmentContentKey,
  attachmentContentObjectKey,
  attachmentKey,
  attachmentUploadObjectKey,
} from '../table-keys.ts';
import { actorOf, type ReviewRouteContext } from './context.ts';

const routes = reviewFunctions.review.routes;

/** Where review keeps its attachment uploads: the `review` table and `projects/…` in the documents bucket. */
export const reviewUploadLayout: UploadLayout = {
  uploadKey: attachmentKey,
  contentKey: attachmentContentKey,
  uploadObjectKey: attachmentUploadObjectKey,
  contentObjectKey: attachmentContentObjectKey,
};

const uploadParams = z.strictObject({ id: z.uuid('is not an upload id') });
/** What the uploader declares: the attachment as a project names it, but its kind (the project says it). */
const declaredUpload = projectAttachmentSchema.pick({ name: true, sha256: true, size: true });

/**
 * Attachments of a project (feasibility study, 密码应用方案 …): a presigned PUT, then completion,
 * which checks the file against its declared SHA-256 and size (platform/uploads.ts). A project
 * names an attachment by SHA-256 and size: only a completed upload of its unit satisfies it.
 */
export function attachmentRoutes(context: ReviewRouteContext): RouteDefinition[] {
  const { uploads } = context;

  return [
    route(routes.createProjectAttachment, {
      response: { status: 201, body: createProjectAttachmentResponse },
      body: declaredUpload,
      handle: async ({ body, caller }) => {
        const started = await uploads.start(actorOf(caller), body);
        return {
          status: 201,
          body: { ...started, completeUrl: `/v1/review/attachments/${started.upload.id}/complete` },
        };
      },
    }),

    route(routes.completeProjectAttachment, {
      response: { status: 200, body: completeProjectAttachmentResponse },
      params: uploadParams,
      handle: async ({ params, caller }) => {
        const upload = await uploads.own(params.id, actorOf(caller).unit);
        return { status: 200, body: await uploads.complete(upload, 'params.id') };
      },
    }),
  ];
}
