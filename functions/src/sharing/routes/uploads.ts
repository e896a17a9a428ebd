import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { codeToPathSegment } from '@govshare/domain/catalogue';
import { ConflictError, ForbiddenError, NotFoundError } from '@govshare/domain/kernel';
import { type Actor, createUploadSchema, type Upload } from '@govshare/domain/sharing';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { encodeQueueBody } from '../../platform/queue-body.ts';
import { sharingFunctions } from '../blueprint.ts';
import { datasetsResponse, startUploadResponse, uploadViewResponse } from '../schemas.ts';
import { actorOf, codeParams, type SharingRouteContext, UPLOAD_URL_SECONDS, uploadParams } from './shared.ts';

const routes = sharingFunctions.sharing.routes;

/** 数据集: starting an upload (a presigned URL), completing it (validated and loaded), its progress and report. */
export function uploadRoutes(deps: SharingRouteContext): RouteDefinition[] {
  const { datasets, catalogue } = deps;
  const requireOwnUpload = async (code: string, uploadId: string, actor: Actor): Promise<Upload> => {
    const upload = await datasets.get(uploadId);
    if (!upload || upload.resourceCode !== code)
      throw new NotFoundError('No upload has this id for this resource');
    if (upload.providerUnit !== actor.unit && !actor.roles.includes('platform-admin')) {
      throw new NotFoundError('No upload has this id for this resource');
    }
    return upload;
  };

  const uploadView = async (upload: Upload, withReport: boolean) => ({
    ...upload,
    ...(withReport && (upload.status === 'loaded' || upload.status === 'rejected')
      ? { rejections: await datasets.report(upload.id) }
      : {}),
  });

  return [
    route(routes.startUpload, {
      response: {
        status: 201,
        description: 'Where to PUT the file, and where to say it is there',
        body: startUploadResponse,
      },
      params: codeParams,
      body: createUploadSchema,
      handle: async ({ params, body, caller }) => {
        const actor = actorOf(caller);
        const resource = await catalogue.getPublishedResource(params.code);
        if (!resource) throw new NotFoundError('No published resource has this code');
        if (resource.providerUnit !== actor.unit) {
          throw new ForbiddenError('Only a catalogue editor of the provider unit may upload its datasets');
        }
        const id = randomUUID();
        const at = new Date().toISOString();
        const upload: Upload = {
          id,
          resourceCode: resource.code,
          resourceVersion: resource.version,
          providerUnit: resource.providerUnit,
          format: body.format,
          encoding: body.encoding,
          objectKey: `uploads/${codeToPathSegment(resource.code)}/${id}.${body.format}`,
          status: 'awaiting-file',
          createdBy: actor.subject,
          createdAt: at,
          updatedAt: at,
          rowsRead: 0,
          rowsLoaded: 0,
          rowsRejected: 0,
        };
        await datasets.create(upload);
        const uploadUrl = await deps.uploadFiles.uploadUrl(upload.objectKey, UPLOAD_URL_SECONDS);
        const location = `/v1/catalogue/resources/${codeToPathSegment(resource.code)}/datasets/uploads/${id}`;
        return {
          status: 201,
          headers: { location },
          body: {
            upload,
            uploadUrl,
            method: 'PUT' as const,
            expiresAt: new Date(Date.now() + UPLOAD_URL_SECONDS * 1000).toISOString(),
            completeUrl: `${location}/complete`,
          },
        };
      },
    }),
    route(routes.completeUpload, {
      response: {
        status: 202,
        description: 'Queued for validation and loading (or already past that)',
        body: uploadViewResponse,
      },
      params: uploadParams,
      handle: async ({ params, caller }) => {
        const actor = actorOf(caller);
        const upload = await requireOwnUpload(params.code, params.uploadId, actor);
        if (upload.status !== 'awaiting-file') return { status: 202, body: await uploadView(upload, false) };
        if (!(await deps.uploadFiles.isUploaded(upload.objectKey))) {
          throw new ConflictError('The file has not been uploaded yet: PUT it to uploadUrl first');
        }
        // Sent before the state change: a retry of this call resends, and the consumer skips finished uploads.
        // In AWS an S3 event notification on the datasets bucket could send the same message instead.
        await deps.sqs.send(
          new SendMessageCommand({
            QueueUrl: deps.config.queues['dataset-ingest'],
            MessageBody: encodeQueueBody({ uploadId: upload.id }),
          }),
        );
        await datasets.markQueued(upload.id, new Date().toISOString());
        const current = (await datasets.get(upload.id)) ?? upload;
        return { status: 202, body: await uploadView(current, false) };
      },
    }),
    route(routes.getUpload, {
      response: {
        status: 200,
        description: 'Its progress and, once finished, its report',
        body: uploadViewResponse,
      },
      params: uploadParams,
      handle: async ({ params, caller }) => {
        const upload = await requireOwnUpload(params.code, params.uploadId, actorOf(caller));
        return { status: 200, body: await uploadView(upload, true) };
      },
    }),
    route(routes.datasets, {
      response: {
        status: 200,
        description: 'The current version, and for the provider every upload',
        body: datasetsResponse,
      },
      params: codeParams,
      handle: async ({ params, caller }) => {
        const actor = actorOf(caller);
        const current = await datasets.current(params.code);
        const resource = await catalogue.getPublishedResource(params.code);
        if (!resource) throw new NotFoundError('No published resource has this code');
        const own = resource.providerUnit === actor.unit || actor.roles.includes('platform-admin');
        return {
          status: 200,
          body: {
            resourceCode: params.code,
            current: current ?? null,
            ...(own ? { uploads: await datasets.listOfResource(params.code) } : {}),
          },
        };
      },
    }),
  ];
}
