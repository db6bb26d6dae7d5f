/**
 * The permission rules as facts written out: what each role may do at all (the door of every
 * route), and, for the rules about one record, which of a few named leads and projects each person
 * may act on. No rule is re-implemented here: each answer is written down.
 */
import { describe, expect, it } from 'vitest';
import type { Role } from '../../core/roles.js';
import {
  ACTIONS,
  type Action,
  abilities,
  authorize,
  can,
  fieldReportScope,
  fieldScope,
  importScope,
  type LeadResource,
  leadScope,
  leadVisibility,
  type ProjectResource,
  projectScope,
  projectVisibility,
  statsScope,
} from './policies.js';

/** What each role holds, as abilities() answers it (no record at hand). */
const HOLDS: Record<Role, Action[]> = {
  admin: [
    'session.own',
    'notification.own',
    'account.changePassword',
    'org.read',
    'org.manage',
    'user.read',
    'user.manage',
    'approval.read',
    'approval.decide',
    'calendar.read',
    'calendar.manage',
    'sla.read',
    'sla.manage',
    'industry.read',
    'cluster.manage',
    'chain.manage',
    'target.read',
    'target.manage',
    'channel.manage',
    'standard.read',
    'standard.manage',
  ],
  auditor: [
    'session.own',
    'notification.own',
    'account.changePassword',
    'org.read',
    'approval.read',
    'approval.decide',
    'audit.read',
    'calendar.read',
    'sla.read',
    'industry.read',
  ],
  city_officer: [
    'session.own',
    'notification.own',
    'account.changePassword',
    'org.read',
    'calendar.read',
    'sla.read',
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
  ],
  county_officer: [
    'session.own',
    'notification.own',
    'account.changePassword',
    'org.read',
    'calendar.read',
    'sla.read',
    'industry.read',
    'lead.list',
    'lead.register',
    'lead.report',
    'lead.work',
    'project.list',
    // Entering a project or raising an issue: yes in general, then the county is checked.
    'project.create',
    'project.update',
    'issue.raise',
    'stats.read',
    'target.read',
    'import.use',
    'attachment.use',
    'standard.read',
    'review.read',
    // The register is shared; contacts are decided per firm.
    'investor.read',
    'investor.manage',
    'visit.read',
    'visit.record',
  ],
  leader: [
    'session.own',
    'notification.own',
    'account.changePassword',
    'org.read',
    'calendar.read',
    'sla.read',
    'industry.read',
    'lead.list',
    'lead.read',
    'lead.report',
    'project.list',
    'project.readAll',
    'project.read',
    'stats.read',
    'target.read',
    'attachment.use',
    'standard.read',
    'review.read',
    'investor.read',
    'visit.read',
  ],
  referrer: [
    'session.own',
    'notification.own',
    'account.changePassword',
    'org.read',
    'calendar.read',
    'sla.read',
    'industry.read',
    'lead.list',
    'lead.register',
    'attachment.use',
    'investor.read',
    'investor.manage',
    'visit.read',
    'visit.record',
  ],
};

// Organisations: the city (1), 台山 (9), 鹤山 (12), a platform or team (16).
const LEADS: Record<string, LeadResource> = {
  cityOnly: { ownerOrgId: 1, countyOrgIds: [] },
  taishan: { ownerOrgId: 1, countyOrgIds: [9] },
  twoCounties: { ownerOrgId: 16, countyOrgIds: [9, 12] },
  heshanOwn: { ownerOrgId: 12, countyOrgIds: [] },
};
const PROJECTS: Record<string, ProjectResource> = {
  taishan: { countyOrgId: 9, parkOrgId: null },
  heshan: { countyOrgId: 12, parkOrgId: null },
  heshanPark: { countyOrgId: 12, parkOrgId: 16 },
};
const ALL_LEADS = Object.keys(LEADS);
const ALL_PROJECTS = Object.keys(PROJECTS);

type Person = `${Role}@${number}`;
type LeadAct = 'lead.read' | 'lead.contact' | 'lead.update' | 'lead.progress' | 'lead.sign';
type ProjectAct = 'project.read' | 'project.create' | 'project.update' | 'issue.raise';

/** Which named leads each person may act on. */
const ON_LEADS: Record<Person, Record<LeadAct, string[]>> = {
  'city_officer@1': {
    'lead.read': ALL_LEADS,
    'lead.contact': ALL_LEADS,
    'lead.update': ALL_LEADS,
    'lead.progress': ALL_LEADS,
    'lead.sign': ALL_LEADS,
  },
  'leader@1': {
    'lead.read': ALL_LEADS,
    'lead.contact': [],
    'lead.update': [],
    'lead.progress': [],
    'lead.sign': [],
  },
  // A county's leader reads what the county's officers read, and acts on none of it.
  'leader@9': {
    'lead.read': ['taishan', 'twoCounties'],
    'lead.contact': [],
    'lead.update': [],
    'lead.progress': [],
    'lead.sign': [],
  },
  // A platform's (or team's) leader: what that organisation registered or was dispatched.
  'leader@16': {
    'lead.read': ['twoCounties'],
    'lead.contact': [],
    'lead.update': [],
    'lead.progress': [],
    'lead.sign': [],
  },
  'county_officer@9': {
    'lead.read': ['taishan', 'twoCounties'],
    'lead.contact': ['taishan', 'twoCounties'],
    'lead.update': [],
    'lead.progress': ['taishan', 'twoCounties'],
    'lead.sign': ['taishan', 'twoCounties'],
  },
  'county_officer@12': {
    'lead.read': ['twoCounties', 'heshanOwn'],
    'lead.contact': ['twoCounties', 'heshanOwn'],
    'lead.update': ['heshanOwn'],
    'lead.progress': ['twoCounties'],
    'lead.sign': ['twoCounties'],
  },
  'referrer@16': {
    'lead.read': ['twoCounties'],
    'lead.contact': ['twoCounties'],
    'lead.update': ['twoCounties'],
    'lead.progress': [],
    'lead.sign': [],
  },
  'admin@1': { 'lead.read': [], 'lead.contact': [], 'lead.update': [], 'lead.progress': [], 'lead.sign': [] },
  'auditor@1': {
    'lead.read': [],
    'lead.contact': [],
    'lead.update': [],
    'lead.progress': [],
    'lead.sign': [],
  },
};

/** Which named projects each person may act on. */
const ON_PROJECTS: Record<Person, Record<ProjectAct, string[]>> = {
  'city_officer@1': {
    'project.read': ALL_PROJECTS,
    'project.create': ALL_PROJECTS,
    'project.update': ALL_PROJECTS,
    'issue.raise': ALL_PROJECTS,
  },
  'leader@1': { 'project.read': ALL_PROJECTS, 'project.create': [], 'project.update': [], 'issue.raise': [] },
  'leader@9': { 'project.read': ['taishan'], 'project.create': [], 'project.update': [], 'issue.raise': [] },
  'leader@16': {
    'project.read': ['heshanPark'],
    'project.create': [],
    'project.update': [],
    'issue.raise': [],
  },
  'county_officer@9': {
    'project.read': ['taishan'],
    'project.create': ['taishan'],
    'project.update': ['taishan'],
    'issue.raise': ['taishan'],
  },
  'county_officer@12': {
    'project.read': ['heshan', 'heshanPark'],
    'project.create': ['heshan', 'heshanPark'],
    'project.update': ['heshan', 'heshanPark'],
    'issue.raise': ['heshan', 'heshanPark'],
  },
  // A platform's officer: the projects in its park.
  'county_officer@16': {
    'project.read': ['heshanPark'],
    'project.create': ['heshanPark'],
    'project.update': ['heshanPark'],
    'issue.raise': ['heshanPark'],
  },
  'referrer@16': { 'project.read': [], 'project.create': [], 'project.update': [], 'issue.raise': [] },
  'admin@1': { 'project.read': [], 'project.create': [], 'project.update': [], 'issue.raise': [] },
};

const principal = (person: Person) => {
  const [role, org] = person.split('@') as [Role, string];
  // Organisation 1 is the city; the others are a county, a county, a platform.
  return { id: 1, orgId: Number(org), roles: [role], cityWide: org === '1' };
};

/** A person at city level (cityWide) or not, for the scope facts below. */
const at = (orgId: number, role: Role, cityWide = orgId === 1 || orgId === 2) => ({
  id: 1,
  orgId,
  roles: [role],
  cityWide,
});

describe('policies: what each role holds', () => {
  for (const [role, held] of Object.entries(HOLDS) as [Role, Action[]][]) {
    it(`${role}: exactly ${held.length} abilities`, () => {
      const a = abilities(at(role === 'county_officer' ? 9 : 1, role));
      expect(ACTIONS.filter((x) => a[x]).sort()).toEqual([...held].sort());
    });
  }
  it('a county leader holds what a city leader does, less every county’s records and figures', () => {
    const a = abilities(at(9, 'leader'));
    expect(ACTIONS.filter((x) => a[x]).sort()).toEqual(
      HOLDS.leader.filter((x) => !['lead.read', 'project.read', 'project.readAll'].includes(x)).sort(),
    );
  });
  it('every action is held by someone', () => {
    expect(ACTIONS.filter((a) => !Object.values(HOLDS).some((h) => h.includes(a)))).toEqual([]);
  });
});

describe('policies: one record', () => {
  for (const [person, rules] of Object.entries(ON_LEADS) as [Person, Record<LeadAct, string[]>][]) {
    for (const [action, allowed] of Object.entries(rules) as [LeadAct, string[]][]) {
      it(`${person} may ${action}: ${allowed.join(', ') || 'none'}`, () => {
        const p = principal(person);
        expect(ALL_LEADS.filter((k) => can(p, action, LEADS[k]))).toEqual(allowed);
        for (const k of ALL_LEADS) {
          if (allowed.includes(k)) expect(() => authorize(p, action, LEADS[k])).not.toThrow();
          else expect(() => authorize(p, action, LEADS[k])).toThrowError(/not allowed/);
        }
      });
    }
  }
  for (const [person, rules] of Object.entries(ON_PROJECTS) as [Person, Record<ProjectAct, string[]>][]) {
    for (const [action, allowed] of Object.entries(rules) as [ProjectAct, string[]][]) {
      it(`${person} may ${action}: ${allowed.join(', ') || 'none'}`, () => {
        const p = principal(person);
        expect(ALL_PROJECTS.filter((k) => can(p, action, PROJECTS[k]))).toEqual(allowed);
      });
    }
  }
});

describe('policies: scopes', () => {
  it('lead visibility: all for the city and its leaders, one organisation for counties, their leaders and referrers, none otherwise', () => {
    expect(leadVisibility(at(2, 'city_officer'))).toEqual({ all: true });
    expect(leadVisibility(at(1, 'leader'))).toEqual({ all: true });
    expect(leadVisibility(at(9, 'leader'))).toEqual({ orgId: 9 });
    expect(leadVisibility(at(16, 'leader'))).toEqual({ orgId: 16 });
    expect(leadVisibility(at(9, 'county_officer'))).toEqual({ orgId: 9 });
    expect(leadVisibility(at(16, 'referrer'))).toEqual({ orgId: 16 });
    expect(leadVisibility(at(1, 'admin'))).toBeNull();
    expect(leadVisibility(at(1, 'auditor'))).toBeNull();
  });
  it('importScope: the city center imports anywhere, a county officer into their own organisation, others not at all', () => {
    expect(importScope(at(2, 'city_officer'))).toEqual({ all: true });
    expect(importScope(at(9, 'county_officer'))).toEqual({ orgId: 9 });
    expect(() => importScope(at(2, 'leader'))).toThrow();
    expect(() => importScope(at(9, 'referrer'))).toThrow();
  });

  it('leadScope: the scope, or 403 for a role that sees no leads', () => {
    expect(leadScope(at(9, 'county_officer'))).toEqual({ orgId: 9 });
    expect(() => leadScope(at(1, 'admin'))).toThrowError(/not allowed/);
  });
  it('project visibility: all for the city and its leaders, its own for a county officer or leader, none otherwise', () => {
    expect(projectVisibility(at(2, 'city_officer'))).toEqual({ all: true });
    expect(projectVisibility(at(9, 'county_officer'))).toEqual({ orgId: 9 });
    expect(projectVisibility(at(1, 'leader'))).toEqual({ all: true });
    expect(projectVisibility(at(9, 'leader'))).toEqual({ orgId: 9 });
    expect(projectVisibility(at(16, 'referrer'))).toBeNull();
    expect(() => projectScope(at(16, 'referrer'))).toThrowError(/not allowed/);
  });
  it('statsScope: the city narrows to any organisation; a county gets its own, and another is 403', () => {
    expect(statsScope(at(2, 'city_officer'), undefined)).toEqual({ all: true });
    expect(statsScope(at(2, 'leader'), 12)).toEqual({ orgId: 12 });
    expect(statsScope(at(9, 'county_officer'), undefined)).toEqual({ orgId: 9 });
    expect(statsScope(at(9, 'county_officer'), 9)).toEqual({ orgId: 9 });
    expect(() => statsScope(at(9, 'county_officer'), 12)).toThrowError(/not allowed/);
    expect(statsScope(at(9, 'leader'), undefined)).toEqual({ orgId: 9 });
    expect(() => statsScope(at(9, 'leader'), 12)).toThrowError(/not allowed/);
  });
});

describe('policies: investors and the field', () => {
  // A firm followed by 台山 (9) and by the team (16); another followed by nobody yet.
  const followed = { followerOrgIds: [9, 16] };
  const nobody = { followerOrgIds: [] };
  it('a contact in full: the city center always; a county officer or team that follows the firm; leaders and the rest never', () => {
    expect(can(at(2, 'city_officer'), 'investor.contact', nobody)).toBe(true);
    expect(can(at(9, 'county_officer'), 'investor.contact', followed)).toBe(true);
    expect(can(at(12, 'county_officer'), 'investor.contact', followed)).toBe(false);
    expect(can(at(16, 'referrer'), 'investor.contact', followed)).toBe(true);
    expect(can(at(1, 'leader'), 'investor.contact', followed)).toBe(false);
    expect(can(at(9, 'leader'), 'investor.contact', followed)).toBe(false);
    expect(can(at(1, 'admin'), 'investor.contact', followed)).toBe(false);
  });
  it('visits and trips: the city reads all; a county, team or its leader its own; writing is the officers’ of that organisation', () => {
    const taishan = { orgId: 9 };
    expect(can(at(2, 'city_officer'), 'visit.read', taishan)).toBe(true);
    expect(can(at(1, 'leader'), 'visit.read', taishan)).toBe(true);
    expect(can(at(9, 'leader'), 'visit.read', taishan)).toBe(true);
    expect(can(at(12, 'leader'), 'visit.read', taishan)).toBe(false);
    expect(can(at(12, 'county_officer'), 'visit.read', taishan)).toBe(false);
    expect(can(at(9, 'county_officer'), 'visit.record', taishan)).toBe(true);
    expect(can(at(12, 'county_officer'), 'visit.record', taishan)).toBe(false);
    expect(can(at(16, 'referrer'), 'visit.record', { orgId: 16 })).toBe(true);
    expect(can(at(9, 'leader'), 'visit.record', taishan)).toBe(false);
    expect(can(at(2, 'city_officer'), 'visit.record', taishan)).toBe(true);
    expect(can(at(1, 'auditor'), 'visit.read', taishan)).toBe(false);
    expect(fieldScope(at(9, 'county_officer'))).toEqual({ orgId: 9 });
    expect(fieldScope(at(1, 'leader'))).toEqual({ all: true });
    expect(() => fieldScope(at(1, 'admin'))).toThrowError(/not allowed/);
    expect(fieldReportScope(at(2, 'city_officer'), 9)).toEqual({ orgId: 9 });
    expect(fieldReportScope(at(16, 'referrer'), undefined)).toEqual({ orgId: 16 });
    expect(() => fieldReportScope(at(9, 'county_officer'), 12)).toThrowError(/not allowed/);
  });
});
