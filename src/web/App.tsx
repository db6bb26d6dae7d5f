import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AppLayout } from './components/AppLayout.js';
import { MyWorkList } from './components/MyWorkList.js';
import { AuditPage } from './pages/audit/AuditPage.js';
import { LoginPage } from './pages/auth/LoginPage.js';
import { PasswordPage } from './pages/auth/PasswordPage.js';
import { CalendarPage } from './pages/calendar/CalendarPage.js';
import { ChainMapPage } from './pages/industries/ChainMapPage.js';
import { ClustersPage } from './pages/industries/ClustersPage.js';
import { IndustriesPage } from './pages/industries/IndustriesPage.js';
import { ConflictsPage } from './pages/leads/ConflictsPage.js';
import { LeadFormPage } from './pages/leads/LeadFormPage.js';
import { LeadPage } from './pages/leads/LeadPage.js';
import { LedgerPage } from './pages/leads/LedgerPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { OrgsPage } from './pages/orgs/OrgsPage.js';
import { ProjectFormPage } from './pages/projects/ProjectFormPage.js';
import { ProjectPage } from './pages/projects/ProjectPage.js';
import { ProjectsPage } from './pages/projects/ProjectsPage.js';
import { PeriodReportPage } from './pages/reports/PeriodReportPage.js';
import { SlaReportPage } from './pages/reports/SlaReportPage.js';
import { WeeklyReportPage } from './pages/reports/WeeklyReportPage.js';
import { SlaPage } from './pages/sla/SlaPage.js';
import { TargetsPage } from './pages/targets/TargetsPage.js';
import { UsersPage } from './pages/users/UsersPage.js';
import { WorkbenchPage } from './pages/workbench/WorkbenchPage.js';
import { useSession } from './session.js';

// ECharts is large; only the dashboard needs it, so it loads with that page.
const DashboardPage = lazy(() =>
  import('./pages/dashboard/DashboardPage.js').then((m) => ({ default: m.DashboardPage })),
);

function RequireSession({ children }: { children: ReactNode }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Spin fullscreen />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (me.user.mustChangePassword) return <PasswordPage forced />;
  return <>{children}</>;
}

/** A page the user's roles do not reach is, to them, a page that does not exist. */
function RequireAbility({ action, children }: { action: string; children: ReactNode }) {
  const { can } = useSession();
  return can(action) ? children : <NotFoundPage />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<WorkbenchPage />} />
        <Route path="account/password" element={<PasswordPage />} />
        <Route path="industries" element={<IndustriesPage />} />
        <Route path="industries/clusters" element={<ClustersPage />} />
        <Route
          path="industries/chains"
          element={
            <RequireAbility action="lead.list">
              <ChainMapPage />
            </RequireAbility>
          }
        />
        <Route
          path="leads"
          element={
            <RequireAbility action="lead.list">
              <LedgerPage />
            </RequireAbility>
          }
        />
        <Route
          path="leads/new"
          element={
            <RequireAbility action="lead.register">
              <LeadFormPage />
            </RequireAbility>
          }
        />
        <Route
          path="leads/conflicts"
          element={
            <RequireAbility action="lead.handle">
              <ConflictsPage />
            </RequireAbility>
          }
        />
        <Route
          path="leads/:id"
          element={
            <RequireAbility action="lead.list">
              <LeadPage />
            </RequireAbility>
          }
        />
        <Route
          path="leads/:id/edit"
          element={
            <RequireAbility action="lead.list">
              <LeadFormPage />
            </RequireAbility>
          }
        />
        <Route
          path="my-work"
          element={
            <RequireAbility action="lead.work">
              <MyWorkList />
            </RequireAbility>
          }
        />
        <Route
          path="reports/weekly"
          element={
            <RequireAbility action="lead.report">
              <WeeklyReportPage />
            </RequireAbility>
          }
        />
        <Route
          path="reports/sla"
          element={
            <RequireAbility action="lead.report">
              <SlaReportPage />
            </RequireAbility>
          }
        />
        <Route
          path="dashboard"
          element={
            <RequireAbility action="stats.read">
              <Suspense fallback={<Spin />}>
                <DashboardPage />
              </Suspense>
            </RequireAbility>
          }
        />
        <Route
          path="projects"
          element={
            <RequireAbility action="project.list">
              <ProjectsPage />
            </RequireAbility>
          }
        />
        <Route
          path="projects/new"
          element={
            <RequireAbility action="project.create">
              <ProjectFormPage />
            </RequireAbility>
          }
        />
        <Route
          path="projects/:id"
          element={
            <RequireAbility action="project.list">
              <ProjectPage />
            </RequireAbility>
          }
        />
        <Route
          path="projects/:id/edit"
          element={
            <RequireAbility action="project.list">
              <ProjectFormPage />
            </RequireAbility>
          }
        />
        <Route
          path="targets"
          element={
            <RequireAbility action="target.read">
              <TargetsPage />
            </RequireAbility>
          }
        />
        <Route
          path="reports/period"
          element={
            <RequireAbility action="stats.read">
              <PeriodReportPage />
            </RequireAbility>
          }
        />
        <Route
          path="system/users"
          element={
            <RequireAbility action="user.read">
              <UsersPage />
            </RequireAbility>
          }
        />
        <Route
          path="system/orgs"
          element={
            <RequireAbility action="org.manage">
              <OrgsPage />
            </RequireAbility>
          }
        />
        <Route
          path="system/calendar"
          element={
            <RequireAbility action="calendar.manage">
              <CalendarPage />
            </RequireAbility>
          }
        />
        <Route
          path="system/sla"
          element={
            <RequireAbility action="sla.manage">
              <SlaPage />
            </RequireAbility>
          }
        />
        <Route
          path="audit"
          element={
            <RequireAbility action="audit.read">
              <AuditPage />
            </RequireAbility>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
