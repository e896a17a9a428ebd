import { createHash } from 'node:crypto';
import { draftInputSchema } from '@govshare/domain/exchange';
import * as z from 'zod';

/**
 * The exchange's published interface (what other contexts may use, test/unit/architecture): how to
 * ask for an official document to be drafted. A context sends an `OfficialDraftRequest` to the
 * `official-drafts` queue; the `exchange-drafts` consumer drafts it in the named drafter's name,
 * under the id the requester computed with `officialDraftId`, so a request sent twice (a retry, a
 * repeated approval) drafts one document. The drafter then takes it through review and sign-off.
 */

/** Who asked, and for what: one document per source. */
export const officialDraftSourceSchema = z.strictObject({
  /** The requesting context, e.g. `review`. */
  context: z.string().regex(/^[a-z][a-z-]{1,30}$/),
  /** What in that context the document is for, e.g. `<project id>/v2`. */
  ref: z.string().min(1).max(200),
});
export type OfficialDraftSource = z.infer<typeof officialDraftSourceSchema>;

export const officialDraftRequestSchema = z.strictObject({
  source: officialDraftSourceSchema,
  /** officialDraftId(source): the id the document will have. */
  documentId: z.uuid(),
  /** The person in whose name it is drafted (拟稿人): a principal of the directory, of the lead issuing unit. */
  drafter: z.string().min(1).max(200),
  content: draftInputSchema,
  requestedAt: z.iso.datetime(),
});
export type OfficialDraftRequest = z.input<typeof officialDraftRequestSchema>;

/** The document id of a source: a name-based UUID (RFC 9562 version 5 layout over SHA-1). */
export function officialDraftId(source: OfficialDraftSource): string {
  const bytes = createHash('sha1')
    .update(`govshare-official-draft\u0000${source.context}\u0000${source.ref}`)
    .digest();
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
