import { unitCodeSchema } from '@govshare/domain/identity';
import * as z from 'zod';

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
  z
    .strictObject({
      kind: z.literal('deliver'),
      documentId: z.string().min(1).max(100),
      units: z.array(unitCodeSchema).min(1).max(DELIVER_SLICE_UNITS),
      /** 主送 or 抄送: a slice holds units of one kind. */
      as: z.enum(['main', 'copy']).default('main'),
      /** The units' names as the directory gave them at expansion, in the order of `units`. */
      names: z.array(z.string().max(100)).max(DELIVER_SLICE_UNITS).optional(),
      /** When the document was dispatched: every slice's sign-for deadline counts from it. */
      dispatchedAt: z.iso.datetime().optional(),
    })
    .refine((message) => !message.names || message.names.length === message.units.length, {
      path: ['names'],
      message: 'must name each unit',
    }),
]);
export type DispatchMessage = z.infer<typeof dispatchMessageSchema>;

export const expandMessage = (documentId: string): DispatchMessage => ({ kind: 'expand', documentId });

/**
 * Local mode only: a number N here makes the consumer's environment exit (as a killed Lambda) once
 * it has written N deliveries, then clears itself. For the tests of a crash half way through a batch.
 */
export const LOCAL_CRASH_ENV = 'GOVSHARE_LOCAL_DISPATCH_CRASH_AFTER';
