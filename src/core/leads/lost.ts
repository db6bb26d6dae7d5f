import type { Lang } from '../messages.js';

/** Lost leads: where they went and why (DOMAIN.md §8), counted in a report. */
export const LOST_REASONS = ['land', 'energy', 'policy', 'supply_chain', 'cost', 'market', 'other'] as const;
export type LostReason = (typeof LOST_REASONS)[number];
export const LOST_REASON_LABELS: Record<LostReason, Record<Lang, string>> = {
  land: { zh: '土地', en: 'Land' },
  energy: { zh: '能耗指标', en: 'Energy quota' },
  policy: { zh: '政策', en: 'Policy' },
  supply_chain: { zh: '产业配套', en: 'Supply chain' },
  cost: { zh: '成本', en: 'Cost' },
  market: { zh: '市场与区位', en: 'Market and location' },
  other: { zh: '其他', en: 'Other' },
};
