import { NotFoundError } from '@govshare/domain/kernel';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { exchangeFunctions } from '../blueprint.ts';
import type { ExchangeRouteContext } from './context.ts';

const routes = exchangeFunctions.exchange.routes;

/**
 * Routes of the exchange declared in its blueprint whose code another part of the work brings
 * (receiving, the sender's view, records): until it does, each answers 404, so the function
 * still serves every declared route and nothing else (http.ts checks both at cold start).
 * Delete a name here when its module serves it.
 */
export const NOT_YET_SERVED = [
  'listDeliveries',
  'urgeDeliveries',
  'withdrawDeliveries',
  'resendDelivery',
  'inbox',
  'getDelivery',
  'signFor',
  'signForMany',
  'returnDelivery',
  'registerDelivery',
  'assignDelivery',
  'circulateDelivery',
  'readDelivery',
  'handleDelivery',
  'history',
  'verifyHistory',
  'archiveDocument',
  'getArchive',
  'notifications',
  'readNotification',
] as const satisfies readonly (keyof typeof routes)[];

export function pendingRoutes(_context: ExchangeRouteContext): RouteDefinition[] {
  return NOT_YET_SERVED.map((name) =>
    route(routes[name], {
      handle: async () => {
        throw new NotFoundError(`${routes[name].method} ${routes[name].path} is not served yet`);
      },
    }),
  );
}
