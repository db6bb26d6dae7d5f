/** The leads feature's reads and writes: one query-key factory; every write is a mutation that refreshes the leads. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { LeadDetail } from '../../api/types.js';

export const leadKeys = {
  all: ['leads'] as const,
  detail: (id: number) => [...leadKeys.all, 'detail', id] as const,
  myWork: (lang: string) => [...leadKeys.all, 'my-work', lang] as const,
  summary: () => [...leadKeys.all, 'summary'] as const,
  conflicts: () => [...leadKeys.all, 'conflicts'] as const,
  officers: () => [...leadKeys.all, 'officers'] as const,
  weekly: (weekOf: string) => [...leadKeys.all, 'weekly-report', weekOf] as const,
  slaReport: (from: string, to: string) => [...leadKeys.all, 'sla-report', from, to] as const,
};

/** One lead; a 404 is an answer (the page shows its not-found page), not a reason to retry. */
export const leadQuery = (id: number) => ({
  queryKey: leadKeys.detail(id),
  queryFn: () => api<{ lead: LeadDetail }>('GET', `/api/leads/${id}`).then((r) => r.lead),
  retry: false,
});

export function useLead(id: number) {
  return useQuery(leadQuery(id));
}

/** A write on leads (a step, a merge, clusters …); on success every lead view refetches. */
export function useLeadWrite<V, R = unknown>(write: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: leadKeys.all }),
  });
}
