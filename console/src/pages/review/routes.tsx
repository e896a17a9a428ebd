import type { RouteObject } from 'react-router';

/** The review area's pages under /review, each its own chunk. */
export const reviewRoutes: RouteObject[] = [
  {
    path: '*',
    lazy: async () => {
      const { LaterPage } = await import('../later.tsx');
      return { Component: () => <LaterPage area="review" /> };
    },
  },
];
