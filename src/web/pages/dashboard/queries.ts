/** Statistics (the dashboard, the pipeline, the period report): one query-key factory. */
import { useQuery } from '@tanstack/react-query';
import type { DashboardDto } from '../../../core/api/stats.js';
import { api, toQuery } from '../../api/client.js';

export const statsKeys = {
  all: ['stats'] as const,
  dashboard: (period: object, orgId?: number) => [...statsKeys.all, 'dashboard', period, orgId] as const,
  pipeline: (period: object) => [...statsKeys.all, 'pipeline', period] as const,
  periodReport: (period: string, orgId?: number) =>
    [...statsKeys.all, 'period-report', period, orgId] as const,
};

/** The dashboard's figures for a period (and organisation); the wall screen refreshes them itself. */
export function useDashboard(period: { from: string; to: string }, orgId?: number, refreshMs?: number) {
  return useQuery({
    queryKey: statsKeys.dashboard(period, orgId),
    queryFn: () => api<DashboardDto>('GET', `/api/stats/dashboard${toQuery({ ...period, orgId })}`),
    refetchInterval: refreshMs,
    refetchIntervalInBackground: refreshMs !== undefined,
  });
}
