import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { resourceCodeSegmentSchema } from '@govshare/domain/catalogue';
import { unitCodeSchema } from '@govshare/domain/identity';
import { NotFoundError, UnauthorizedError } from '@govshare/domain/kernel';
import {
  ACCESS_REQUEST_STATUSES,
  type AccessRequest,
  type Actor,
  type Grant,
} from '@govshare/domain/sharing';
import * as z from 'zod';
import type { PublishedCatalogue } from '../../catalogue/index.ts';
import type { WorkingCalendarReader } from '../../identity/index.ts';
import type { Caller, TokenVerifier } from '../../platform/auth.ts';
import type { PlatformConfig } from '../../platform/config.ts';
import type { IdempotencyStore } from '../../platform/idempotency.ts';
import type { AccessRequestStore, Page } from '../access-request-store.ts';
import type { DatasetStore } from '../dataset-store.ts';
import type { DatasetUploadFiles } from '../dataset-upload-files.ts';
import type { GrantStore } from '../grant-store.ts';
import type { SharingSettings } from '../settings.ts';

export const idSchema = z.string().regex(/^[a-z0-9-]{8,64}$/, 'is not an id');
export const codeParams = z.strictObject({ code: resourceCodeSegmentSchema });
export const requestParams = z.strictObject({ id: idSchema });
export const uploadParams = z.strictObject({ code: resourceCodeSegmentSchema, uploadId: idSchema });
const side = z.enum(['consumer', 'provider']).default('consumer');
const pageFields = {
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(2048).optional(),
};
/** A list of the caller's unit, on one side, a page at a time (`nextCursor` back as `cursor`). */
export const grantListQuery = z.strictObject({ as: side, ...pageFields });
export const requestListQuery = z.strictObject({
  as: side,
  status: z.enum(ACCESS_REQUEST_STATUSES).optional(),
  ...pageFields,
});
export const unitParams = z.strictObject({ unit: unitCodeSchema });
export const UPLOAD_URL_SECONDS = 900;

export interface SharingDeps {
  config: PlatformConfig<'catalogue' | 'identity', 'datasets', 'dataset-ingest'>;
  verifier: TokenVerifier;
  catalogue: Pick<PublishedCatalogue, 'getPublishedResource'>;
  requests: AccessRequestStore;
  grants: GrantStore;
  /** One page of the grants a consumer unit holds. */
  grantPageOfUnit: (
    unit: string,
    page: { limit: number; cursor?: string | undefined },
  ) => Promise<Page<Grant>>;
  datasets: DatasetStore;
  /** The datasets bucket as uploads use it (loaded on first use, with the S3 client). */
  uploadFiles: DatasetUploadFiles;
  sqs: SQSClient;
  settings: SharingSettings;
  /** The working-day calendar (identity's), for answer deadlines. */
  calendar: WorkingCalendarReader;
  now?: () => Date;
  /** Where requesting access and starting an upload keep their first answers (Idempotency-Key). */
  idempotency?: IdempotencyStore;
}

/** What every route module of sharing is given: the function's dependencies, its clock and logger. */
export interface SharingRouteContext extends SharingDeps {
  now: () => Date;
  logger: Logger;
}

export const actorOf = (caller: Caller | undefined): Actor => {
  if (!caller) throw new UnauthorizedError('A bearer token is required');
  return { subject: caller.subject, unit: caller.unit, roles: caller.roles, kind: caller.kind };
};

/** Both sides of a request, and the platform administrator, may read it; nobody else learns it exists. */
export const assertMayRead = (request: AccessRequest, actor: Actor) => {
  if (actor.roles.includes('platform-admin')) return;
  if (actor.unit === request.consumerUnit || actor.unit === request.providerUnit) return;
  throw new NotFoundError('No access request has this id');
};
