/**
 * The application: started by main.tsx once its code has arrived (main.tsx has already asked for
 * the session and the page's chunk). Nothing runs on import; `start` draws it.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './App.js';
import { prefetchReferenceData } from './api/hooks.js';
import { AppBoundary } from './components/PageBoundary.js';
import { I18nProvider, useI18n } from './i18n/index.js';
import { preloadPage } from './routes.js';
import { prefetchSession, SessionProvider } from './session.js';

function Localised() {
  const { lang } = useI18n();
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{
        token: {
          colorPrimary: '#c8102e',
          borderRadius: 4,
          // Secondary text and placeholders dark enough to read (WCAG AA 4.5:1; antd's are 3.4:1 and 1.8:1).
          colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
          colorTextDescription: 'rgba(0, 0, 0, 0.6)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
          colorLink: '#0958d9',
          // Danger buttons' and error text's red dark enough on white (antd's #ff4d4f is 3.3:1).
          colorError: '#cf1322',
        },
      }}
    >
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <AppBoundary>
              <AppRoutes />
            </AppBoundary>
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

/** Draws the app into #root, as a transition: React draws it in slices, the page responsive meanwhile. */
export function start() {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
  });
  prefetchSession(queryClient, (me) => (me ? prefetchReferenceData(queryClient) : preloadPage('/login')));
  const root = createRoot(document.getElementById('root')!);
  startTransition(() =>
    root.render(
      <StrictMode>
        <I18nProvider>
          <QueryClientProvider client={queryClient}>
            <Localised />
          </QueryClientProvider>
        </I18nProvider>
      </StrictMode>,
    ),
  );
}
