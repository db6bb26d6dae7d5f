/** Industrial clusters (产业集群) and emerging industries, each mapped to GB/T 4754 codes. */
import type { Lang } from './messages.js';

export const CLUSTER_KINDS = [
  'gd_pillar',
  'gd_emerging',
  'city_thousand',
  'city_emerging',
  'county_specialty',
] as const;
export type ClusterKind = (typeof CLUSTER_KINDS)[number];

export const CLUSTER_KIND_LABELS: Record<ClusterKind, Record<Lang, string>> = {
  gd_pillar: { zh: '省战略性支柱产业集群', en: 'Provincial pillar cluster' },
  gd_emerging: { zh: '省战略性新兴产业集群', en: 'Provincial emerging cluster' },
  city_thousand: { zh: '市千亿级产业集群', en: 'City thousand-亿 cluster' },
  city_emerging: { zh: '市新兴产业', en: 'City emerging industry' },
  county_specialty: { zh: '县区特色产业', en: 'County speciality' },
};

/**
 * A county's speciality cluster (orgId set) is that county's: it applies to a record only where the
 * record belongs to that county (a project built there, a lead it owns or follows).
 */
export function clusterAppliesTo(cluster: { orgId: number | null }, orgIds: readonly number[]): boolean {
  return cluster.orgId === null || orgIds.includes(cluster.orgId);
}

/** A record's code falls into a cluster when one of the cluster's codes is a prefix of it. */
export function codeInCluster(code: string, clusterCodes: readonly string[]): boolean {
  return clusterCodes.some((c) => code.startsWith(c));
}
