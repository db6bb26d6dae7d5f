import { z } from 'zod';
import { ORG_KINDS, type OrgKind } from '../../../core/orgs.js';
import type { OrgRow } from '../../db/tables.js';

export const orgDto = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  regionCode: z.string().optional(),
  parentId: z.number().optional(),
  active: z.boolean(),
  version: z.number(),
});
export type OrgDto = z.infer<typeof orgDto>;

export function presentOrg(row: OrgRow): OrgDto {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as OrgKind,
    ...(row.region_code ? { regionCode: row.region_code } : {}),
    ...(row.parent_id ? { parentId: row.parent_id } : {}),
    active: row.active === 1,
    version: row.version,
  };
}
