import type { UserDto } from '../../../core/api/platform.js';
import type { Role } from '../../../core/roles.js';
import type { UserRow } from '../../db/tables.js';

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
