/** The six roles of API.md. Admin and auditor stand apart from business work (三权分立). */
export const ROLES = ['admin', 'auditor', 'city_officer', 'county_officer', 'leader', 'referrer'] as const;
export type Role = (typeof ROLES)[number];

export const BUSINESS_ROLES: readonly Role[] = ['city_officer', 'county_officer', 'leader', 'referrer'];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  auditor: { zh: '安全审计员', en: 'Security auditor' },
  city_officer: { zh: '市招商专员', en: 'City officer' },
  county_officer: { zh: '县区招商专员', en: 'County officer' },
  leader: { zh: '领导', en: 'Leader' },
  referrer: { zh: '引荐方', en: 'Referrer' },
};

/**
 * Separation of duties: admin and auditor are each held alone.
 * Returns null when the set is allowed, else the reason key.
 */
export function roleSetProblem(roles: readonly Role[]): 'empty' | 'duplicate' | 'separation' | null {
  if (roles.length === 0) return 'empty';
  if (new Set(roles).size !== roles.length) return 'duplicate';
  const privileged = roles.filter((r) => r === 'admin' || r === 'auditor');
  if (privileged.length > 0 && roles.length > 1) return 'separation';
  return null;
}
