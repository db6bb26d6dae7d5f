/** The working calendar and the time-limit policies: one query-key factory. */
export const calendarKeys = {
  all: ['calendar'] as const,
  days: (year: number) => [...calendarKeys.all, 'days', year] as const,
  years: () => [...calendarKeys.all, 'years'] as const,
  deadline: (start: string, amount: number, unit: string) =>
    [...calendarKeys.all, 'deadline', start, amount, unit] as const,
  policies: () => [...calendarKeys.all, 'sla-policies'] as const,
};
