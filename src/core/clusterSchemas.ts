import { z } from 'zod';
import { CLUSTER_KINDS } from './clusters.js';
import { recordId, versionNumber } from './ids.js';
import { industryCode } from './leads/schemas.js';

export const createClusterBody = z.object({
  kind: z.enum(CLUSTER_KINDS),
  name: z.string().trim().min(1).max(50),
  description: z.string().trim().max(500).optional(),
  orgId: recordId.optional(),
  codes: z.array(industryCode).min(1).max(60),
});

export const updateClusterBody = z.object({
  version: versionNumber,
  name: z.string().trim().min(1).max(50).optional(),
  description: z.string().trim().max(500).nullable().optional(),
  codes: z.array(industryCode).min(1).max(60).optional(),
  active: z.boolean().optional(),
});

export type CreateClusterBody = z.infer<typeof createClusterBody>;
export type UpdateClusterBody = z.infer<typeof updateClusterBody>;
