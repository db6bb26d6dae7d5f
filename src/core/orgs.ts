export const ORG_KINDS = ['city', 'county', 'platform', 'department', 'resident_team'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_KIND_LABELS: Record<OrgKind, { zh: string; en: string }> = {
  city: { zh: '市', en: 'City' },
  county: { zh: '县（市、区）', en: 'County' },
  platform: { zh: '平台/园区', en: 'Platform / park' },
  department: { zh: '市直部门', en: 'Department' },
  resident_team: { zh: '驻点招商组', en: 'Resident team' },
};
