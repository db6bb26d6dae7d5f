/**
 * The dashboard's charts as pure functions: the figures and the words in, an ECharts option out.
 * No React, no fetching, so each can be checked on its own (charts.test.ts).
 */
import type { PipelineDto } from '../../../core/api/stats.js';
import type { ChartOption } from '../../components/EChart.js';

export const STAGES = ['signed', 'started', 'inProduction'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_COLOURS: Record<Stage, string> = {
  signed: '#1677ff',
  started: '#fa8c16',
  inProduction: '#52c41a',
};

/** 亿元 with two decimals, from yuan. */
export const yi = (yuan: number) => Math.round(yuan / 1e6) / 100;

export interface ChartWords {
  stage: (s: Stage) => string;
  /** "亿元" */
  yi: string;
  /** "个" */
  count: string;
}

/** Counties ranked by signed investment, all three stages side by side. */
export function countyChart(
  pipeline: PipelineDto,
  orgName: (id: number) => string,
  words: ChartWords,
): ChartOption {
  const rows = [...pipeline.byCounty].sort((a, b) => a.signed.investmentYuan - b.signed.investmentYuan);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 70, right: 64, top: 32, bottom: 24 },
    xAxis: { type: 'value', name: words.yi },
    yAxis: { type: 'category', data: rows.map((r) => orgName(r.orgId)) },
    series: STAGES.map((s) => ({
      name: words.stage(s),
      type: 'bar',
      itemStyle: { color: STAGE_COLOURS[s] },
      data: rows.map((r) => ({ value: yi(r[s].investmentYuan), orgId: r.orgId, count: r[s].count })),
      label: s === 'signed' ? { show: true, position: 'right', formatter: '{c}' } : undefined,
    })),
  };
}

/** Month by month: counts as bars, signed investment as a line. */
export function trendChart(byMonth: NonNullable<PipelineDto['byMonth']>, words: ChartWords): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 50, right: 50, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: byMonth.map((m) => m.month) },
    yAxis: [
      { type: 'value', name: words.count },
      { type: 'value', name: words.yi },
    ],
    series: [
      ...STAGES.map((s) => ({
        name: `${words.stage(s)}${words.count}`,
        type: 'bar',
        itemStyle: { color: STAGE_COLOURS[s] },
        data: byMonth.map((m) => m[s].count),
      })),
      {
        name: `${words.stage('signed')}${words.yi}`,
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        data: byMonth.map((m) => yi(m.signed.investmentYuan)),
      },
    ],
  };
}

/**
 * The ten clusters with the most signed projects, by signed investment. Each slice carries its own
 * label (name and share), so there is no legend to page through on a wall screen.
 */
export function clusterChart(
  byCluster: NonNullable<PipelineDto['byCluster']>,
  clusterName: (id: number) => string,
  words: ChartWords,
): ChartOption {
  const top = byCluster.filter((c) => c.signed.count > 0).slice(0, 10);
  return {
    tooltip: { trigger: 'item', formatter: `{b}<br/>{c} ${words.yi} ({d}%)` },
    series: [
      {
        type: 'pie',
        radius: ['28%', '56%'],
        center: ['50%', '50%'],
        label: { show: true, formatter: '{b}\n{d}%', overflow: 'break' },
        labelLine: { length: 8, length2: 8 },
        avoidLabelOverlap: true,
        data: top.map((c) => ({
          name: clusterName(c.clusterId),
          value: yi(c.signed.investmentYuan),
          clusterId: c.clusterId,
        })),
      },
    ],
  };
}

/** Signed → started → in production, as a funnel of counts. */
export function funnelChart(pipeline: PipelineDto, words: ChartWords): ChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '10%',
        width: '80%',
        label: { show: true, position: 'inside', formatter: '{b}\n{c}' },
        data: STAGES.map((s) => ({
          name: words.stage(s),
          value: pipeline[s].count,
          itemStyle: { color: STAGE_COLOURS[s] },
          stage: s,
        })),
      },
    ],
  };
}

type Axis = { axisLabel?: object; nameTextStyle?: object } & Record<string, unknown>;
type Series = { label?: object } & Record<string, unknown>;

/** A chart as the wall screen draws it: larger type everywhere, on the screen's own background. */
export function forWall(option: ChartOption, fontSize = 16): ChartOption {
  const big = { fontSize };
  const axis = (a: unknown) => {
    if (a === undefined) return undefined;
    const one = (x: Axis) => ({
      ...x,
      axisLabel: { ...x.axisLabel, ...big },
      nameTextStyle: { ...x.nameTextStyle, ...big },
    });
    return Array.isArray(a) ? (a as Axis[]).map(one) : one(a as Axis);
  };
  const legend = option.legend as object | undefined;
  return {
    ...option,
    backgroundColor: 'transparent',
    textStyle: big,
    ...(legend ? { legend: { ...legend, textStyle: big } } : {}),
    ...(option.xAxis ? { xAxis: axis(option.xAxis) } : {}),
    ...(option.yAxis ? { yAxis: axis(option.yAxis) } : {}),
    series: (option.series as Series[]).map((s) => (s.label ? { ...s, label: { ...s.label, ...big } } : s)),
  };
}
