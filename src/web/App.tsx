import { Spin } from 'antd';
import { type ReactNode, Suspense, useDeferredValue } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AppLayout } from './components/AppLayout.js';
import { PageBoundary } from './components/PageBoundary.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { LoginPage, type PageRoute, PasswordPage, ROUTES, TotpEnrolment } from './routes.js';
import { useSession } from './session.js';

function RequireSession({ children }: { children: ReactNode }) {
  // The signed-in layout is drawn as a deferred (interruptible) render once the session is known.
  const { me, loading } = useDeferredValue(useSession());
  const location = useLocation();
  if (loading) return <Spin fullscreen />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (me.user.mustChangePassword) return <Loaded page={<PasswordPage forced />} />;
  if (me.totp.mustEnrol) return <Loaded page={<TotpEnrolment forced />} />;
  return <>{children}</>;
}

/** A page whose chunk may still be on its way: the spinner meanwhile. */
function Loaded({ page }: { page: ReactNode }) {
  return <Suspense fallback={<Spin fullscreen />}>{page}</Suspense>;
}

/** A page the user's roles do not reach is, to them, a page that does not exist. */
function RequireAbility({ action, children }: { action: string; children: ReactNode }) {
  const { can } = useSession();
  return can(action) ? children : <NotFoundPage />;
}

/** A page of the route table, behind its ability. */
function RoutedPage({ route }: { route: PageRoute }) {
  const { page: Page, ability } = route;
  const page = (
    <PageBoundary>
      <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '80px auto' }} />}>
        <Page />
      </Suspense>
    </PageBoundary>
  );
  return ability ? <RequireAbility action={ability}>{page}</RequireAbility> : page;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<Loaded page={<LoginPage />} />} />
      {ROUTES.filter((r) => r.bare).map((route) => (
        <Route
          key={route.path}
          path={`/${route.path}`}
          element={
            <RequireSession>
              <RoutedPage route={route} />
            </RequireSession>
          }
        />
      ))}
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        {ROUTES.filter((r) => !r.bare).map((route) =>
          route.path ? (
            <Route key={route.path} path={route.path} element={<RoutedPage route={route} />} />
          ) : (
            <Route key="index" index element={<RoutedPage route={route} />} />
          ),
        )}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
