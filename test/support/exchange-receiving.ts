import { type Blueprint, govshare } from '@govshare/blueprint';
import { exchangeFunctions } from '@govshare/functions/exchange/blueprint.ts';

/**
 * The platform with the exchange function serving the receiving routes too (test/support/
 * exchange-receiving-handler.ts), until handler.ts wires them. The dispatch queue gives a failed
 * message back after a few seconds instead of two minutes, so that a crashed consumer's batch comes
 * back within a test; the urge schedule (another part's) is left out.
 */
export const RECEIVING_HANDLER_ENTRY = 'test/support/exchange-receiving-handler.ts';

export function receivingBlueprint(): Blueprint {
  const { 'exchange-urges': _urges, ...functions } = govshare.functions;
  return {
    ...govshare,
    queues: {
      ...govshare.queues,
      'document-dispatch': { ...govshare.queues['document-dispatch'], visibilityTimeoutSeconds: 4 },
    },
    functions: { ...functions, exchange: { ...exchangeFunctions.exchange, entry: RECEIVING_HANDLER_ENTRY } },
  } as Blueprint;
}
