/**
 * Targets (军令状) and time-elapsed progress (序时进度), DOMAIN.md §4. An indicator is either
 * computed from project records or entered by period; a cumulative one (counts, amounts) is behind
 * when its completion is below the share of the year gone, a rate (growth, share) when it is below
 * its target. The input schemas are in targetSchemas.ts, so the pages that show progress do not
 * load zod.
 */
import type { Lang } from './messages.js';
import { fromYuan, toYuan } from './money.js';

export interface IndicatorDef {
  key: string;
  source: 'computed' | 'entered';
  kind: 'cumulative' | 'rate';
  unit: 'count' | 'yuan' | 'percent';
  label: Record<Lang, string>;
}

const def = (
  key: string,
  source: IndicatorDef['source'],
  kind: IndicatorDef['kind'],
  unit: IndicatorDef['unit'],
  zh: string,
  en: string,
): IndicatorDef => ({ key, source, kind, unit, label: { zh, en } });

export const INDICATORS = [
  def('signed_count', 'computed', 'cumulative', 'count', '签约亿元以上项目数', 'Signed projects ≥ 1亿'),
  def('signed_yuan', 'computed', 'cumulative', 'yuan', '签约项目总投资', 'Signed investment'),
  def('started_count', 'computed', 'cumulative', 'count', '动工项目数', 'Projects started'),
  def('started_yuan', 'computed', 'cumulative', 'yuan', '动工项目总投资', 'Investment started'),
  def('production_count', 'computed', 'cumulative', 'count', '投产项目数', 'Projects in production'),
  def('production_yuan', 'computed', 'cumulative', 'yuan', '投产项目总投资', 'Investment in production'),
  def('major10_count', 'computed', 'cumulative', 'count', '签约10亿元以上项目数', 'Signed projects ≥ 10亿'),
  def('manufacturing_share', 'computed', 'rate', 'percent', '制造业项目投资占比', 'Manufacturing share'),
  def('gdp_yuan', 'entered', 'cumulative', 'yuan', '地区生产总值', 'GDP'),
  def('gdp_growth', 'entered', 'rate', 'percent', 'GDP增速', 'GDP growth'),
  def(
    'industrial_va_growth',
    'entered',
    'rate',
    'percent',
    '规上工业增加值增速',
    'Above-scale industrial VA growth',
  ),
  def('fai_growth', 'entered', 'rate', 'percent', '固定资产投资增速', 'Fixed-asset investment growth'),
  def('industrial_investment_yuan', 'entered', 'cumulative', 'yuan', '工业投资', 'Industrial investment'),
  def(
    'new_industrial_project_yuan',
    'entered',
    'cumulative',
    'yuan',
    '新引进工业项目投资额',
    'New industrial project investment',
  ),
  def(
    'advanced_mfg_investment_growth',
    'entered',
    'rate',
    'percent',
    '先进制造业投资增速',
    'Advanced manufacturing investment growth',
  ),
  def(
    'tech_renovation_growth',
    'entered',
    'rate',
    'percent',
    '技改投资增速',
    'Technical renovation investment growth',
  ),
  def('primary_share', 'entered', 'rate', 'percent', '第一产业占比', 'Primary industry share'),
  def('secondary_share', 'entered', 'rate', 'percent', '第二产业占比', 'Secondary industry share'),
  def('tertiary_share', 'entered', 'rate', 'percent', '第三产业占比', 'Tertiary industry share'),
  def(
    'cluster_output_yuan',
    'entered',
    'cumulative',
    'yuan',
    '规上工业产值',
    'Above-scale industrial output',
  ),
  def(
    'little_giants',
    'entered',
    'cumulative',
    'count',
    '国家级专精特新"小巨人"企业',
    'National "little giant" firms',
  ),
  def(
    'specialised_firms',
    'entered',
    'cumulative',
    'count',
    '省级专精特新中小企业',
    'Provincial specialised SMEs',
  ),
] as const satisfies readonly IndicatorDef[];

export type IndicatorKey = (typeof INDICATORS)[number]['key'];
export const INDICATOR_KEYS = INDICATORS.map((i) => i.key) as [IndicatorKey, ...IndicatorKey[]];
export const ENTERED_KEYS = INDICATORS.filter((i) => i.source === 'entered').map((i) => i.key) as [
  IndicatorKey,
  ...IndicatorKey[],
];
export const indicatorDef = (key: string): IndicatorDef | undefined => INDICATORS.find((i) => i.key === key);

/** The unit people read and type an indicator in: amounts in 亿元, not yuan. */
export const INDICATOR_UNIT_TEXT: Record<IndicatorDef['unit'], string> = {
  count: '个',
  yuan: '亿元',
  percent: '%',
};

/** A value as typed (亿元 for amounts) → as stored (integer yuan). */
export function typedToStored(unit: IndicatorDef['unit'], value: number): number {
  return unit === 'yuan' ? toYuan(value, 'yi') : value;
}

/** A stored value → as people type it. */
export function storedToTyped(unit: IndicatorDef['unit'], value: number): number {
  return unit === 'yuan' ? fromYuan(value, 'yi') : value;
}

export interface Progress {
  completionRate: number | null;
  timeElapsedRate: number;
  behind: boolean;
}

/** Completion against the target, and whether it is behind (see the module comment). */
export function progressOf(
  def: Pick<IndicatorDef, 'kind'>,
  target: number,
  actual: number | null,
  timeElapsed: number,
): Progress {
  if (actual === null || !(target > 0))
    return { completionRate: null, timeElapsedRate: timeElapsed, behind: false };
  const completionRate = actual / target;
  const behind = def.kind === 'cumulative' ? completionRate < timeElapsed : actual < target;
  return { completionRate, timeElapsedRate: timeElapsed, behind };
}

/** Red: behind by more than a tenth of the year (or a rate under 90 % of target); amber: behind; green. */
export function progressColour(
  def: Pick<IndicatorDef, 'kind'>,
  p: Progress,
): 'red' | 'amber' | 'green' | 'none' {
  if (p.completionRate === null) return 'none';
  if (!p.behind) return 'green';
  const gap = def.kind === 'cumulative' ? p.timeElapsedRate - p.completionRate : 1 - p.completionRate;
  return gap > 0.1 ? 'red' : 'amber';
}
