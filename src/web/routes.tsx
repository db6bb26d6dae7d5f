/**
 * One route table: every page with its path, the ability it needs, and where the menu shows it.
 * The router (App.tsx) and the menu (AppLayout) both read it, so a page and its menu entry cannot
 * disagree about who reaches them.
 */
import {
  AimOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BranchesOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  FileTextOutlined,
  FlagOutlined,
  FundOutlined,
  NodeIndexOutlined,
  PartitionOutlined,
  ProjectOutlined,
  SettingOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { type ComponentType, lazy, type ReactNode } from 'react';
import { MyWorkList } from './components/MyWorkList.js';
import type { MessageKey } from './i18n/messages.js';
import { AuditPage } from './pages/audit/AuditPage.js';
import { PasswordPage } from './pages/auth/PasswordPage.js';
import { CalendarPage } from './pages/calendar/CalendarPage.js';
import { ChainMapPage } from './pages/industries/ChainMapPage.js';
import { ClustersPage } from './pages/industries/ClustersPage.js';
import { IndustriesPage } from './pages/industries/IndustriesPage.js';
import { ConflictsPage } from './pages/leads/ConflictsPage.js';
import { LeadFormPage } from './pages/leads/LeadFormPage.js';
import { LeadPage } from './pages/leads/LeadPage.js';
import { LedgerPage } from './pages/leads/LedgerPage.js';
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

// ECharts is large; only the dashboard needs it, so it loads with that page.
const DashboardPage = lazy(() =>
  import('./pages/dashboard/DashboardPage.js').then((m) => ({ default: m.DashboardPage })),
);

/** Menu groups, in menu order; a group shows when any of its pages does. */
export const MENU_GROUPS = {
  leads: { icon: <AimOutlined />, label: 'menu.leads' },
  stats: { icon: <BarChartOutlined />, label: 'menu.stats' },
  // Reference pages for the business roles; the auditor reads the audit log only.
  industries: { icon: <ClusterOutlined />, label: 'menu.industries', hiddenWhen: 'audit.read' },
  system: { icon: <SettingOutlined />, label: 'menu.system' },
} as const satisfies Record<string, { icon: ReactNode; label: MessageKey; hiddenWhen?: string }>;
export type MenuGroup = keyof typeof MENU_GROUPS;

export interface PageRoute {
  /** Below the signed-in layout; '' is the workbench. */
  path: string;
  page: ComponentType;
  /** The ability the page needs; without it the page is a 404 and has no menu entry. */
  ability?: string;
  menu?: { label: MessageKey; icon: ReactNode; group?: MenuGroup };
}

/** In menu order. */
export const ROUTES: PageRoute[] = [
  { path: '', page: WorkbenchPage, menu: { label: 'menu.workbench', icon: <DashboardOutlined /> } },
  {
    path: 'dashboard',
    page: DashboardPage,
    ability: 'stats.read',
    menu: { label: 'menu.dashboard', icon: <FundOutlined /> },
  },
  {
    path: 'leads',
    page: LedgerPage,
    ability: 'lead.list',
    menu: { label: 'menu.ledger', icon: <UnorderedListOutlined />, group: 'leads' },
  },
  {
    path: 'my-work',
    page: MyWorkList,
    ability: 'lead.work',
    menu: { label: 'menu.myWork', icon: <CheckSquareOutlined />, group: 'leads' },
  },
  {
    path: 'leads/conflicts',
    page: ConflictsPage,
    ability: 'lead.handle',
    menu: { label: 'menu.conflicts', icon: <BranchesOutlined />, group: 'leads' },
  },
  { path: 'leads/new', page: LeadFormPage, ability: 'lead.register' },
  { path: 'leads/:id', page: LeadPage, ability: 'lead.list' },
  { path: 'leads/:id/edit', page: LeadFormPage, ability: 'lead.list' },
  {
    path: 'projects',
    page: ProjectsPage,
    ability: 'project.list',
    menu: { label: 'menu.projects', icon: <ProjectOutlined /> },
  },
  { path: 'projects/new', page: ProjectFormPage, ability: 'project.create' },
  { path: 'projects/:id', page: ProjectPage, ability: 'project.list' },
  { path: 'projects/:id/edit', page: ProjectFormPage, ability: 'project.list' },
  {
    path: 'targets',
    page: TargetsPage,
    ability: 'target.read',
    menu: { label: 'menu.targets', icon: <FlagOutlined />, group: 'stats' },
  },
  {
    path: 'reports/period',
    page: PeriodReportPage,
    ability: 'stats.read',
    menu: { label: 'menu.periodReport', icon: <FileTextOutlined />, group: 'stats' },
  },
  {
    path: 'reports/weekly',
    page: WeeklyReportPage,
    ability: 'lead.report',
    menu: { label: 'menu.weekly', icon: <FileTextOutlined />, group: 'stats' },
  },
  {
    path: 'reports/sla',
    page: SlaReportPage,
    ability: 'lead.report',
    menu: { label: 'menu.slaReport', icon: <FieldTimeOutlined />, group: 'stats' },
  },
  {
    path: 'industries',
    page: IndustriesPage,
    ability: 'industry.read',
    menu: { label: 'menu.classification', icon: <PartitionOutlined />, group: 'industries' },
  },
  {
    path: 'industries/clusters',
    page: ClustersPage,
    ability: 'industry.read',
    menu: { label: 'menu.clusters', icon: <ClusterOutlined />, group: 'industries' },
  },
  {
    path: 'industries/chains',
    page: ChainMapPage,
    ability: 'lead.list',
    menu: { label: 'menu.chains', icon: <NodeIndexOutlined />, group: 'industries' },
  },
  {
    path: 'system/users',
    page: UsersPage,
    ability: 'user.read',
    menu: { label: 'menu.users', icon: <TeamOutlined />, group: 'system' },
  },
  {
    path: 'system/orgs',
    page: OrgsPage,
    ability: 'org.manage',
    menu: { label: 'menu.orgs', icon: <ApartmentOutlined />, group: 'system' },
  },
  {
    path: 'system/calendar',
    page: CalendarPage,
    ability: 'calendar.manage',
    menu: { label: 'menu.calendar', icon: <CalendarOutlined />, group: 'system' },
  },
  {
    path: 'system/sla',
    page: SlaPage,
    ability: 'sla.manage',
    menu: { label: 'menu.sla', icon: <FieldTimeOutlined />, group: 'system' },
  },
  {
    path: 'audit',
    page: AuditPage,
    ability: 'audit.read',
    menu: { label: 'menu.audit', icon: <AuditOutlined /> },
  },
  { path: 'account/password', page: PasswordPage },
];
