/** Industry chains (产业链) for chain investment (链式招商): links from upstream to downstream. */
import type { Lang } from './messages.js';

export const CHAIN_POSITIONS = ['upstream', 'midstream', 'downstream'] as const;
export type ChainPosition = (typeof CHAIN_POSITIONS)[number];

export const CHAIN_POSITION_LABELS: Record<ChainPosition, Record<Lang, string>> = {
  upstream: { zh: '上游', en: 'Upstream' },
  midstream: { zh: '中游', en: 'Midstream' },
  downstream: { zh: '下游', en: 'Downstream' },
};

export type Coverage = 'projects' | 'firms' | 'leads' | 'gap';

/** How a link is covered, strongest first: projects signed or started, local firms, open leads, nothing. */
export function coverageOf(counts: { projects: number; localFirms: number; openLeads: number }): Coverage {
  if (counts.projects > 0) return 'projects';
  if (counts.localFirms > 0) return 'firms';
  if (counts.openLeads > 0) return 'leads';
  return 'gap';
}
