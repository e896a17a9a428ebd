import type { RouteObject } from 'react-router';

/** 系统管理 under /admin: units and users, the working-day calendar, the scheme and rules (read-only), each its own chunk. */
export const adminRoutes: RouteObject[] = [
  { index: true, lazy: async () => ({ Component: (await import('./units.tsx')).UnitsPage }) },
  { path: 'calendar', lazy: async () => ({ Component: (await import('./calendar.tsx')).CalendarPage }) },
  { path: 'scheme', lazy: async () => ({ Component: (await import('./scheme.tsx')).SchemePage }) },
  { path: 'rules', lazy: async () => ({ Component: (await import('./rules.tsx')).RulesPage }) },
  {
    path: '*',
    lazy: async () => ({ Component: (await import('../later.tsx')).NotFoundPage }),
  },
];
