/** What the platform endpoints answer: session, accounts, organisations, audit, calendar, time limits, health. */
import { z } from 'zod';
import { ORG_KINDS } from '../orgs.js';
import { ROLES } from '../roles.js';
import { SLA_STEPS } from '../sla.js';
import { instant, isoDate, pageOf } from './common.js';

export const sessionUser = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    orgId: z.number().int(),
    roles: z.array(z.enum(ROLES)),
    mustChangePassword: z.boolean(),
  })
  .meta({ id: 'SessionUser' });
export type SessionUser = z.infer<typeof sessionUser>;

/** The signed-in user, the CSRF token to send back, and the abilities the web greys buttons out by. */
export const me = z
  .object({
    user: sessionUser,
    csrfToken: z.string().describe('Send as X-CSRF-Token on every state-changing request'),
    abilities: z.record(z.string(), z.boolean()),
    session: z.object({
      idleExpiresAt: instant,
      absoluteExpiresAt: instant,
      idleTimeoutMinutes: z.number(),
      absoluteTimeoutHours: z.number(),
    }),
    demo: z.boolean(),
    totp: z
      .object({
        enabled: z.boolean(),
        required: z.boolean().describe('The account must use a second factor (role, organisation)'),
        mustEnrol: z
          .boolean()
          .describe('Must enrol a second factor before anything else (403 TOTP_ENROLMENT_REQUIRED)'),
      })
      .describe('The second factor (TOTP)'),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof me>;

/** API.md's user, plus the fields the admin pages need. */
export const user = sessionUser
  .extend({
    active: z.boolean(),
    version: z.number().int(),
    lastLoginAt: instant.nullable(),
    createdAt: instant,
  })
  .meta({ id: 'User' });
export type UserDto = z.infer<typeof user>;
export const listedUser = user.extend({ lockedUntil: instant.nullable() });
export type ListedUser = z.infer<typeof listedUser>;
/** One of one's own sessions (signed-in browsers); `id` is a handle, never the cookie. */
export const sessionListed = z.object({
  id: z.string(),
  createdAt: instant,
  lastSeenAt: instant,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export const sessionList = z.object({
  items: z.array(sessionListed),
  limit: z.number().int().describe('Sessions an account may hold at once; signing in again ends the oldest'),
});

/** A change to a privileged account waiting for a second person (三权分立). */
export const approval = z
  .object({
    id: z.number().int(),
    kind: z.enum(['password_reset', 'role_grant', 'totp_reset']),
    targetUserId: z.number().int(),
    targetName: z.string(),
    roles: z.array(z.enum(ROLES)).nullable().describe('role_grant: the roles the account gets'),
    status: z.enum(['pending', 'approved', 'rejected', 'cancelled']),
    requestedByUserId: z.number().int(),
    requestedByName: z.string(),
    requestedAt: instant,
    expiresAt: instant,
    decidedByName: z.string().nullable(),
    decidedAt: instant.nullable(),
    note: z.string().nullable(),
    mayDecide: z.boolean().describe('Whether the caller may approve or reject it'),
    approverRole: z.enum(['auditor', 'admin']).describe('Who decides (INVESTTRACK_APPROVER)'),
  })
  .meta({ id: 'Approval' });
export type ApprovalDto = z.infer<typeof approval>;
export const approvalList = z.object({ items: z.array(approval) });
/**
 * An account write answers the user as it now is and, when part of the change waits for a second
 * person, the pending approval (absent when everything took effect at once).
 */
export const userAnswer = z.object({ user, approval: approval.optional() });
export const userPage = pageOf(listedUser);

export const org = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(ORG_KINDS),
    regionCode: z.string().optional(),
    parentId: z.number().int().optional(),
    active: z.boolean(),
    requireTotp: z.boolean().describe('Its people must sign in with a second factor'),
    version: z.number().int(),
  })
  .meta({ id: 'Org' });
export type OrgDto = z.infer<typeof org>;
export const orgAnswer = z.object({ org });
export const orgList = z.object({ items: z.array(org), total: z.number().int() });

export const auditEntry = z
  .object({
    id: z.number().int(),
    at: instant,
    userId: z.number().int().nullable(),
    username: z.string().nullable(),
    userDisplayName: z.string().nullable().describe('The user’s name as people read it'),
    ip: z.string().nullable(),
    action: z.string(),
    entityType: z.string().nullable(),
    entityId: z.string().nullable(),
    entityName: z
      .string()
      .nullable()
      .describe('The record in words: a lead’s or project’s code and name, a user’s or organisation’s name'),
    before: z.unknown(),
    after: z.unknown(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntryDto = z.infer<typeof auditEntry>;
export const auditPage = pageOf(auditEntry);
export const auditVerify = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  brokenAt: z.object({ id: z.number().int(), reason: z.enum(['hash', 'link']) }).nullable(),
  checkpoint: z
    .object({ id: z.number().int(), at: instant, status: z.enum(['ok', 'missing', 'mismatch']) })
    .nullable()
    .describe(
      'The newest checkpoint kept outside the database: missing = entries deleted, mismatch = rewritten',
    ),
  triggersInPlace: z.boolean().describe('The database still refuses updates and deletes of the log'),
});

export const DAY_KINDS = ['workday', 'weekend', 'holiday', 'adjusted_workday'] as const;
export const calendarDay = z.object({
  date: isoDate,
  workday: z.boolean(),
  kind: z.enum(DAY_KINDS),
  name: z.string().optional(),
  provisional: z
    .boolean()
    .optional()
    .describe('In a year whose State Council arrangement is not loaded: the adjusted days are still to come'),
});
export type CalendarDayDto = z.infer<typeof calendarDay>;
export const calendarDays = z.object({
  items: z.array(calendarDay),
  missingYears: z.array(z.number().int()),
});
export const calendarDayAnswer = z.object({ day: calendarDay, clocksMoved: z.number().int() });
export const calendarYears = z.object({
  items: z.array(z.object({ year: z.number().int(), source: z.string(), loadedAt: instant })),
  missingYears: z.array(z.number().int()).describe('This year and next, where not loaded'),
});
export type CalendarYearsDto = z.infer<typeof calendarYears>;
export const loadedYear = z.object({
  year: z.number().int(),
  holidays: z.number().int(),
  adjustedWorkdays: z.number().int(),
  clocksMoved: z.number().int(),
});
export const deadline = z.object({
  startDate: isoDate,
  dueDate: isoDate.describe('The last allowed day'),
  dueAt: instant.describe('The first instant after the last day ends (next day 00:00 +08:00)'),
  provisional: z.boolean(),
});
export type DeadlineDto = z.infer<typeof deadline>;

export const policySet = z.object({
  items: z.array(
    z.object({
      step: z.enum(SLA_STEPS),
      amount: z.number().int(),
      unit: z.enum(['workday', 'natural']),
      version: z.number().int(),
      updatedAt: instant,
    }),
  ),
  dueSoonWorkingHours: z.number().int(),
});
export type PolicySetDto = z.infer<typeof policySet>;

export const health = z.object({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
  demo: z.boolean(),
});
