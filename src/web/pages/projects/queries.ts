/** The projects feature's reads and writes: one query-key factory; writes are mutations that refresh the projects. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { Project } from '../../api/types.js';

export const projectKeys = {
  all: ['projects'] as const,
  detail: (id: number) => [...projectKeys.all, 'detail', id] as const,
  issues: (filters: object) => [...projectKeys.all, 'issues', filters] as const,
};

export function useProject(id: number | undefined) {
  return useQuery({
    queryKey: projectKeys.detail(id ?? 0),
    queryFn: () => api<{ project: Project }>('GET', `/api/projects/${id}`).then((r) => r.project),
    enabled: id !== undefined,
  });
}

/** A write on projects; on success every project view refetches. */
export function useProjectWrite<V, R = unknown>(write: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: projectKeys.all }),
  });
}
