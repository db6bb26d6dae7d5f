import { type QueryClient, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ClusterDto } from '../../core/api/industries.js';
import type { CalendarYearsDto } from '../../core/api/platform.js';
import { calendarKeys } from '../pages/calendar/queries.js';
import { chainKeys } from '../pages/industries/queries.js';
import { unreadQuery } from '../pages/notifications/queries.js';
import { api } from './client.js';
import type { Org } from './types.js';

const orgsQuery = {
  queryKey: ['orgs'],
  queryFn: () => api<{ items: Org[] }>('GET', '/api/orgs').then((r) => r.items),
  staleTime: 60_000,
};

export function useOrgs() {
  return useQuery(orgsQuery);
}

/** "江门市 / 台山市" style path of an organisation. */
export function orgPath(orgs: Org[] | undefined, id: number | undefined): string {
  if (!orgs || id === undefined) return '';
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const names: string[] = [];
  let cursor = byId.get(id);
  while (cursor && names.length < 10) {
    names.unshift(cursor.name);
    cursor = cursor.parentId ? byId.get(cursor.parentId) : undefined;
  }
  return names.join(' / ');
}

type CalendarYears = CalendarYearsDto;

export function useCalendarYears() {
  return useQuery({
    queryKey: calendarKeys.years(),
    queryFn: () => api<CalendarYears>('GET', '/api/calendar/years'),
  });
}

export type Cluster = ClusterDto;

/** Clusters and emerging industries, with their industry codes. */
const clustersQuery = {
  queryKey: ['clusters'],
  queryFn: () => api<{ items: Cluster[] }>('GET', '/api/clusters').then((r) => r.items),
  staleTime: 60_000,
};

export function useClusters() {
  return useQuery(clustersQuery);
}

/**
 * The organisations and clusters nearly every page names, and the bell's count, asked for as soon
 * as the session is known rather than after the first render: they arrive while React draws the
 * page, and the layout is not drawn a second time, synchronously, when they come.
 */
export function prefetchReferenceData(queryClient: QueryClient) {
  void queryClient.prefetchQuery(orgsQuery);
  void queryClient.prefetchQuery(clustersQuery);
  void queryClient.prefetchQuery(unreadQuery);
}

/** Organisations' and clusters' names by id, for tables and charts that hold ids. */
export function useNames() {
  const { data: orgs } = useOrgs();
  const clusters = useClusters();
  const orgName = useMemo(() => new Map((orgs ?? []).map((o) => [o.id, o.name])), [orgs]);
  const clusterName = useMemo(
    () => new Map((clusters.data ?? []).map((c) => [c.id, c.name])),
    [clusters.data],
  );
  return { orgName, clusterName };
}

/** Chain links grouped by chain, for naming where a lead or project sits in chain investment. */
export function useChainLinkOptions() {
  const chains = useQuery({
    queryKey: chainKeys.options(),
    queryFn: async () => {
      const list = await api<{ items: { id: number; name: string }[] }>('GET', '/api/chains');
      return Promise.all(
        list.items.map((c) =>
          api<{ name: string; links: { id: number; name: string }[] }>('GET', `/api/chains/${c.id}`),
        ),
      );
    },
  });
  return (chains.data ?? []).map((c) => ({
    label: c.name,
    title: c.name,
    options: c.links.map((l) => ({ value: l.id, label: `${c.name} · ${l.name}` })),
  }));
}
