import * as z from 'zod';
import type { Upload, UploadStatus } from './uploads.ts';

/** Pieces the contexts' response schemas (their schemas.ts) share. */

/** One field a key per value of a domain list, each of the same schema (counts by state, decisions by office). */
export const fieldsOf = <const K extends string, S extends z.ZodType>(keys: readonly K[], schema: S) =>
  Object.fromEntries(keys.map((key) => [key, schema])) as Record<K, S>;

/** An upload as uploads.ts keeps it; each context names its own with `.meta({ id })`. */
export const uploadSchema = z.object({
  id: z.string(),
  unit: z.string(),
  createdBy: z.string(),
  name: z.string(),
  sha256: z.string(),
  size: z.number(),
  objectKey: z.string(),
  status: z.enum(['awaiting-upload', 'complete', 'rejected']) satisfies z.ZodType<UploadStatus>,
  createdAt: z.string(),
  completedAt: z.string().optional(),
  actualSha256: z.string().optional(),
  actualSize: z.number().optional(),
}) satisfies z.ZodType<Upload>;

/** The answer to starting an upload: the upload, where to PUT the file, and where to POST once it is there. */
export const startedUploadSchema = <S extends z.ZodType<Upload>>(upload: S) =>
  z.object({
    completeUrl: z.string(),
    upload,
    uploadUrl: z.string(),
    method: z.literal('PUT'),
    expiresAt: z.string(),
  });
