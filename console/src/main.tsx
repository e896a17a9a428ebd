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
import { router } from './router.tsx';
import { SessionProvider } from './session.tsx';

dayjs.locale('zh-cn');

const auth = new DevelopmentAuth();
const client = consoleClient(auth);
const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) is an answer, not a glitch: asking again would only repeat it.
      retry: (count, error) => !(error instanceof ProblemError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#b8232f', borderRadius: 4 } }}>
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
