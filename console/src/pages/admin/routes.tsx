import type { RouteObject } from 'react-router';

/** The admin area's pages under /admin, each its own chunk. */
export const adminRoutes: RouteObject[] = [
  {
    path: '*',
    lazy: async () => {
      const { LaterPage } = await import('../later.tsx');
      return { Component: () => <LaterPage area="admin" /> };
    },
  },
];
