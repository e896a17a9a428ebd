import { unitCodeSchema } from '@govshare/domain/identity';
import { z } from 'zod';

/**
 * Messages of the `document-dispatch` queue. The dispatch route sends one `expand` per document;
 * its consumer expands the recipients (groups and saved lists, against the directory at that
 * moment), reports the unknown and dissolved ones to the sender, and sends the units on in
 * `deliver` slices, each of which writes its deliveries on condition that they are new. A message
 * delivered twice, or a consumer that crashes half way, so writes each delivery exactly once.
 */
export const DELIVER_SLICE_UNITS = 50;

export const dispatchMessageSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('expand'), documentId: z.string().min(1).max(100) }),
  z.strictObject({
    kind: z.literal('deliver'),
    documentId: z.string().min(1).max(100),
    units: z.array(unitCodeSchema).min(1).max(DELIVER_SLICE_UNITS),
  }),
]);
export type DispatchMessage = z.infer<typeof dispatchMessageSchema>;

export const expandMessage = (documentId: string): DispatchMessage => ({ kind: 'expand', documentId });
