/** Targets and entered indicator values: one query-key factory. */
import { useQuery } from '@tanstack/react-query';
import { api, toQuery } from '../../api/client.js';
import type { TargetsReport } from '../../api/types.js';

export const targetKeys = {
  all: ['targets'] as const,
  year: (year: number, asOf?: string) => [...targetKeys.all, year, asOf] as const,
  values: (year: number) => [...targetKeys.all, 'indicator-values', year] as const,
};

/** The year's target rows the user may see (a county's officer and leader: their own county's). */
export function useTargets(year: number, asOf?: string) {
  return useQuery({
    queryKey: targetKeys.year(year, asOf),
    queryFn: () => api<TargetsReport>('GET', `/api/targets${toQuery({ year, asOf })}`),
  });
}
