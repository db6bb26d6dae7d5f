/**
 * Around every page: an error while rendering it, or a code chunk that fails to load (the server
 * was updated or restarted during the visit), shows what happened and a way on — never a blank
 * page. The rest of the layout (menu, header) stays usable; moving to another page clears it.
 */
import { Button, Result, Space } from 'antd';
import { Component, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { useI18n } from '../i18n/index.js';

/** What browsers say when a dynamic import fails (Chromium, Firefox, Safari), and Vite's preload error. */
const CHUNK_FAILED =
  /dynamically imported module|Importing a module script failed|error loading dynamically|Unable to preload CSS/i;

export const isChunkLoadError = (error: unknown) =>
  error instanceof Error && CHUNK_FAILED.test(error.message);

function Failure({ error }: { error: Error }) {
  const { t } = useI18n();
  const chunk = isChunkLoadError(error);
  return (
    <Result
      status={chunk ? 'warning' : 'error'}
      title={t(chunk ? 'failure.chunkTitle' : 'failure.title')}
      subTitle={t(chunk ? 'failure.chunkHint' : 'failure.hint')}
      data-testid="page-failure"
      extra={
        <Space>
          <Button type="primary" onClick={() => window.location.reload()}>
            {t('failure.reload')}
          </Button>
          <Button href="/">{t('notFound.back')}</Button>
        </Space>
      }
    />
  );
}

class Boundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
  override componentDidCatch(error: unknown) {
    console.error('page failed', error);
  }
  override render() {
    return this.state.error ? <Failure error={this.state.error} /> : this.props.children;
  }
}

export function PageBoundary({ children }: { children: ReactNode }) {
  // A new address is a new page: a failure on the last one does not follow the user.
  const { pathname } = useLocation();
  return <Boundary key={pathname}>{children}</Boundary>;
}

/**
 * Around the whole app (start.tsx), for a failure outside any page (the layout, the session): kept
 * across pages, since a key that changed with the address would draw the whole layout anew on
 * every move (and lose its state: the bell's last page, the menu's open groups).
 */
export function AppBoundary({ children }: { children: ReactNode }) {
  return <Boundary>{children}</Boundary>;
}
