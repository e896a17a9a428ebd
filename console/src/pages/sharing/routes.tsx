import type { RouteObject } from 'react-router';

/** The sharing area's pages under /sharing, each its own chunk. */
export const sharingRoutes: RouteObject[] = [
  {
    index: true,
    lazy: async () => ({ Component: (await import('./requests.tsx')).RequestsPage }),
  },
  {
    path: 'request',
    lazy: async () => ({ Component: (await import('./request-access.tsx')).RequestAccessPage }),
  },
  {
    path: 'grants',
    lazy: async () => ({ Component: (await import('./grants.tsx')).GrantsPage }),
  },
  {
    path: 'upload',
    lazy: async () => ({ Component: (await import('./upload.tsx')).UploadPage }),
  },
  {
    path: 'queries',
    lazy: async () => ({ Component: (await import('./queries.tsx')).QueriesPage }),
  },
  {
    path: '*',
    lazy: async () => ({ Component: (await import('../later.tsx')).NotFoundPage }),
  },
];
