import { unitCodeSchema } from '@govshare/domain/identity';
import * as z from 'zod';

/** Shapes the exchange's routes share. */
/** A document id: the platform's are UUIDs; registered and sample ones may be readable names. */
export const documentIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'is not a document id');
export const documentParams = z.strictObject({ id: documentIdSchema });
/** A delivery: the document and the recipient unit. */
export const deliveryParams = z.strictObject({ documentId: documentIdSchema, unit: unitCodeSchema });
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2000).optional(),
};
export const opinionSchema = z.string().trim().max(1000, 'must be at most 1000 characters');
export const unitParams = z.strictObject({ unit: unitCodeSchema });
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lower-case hex');
