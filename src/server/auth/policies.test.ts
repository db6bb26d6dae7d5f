import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../core/roles.js';
import {
  ACTIONS,
  type Action,
  abilities,
  authorize,
  authorizeLeadScope,
  authorizeProjectScope,
  can,
  leadVisibility,
  projectVisibility,
  type Resource,
} from './policies.js';

const ALL: Role[] = ['admin', 'auditor', 'city_officer', 'county_officer', 'leader', 'referrer'];

/** Actions whose answer depends on the role only: the whole table, written out. */
const BY_ROLE: Partial<Record<Action, Role[]>> = {
  'org.read': ALL,
  'org.manage': ['admin'],
  'user.read': ['admin'],
  'user.manage': ['admin'],
  'audit.read': ['auditor'],
  'account.changePassword': ALL,
  'calendar.read': ALL,
  'calendar.manage': ['admin'],
  'sla.read': ALL,
  'sla.manage': ['admin'],
  'industry.read': ALL,
  'lead.list': ['city_officer', 'leader', 'county_officer', 'referrer'],
  'lead.register': ['city_officer', 'county_officer', 'referrer'],
  'lead.handle': ['city_officer'],
  'lead.report': ['city_officer', 'leader', 'county_officer'],
  'lead.work': ['city_officer', 'county_officer'],
  'cluster.manage': ['admin', 'city_officer'],
  'chain.manage': ['admin', 'city_officer'],
  'project.list': ['city_officer', 'leader', 'county_officer'],
  'project.readAll': ['city_officer', 'leader'],
  'project.revert': ['city_officer'],
  'project.clusters': ['city_officer'],
  'issue.answer': ['city_officer'],
  'stats.read': ['city_officer', 'leader', 'county_officer'],
  'target.read': ['admin', 'city_officer', 'leader', 'county_officer'],
  'target.manage': ['admin', 'city_officer'],
};

const PROJECT_ACTIONS: Action[] = ['project.read', 'project.create', 'project.update', 'issue.raise'];

/** Actions on a project: the city center and (reading) leaders everywhere, a county its own. */
function projectRule(action: Action, role: Role, orgId: number, project: Resource | undefined): boolean {
  const owns =
    project === undefined
      ? action !== 'project.read'
      : project.orgId === orgId || (project.parkOrgId != null && project.parkOrgId === orgId);
  if (role === 'city_officer') return true;
  if (role === 'leader') return action === 'project.read';
  return role === 'county_officer' && owns;
}

/** Actions on a lead: who, given where the user sits and whom the lead concerns. */
function leadRule(action: Action, role: Role, orgId: number, lead: Resource): boolean {
  const owns = lead.ownerOrgId === orgId;
  const dispatched = lead.countyOrgIds?.includes(orgId) ?? false;
  switch (action) {
    case 'lead.read':
      return (
        role === 'city_officer' ||
        role === 'leader' ||
        ((role === 'county_officer' || role === 'referrer') && (owns || dispatched))
      );
    case 'lead.update':
      return role === 'city_officer' || ((role === 'county_officer' || role === 'referrer') && owns);
    case 'lead.progress':
    case 'lead.sign':
      return role === 'city_officer' || (role === 'county_officer' && dispatched);
    default:
      throw new Error(`no rule for ${action}`);
  }
}

// City (1), 台山 (9), 鹤山 (12), 驻深圳 team (16).
const ORGS = [1, 9, 12, 16];
const LEADS: Resource[] = [
  { ownerOrgId: 1, countyOrgIds: [] }, // registered by the city, not dispatched
  { ownerOrgId: 1, countyOrgIds: [9] }, // dispatched to 台山
  { ownerOrgId: 16, countyOrgIds: [9, 12] }, // found by the Shenzhen team, dispatched to two counties
  { ownerOrgId: 12, countyOrgIds: [] }, // registered by 鹤山
];
const PROJECTS: (Resource | undefined)[] = [
  undefined,
  { orgId: 9 }, // built in 台山
  { orgId: 12, parkOrgId: null }, // built in 鹤山
  { orgId: 12, parkOrgId: 16 }, // in 鹤山, in a park that 16 runs (a platform officer's)
];

describe('policies: every role × action × organisation', () => {
  it('covers every action', () => {
    const covered = new Set([
      ...Object.keys(BY_ROLE),
      'lead.read',
      'lead.update',
      'lead.progress',
      'lead.sign',
      ...PROJECT_ACTIONS,
    ]);
    expect([...covered].sort()).toEqual([...ACTIONS].sort());
  });
  for (const role of ROLES) {
    for (const action of ACTIONS) {
      for (const orgId of ORGS) {
        const isProject = PROJECT_ACTIONS.includes(action);
        const resources: (Resource | undefined)[] = BY_ROLE[action]
          ? [undefined, ...ORGS.map((o) => ({ orgId: o })), ...LEADS]
          : isProject
            ? PROJECTS
            : LEADS;
        resources.forEach((resource, i) => {
          const allowed = BY_ROLE[action]
            ? BY_ROLE[action]!.includes(role)
            : isProject
              ? projectRule(action, role, orgId, resource)
              : leadRule(action, role, orgId, resource!);
          it(`${role}@${orgId} ${allowed ? 'may' : 'may not'} ${action} #${i}`, () => {
            const principal = { id: 1, orgId, roles: [role] };
            expect(can(principal, action, resource)).toBe(allowed);
            if (allowed) expect(() => authorize(principal, action, resource)).not.toThrow();
            else expect(() => authorize(principal, action, resource)).toThrowError(/not allowed/);
          });
        });
      }
    }
  }
  it('lead visibility: all for the city and leaders, one organisation for counties and referrers, none otherwise', () => {
    expect(leadVisibility({ id: 1, orgId: 2, roles: ['city_officer'] })).toEqual({ all: true });
    expect(leadVisibility({ id: 1, orgId: 1, roles: ['leader'] })).toEqual({ all: true });
    expect(leadVisibility({ id: 1, orgId: 9, roles: ['county_officer'] })).toEqual({ orgId: 9 });
    expect(leadVisibility({ id: 1, orgId: 16, roles: ['referrer'] })).toEqual({ orgId: 16 });
    expect(leadVisibility({ id: 1, orgId: 1, roles: ['admin'] })).toBeNull();
    expect(leadVisibility({ id: 1, orgId: 1, roles: ['auditor'] })).toBeNull();
  });
  it('authorizeLeadScope: the action first, then the scope; none at all is 403', () => {
    expect(authorizeLeadScope({ id: 1, orgId: 9, roles: ['county_officer'] }, 'lead.list')).toEqual({
      orgId: 9,
    });
    expect(() => authorizeLeadScope({ id: 1, orgId: 16, roles: ['referrer'] }, 'lead.report')).toThrowError(
      /not allowed/,
    );
    expect(() => authorizeLeadScope({ id: 1, orgId: 1, roles: ['admin'] }, 'lead.list')).toThrowError(
      /not allowed/,
    );
  });
  it('project visibility: all for the city and leaders, its own for a county officer, none otherwise', () => {
    expect(projectVisibility({ id: 1, orgId: 2, roles: ['city_officer'] })).toEqual({ all: true });
    expect(projectVisibility({ id: 1, orgId: 9, roles: ['county_officer'] })).toEqual({ orgId: 9 });
    expect(projectVisibility({ id: 1, orgId: 16, roles: ['referrer'] })).toBeNull();
    expect(() => authorizeProjectScope({ id: 1, orgId: 16, roles: ['referrer'] }, 'stats.read')).toThrowError(
      /not allowed/,
    );
  });
  it('abilities() mirrors can() for the web', () => {
    const a = abilities({ id: 1, orgId: 1, roles: ['auditor'] });
    expect(a['audit.read']).toBe(true);
    expect(a['user.manage']).toBe(false);
  });
});
