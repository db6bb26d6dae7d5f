import { z } from 'zod';
import { ROLES, type Role } from '../../../core/roles.js';
import type { UserRow } from '../../db/tables.js';

/** API.md's user, plus the fields the admin pages need. A whitelist: never a raw row. */
export const userDto = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.number(),
  roles: z.array(z.enum(ROLES)),
  mustChangePassword: z.boolean(),
  active: z.boolean(),
  version: z.number(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserDto = z.infer<typeof userDto>;

export function presentUser(row: UserRow, roles: Role[]): UserDto {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    orgId: row.org_id,
    roles,
    mustChangePassword: row.must_change_password === 1,
    active: row.active === 1,
    version: row.version,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
  };
}
