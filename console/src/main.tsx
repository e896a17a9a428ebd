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
    <ConfigProvider
      locale={zhCN}
      // Colours darkened from antd's defaults where text met less than WCAG AA's 4.5:1 on white
      // (axe-core in the browser test): links, secondary text, error text.
      theme={{
        token: {
          colorPrimary: '#b8232f',
          borderRadius: 4,
          colorLink: '#0958d9',
          colorTextDescription: 'rgba(0, 0, 0, 0.65)',
          colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
          colorError: '#cf1322',
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
