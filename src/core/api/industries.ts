/** What the industry, cluster and chain endpoints answer. */
import { z } from 'zod';
import { CHAIN_POSITIONS } from '../chains.js';
import { CLUSTER_KINDS } from '../clusters.js';
import { INDUSTRY_LEVELS } from '../industries.js';
import { isoDate } from './common.js';

export const industry = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(INDUSTRY_LEVELS),
  parent: z.string().nullable(),
  hasChildren: z.boolean(),
});
export type IndustryDto = z.infer<typeof industry>;
export const industryList = z.object({ items: z.array(industry) });
export const industryEntry = industry.extend({
  path: z.array(industry),
  children: z.array(industry),
  clusters: z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.enum(CLUSTER_KINDS) })),
});
export type IndustryEntryDto = z.infer<typeof industryEntry>;

export const cluster = z
  .object({
    id: z.number().int(),
    kind: z.enum(CLUSTER_KINDS),
    name: z.string(),
    description: z.string().nullable(),
    orgId: z.number().int().nullable(),
    codes: z.array(z.string()),
    active: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'Cluster' });
export type ClusterDto = z.infer<typeof cluster>;
export const clusterList = z.object({ items: z.array(cluster) });
export const clusterAnswer = z.object({ cluster });

export const chainSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  clusterId: z.number().int().nullable(),
  description: z.string().nullable(),
  version: z.number().int(),
  links: z.number().int(),
});
export type ChainSummaryDto = z.infer<typeof chainSummary>;
export const chainList = z.object({ items: z.array(chainSummary) });

export const COVERAGES = ['projects', 'firms', 'leads', 'gap'] as const;
export const chainMap = z.object({
  id: z.number().int(),
  name: z.string(),
  clusterId: z.number().int().nullable(),
  description: z.string().nullable(),
  links: z.array(
    z.object({
      id: z.number().int(),
      position: z.enum(CHAIN_POSITIONS),
      name: z.string(),
      products: z.string().nullable(),
      firms: z.array(
        z.object({
          id: z.number().int(),
          name: z.string(),
          kind: z.enum(['local', 'target']),
          isLeader: z.boolean(),
          orgId: z.number().int().nullable(),
          note: z.string().nullable(),
        }),
      ),
      projects: z.number().int(),
      projectInvestmentYuan: z.number().int(),
      localFirms: z.number().int(),
      openLeads: z.number().int(),
      coverage: z.enum(COVERAGES),
    }),
  ),
});
export type ChainMapDto = z.infer<typeof chainMap>;

export const linkRecords = z.object({
  link: z.object({ id: z.number().int(), name: z.string(), position: z.enum(CHAIN_POSITIONS) }),
  leads: z.array(
    z.object({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      stage: z.string(),
      investmentYuan: z.number().int(),
    }),
  ),
  projects: z.array(
    z.object({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      stage: z.string(),
      investmentYuan: z.number().int(),
      countyOrgId: z.number().int(),
      signedOn: isoDate,
    }),
  ),
});
export type LinkRecordsDto = z.infer<typeof linkRecords>;

/** The chain link a lead or project names, for its page. */
export const chainLinkRef = z.object({
  id: z.number().int(),
  name: z.string(),
  position: z.enum(CHAIN_POSITIONS),
  chainId: z.number().int(),
  chainName: z.string(),
});
