import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import { AREAS } from './areas.ts';
import { useSession } from './session.tsx';

function SignedIn() {
  const { signedIn } = useSession();
  const location = useLocation();
  if (!signedIn)
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return <Outlet />;
}

const laterAreas = AREAS.filter((area) => !['workbench', 'catalogue', 'assessment'].includes(area.key));

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
          ...laterAreas.map((area) => ({
            path: `${area.path.slice(1)}/*`,
            lazy: async () => {
              const { LaterPage } = await import('./pages/later.tsx');
              return { Component: () => <LaterPage area={area.key} /> };
            },
          })),
          { path: '*', lazy: async () => ({ Component: (await import('./pages/later.tsx')).NotFoundPage }) },
        ],
      },
    ],
  },
]);
