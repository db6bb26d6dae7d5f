/** Targets and entered indicator values: one query-key factory. */
export const targetKeys = {
  all: ['targets'] as const,
  year: (year: number, asOf?: string) => [...targetKeys.all, year, asOf] as const,
  values: (year: number) => [...targetKeys.all, 'indicator-values', year] as const,
};
