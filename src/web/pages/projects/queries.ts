/** The projects feature's reads and writes: one query-key factory; writes are mutations that refresh the projects. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, toQuery } from '../../api/client.js';
import type { Investment, KeyProjects, Project } from '../../api/types.js';
import { statsKeys } from '../dashboard/queries.js';
import { targetKeys } from '../targets/queries.js';

export const projectKeys = {
  all: ['projects'] as const,
  detail: (id: number) => [...projectKeys.all, 'detail', id] as const,
  issues: (filters: object) => [...projectKeys.all, 'issues', filters] as const,
  investment: (id: number) => [...projectKeys.all, 'investment', id] as const,
};

/** A project's plans, months, status history and the report due (the project page's investment card). */
export function useInvestment(id: number) {
  return useQuery({
    queryKey: projectKeys.investment(id),
    queryFn: () => api<Investment>('GET', `/api/projects/${id}/investment`),
    retry: false,
  });
}

/** The key projects' bulletin for a month (default last month), over what the reader may see. */
export function useKeyProjects(
  q: { month?: string; orgId?: number; rows?: 'all' | 'behind' },
  enabled = true,
) {
  return useQuery({
    queryKey: [...statsKeys.all, 'key-projects', q] as const,
    queryFn: () => api<KeyProjects>('GET', `/api/stats/key-projects${toQuery(q)}`),
    enabled,
  });
}

export function useProject(id: number | undefined) {
  return useQuery({
    queryKey: projectKeys.detail(id ?? 0),
    queryFn: () => api<{ project: Project }>('GET', `/api/projects/${id}`).then((r) => r.project),
    enabled: id !== undefined,
    // A 404 is an answer (the page shows its not-found page), not a reason to retry.
    retry: false,
  });
}

/** A write on projects; on success every project view refetches. */
export function useProjectWrite<V, R = unknown>(write: (vars: V) => Promise<R>, then: WriteThen<R> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    // The figures, targets and issues counted from projects change with them.
    onSuccess: async (result) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: projectKeys.all }),
        queryClient.invalidateQueries({ queryKey: statsKeys.all }),
        queryClient.invalidateQueries({ queryKey: targetKeys.all }),
      ]);
      then.onSuccess?.(result);
    },
    onError: then.onError,
  });
}

/** What a page does after a write of its own, besides the refresh. */
export interface WriteThen<R> {
  onSuccess?: (result: R) => void;
  onError?: (error: Error) => void;
}
