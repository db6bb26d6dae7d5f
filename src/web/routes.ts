/**
 * One route table: every page with its path, the ability it needs, and where the menu shows it.
 * The router (App.tsx) and the menu (AppLayout) both read it, so a page and its menu entry cannot
 * disagree about who reaches them. Start-up (main.tsx) reads it too, before the application's code
 * has loaded, to ask for the page's chunk at once: so it holds no components but the lazy pages,
 * and the menu's icons are named here and drawn in menu.tsx.
 */
import { type ComponentType, lazy } from 'react';
import { isPhone } from './components/screens.js';
import type { MessageKey } from './i18n/messages.js';
import type { MENU_GROUPS, MENU_ICONS } from './menu.js';

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

/**
 * A big list (RecordList) on a desk draws a table, a chunk of its own that a phone (cards) never
 * loads: asked for together with the page's chunk, not after the page has been drawn.
 */
function withTable<M>(load: () => Promise<M>): () => Promise<M> {
  return () => {
    if (!isPhone()) import('./components/RecordTable.js').catch(() => undefined);
    return load();
  };
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
const LedgerPage = page(
  withTable(() => import('./pages/leads/LedgerPage.js')),
  'LedgerPage',
);
const MyWorkList = page(() => import('./components/MyWorkList.js'), 'MyWorkList');
const OrgsPage = page(() => import('./pages/orgs/OrgsPage.js'), 'OrgsPage');
const PeriodReportPage = page(() => import('./pages/reports/PeriodReportPage.js'), 'PeriodReportPage');
const ProjectFormPage = page(() => import('./pages/projects/ProjectFormPage.js'), 'ProjectFormPage');
const ProjectPage = page(() => import('./pages/projects/ProjectPage.js'), 'ProjectPage');
const ProjectsPage = page(
  withTable(() => import('./pages/projects/ProjectsPage.js')),
  'ProjectsPage',
);
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

/** A group of the menu (menu.tsx). */
export type MenuGroup = keyof typeof MENU_GROUPS;
/** An icon of the menu, by name (menu.tsx draws it). */
export type MenuIcon = keyof typeof MENU_ICONS;

export interface PageRoute {
  /** Below the signed-in layout; '' is the workbench. */
  path: string;
  /** A lazy page can be preloaded (preloadPage); the few pages in the main chunk cannot. */
  page: ComponentType & Partial<Pick<LazyPage, 'preload'>>;
  /** The ability the page needs; without it the page is a 404 and has no menu entry. */
  ability?: string;
  menu?: { label: MessageKey; icon: MenuIcon; group?: MenuGroup };
  /** The whole screen, without the menu and header (the wall screen). */
  bare?: boolean;
  /** The page's name in the header when it has no menu entry of its own. */
  title?: MessageKey;
}

/** In menu order. */
export const ROUTES: PageRoute[] = [
  { path: '', page: WorkbenchPage, menu: { label: 'menu.workbench', icon: 'dashboard' } },
  { path: 'dashboard/wall', page: WallPage, ability: 'stats.read', bare: true },
  {
    path: 'dashboard',
    page: DashboardPage,
    ability: 'stats.read',
    menu: { label: 'menu.dashboard', icon: 'fund' },
  },
  {
    path: 'leads',
    page: LedgerPage,
    ability: 'lead.list',
    menu: { label: 'menu.ledger', icon: 'unorderedList', group: 'leads' },
  },
  {
    path: 'my-work',
    page: MyWorkList,
    ability: 'lead.work',
    menu: { label: 'menu.myWork', icon: 'checkSquare', group: 'leads' },
  },
  {
    path: 'leads/conflicts',
    page: ConflictsPage,
    ability: 'lead.handle',
    menu: { label: 'menu.conflicts', icon: 'branches', group: 'leads' },
  },
  {
    path: 'imports',
    page: ImportPage,
    ability: 'import.use',
    menu: { label: 'menu.import', icon: 'import', group: 'leads' },
  },
  { path: 'leads/new', page: LeadFormPage, ability: 'lead.register' },
  { path: 'leads/:id', page: LeadPage, ability: 'lead.list' },
  { path: 'leads/:id/edit', page: LeadFormPage, ability: 'lead.list' },
  {
    path: 'projects',
    page: ProjectsPage,
    ability: 'project.list',
    menu: { label: 'menu.projects', icon: 'project' },
  },
  { path: 'projects/new', page: ProjectFormPage, ability: 'project.create' },
  { path: 'projects/:id', page: ProjectPage, ability: 'project.list' },
  { path: 'projects/:id/edit', page: ProjectFormPage, ability: 'project.list' },
  {
    path: 'investors',
    page: InvestorsPage,
    ability: 'investor.read',
    menu: { label: 'menu.investors', icon: 'bank', group: 'field' },
  },
  { path: 'investors/:id', page: InvestorPage, ability: 'investor.read' },
  {
    path: 'visits',
    page: VisitsPage,
    ability: 'visit.read',
    menu: { label: 'menu.visits', icon: 'solution', group: 'field' },
  },
  { path: 'visits/new', page: VisitFormPage, ability: 'visit.record', title: 'visit.new' },
  { path: 'visits/:id', page: VisitPage, ability: 'visit.read' },
  { path: 'visits/:id/edit', page: VisitFormPage, ability: 'visit.record' },
  {
    path: 'trips',
    page: TripsPage,
    ability: 'visit.read',
    menu: { label: 'menu.trips', icon: 'car', group: 'field' },
  },
  { path: 'trips/:id', page: TripPage, ability: 'visit.read' },
  {
    path: 'reports/field',
    page: FieldReportPage,
    ability: 'visit.read',
    menu: { label: 'menu.fieldReport', icon: 'lineChart', group: 'field' },
  },
  {
    path: 'targets',
    page: TargetsPage,
    ability: 'target.read',
    menu: { label: 'menu.targets', icon: 'flag', group: 'stats' },
  },
  {
    path: 'reports/period',
    page: PeriodReportPage,
    ability: 'stats.read',
    menu: { label: 'menu.periodReport', icon: 'fileText', group: 'stats' },
  },
  {
    path: 'reports/key-projects',
    page: KeyProjectsPage,
    ability: 'stats.read',
    menu: { label: 'menu.keyProjects', icon: 'fileText', group: 'stats' },
  },
  {
    path: 'reports/lost-leads',
    page: LostLeadsPage,
    ability: 'lead.report',
    menu: { label: 'menu.lostLeads', icon: 'fileText', group: 'stats' },
  },
  {
    path: 'reports/weekly',
    page: WeeklyReportPage,
    ability: 'lead.report',
    menu: { label: 'menu.weekly', icon: 'fileText', group: 'stats' },
  },
  {
    path: 'reports/sla',
    page: SlaReportPage,
    ability: 'lead.report',
    menu: { label: 'menu.slaReport', icon: 'fieldTime', group: 'stats' },
  },
  {
    path: 'industries',
    page: IndustriesPage,
    ability: 'industry.read',
    menu: { label: 'menu.classification', icon: 'partition', group: 'industries' },
  },
  {
    path: 'industries/clusters',
    page: ClustersPage,
    ability: 'industry.read',
    menu: { label: 'menu.clusters', icon: 'cluster', group: 'industries' },
  },
  {
    path: 'industries/chains',
    page: ChainMapPage,
    ability: 'lead.list',
    menu: { label: 'menu.chains', icon: 'nodeIndex', group: 'industries' },
  },
  {
    path: 'industries/standards',
    page: StandardsPage,
    ability: 'standard.read',
    menu: { label: 'menu.standards', icon: 'partition', group: 'industries' },
  },
  {
    path: 'system/users',
    page: UsersPage,
    ability: 'user.read',
    menu: { label: 'menu.users', icon: 'team', group: 'system' },
  },
  {
    path: 'system/approvals',
    page: ApprovalsPage,
    ability: 'approval.read',
    menu: { label: 'menu.approvals', icon: 'safetyCertificate', group: 'system' },
  },
  {
    path: 'system/orgs',
    page: OrgsPage,
    ability: 'org.manage',
    menu: { label: 'menu.orgs', icon: 'apartment', group: 'system' },
  },
  {
    path: 'system/calendar',
    page: CalendarPage,
    ability: 'calendar.manage',
    menu: { label: 'menu.calendar', icon: 'calendar', group: 'system' },
  },
  {
    path: 'system/sla',
    page: SlaPage,
    ability: 'sla.manage',
    menu: { label: 'menu.sla', icon: 'fieldTime', group: 'system' },
  },
  {
    path: 'audit',
    page: AuditPage,
    ability: 'audit.read',
    menu: { label: 'menu.audit', icon: 'audit' },
  },
  {
    path: 'system/channels',
    page: ChannelsPage,
    ability: 'channel.manage',
    menu: { label: 'menu.channels', icon: 'robot', group: 'system' },
  },
  {
    path: 'system/deliveries',
    page: DeliveriesPage,
    ability: 'channel.manage',
    menu: { label: 'menu.deliveries', icon: 'send', group: 'system' },
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
 * The route a pathname is (`/leads/12` → `leads/:id`), the first in the table's order, as the router
 * matches it (ignoring case, trailing slashes allowed). Without react-router: start-up
 * reads it before the router's code has arrived.
 */
export function routeOf(pathname: string): PageRoute | undefined {
  const have = pathname.toLowerCase().replace(/^\//, '').replace(/\/+$/, '').split('/');
  return ROUTES.find((r) => {
    const want = r.path.toLowerCase().split('/');
    return want.length === have.length && want.every((w, i) => w.startsWith(':') || w === have[i]);
  });
}

/**
 * Starts loading the chunk of the page at `pathname` (at start-up, alongside the session check and
 * the application's code), so it is not first asked for once those have arrived.
 */
export function preloadPage(pathname: string) {
  const lazyPage = pathname === '/login' ? LoginPage : routeOf(pathname)?.page;
  lazyPage?.preload?.().catch(() => undefined);
}
