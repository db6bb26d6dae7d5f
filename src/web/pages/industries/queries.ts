/** The industries feature's reads: one query-key factory, so writes refresh exactly what they change. */
import { useQuery } from '@tanstack/react-query';
import type { ChainMapDto, ChainSummaryDto, LinkRecordsDto } from '../../../core/api/industries.js';
import { api } from '../../api/client.js';

export const chainKeys = {
  all: ['chains'] as const,
  list: () => [...chainKeys.all, 'list'] as const,
  map: (id: number | undefined) => [...chainKeys.all, 'map', id] as const,
  records: (linkId: number | undefined) => [...chainKeys.all, 'records', linkId] as const,
  options: () => [...chainKeys.all, 'options'] as const,
};

/** Every chain, for choosers and the chain map's tabs. */
export function useChains() {
  return useQuery({
    queryKey: chainKeys.list(),
    queryFn: () => api<{ items: ChainSummaryDto[] }>('GET', '/api/chains').then((r) => r.items),
  });
}

export function useChainMap(id: number | undefined) {
  return useQuery({
    queryKey: chainKeys.map(id),
    queryFn: () => api<ChainMapDto>('GET', `/api/chains/${id}`),
    enabled: id !== undefined,
  });
}

export function useLinkRecords(linkId: number | undefined) {
  return useQuery({
    queryKey: chainKeys.records(linkId),
    queryFn: () => api<LinkRecordsDto>('GET', `/api/chain-links/${linkId}/records`),
    enabled: linkId !== undefined,
  });
}
