import { type RouteDefinition, route } from '../../platform/http.ts';
import { reviewFunctions } from '../blueprint.ts';

const routes = reviewFunctions.review.routes;

/**
 * TEMPORARY (deleted at merge): the routes the other branches of issue 10 serve (reports), answered 501 here so that the function starts with every declared route served.
 */
const PENDING = [routes.pipelineReport];

export const pendingRoutes = (): RouteDefinition[] =>
  PENDING.map((spec) =>
    route(spec, {
      handle: async () => ({
        status: 501,
        headers: { 'content-type': 'application/problem+json' },
        body: {
          type: 'about:blank',
          title: 'Not implemented',
          status: 501,
          detail: 'Not served on this branch',
        },
      }),
    }),
  );
