/** Amounts are integer yuan; people read and type 万元 or 亿元. */
export type MoneyUnit = 'wan' | 'yi';
export const UNIT_YUAN: Record<MoneyUnit, number> = { wan: 10_000, yi: 100_000_000 };
export const MONEY_UNIT_LABELS: Record<MoneyUnit, string> = { wan: '万元', yi: '亿元' };

/** Typed value in a unit → integer yuan (rounded to the yuan). */
export function toYuan(value: number, unit: MoneyUnit): number {
  return Math.round(value * UNIT_YUAN[unit]);
}

export function fromYuan(yuan: number, unit: MoneyUnit): number {
  return yuan / UNIT_YUAN[unit];
}

/** "15.00 亿元" for large amounts, "3,500 万元" below 1亿. */
/** Yuan per 亩 (investment intensity, tax per 亩) as people read it: "300 万元/亩". */
export function formatWanPerMu(yuan: number | null | undefined): string {
  return yuan === null || yuan === undefined ? '—' : `${Math.round(yuan / 100) / 100} 万元/亩`;
}

export function formatYuan(yuan: number | null | undefined): string {
  if (yuan === null || yuan === undefined) return '—';
  if (Math.abs(yuan) >= UNIT_YUAN.yi) return `${(yuan / UNIT_YUAN.yi).toFixed(2)} 亿元`;
  return `${Math.round(yuan / UNIT_YUAN.wan).toLocaleString('zh-CN')} 万元`;
}
