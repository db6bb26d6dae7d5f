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
import { PageBoundary } from './components/PageBoundary.js';
import { currentLang, I18nProvider, useI18n } from './i18n/index.js';
import { dictionary } from './i18n/messages.js';
import { preloadPage } from './routes.js';
import { prefetchSession, SessionProvider } from './session.js';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

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
            <PageBoundary>
              <AppRoutes />
            </PageBoundary>
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

// The session check and the page's own chunk start at once, not one after the other.
prefetchSession(queryClient, (me) => (me ? prefetchReferenceData(queryClient) : preloadPage('/login')));
preloadPage(window.location.pathname);

/** Drawn as a transition: React draws the app in slices, leaving the page responsive meanwhile. */
function render() {
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

/** The stylesheet did not arrive (the server was updated or the network dropped): offer a reload, never a bare page. */
function offerReload() {
  const lang = currentLang();
  const boot = document.createElement('div');
  boot.className = 'boot';
  boot.setAttribute('role', 'alert');
  boot.textContent = dictionary['failure.chunkHint'][lang];
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = dictionary['failure.reload'][lang];
  button.addEventListener('click', () => window.location.reload());
  boot.append(button);
  document.getElementById('root')!.replaceChildren(boot);
}

async function start() {
  try {
    await import('./styles.js');
  } catch {
    offerReload();
    return;
  }
  render();
}
void start();
