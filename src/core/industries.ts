/** GB/T 4754-2017 (国民经济行业分类): levels and the manufacturing rule. */
export const INDUSTRY_LEVELS = ['section', 'division', 'group', 'class'] as const;
export type IndustryLevel = (typeof INDUSTRY_LEVELS)[number];

export interface Industry {
  code: string;
  name: string;
  level: IndustryLevel;
  parent: string | null;
}

export const INDUSTRY_LEVEL_LABELS: Record<IndustryLevel, { zh: string; en: string }> = {
  section: { zh: '门类', en: 'Section' },
  division: { zh: '大类', en: 'Division' },
  group: { zh: '中类', en: 'Group' },
  class: { zh: '小类', en: 'Class' },
};

/** A section letter, or 2–4 digits. */
export const INDUSTRY_CODE_RE = /^([A-T]|\d{2,4})$/;

/** Manufacturing (制造业) is section C, divisions 13–43, whatever the level of the code. */
export function isManufacturingCode(code: string): boolean {
  if (code === 'C') return true;
  if (!/^\d{2,4}$/.test(code)) return false;
  const division = Number(code.slice(0, 2));
  return division >= 13 && division <= 43;
}
