import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../core/roles.js';
import { ACTIONS, type Action, abilities, authorize, can } from './policies.js';

/** The whole table, written out: a change to any rule must change this test. */
const EXPECTED: Record<Action, Role[]> = {
  'org.read': ['admin', 'auditor', 'city_officer', 'county_officer', 'leader', 'referrer'],
  'org.manage': ['admin'],
  'user.read': ['admin'],
  'user.manage': ['admin'],
  'audit.read': ['auditor'],
  'account.changePassword': ['admin', 'auditor', 'city_officer', 'county_officer', 'leader', 'referrer'],
  'calendar.read': ['admin', 'auditor', 'city_officer', 'county_officer', 'leader', 'referrer'],
  'calendar.manage': ['admin'],
  'sla.read': ['admin', 'auditor', 'city_officer', 'county_officer', 'leader', 'referrer'],
  'sla.manage': ['admin'],
  'industry.read': ['admin', 'auditor', 'city_officer', 'county_officer', 'leader', 'referrer'],
};

// City (1), a county (9 = 台山), another county (12 = 鹤山), a resident team (16).
const ORGS = [1, 9, 12, 16];

describe('policies: every role × action × organisation', () => {
  it('covers every action', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });
  for (const role of ROLES) {
    for (const action of ACTIONS) {
      for (const orgId of ORGS) {
        for (const resourceOrg of [undefined, ...ORGS]) {
          const allowed = EXPECTED[action].includes(role);
          it(`${role}@${orgId} ${allowed ? 'may' : 'may not'} ${action} on ${resourceOrg ?? 'no record'}`, () => {
            const principal = { id: 1, orgId, roles: [role] };
            const resource = resourceOrg === undefined ? undefined : { orgId: resourceOrg };
            expect(can(principal, action, resource)).toBe(allowed);
            if (allowed) expect(() => authorize(principal, action, resource)).not.toThrow();
            else expect(() => authorize(principal, action, resource)).toThrowError(/not allowed/);
          });
        }
      }
    }
  }
  it('abilities() mirrors can() for the web', () => {
    const a = abilities({ id: 1, orgId: 1, roles: ['auditor'] });
    expect(a['audit.read']).toBe(true);
    expect(a['user.manage']).toBe(false);
  });
});
