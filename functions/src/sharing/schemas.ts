import { SHARE_TYPES } from '@govshare/domain/catalogue';
import {
  ACCESS_REQUEST_STATUSES,
  type AccessRequest,
  DATASET_ENCODINGS,
  DATASET_FORMATS,
  type Grant,
  UPLOAD_STATUSES,
  type Upload,
} from '@govshare/domain/sharing';
import * as z from 'zod';
import { pageOf } from '../platform/http.ts';

/** Response schemas of the sharing routes (the request schemas are the domain's and routes/shared.ts). */

export const grantSchema = z
  .object({
    id: z.string(),
    resourceCode: z.string(),
    providerUnit: z.string(),
    consumerUnit: z.string(),
    consumerPrincipal: z.string().optional(),
    items: z.array(z.string()),
    unmaskedItems: z.array(z.string()),
    purpose: z.string(),
    dailyQuota: z.number().int().optional(),
    validFrom: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Grant' }) satisfies z.ZodType<Grant>;

export const accessRequestSchema = z
  .object({
    id: z.string(),
    resourceCode: z.string(),
    resourceVersion: z.number().int(),
    resourceName: z.string(),
    providerUnit: z.string(),
    shareType: z.enum(SHARE_TYPES),
    consumerUnit: z.string(),
    consumerPrincipal: z.string().optional(),
    requestedBy: z.string(),
    purpose: z.string(),
    items: z.array(z.string()),
    until: z.string(),
    legalBasis: z.string(),
    status: z.enum(ACCESS_REQUEST_STATUSES),
    createdAt: z.string(),
    dueAt: z.string().optional(),
    overdue: z.boolean().optional(),
    decidedAt: z.string().optional(),
    decidedBy: z.string().optional(),
    reason: z.string().optional(),
    grantId: z.string().optional(),
    version: z.number().int(),
  })
  .meta({ id: 'AccessRequest' }) satisfies z.ZodType<AccessRequest>;

export const grantListResponse = pageOf(grantSchema);
export const accessRequestListResponse = pageOf(accessRequestSchema);

/** A request and, for an unconditional resource or an approval, the grant it gave. */
export const requestOutcomeResponse = z.object({
  request: accessRequestSchema,
  grant: grantSchema.optional(),
});

export const providerSummaryResponse = z.object({
  providerUnit: z.string(),
  total: z.number().int(),
  pending: z.number().int(),
  overdue: z.number().int(),
  pendingOverdue: z.number().int(),
  approved: z.number().int(),
  refused: z.number().int(),
});

export const uploadSchema = z
  .object({
    id: z.string(),
    resourceCode: z.string(),
    resourceVersion: z.number().int(),
    providerUnit: z.string(),
    format: z.enum(DATASET_FORMATS),
    encoding: z.enum(DATASET_ENCODINGS),
    objectKey: z.string(),
    status: z.enum(UPLOAD_STATUSES),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    rowsRead: z.number().int(),
    rowsLoaded: z.number().int(),
    rowsRejected: z.number().int(),
    fileRejection: z.string().optional(),
    finishedAt: z.string().optional(),
    keyItem: z.string().optional(),
  })
  .meta({ id: 'DatasetUpload' }) satisfies z.ZodType<Upload>;

/** An upload and, once finished, the rows it rejected (the first REJECTED_ROWS_LISTED, by line). */
export const uploadViewResponse = uploadSchema.extend({
  rejections: z.array(z.object({ line: z.number().int(), reason: z.string() })).optional(),
});

export const startUploadResponse = z.object({
  upload: uploadSchema,
  /** Where to PUT the file (presigned, until expiresAt). */
  uploadUrl: z.string(),
  method: z.literal('PUT'),
  expiresAt: z.string(),
  /** Where to POST once the file is there. */
  completeUrl: z.string(),
});

export const datasetsResponse = z.object({
  resourceCode: z.string(),
  /** The version readers get; null before the first accepted upload. */
  current: z.object({ uploadId: z.string(), rows: z.number().int(), loadedAt: z.string() }).nullable(),
  /** The provider's own view: every upload of the resource. */
  uploads: z.array(uploadSchema).optional(),
});
