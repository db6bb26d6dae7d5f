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
}

/** What an action is done to; rules that depend on ownership read orgId. */
export interface Resource {
  orgId?: number | null;
}

export const ACTIONS = [
  'org.read',
  'org.manage',
  'user.read',
  'user.manage',
  'audit.read',
  'account.changePassword',
  'calendar.read',
  'calendar.manage',
  'sla.read',
  'sla.manage',
  'industry.read',
] as const;
export type Action = (typeof ACTIONS)[number];

const has = (p: Principal, ...roles: Role[]) => p.roles.some((r) => roles.includes(r));

type Rule = (p: Principal, resource: Resource | undefined) => boolean;

const RULES: Record<Action, Rule> = {
  // The organisation tree is needed by every signed-in person to name owners and counties.
  'org.read': () => true,
  // Accounts and the organisation tree are the administrator's alone (三权分立).
  'org.manage': (p) => has(p, 'admin'),
  'user.read': (p) => has(p, 'admin'),
  'user.manage': (p) => has(p, 'admin'),
  // The audit log is the auditor's alone; the administrator cannot read the trail of their own work.
  'audit.read': (p) => has(p, 'auditor'),
  'account.changePassword': () => true,
  // Deadlines concern everyone; the calendar and the time limits are settings, the admin's.
  'calendar.read': () => true,
  'calendar.manage': (p) => has(p, 'admin'),
  'sla.read': () => true,
  'sla.manage': (p) => has(p, 'admin'),
  // Reference data: the national classification is public knowledge.
  'industry.read': () => true,
};

export function can(p: Principal, action: Action, resource?: Resource): boolean {
  return RULES[action](p, resource);
}

/** Throws 403 unless allowed. For records whose existence must stay hidden, callers throw 404 instead. */
export function authorize(p: Principal, action: Action, resource?: Resource): void {
  if (!can(p, action, resource)) throw new AppError('FORBIDDEN');
}

/** The global abilities the web uses to build its menu and grey out buttons. */
export function abilities(p: Principal): Record<Action, boolean> {
  return Object.fromEntries(ACTIONS.map((a) => [a, can(p, a)])) as Record<Action, boolean>;
}
