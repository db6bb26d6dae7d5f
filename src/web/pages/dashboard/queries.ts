/** Statistics (the dashboard, the pipeline, the period report): one query-key factory. */
export const statsKeys = {
  all: ['stats'] as const,
  dashboard: (period: object, orgId?: number) => [...statsKeys.all, 'dashboard', period, orgId] as const,
  pipeline: (period: object) => [...statsKeys.all, 'pipeline', period] as const,
  periodReport: (period: string, orgId?: number) =>
    [...statsKeys.all, 'period-report', period, orgId] as const,
};
