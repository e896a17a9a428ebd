import { randomUUID } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { codeToPathSegment, resourceCodeSegmentSchema } from '@govshare/domain/catalogue';
import { unitCodeSchema } from '@govshare/domain/identity';
import {
  CalendarNotLoadedError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
} from '@govshare/domain/kernel';
import {
  type AccessRequest,
  type Actor,
  approveAccessRequest,
  approveAccessRequestSchema,
  assertMayDecide,
  assertMayRevoke,
  createAccessRequestSchema,
  createUploadSchema,
  type Grant,
  openAccessRequest,
  providerCounts,
  refuseAccessRequest,
  refuseAccessRequestSchema,
  type Upload,
} from '@govshare/domain/sharing';
import { z } from 'zod';
import { type PublishedCatalogue, publishedCatalogue } from '../catalogue/index.ts';
import { principalDirectory, type WorkingCalendarReader, workingCalendarReader } from '../identity/index.ts';
import type { Caller, TokenVerifier } from '../platform/auth.ts';
import { tokenVerifierFor } from '../platform/auth.ts';
import { dynamo, s3, s3ForPresigning, sqs } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { type PlatformConfig, readFunctionConfig } from '../platform/config.ts';
import { httpFunction, route } from '../platform/http.ts';
import { telemetryFor } from '../platform/observability.ts';
import { encodeQueueBody } from '../platform/queue-body.ts';
import { type AccessRequestStore, dynamoAccessRequestStore } from './access-request-store.ts';
import { sharingFunctions } from './blueprint.ts';
import { type DatasetStore, dynamoDatasetStore } from './dataset-store.ts';
import { dynamoGrantStore, type GrantStore, grantsOfConsumerUnit } from './grant-store.ts';
import { readSharingSettings, type SharingSettings } from './settings.ts';

const routes = sharingFunctions.sharing.routes;

const idSchema = z.string().regex(/^[a-z0-9-]{8,64}$/, 'is not an id');
const codeParams = z.strictObject({ code: resourceCodeSegmentSchema });
const requestParams = z.strictObject({ id: idSchema });
const uploadParams = z.strictObject({ code: resourceCodeSegmentSchema, uploadId: idSchema });
const sideQuery = z.strictObject({ as: z.enum(['consumer', 'provider']).default('consumer') });
const unitParams = z.strictObject({ unit: unitCodeSchema });
const UPLOAD_URL_SECONDS = 900;

export interface SharingDeps {
  config: PlatformConfig<'catalogue' | 'identity', 'datasets', 'dataset-ingest'>;
  verifier: TokenVerifier;
  catalogue: Pick<PublishedCatalogue, 'getPublishedResource'>;
  requests: AccessRequestStore;
  grants: GrantStore;
  grantsOfUnit: (unit: string) => Promise<Grant[]>;
  datasets: DatasetStore;
  s3: S3Client;
  /** Signs upload URLs (see s3ForPresigning). */
  presigner: S3Client;
  sqs: SQSClient;
  settings: SharingSettings;
  /** The working-day calendar (identity's), for answer deadlines. */
  calendar: WorkingCalendarReader;
  now?: () => Date;
}

const actorOf = (caller: Caller | undefined): Actor => {
  if (!caller) throw new UnauthorizedError('A bearer token is required');
  return { subject: caller.subject, unit: caller.unit, roles: caller.roles, kind: caller.kind };
};

/** Both sides of a request, and the platform administrator, may read it; nobody else learns it exists. */
const assertMayRead = (request: AccessRequest, actor: Actor) => {
  if (actor.roles.includes('platform-admin')) return;
  if (actor.unit === request.consumerUnit || actor.unit === request.providerUnit) return;
  throw new NotFoundError('No access request has this id');
};

export function createSharingHandler(deps: SharingDeps) {
  const { requests, grants, datasets, catalogue, settings } = deps;
  const now = deps.now ?? (() => platformNow(deps.config.mode));
  const telemetry = telemetryFor('sharing');
  const { logger } = telemetry;

  const requireRequest = async (id: string, actor: Actor) => {
    const request = await requests.get(id);
    if (!request) throw new NotFoundError('No access request has this id');
    assertMayRead(request, actor);
    return request;
  };

  /** An approver of another unit learns the request exists but may not answer it: 403, as the rules say. */
  const requireDecidable = async (id: string, actor: Actor) => {
    const request = await requests.get(id);
    if (!request) throw new NotFoundError('No access request has this id');
    assertMayDecide(request, actor);
    return request;
  };

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

  return httpFunction(
    sharingFunctions.sharing,
    [
      route(routes.requestAccess, {
        params: codeParams,
        body: createAccessRequestSchema,
        handle: async ({ params, body, caller }) => {
          const actor = actorOf(caller);
          const id = randomUUID();
          const resource = await catalogue.getPublishedResource(params.code);
          const at = now();
          // A deadline running past the calendar's last year is refused (503 naming the year), not
          // counted on weekdays alone: a wrong deadline would flag the provider overdue unfairly.
          const outcome = await deps.calendar
            .withCalendar((calendar) =>
              openAccessRequest({
                id,
                resource,
                input: body,
                caller: actor,
                now: at,
                calendar,
                answerWithinWorkingDays: settings.answerWorkingDays,
              }),
            )
            .catch((error: unknown) => {
              if (error instanceof CalendarNotLoadedError) {
                // Every such refusal, so a log alarm sees the administrator's missed year.
                logger.warn('deadline refused: working-day calendar missing a year', {
                  missingYear: error.year,
                });
              }
              throw error;
            });
          await requests.create(outcome);
          const location = `/v1/sharing/requests/${outcome.request.id}`;
          if (outcome.kind === 'refused') {
            // The refusal is recorded (and readable at its location); the answer is a refusal, with its reason.
            throw new ForbiddenError(`${outcome.request.reason}. Refusal recorded as ${location}`);
          }
          return {
            status: 201,
            headers: { location },
            body: {
              request: outcome.request,
              ...(outcome.kind === 'granted' ? { grant: outcome.grant } : {}),
            },
          };
        },
      }),
      route(routes.listRequests, {
        query: sideQuery,
        handle: async ({ query, caller }) => {
          const actor = actorOf(caller);
          const items =
            query.as === 'provider'
              ? await requests.ofProvider(actor.unit)
              : await requests.ofConsumer(actor.unit);
          return { status: 200, body: { items } };
        },
      }),
      route(routes.getRequest, {
        params: requestParams,
        handle: async ({ params, caller }) => ({
          status: 200,
          body: await requireRequest(params.id, actorOf(caller)),
        }),
      }),
      route(routes.approve, {
        params: requestParams,
        body: approveAccessRequestSchema,
        handle: async ({ params, body, caller }) => {
          const actor = actorOf(caller);
          const request = await requireDecidable(params.id, actor);
          const resource = await catalogue.getPublishedResource(request.resourceCode);
          if (!resource) throw new ConflictError(`Resource ${request.resourceCode} is no longer published`);
          const decided = approveAccessRequest({ request, resource, input: body, actor, now: now() });
          await requests.decide(request, decided.request, decided.grant);
          return { status: 200, body: decided };
        },
      }),
      route(routes.refuse, {
        params: requestParams,
        body: refuseAccessRequestSchema,
        handle: async ({ params, body, caller }) => {
          const actor = actorOf(caller);
          const request = await requireDecidable(params.id, actor);
          const refused = refuseAccessRequest({ request, reason: body.reason, actor, now: now() });
          await requests.decide(request, refused);
          return { status: 200, body: { request: refused } };
        },
      }),
      route(routes.providerSummary, {
        params: unitParams,
        handle: async ({ params }) => {
          const all = await requests.ofProvider(params.unit);
          return { status: 200, body: { providerUnit: params.unit, ...providerCounts(all) } };
        },
      }),
      route(routes.listGrants, {
        query: sideQuery,
        handle: async ({ query, caller }) => {
          const actor = actorOf(caller);
          if (query.as === 'consumer')
            return { status: 200, body: { items: await deps.grantsOfUnit(actor.unit) } };
          // Every grant answers a request (unconditional ones too), so the provider's requests find its grants.
          const ids = (await requests.ofProvider(actor.unit)).flatMap((r) => (r.grantId ? [r.grantId] : []));
          return { status: 200, body: { items: await requests.grantsByIds(ids) } };
        },
      }),
      route(routes.getGrant, {
        params: z.strictObject({ id: z.string().regex(/^g-[a-z0-9-]{8,64}$/, 'is not a grant id') }),
        handle: async ({ params, caller }) => {
          const actor = actorOf(caller);
          const grant = await grants.get(params.id);
          const mayRead =
            grant &&
            (actor.roles.includes('platform-admin') ||
              actor.unit === grant.consumerUnit ||
              actor.unit === grant.providerUnit);
          if (!grant || !mayRead) throw new NotFoundError('No grant has this id');
          return { status: 200, body: grant };
        },
      }),
      route(routes.revokeGrant, {
        params: z.strictObject({ id: z.string().regex(/^g-[a-z0-9-]{8,64}$/, 'is not a grant id') }),
        handle: async ({ params, caller }) => {
          const actor = actorOf(caller);
          const grant = await grants.get(params.id);
          if (!grant) throw new NotFoundError('No grant has this id');
          assertMayRevoke(grant, actor);
          return { status: 200, body: await grants.revoke(grant.id, now().toISOString()) };
        },
      }),
      route(routes.startUpload, {
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
          const uploadUrl = await getSignedUrl(
            deps.presigner,
            new PutObjectCommand({ Bucket: deps.config.buckets.datasets, Key: upload.objectKey }),
            { expiresIn: UPLOAD_URL_SECONDS },
          );
          const location = `/v1/catalogue/resources/${codeToPathSegment(resource.code)}/datasets/uploads/${id}`;
          return {
            status: 201,
            headers: { location },
            body: {
              upload,
              uploadUrl,
              method: 'PUT',
              expiresAt: new Date(Date.now() + UPLOAD_URL_SECONDS * 1000).toISOString(),
              completeUrl: `${location}/complete`,
            },
          };
        },
      }),
      route(routes.completeUpload, {
        params: uploadParams,
        handle: async ({ params, caller }) => {
          const actor = actorOf(caller);
          const upload = await requireOwnUpload(params.code, params.uploadId, actor);
          if (upload.status !== 'awaiting-file')
            return { status: 202, body: await uploadView(upload, false) };
          try {
            await deps.s3.send(
              new HeadObjectCommand({ Bucket: deps.config.buckets.datasets, Key: upload.objectKey }),
            );
          } catch (error) {
            const name = (error as Error).name;
            if (name !== 'NotFound' && name !== 'NoSuchKey') throw error;
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
        params: uploadParams,
        handle: async ({ params, caller }) => {
          const upload = await requireOwnUpload(params.code, params.uploadId, actorOf(caller));
          return { status: 200, body: await uploadView(upload, true) };
        },
      }),
      route(routes.datasets, {
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
    ],
    { config: deps.config, verifier: deps.verifier, ...telemetry },
  );
}

// Cold start: configuration validated once; clients built once.
const config = readFunctionConfig(sharingFunctions.sharing);
const settings = readSharingSettings();

export const handler = createSharingHandler({
  config,
  verifier: tokenVerifierFor(config.auth, principalDirectory(dynamo(), config.tables.identity)),
  catalogue: publishedCatalogue(dynamo(), config.tables.catalogue),
  requests: dynamoAccessRequestStore(dynamo(), config.tables.catalogue),
  grants: dynamoGrantStore(dynamo(), config.tables.catalogue),
  grantsOfUnit: (unit) => grantsOfConsumerUnit(dynamo(), config.tables.catalogue, unit),
  datasets: dynamoDatasetStore(dynamo(), config.tables.catalogue),
  s3: s3(),
  presigner: s3ForPresigning(),
  sqs: sqs(),
  settings,
  calendar: workingCalendarReader(dynamo(), config.tables.identity),
});
