import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import { adminRoutes } from './pages/admin/routes.tsx';
import { exchangeRoutes } from './pages/exchange/routes.tsx';
import { reviewRoutes } from './pages/review/routes.tsx';
import { sharingRoutes } from './pages/sharing/routes.tsx';
import { returnAfterSignIn, useSession } from './session.tsx';

function SignedIn() {
  const { signedIn } = useSession();
  const location = useLocation();
  if (!signedIn) {
    const from = returnAfterSignIn(location.pathname + location.search);
    return <Navigate to="/sign-in" replace state={from ? { from } : undefined} />;
  }
  return <Outlet />;
}

// Each page is its own chunk: the first page loads only the components it shows.
export const router = createBrowserRouter([
  {
    path: '/sign-in',
    HydrateFallback: () => null,
    lazy: async () => ({ Component: (await import('./pages/sign-in.tsx')).SignInPage }),
  },
  {
    path: '/',
    Component: SignedIn,
    // The pages load as their own chunks; until the first arrives the page stays blank.
    HydrateFallback: () => null,
    children: [
      {
        lazy: async () => ({ Component: (await import('./pages/shell.tsx')).Shell }),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('./pages/workbench.tsx')).WorkbenchPage }),
          },
          {
            path: 'catalogue',
            lazy: async () => ({ Component: (await import('./pages/catalogue.tsx')).CataloguePage }),
          },
          {
            path: 'catalogue/resources/:code',
            lazy: async () => ({ Component: (await import('./pages/resource.tsx')).ResourcePage }),
          },
          {
            path: 'assessment',
            lazy: async () => ({ Component: (await import('./pages/assessment.tsx')).AssessmentPage }),
          },
          // Each area keeps its pages in pages/<area>/ and its words in strings/<area>.ts.
          { path: 'sharing', children: sharingRoutes },
          { path: 'exchange', children: exchangeRoutes },
          { path: 'review', children: reviewRoutes },
          { path: 'admin', children: adminRoutes },
          { path: '*', lazy: async () => ({ Component: (await import('./pages/later.tsx')).NotFoundPage }) },
        ],
      },
    ],
  },
]);
