import { unitCodeSchema } from '@govshare/domain/identity';
import { z } from 'zod';

/** Shapes the exchange's routes share. */
export const documentIdSchema = z.string().regex(/^[0-9a-f-]{8,64}$/, 'is not a document id');
export const documentParams = z.strictObject({ id: documentIdSchema });
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2000).optional(),
};
export const opinionSchema = z.string().trim().max(1000, 'must be at most 1000 characters');
export const unitParams = z.strictObject({ unit: unitCodeSchema });
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lower-case hex');
