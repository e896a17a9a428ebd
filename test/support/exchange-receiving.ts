import { type Blueprint, govshare } from '@govshare/blueprint';
import { exchangeFunctions } from '@govshare/functions/exchange/blueprint.ts';
import { RECEIVING_ROUTES } from '@govshare/functions/exchange/routes/deliveries.ts';

/**
 * The platform with the exchange function serving only the receiving routes (test/support/
 * exchange-receiving-handler.ts), until the exchange's own handler serves them all. The dispatch
 * queue gives a failed message back after a few seconds instead of two minutes, so that a crashed
 * consumer's batch comes back within a test; the urge schedule (not written yet) is left out.
 *
 * TODO(lead): once functions/src/exchange/handler.ts wires receivingRoutes, use the full blueprint.
 */
export const RECEIVING_HANDLER_ENTRY = 'test/support/exchange-receiving-handler.ts';

export function receivingBlueprint(): Blueprint {
  const { 'exchange-urges': _urges, ...functions } = govshare.functions;
  const routes = Object.fromEntries(
    RECEIVING_ROUTES.map((name) => [name, exchangeFunctions.exchange.routes[name]]),
  );
  return {
    ...govshare,
    queues: {
      ...govshare.queues,
      'document-dispatch': { ...govshare.queues['document-dispatch'], visibilityTimeoutSeconds: 4 },
    },
    functions: {
      ...functions,
      exchange: { ...exchangeFunctions.exchange, entry: RECEIVING_HANDLER_ENTRY, routes },
    },
  } as Blueprint;
}
