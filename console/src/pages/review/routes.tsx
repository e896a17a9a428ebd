import type { RouteObject } from 'react-router';

/** The review area's pages under /review, each its own chunk. */
export const reviewRoutes: RouteObject[] = [
  { index: true, lazy: async () => ({ Component: (await import('./home.tsx')).ReviewHomePage }) },
  { path: 'new', lazy: async () => ({ Component: (await import('./submission.tsx')).NewProjectPage }) },
  {
    path: 'projects/:id',
    lazy: async () => ({ Component: (await import('./project.tsx')).ProjectPage }),
  },
  {
    path: 'projects/:id/edit',
    lazy: async () => ({ Component: (await import('./submission.tsx')).EditProjectPage }),
  },
  { path: 'pipeline', lazy: async () => ({ Component: (await import('./pipeline.tsx')).PipelinePage }) },
  { path: '*', lazy: async () => ({ Component: (await import('../later.tsx')).NotFoundPage }) },
];
