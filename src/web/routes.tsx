/**
 * One route table: every page with its path, the ability it needs, and where the menu shows it.
 * The router (App.tsx) and the menu (AppLayout) both read it, so a page and its menu entry cannot
 * disagree about who reaches them.
 */
import {
  AimOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BranchesOutlined,
  CalendarOutlined,
  CarOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  FileTextOutlined,
  FlagOutlined,
  FundOutlined,
  ImportOutlined,
  LineChartOutlined,
  NodeIndexOutlined,
  PartitionOutlined,
  ProjectOutlined,
  RobotOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  SettingOutlined,
  ShopOutlined,
  SolutionOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { type ComponentType, lazy, type ReactNode } from 'react';
import { matchPath } from 'react-router';
import type { MessageKey } from './i18n/messages.js';

/**
 * Every page is its own chunk, loaded when first visited: the ledger does not load what only the
 * dashboard needs (ECharts). A chunk that fails to load (the server was updated or restarted during
 * the visit) is caught by PageBoundary, which offers to reload.
 */
function page<K extends string, P extends object = object>(
  load: () => Promise<Record<K, ComponentType<NoInfer<P>>>>,
  name: K,
): LazyPage<P> {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const preload = () => {
    loading ??= load().then((m) => ({ default: m[name] }));
    return loading;
  };
  return Object.assign(lazy(preload), { preload });
}

/** A page's lazy component, whose chunk can be asked for before it is first drawn. */
type LazyPage<P extends object = object> = ComponentType<P> & { preload: () => Promise<unknown> };

// Signing in, changing the password and enrolling an authenticator are chunks of their own too:
// a signed-in visit does not load and run them (nor the validation library they bring) first.
export const LoginPage = page(() => import('./pages/auth/LoginPage.js'), 'LoginPage');
export const PasswordPage = page<'PasswordPage', { forced?: boolean }>(
  () => import('./pages/auth/PasswordPage.js'),
  'PasswordPage',
);
export const TotpEnrolment = page<'TotpEnrolment', { forced?: boolean }>(
  () => import('./pages/auth/TotpEnrolment.js'),
  'TotpEnrolment',
);
const ApprovalsPage = page(() => import('./pages/users/ApprovalsPage.js'), 'ApprovalsPage');
const AuditPage = page(() => import('./pages/audit/AuditPage.js'), 'AuditPage');
const DashboardPage = page(() => import('./pages/dashboard/DashboardPage.js'), 'DashboardPage');
const WallPage = page(() => import('./pages/dashboard/WallPage.js'), 'WallPage');
const ChannelsPage = page(() => import('./pages/notifications/ChannelsPage.js'), 'ChannelsPage');
const DeliveriesPage = page(() => import('./pages/notifications/DeliveriesPage.js'), 'DeliveriesPage');
const NotificationsPage = page(
  () => import('./pages/notifications/NotificationsPage.js'),
  'NotificationsPage',
);
const CalendarPage = page(() => import('./pages/calendar/CalendarPage.js'), 'CalendarPage');
const ChainMapPage = page(() => import('./pages/industries/ChainMapPage.js'), 'ChainMapPage');
const ClustersPage = page(() => import('./pages/industries/ClustersPage.js'), 'ClustersPage');
const ConflictsPage = page(() => import('./pages/leads/ConflictsPage.js'), 'ConflictsPage');
const IndustriesPage = page(() => import('./pages/industries/IndustriesPage.js'), 'IndustriesPage');
const ImportPage = page(() => import('./pages/imports/ImportPage.js'), 'ImportPage');
const LeadFormPage = page(() => import('./pages/leads/LeadFormPage.js'), 'LeadFormPage');
const LeadPage = page(() => import('./pages/leads/LeadPage.js'), 'LeadPage');
const LedgerPage = page(() => import('./pages/leads/LedgerPage.js'), 'LedgerPage');
const MyWorkList = page(() => import('./components/MyWorkList.js'), 'MyWorkList');
const OrgsPage = page(() => import('./pages/orgs/OrgsPage.js'), 'OrgsPage');
const PeriodReportPage = page(() => import('./pages/reports/PeriodReportPage.js'), 'PeriodReportPage');
const ProjectFormPage = page(() => import('./pages/projects/ProjectFormPage.js'), 'ProjectFormPage');
const ProjectPage = page(() => import('./pages/projects/ProjectPage.js'), 'ProjectPage');
const ProjectsPage = page(() => import('./pages/projects/ProjectsPage.js'), 'ProjectsPage');
const SlaPage = page(() => import('./pages/sla/SlaPage.js'), 'SlaPage');
const StandardsPage = page(() => import('./pages/standards/StandardsPage.js'), 'StandardsPage');
const LostLeadsPage = page(() => import('./pages/reports/LostLeadsPage.js'), 'LostLeadsPage');
const KeyProjectsPage = page(() => import('./pages/reports/KeyProjectsPage.js'), 'KeyProjectsPage');
const SlaReportPage = page(() => import('./pages/reports/SlaReportPage.js'), 'SlaReportPage');
const TargetsPage = page(() => import('./pages/targets/TargetsPage.js'), 'TargetsPage');
const UsersPage = page(() => import('./pages/users/UsersPage.js'), 'UsersPage');
const WeeklyReportPage = page(() => import('./pages/reports/WeeklyReportPage.js'), 'WeeklyReportPage');
const InvestorsPage = page(() => import('./pages/investors/InvestorsPage.js'), 'InvestorsPage');
const InvestorPage = page(() => import('./pages/investors/InvestorPage.js'), 'InvestorPage');
const VisitsPage = page(() => import('./pages/investors/VisitsPage.js'), 'VisitsPage');
const VisitPage = page(() => import('./pages/investors/VisitPage.js'), 'VisitPage');
const VisitFormPage = page(() => import('./pages/investors/VisitFormPage.js'), 'VisitFormPage');
const TripsPage = page(() => import('./pages/investors/TripsPage.js'), 'TripsPage');
const TripPage = page(() => import('./pages/investors/TripPage.js'), 'TripPage');
const FieldReportPage = page(() => import('./pages/investors/FieldReportPage.js'), 'FieldReportPage');
const WorkbenchPage = page(() => import('./pages/workbench/WorkbenchPage.js'), 'WorkbenchPage');

/** Menu groups, in menu order; a group shows when any of its pages does. */
export const MENU_GROUPS = {
  leads: { icon: <AimOutlined />, label: 'menu.leads' },
  field: { icon: <ShopOutlined />, label: 'menu.field' },
  stats: { icon: <BarChartOutlined />, label: 'menu.stats' },
  // Reference pages for the business roles; the auditor reads the audit log only.
  industries: { icon: <ClusterOutlined />, label: 'menu.industries', hiddenWhen: 'audit.read' },
  system: { icon: <SettingOutlined />, label: 'menu.system' },
} as const satisfies Record<string, { icon: ReactNode; label: MessageKey; hiddenWhen?: string }>;
export type MenuGroup = keyof typeof MENU_GROUPS;

export interface PageRoute {
  /** Below the signed-in layout; '' is the workbench. */
  path: string;
  /** A lazy page can be preloaded (preloadPage); the few pages in the main chunk cannot. */
  page: ComponentType & Partial<Pick<LazyPage, 'preload'>>;
  /** The ability the page needs; without it the page is a 404 and has no menu entry. */
  ability?: string;
  menu?: { label: MessageKey; icon: ReactNode; group?: MenuGroup };
  /** The whole screen, without the menu and header (the wall screen). */
  bare?: boolean;
  /** The page's name in the header when it has no menu entry of its own. */
  title?: MessageKey;
}

/** In menu order. */
export const ROUTES: PageRoute[] = [
  { path: '', page: WorkbenchPage, menu: { label: 'menu.workbench', icon: <DashboardOutlined /> } },
  { path: 'dashboard/wall', page: WallPage, ability: 'stats.read', bare: true },
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
  {
    path: 'imports',
    page: ImportPage,
    ability: 'import.use',
    menu: { label: 'menu.import', icon: <ImportOutlined />, group: 'leads' },
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
    path: 'investors',
    page: InvestorsPage,
    ability: 'investor.read',
    menu: { label: 'menu.investors', icon: <BankOutlined />, group: 'field' },
  },
  { path: 'investors/:id', page: InvestorPage, ability: 'investor.read' },
  {
    path: 'visits',
    page: VisitsPage,
    ability: 'visit.read',
    menu: { label: 'menu.visits', icon: <SolutionOutlined />, group: 'field' },
  },
  { path: 'visits/new', page: VisitFormPage, ability: 'visit.record', title: 'visit.new' },
  { path: 'visits/:id', page: VisitPage, ability: 'visit.read' },
  { path: 'visits/:id/edit', page: VisitFormPage, ability: 'visit.record' },
  {
    path: 'trips',
    page: TripsPage,
    ability: 'visit.read',
    menu: { label: 'menu.trips', icon: <CarOutlined />, group: 'field' },
  },
  { path: 'trips/:id', page: TripPage, ability: 'visit.read' },
  {
    path: 'reports/field',
    page: FieldReportPage,
    ability: 'visit.read',
    menu: { label: 'menu.fieldReport', icon: <LineChartOutlined />, group: 'field' },
  },
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
    path: 'reports/key-projects',
    page: KeyProjectsPage,
    ability: 'stats.read',
    menu: { label: 'menu.keyProjects', icon: <FileTextOutlined />, group: 'stats' },
  },
  {
    path: 'reports/lost-leads',
    page: LostLeadsPage,
    ability: 'lead.report',
    menu: { label: 'menu.lostLeads', icon: <FileTextOutlined />, group: 'stats' },
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
    path: 'industries/standards',
    page: StandardsPage,
    ability: 'standard.read',
    menu: { label: 'menu.standards', icon: <PartitionOutlined />, group: 'industries' },
  },
  {
    path: 'system/users',
    page: UsersPage,
    ability: 'user.read',
    menu: { label: 'menu.users', icon: <TeamOutlined />, group: 'system' },
  },
  {
    path: 'system/approvals',
    page: ApprovalsPage,
    ability: 'approval.read',
    menu: { label: 'menu.approvals', icon: <SafetyCertificateOutlined />, group: 'system' },
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
  {
    path: 'system/channels',
    page: ChannelsPage,
    ability: 'channel.manage',
    menu: { label: 'menu.channels', icon: <RobotOutlined />, group: 'system' },
  },
  {
    path: 'system/deliveries',
    page: DeliveriesPage,
    ability: 'channel.manage',
    menu: { label: 'menu.deliveries', icon: <SendOutlined />, group: 'system' },
  },
  {
    path: 'notifications',
    page: NotificationsPage,
    ability: 'notification.own',
    title: 'menu.notifications',
  },
  { path: 'account/password', page: PasswordPage },
];

/**
 * Starts loading the chunk of the page at `pathname` (at start-up, alongside the session check),
 * so it is not first asked for once the session has been answered.
 */
export function preloadPage(pathname: string) {
  const route = ROUTES.find((r) => matchPath({ path: `/${r.path}`, end: true }, pathname));
  const lazyPage = pathname === '/login' ? LoginPage : route?.page;
  lazyPage?.preload?.().catch(() => undefined);
}
