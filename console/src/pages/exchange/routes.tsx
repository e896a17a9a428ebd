import type { RouteObject } from 'react-router';

/** The exchange area's pages under /exchange, each its own chunk. */
export const exchangeRoutes: RouteObject[] = [
  {
    path: '*',
    lazy: async () => {
      const { LaterPage } = await import('../later.tsx');
      return { Component: () => <LaterPage area="exchange" /> };
    },
  },
];
