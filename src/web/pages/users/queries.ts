/** Accounts: one query-key factory. */
export const userKeys = {
  all: ['users'] as const,
  list: (filters: object, page: object) => [...userKeys.all, 'list', filters, page] as const,
  everyone: () => [...userKeys.all, 'everyone'] as const,
};

/** Pending and decided approvals of privileged-account changes. */
export const approvalKeys = {
  all: ['approvals'] as const,
  list: () => [...approvalKeys.all, 'list'] as const,
};
