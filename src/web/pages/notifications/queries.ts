import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api, toQuery } from '../../api/client.js';
import type { NotificationPage, UnreadCount } from '../../api/types.js';

/** The notification centre's query keys: the bell, the pages of the list, the choices. */
export const notificationKeys = {
  all: ['notifications'] as const,
  unread: () => [...notificationKeys.all, 'unread'] as const,
  list: (q: object) => [...notificationKeys.all, 'list', q] as const,
  preferences: () => [...notificationKeys.all, 'preferences'] as const,
};

export const channelKeys = {
  all: ['channels'] as const,
  list: () => [...channelKeys.all, 'list'] as const,
  deliveries: (q: object) => [...channelKeys.all, 'deliveries', q] as const,
  jobs: () => [...channelKeys.all, 'jobs'] as const,
};

/**
 * The bell's count: asked for with the session (prefetchReferenceData), then again every half
 * minute, and on every change of page. Asked in the background: a bell left open does not keep an
 * idle session alive.
 */
export const unreadQuery = {
  queryKey: notificationKeys.unread(),
  queryFn: () => api<UnreadCount>('GET', '/api/notifications/unread', undefined, { background: true }),
  staleTime: 10_000,
};

export function useUnread(enabled = true) {
  return useQuery({ ...unreadQuery, refetchInterval: 30_000, enabled });
}

export function useNotifications(
  q: { kind?: string; unread?: string; page?: number; pageSize?: number },
  enabled = true,
) {
  return useQuery({
    queryKey: notificationKeys.list(q),
    queryFn: () => api<NotificationPage>('GET', `/api/notifications${toQuery(q)}`),
    enabled,
  });
}

/** Mark one read, or all (of a kind): the bell and every list follow. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationKeys.all });
  const one = useMutation({
    mutationFn: (id: number) => api<null>('POST', `/api/notifications/${id}/read`),
    onSuccess: refresh,
  });
  const all = useMutation({
    mutationFn: (kind?: string) =>
      api<{ marked: number }>('POST', '/api/notifications/read-all', kind ? { kind } : {}),
    onSuccess: refresh,
  });
  return { one, all };
}

/**
 * The page's filters in the address (so a link or a reload keeps them): read them, and change some
 * of them, back to the first page.
 */
export function useFilterParams() {
  const [params, setParams] = useSearchParams();
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ page: undefined, ...changes })) v ? next.set(k, v) : next.delete(k);
    setParams(next);
  };
  return { params, page: Number(params.get('page') ?? 1), set };
}
