import { PRINCIPAL_KINDS } from '@govshare/domain/kernel';
import * as z from 'zod';

/** Response schemas of the audit routes. */

const outcome = z.enum(['ok', 'refused', 'error']);
const actor = z.object({ unit: z.string(), principal: z.string(), kind: z.enum(PRINCIPAL_KINDS) });

export const chainVerificationResponse = z.object({
  day: z.string(),
  ok: z.boolean(),
  count: z.number().int(),
  headSeq: z.number().int(),
  digest: z.enum(['match', 'absent', 'mismatch']),
  checkpoint: z.enum(['match', 'absent', 'mismatch', 'invalid']),
  checkpointSeq: z.number().int().optional(),
  checkpointAt: z.string().optional(),
  /** The first record where the chain does not hold. */
  firstBreak: z
    .object({
      seq: z.number().int(),
      reason: z.enum([
        'missing-record',
        'out-of-order',
        'wrong-day',
        'prev-hash-mismatch',
        'hash-mismatch',
        'head-mismatch',
        'checkpoint-mismatch',
        'checkpoint-invalid',
        'digest-mismatch',
      ]),
      detail: z.string(),
    })
    .optional(),
});

/** A provider's events: what was done with its data (ids, codes, counts; never the data itself). */
export const providerEventsResponse = z.object({
  unit: z.string(),
  from: z.string(),
  to: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      action: z.string(),
      actor,
      resourceCode: z.string().optional(),
      grantId: z.string().optional(),
      purpose: z.string().optional(),
      items: z.array(z.string()),
      recordCount: z.number().int(),
      subjectCount: z.number().int(),
      outcome,
      problemType: z.string().optional(),
      correlationId: z.string(),
      chain: z.object({ day: z.string(), seq: z.number().int() }),
    }),
  ),
  nextCursor: z.string().optional(),
});

/** Who queried a person, when, for what. */
export const subjectQueriesResponse = z.object({
  items: z.array(
    z.object({
      eventId: z.string(),
      at: z.string(),
      day: z.string(),
      seq: z.number().int(),
      action: z.string(),
      actor,
      providerUnit: z.string().optional(),
      resourceCode: z.string().optional(),
      grantId: z.string().optional(),
      purpose: z.string().optional(),
      outcome,
    }),
  ),
  nextCursor: z.string().optional(),
});
