/**
 * Input schemas shared by server (validation + OpenAPI) and web (form checks).
 * Custom messages are i18n keys (see messages.ts), so each side can show them in the user's language.
 */
import { z } from 'zod';
import { recordId, recordIdText, versionNumber } from './ids.js';
import { ORG_KINDS } from './orgs.js';
import { isStrongPassword, PASSWORD_MAX_LENGTH } from './password.js';
import { ROLES, roleSetProblem } from './roles.js';

export const idParam = z.object({ id: recordIdText });

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const password = z
  .string()
  .max(PASSWORD_MAX_LENGTH)
  .refine(isStrongPassword, { message: 'password_weak' });

export const username = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[a-zA-Z0-9_.-]+$/, { message: 'username_chars' });

export const roles = z.array(z.enum(ROLES)).superRefine((value, ctx) => {
  const problem = roleSetProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `roles_${problem}` });
});

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  /** The authenticator's 6-digit code, or a recovery code, for an account with a second factor. */
  otp: z.string().trim().max(20).optional(),
});

export const totpEnableBody = z.object({ code: z.string().trim().min(6).max(10) });
export const totpDisableBody = z.object({ password: z.string().min(1).max(PASSWORD_MAX_LENGTH) });

export const changePasswordBody = z
  .object({ currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH), newPassword: password })
  .refine((v) => v.currentPassword !== v.newPassword, {
    message: 'password_unchanged',
    path: ['newPassword'],
  });

export const createUserBody = z.object({
  username,
  displayName: z.string().trim().min(1).max(64),
  orgId: recordId,
  roles,
  password,
});

export const updateUserBody = z.object({
  version: versionNumber,
  displayName: z.string().trim().min(1).max(64).optional(),
  orgId: recordId.optional(),
  roles: roles.optional(),
  active: z.boolean().optional(),
});

export const resetPasswordBody = z.object({ password });

export const approvalDecisionBody = z.object({
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(500).optional(),
});

export const listUsersQuery = pageQuery.extend({
  q: z.string().trim().max(64).optional(),
  orgId: recordIdText.optional(),
  role: z.enum(ROLES).optional(),
});

export const regionCode = z.string().regex(/^\d{6}$/, { message: 'region_code_format' });

export const createOrgBody = z.object({
  name: z.string().trim().min(1).max(64),
  kind: z.enum(ORG_KINDS),
  regionCode: regionCode.optional(),
  parentId: recordId.optional(),
});

export const updateOrgBody = z.object({
  version: versionNumber,
  name: z.string().trim().min(1).max(64).optional(),
  regionCode: regionCode.nullable().optional(),
  parentId: recordId.nullable().optional(),
  active: z.boolean().optional(),
  /** Its people must sign in with a second factor (TOTP). */
  requireTotp: z.boolean().optional(),
});

const isoDateOrInstant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'instant_format' });

export const listAuditQuery = pageQuery.extend({
  from: isoDateOrInstant.optional(),
  to: isoDateOrInstant.optional(),
  username: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
});

export type CreateUserBody = z.infer<typeof createUserBody>;
export type UpdateUserBody = z.infer<typeof updateUserBody>;
export type CreateOrgBody = z.infer<typeof createOrgBody>;
export type UpdateOrgBody = z.infer<typeof updateOrgBody>;
