import {
  RESOURCE_CATEGORIES,
  RESOURCE_FORMATS,
  registerResourceSchema,
  resourceCodeSegmentSchema,
  resourceMetadataSchema,
  SHARE_TYPES,
  UPDATE_CYCLES,
} from '@govshare/domain/catalogue';
import { unitCodeSchema } from '@govshare/domain/identity';
import * as z from 'zod';

/** Request schemas of the catalogue routes; also the source of the OpenAPI document. */

/** A comma-separated list (API Gateway joins repeated parameters with commas). */
const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(20));

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2048).optional(),
};

export const codeParams = z.strictObject({ code: resourceCodeSegmentSchema });
export const versionParams = z.strictObject({
  code: resourceCodeSegmentSchema,
  version: z.coerce.number().int().min(1).max(1_000_000),
});

export const registerBody = registerResourceSchema;
export const editBody = resourceMetadataSchema;
export const publishBody = z.strictObject({
  /** 发布日期, if not now (a resource carried over from an older catalogue keeps its date). */
  publishedAt: z.iso.datetime({ offset: true }).optional(),
});

export const listQuery = z.strictObject(pageQuery);

export const searchQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  category: list(z.enum(RESOURCE_CATEGORIES)).optional(),
  provider: list(unitCodeSchema).optional(),
  shareType: list(z.enum(SHARE_TYPES)).optional(),
  updateCycle: list(z.enum(UPDATE_CYCLES)).optional(),
  format: list(z.enum(RESOURCE_FORMATS)).optional(),
  tag: list(z.string().trim().min(1).max(30)).optional(),
  ...pageQuery,
});

export const staleQuery = z.strictObject({ provider: unitCodeSchema });
export const dcatQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  cursor: z.string().min(1).max(2048).optional(),
});
