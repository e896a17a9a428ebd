import type { RouteObject } from 'react-router';

/** The sharing area's pages under /sharing, each its own chunk. */
export const sharingRoutes: RouteObject[] = [
  {
    path: '*',
    lazy: async () => {
      const { LaterPage } = await import('../later.tsx');
      return { Component: () => <LaterPage area="sharing" /> };
    },
  },
];
