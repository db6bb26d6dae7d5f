/** The audit log: one query-key factory. */
export const auditKeys = {
  all: ['audit'] as const,
  search: (filters: object, page: object) => [...auditKeys.all, 'search', filters, page] as const,
  recent: () => [...auditKeys.all, 'recent'] as const,
  verify: () => [...auditKeys.all, 'verify'] as const,
};
