import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { consoleClient, ProblemError } from './api.ts';
import { DevelopmentAuth } from './auth/development-auth.ts';
import { type ConsoleAuth, SessionProvider } from './session.tsx';
import { loadSettings } from './settings.ts';
import { zh } from './strings.ts';

dayjs.locale('zh-cn');

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

const settings = await loadSettings(window.location.origin).catch((error: unknown) => {
  root.textContent = zh.signIn.settingsFailed;
  throw error;
});
// The OpenID Connect client is loaded only where the settings ask for it.
const auth: ConsoleAuth =
  settings.auth.kind === 'oidc'
    ? new (await import('./auth/oidc-auth.ts')).OidcAuth(settings.auth, {
        origin: window.location.origin,
        storage: window.sessionStorage,
        replaceUrl: (path) => window.history.replaceState(null, '', path),
      })
    : new DevelopmentAuth();
let signInError: string | undefined;
if (auth.kind === 'oidc') {
  // The issuer's answer is read, and taken out of the address bar, before the router sees the address.
  if (auth.isCallback(window.location.href)) {
    await auth.completeSignIn(window.location.href).catch((error: Error) => {
      signInError = error.message;
    });
  } else {
    await auth.restore();
  }
}
// Signed out, the first page is the sign-in page, sent there before the router starts: a router
// started on `/` loads the modules of every route it matches (the shell, the 工作台) at once, before
// any guard's redirect, ~70 KiB the sign-in page does not need. Where the user was going is kept.
if (!auth.token() && !window.location.pathname.startsWith('/sign-in')) {
  const from = window.location.pathname + window.location.search;
  window.history.replaceState({ usr: { from }, key: 'default', idx: 0 }, '', '/sign-in');
}
// Imported after the callback so the router starts from the cleaned address.
const { router } = await import('./router.tsx');
if (signInError) await router.navigate('/sign-in', { replace: true, state: { signInError } });

const client = consoleClient(auth, settings.apiUrl);
const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) is an answer, not a glitch: asking again would only repeat it.
      retry: (count, error) => !(error instanceof ProblemError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

createRoot(root).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      // Colours darkened from antd's defaults where text met less than WCAG AA's 4.5:1 on white
      // (axe-core in the browser test): links (and hovered ones), secondary, error and placeholder text.
      theme={{
        token: {
          colorPrimary: '#b8232f',
          borderRadius: 4,
          colorLink: '#0958d9',
          colorLinkHover: '#003eb3',
          colorTextDescription: 'rgba(0, 0, 0, 0.65)',
          colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
          colorError: '#cf1322',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
        },
        components: { Descriptions: { labelColor: 'rgba(0, 0, 0, 0.65)' } },
      }}
      // antd writes 登 录 for a two-character button: the accessible name then no longer contains it.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <QueryClientProvider client={queries}>
          <SessionProvider auth={auth} client={client}>
            <RouterProvider router={router} />
          </SessionProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
