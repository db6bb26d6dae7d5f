import type { OrgDto } from '../../../core/api/platform.js';
import type { OrgKind } from '../../../core/orgs.js';
import type { OrgRow } from '../../db/tables.js';

export function presentOrg(row: OrgRow): OrgDto {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as OrgKind,
    ...(row.region_code ? { regionCode: row.region_code } : {}),
    ...(row.parent_id ? { parentId: row.parent_id } : {}),
    active: row.active === 1,
    requireTotp: row.require_totp === 1,
    version: row.version,
  };
}
