import type { RouteObject } from 'react-router';

/** 公文交换 under /exchange: 收文 (the inboxes and a delivery), 发文 (documents and their status matrix). */
export const exchangeRoutes: RouteObject[] = [
  { index: true, lazy: async () => ({ Component: (await import('./inbox.tsx')).InboxPage }) },
  {
    path: 'deliveries/:documentId/:unit',
    lazy: async () => ({ Component: (await import('./delivery.tsx')).DeliveryPage }),
  },
  {
    path: 'documents',
    lazy: async () => ({ Component: (await import('./documents.tsx')).DocumentsPage }),
  },
  {
    path: 'documents/new',
    lazy: async () => ({ Component: (await import('./draft.tsx')).DraftPage }),
  },
  {
    path: 'documents/:id/edit',
    lazy: async () => ({ Component: (await import('./draft.tsx')).DraftPage }),
  },
  {
    path: 'documents/:id',
    lazy: async () => ({ Component: (await import('./document.tsx')).DocumentPage }),
  },
  {
    path: '*',
    lazy: async () => ({ Component: (await import('../later.tsx')).NotFoundPage }),
  },
];
