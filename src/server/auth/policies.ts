/**
 * Every "may this user do X to Y" rule lives here. Routes call authorize(); the web receives
 * abilities() so it can hide what is not allowed. policies.test.ts walks role × action × org.
 */
import type { Role } from '../../core/roles.js';
import { AppError } from '../errors.js';

export interface Principal {
  id: number;
  orgId: number;
  roles: readonly Role[];
  /**
   * The organisation is at city level (the city or a department directly under it). A leader reads
   * what their organisation may read: a city-level leader everything, a county's leader that county.
   */
  cityWide: boolean;
}

/** A lead, as the rules see it: who owns it and where it was dispatched. */
export interface LeadResource {
  ownerOrgId: number;
  countyOrgIds: readonly number[];
}

/** An investor, as the rules see it: the organisations that follow it (its leads, projects, visits). */
export interface InvestorResource {
  followerOrgIds: readonly number[];
}

/** A visit or a trip: the organisation whose work it is. */
export interface FieldResource {
  orgId: number;
}

/** A project, as the rules see it: the county it is built in, and the park or platform if any. */
export interface ProjectResource {
  countyOrgId: number;
  parkOrgId: number | null;
}

export const ACTIONS = [
  'org.read',
  'org.manage',
  'user.read',
  'user.manage',
  'approval.read',
  'approval.decide',
  'audit.read',
  'session.own',
  'account.changePassword',
  'calendar.read',
  'calendar.manage',
  'sla.read',
  'sla.manage',
  'industry.read',
  'lead.list',
  'lead.read',
  'lead.contact',
  'lead.register',
  'lead.update',
  'lead.handle',
  'lead.progress',
  'lead.sign',
  'lead.report',
  'lead.work',
  'cluster.manage',
  'chain.manage',
  'project.list',
  'project.readAll',
  'project.read',
  'project.create',
  'project.update',
  'project.revert',
  'project.clusters',
  'issue.raise',
  'issue.answer',
  'stats.read',
  'target.read',
  'target.manage',
  'import.use',
  'notification.own',
  'channel.manage',
  'attachment.use',
  'standard.read',
  'standard.manage',
  'review.read',
  'review.manage',
  'investor.read',
  'investor.manage',
  'investor.merge',
  'investor.contact',
  'visit.read',
  'visit.record',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions decided on one lead or one project; every other action depends on the role alone. */
type LeadRecordAction = 'lead.read' | 'lead.contact' | 'lead.update' | 'lead.progress' | 'lead.sign';
type ProjectRecordAction = 'project.read' | 'project.create' | 'project.update' | 'issue.raise';
type FieldRecordAction = 'visit.read' | 'visit.record';
export type ResourceOf<A extends Action> = A extends LeadRecordAction
  ? LeadResource
  : A extends ProjectRecordAction
    ? ProjectResource
    : A extends 'investor.contact'
      ? InvestorResource
      : A extends FieldRecordAction
        ? FieldResource
        : never;

const has = (p: Principal, ...roles: Role[]) => p.roles.some((r) => roles.includes(r));

type Rules = { [A in Action]: (p: Principal, resource: ResourceOf<A> | undefined) => boolean };

const RULES: Rules = {
  // The organisation tree is needed by every signed-in person to name owners and counties.
  'org.read': () => true,
  // Accounts and the organisation tree are the administrator's alone (三权分立).
  'org.manage': (p) => has(p, 'admin'),
  'user.read': (p) => has(p, 'admin'),
  'user.manage': (p) => has(p, 'admin'),
  // Changes to privileged accounts wait for a second person: administrators and the auditor see
  // them; which of the two decides is the deployment's choice (mayDecideApproval).
  'approval.read': (p) => has(p, 'admin', 'auditor'),
  'approval.decide': (p) => has(p, 'admin', 'auditor'),
  // The audit log is the auditor's alone; the administrator cannot read the trail of their own work.
  'audit.read': (p) => has(p, 'auditor'),
  // One's own session (me, sign out) and password.
  'session.own': () => true,
  'account.changePassword': () => true,
  // Deadlines concern everyone; the calendar and the time limits are settings, the admin's.
  'calendar.read': () => true,
  'calendar.manage': (p) => has(p, 'admin'),
  'sla.read': () => true,
  'sla.manage': (p) => has(p, 'admin'),
  // Reference data: the national classification is public knowledge.
  'industry.read': () => true,
  // Leads: the city center and the city's leaders see all; a county officer, a referrer or a
  // leader outside the city level sees what their organisation registered or was dispatched
  // (anything else is 404, see leadVisibility()).
  'lead.list': (p) => has(p, 'city_officer', 'leader', 'county_officer', 'referrer'),
  'lead.read': (p, r) =>
    readsEverything(p) || (has(p, 'county_officer', 'referrer', 'leader') && concerns(p, r)),
  // The referrer's phone (personal information): shown in full only to those who follow the lead —
  // the city center, the county that owns it or was dispatched it, the referrer who registered it —
  // and only on request, each time audited. Leaders read leads, not contacts.
  'lead.contact': (p, r) =>
    has(p, 'city_officer') ||
    (has(p, 'county_officer') && concerns(p, r)) ||
    (has(p, 'referrer') && r?.ownerOrgId === p.orgId),
  'lead.register': (p) => has(p, 'city_officer', 'county_officer', 'referrer'),
  'lead.update': (p, r) =>
    has(p, 'city_officer') || (has(p, 'county_officer', 'referrer') && r?.ownerOrgId === p.orgId),
  // Respond, assess, feed back, dispatch, close, merge, decide ownership: the city center's work.
  'lead.handle': (p) => has(p, 'city_officer'),
  // Counties lead the follow-up of what was dispatched to them.
  'lead.progress': (p, r) => has(p, 'city_officer') || (has(p, 'county_officer') && dispatchedTo(p, r)),
  'lead.sign': (p, r) => has(p, 'city_officer') || (has(p, 'county_officer') && dispatchedTo(p, r)),
  'lead.report': (p) => has(p, 'city_officer', 'leader', 'county_officer'),
  // Has a to-do list of lead steps (我的待办).
  'lead.work': (p) => has(p, 'city_officer', 'county_officer'),
  // The cluster lists and their industry codes: the administrator or the city center.
  'cluster.manage': (p) => has(p, 'admin', 'city_officer'),
  // Chains, their links and firms: the city center's map for chain investment.
  'chain.manage': (p) => has(p, 'admin', 'city_officer'),
  // Projects: the city center and the city's leaders see all; a county (or platform) officer or
  // leader its own.
  'project.list': (p) => has(p, 'city_officer', 'leader', 'county_officer'),
  // Every county's projects, figures and targets (the web shows the organisation chooser).
  'project.readAll': (p) => readsEverything(p),
  'project.read': (p, r) => readsEverything(p) || (has(p, 'county_officer', 'leader') && ownsProject(p, r)),
  // Entering a project, its milestones and edits: the city center, or the county it is built in.
  'project.create': (p, r) =>
    has(p, 'city_officer') || (has(p, 'county_officer') && (r === undefined || ownsProject(p, r))),
  'project.update': (p, r) =>
    has(p, 'city_officer') || (has(p, 'county_officer') && (r === undefined || ownsProject(p, r))),
  // A stage moved backwards is a correction of the record: the city center's, with a reason.
  'project.revert': (p) => has(p, 'city_officer'),
  'project.clusters': (p) => has(p, 'city_officer'),
  // Anyone following a project records a blocker; the city center coordinates the answer.
  'issue.raise': (p, r) =>
    has(p, 'city_officer') || (has(p, 'county_officer') && (r === undefined || ownsProject(p, r))),
  'issue.answer': (p) => has(p, 'city_officer'),
  // Statistics and targets: a county officer or leader sees its own organisation's only.
  'stats.read': (p) => has(p, 'city_officer', 'leader', 'county_officer'),
  // The administrator, who may enter targets, sees the target table too (totals, no records).
  'target.read': (p) => has(p, 'admin', 'city_officer', 'leader', 'county_officer'),
  'target.manage': (p) => has(p, 'admin', 'city_officer'),
  // Bringing existing ledgers in: the city center, and a county into its own county (each row is
  // checked as a registration by that user would be).
  'import.use': (p) => has(p, 'city_officer', 'county_officer'),
  // Everyone reads and marks their own notifications, and chooses what reaches them.
  'notification.own': () => true,
  // The work-group robots, their keys and the delivery log: the administrator's, like other settings.
  'channel.manage': (p) => has(p, 'admin'),
  // Attachments follow the record they belong to (read and write decided there); this is the door.
  'attachment.use': (p) => has(p, 'city_officer', 'leader', 'county_officer', 'referrer'),
  // The land-use standards (标准地): read by whoever checks a project against them, kept by the city.
  'standard.read': (p) => has(p, 'admin', 'city_officer', 'leader', 'county_officer'),
  'standard.manage': (p) => has(p, 'admin', 'city_officer'),
  // Admission reviews (准入研判 / 联审): read with the lead; held and decided by the city center.
  'review.read': (p) => has(p, 'city_officer', 'leader', 'county_officer'),
  'review.manage': (p) => has(p, 'city_officer'),
  // The investor register is shared city-wide (一盘棋): every business role sees that a firm is
  // already followed, and by whom. Those who do the work add firms and their contacts.
  'investor.read': (p) => has(p, 'city_officer', 'leader', 'county_officer', 'referrer'),
  'investor.manage': (p) => has(p, 'city_officer', 'county_officer', 'referrer'),
  // Merging two records of one firm is the city center's, like merging leads.
  'investor.merge': (p) => has(p, 'city_officer'),
  // A contact's phone and e-mail (personal information): in full, on request and audited, to the
  // city center and to the organisations that follow the firm; leaders see firms, not contacts.
  'investor.contact': (p, r) =>
    has(p, 'city_officer') ||
    (has(p, 'county_officer', 'referrer') && r?.followerOrgIds.includes(p.orgId) === true),
  // Visits and trips: the city sees all, a county (platform, resident team) its own; a visit on a
  // lead or project is also read by whoever reads that record (decided by the visit's use cases).
  'visit.read': (p, r) =>
    readsEverything(p) ||
    (has(p, 'county_officer', 'referrer', 'leader') && (r === undefined || r.orgId === p.orgId)),
  'visit.record': (p, r) =>
    has(p, 'city_officer') ||
    (has(p, 'county_officer', 'referrer') && (r === undefined || r.orgId === p.orgId)),
};

/** The city center, and leaders at city level: every record, read-only for the leaders. */
function readsEverything(p: Principal): boolean {
  return has(p, 'city_officer') || (has(p, 'leader') && p.cityWide);
}

function ownsProject(p: Principal, r: ProjectResource | undefined): boolean {
  return r !== undefined && (r.countyOrgId === p.orgId || (r.parkOrgId != null && r.parkOrgId === p.orgId));
}

function dispatchedTo(p: Principal, r: LeadResource | undefined): boolean {
  return r?.countyOrgIds.includes(p.orgId) === true;
}

function concerns(p: Principal, r: LeadResource | undefined): boolean {
  return r?.ownerOrgId === p.orgId || dispatchedTo(p, r);
}

/** Which records a user may see: every one, or those concerning one organisation. */
export type Scope = { all: true } | { orgId: number };

/** Which leads a user may see at all; null for roles that see none (administrator, auditor). */
export function leadVisibility(p: Principal): Scope | null {
  if (readsEverything(p)) return { all: true };
  if (has(p, 'county_officer', 'referrer', 'leader')) return { orgId: p.orgId };
  return null;
}

/** Whose visits and trips a user may see; null for roles that see none. */
export function fieldScope(p: Principal): Scope {
  if (readsEverything(p)) return { all: true };
  if (has(p, 'county_officer', 'referrer', 'leader')) return { orgId: p.orgId };
  throw new AppError('FORBIDDEN');
}

/** Which projects (and which organisations' statistics and targets) a user may see. */
export function projectVisibility(p: Principal): Scope | null {
  if (can(p, 'project.readAll')) return { all: true };
  if (has(p, 'county_officer', 'leader')) return { orgId: p.orgId };
  return null;
}

/**
 * Which leads a use case reads for this user (the route's door has checked the ability); 403 for
 * a role that sees none.
 */
export function leadScope(p: Principal): Scope {
  const v = leadVisibility(p);
  if (!v) throw new AppError('FORBIDDEN');
  return v;
}

/**
 * Where an import reaches: the city center's imports dispatch leads to any county and enter any
 * county's projects, and it sees every organisation's import batches; a county (or platform)
 * officer imports into, and sees the batches of, their own organisation only.
 */
export function importScope(p: Principal): Scope {
  if (!can(p, 'import.use')) throw new AppError('FORBIDDEN');
  return has(p, 'city_officer') ? { all: true } : { orgId: p.orgId };
}

/** Which projects (and organisations' statistics) a use case reads for this user; 403 for none. */
export function projectScope(p: Principal): Scope {
  const v = projectVisibility(p);
  if (!v) throw new AppError('FORBIDDEN');
  return v;
}

/**
 * The statistics a request may read: the user's scope narrowed to `orgId` when asked. A county
 * officer gets its own organisation whatever it asks for; asking for another is 403.
 */
export function statsScope(p: Principal, orgId: number | undefined): Scope {
  return narrowed(projectScope(p), orgId);
}

/** The field's reports (visits, trips) a request may read: as statsScope, over the field's scope. */
export function fieldReportScope(p: Principal, orgId: number | undefined): Scope {
  return narrowed(fieldScope(p), orgId);
}

/** A scope narrowed to `orgId` when asked: any for a city-wide reader, only its own for the rest. */
function narrowed(v: Scope, orgId: number | undefined): Scope {
  if ('all' in v) return orgId === undefined ? v : { orgId };
  if (orgId !== undefined && orgId !== v.orgId) throw new AppError('FORBIDDEN');
  return v;
}

/** Whose targets a user sees: a county officer its own organisation's, the others every one. */
export function targetScope(p: Principal): Scope {
  return projectVisibility(p) ?? { all: true };
}

export function can<A extends Action>(p: Principal, action: A, resource?: ResourceOf<A>): boolean {
  return RULES[action](p, resource);
}

/** Throws 403 unless allowed. For records whose existence must stay hidden, callers throw 404 instead. */
export function authorize<A extends Action>(p: Principal, action: A, resource?: ResourceOf<A>): void {
  if (!can(p, action, resource)) throw new AppError('FORBIDDEN');
}

/** The global abilities the web uses to build its menu and grey out buttons. */
export function abilities(p: Principal): Record<Action, boolean> {
  return Object.fromEntries(ACTIONS.map((a) => [a, can(p, a)])) as Record<Action, boolean>;
}

/**
 * A reset of an account's password or authenticator waits for a second person when the account is
 * an administrator's or the auditor's (三权分立: nobody takes over the other's account alone).
 */
export function resetNeedsSecondPerson(targetRoles: readonly Role[]): boolean {
  return targetRoles.some((r) => r === 'admin' || r === 'auditor');
}

/** A change of roles waits for a second person when it gives the auditor role to an account without it. */
export function grantNeedsSecondPerson(before: readonly Role[], after: readonly Role[]): boolean {
  return after.includes('auditor') && !before.includes('auditor');
}

/** Who must sign in with a second factor: administrators, the auditor, and organisations that ask. */
export function needsSecondFactor(roles: readonly Role[], orgRequires: boolean): boolean {
  return roles.includes('admin') || roles.includes('auditor') || orgRequires;
}

/**
 * Who may approve or reject a pending change to a privileged account: someone of the role the
 * deployment names (INVESTTRACK_APPROVER: the auditor by default, or another administrator), who
 * neither asked for it nor is the account concerned.
 */
export function mayDecideApproval(
  p: Principal,
  request: { requestedByUserId: number; targetUserId: number },
  approverRole: 'auditor' | 'admin',
): boolean {
  return (
    can(p, 'approval.decide') &&
    has(p, approverRole) &&
    p.id !== request.requestedByUserId &&
    p.id !== request.targetUserId
  );
}

/**
 * Whose reading of a lead's or project's page is itself audited (who read what, 等保): leaders and
 * county officers, who read records they do not all work on. The city center's officers work on
 * every record; their writes are audited.
 */
export function readsAudited(p: Principal): boolean {
  return has(p, 'leader', 'county_officer');
}
