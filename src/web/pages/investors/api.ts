/** The field's answers as the web reads them (z.infer of core/api/investors) and their query keys. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  fieldReport,
  investorDetail,
  investorSummary,
  myVisitSteps,
  staleFirms,
  tripDetail,
  tripSummary,
  visitSummary,
} from '../../../core/api/investors.js';

export type InvestorSummary = z.infer<typeof investorSummary>;
export type InvestorDetail = z.infer<typeof investorDetail>;
export type VisitSummary = z.infer<typeof visitSummary>;
export type TripSummary = z.infer<typeof tripSummary>;
export type TripDetail = z.infer<typeof tripDetail>;
export type FieldReport = z.infer<typeof fieldReport>;
export type StaleFirms = z.infer<typeof staleFirms>;
export type MyVisitSteps = z.infer<typeof myVisitSteps>;
export interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** One root, so every write of the field refreshes what shows it. */
export const fieldKeys = {
  all: ['field'] as const,
  investors: (q: object) => ['field', 'investors', q] as const,
  investor: (id: number) => ['field', 'investor', id] as const,
  visits: (q: object) => ['field', 'visits', q] as const,
  visit: (id: number) => ['field', 'visit', id] as const,
  trips: (q: object) => ['field', 'trips', q] as const,
  trip: (id: number) => ['field', 'trip', id] as const,
  mySteps: ['field', 'my-steps'] as const,
};

/** A write of the field; on success everything the field shows is read again. */
export function useFieldWrite<V, R = unknown>(write: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: fieldKeys.all }),
  });
}
