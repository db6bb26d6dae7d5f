import { describe, expect, it } from 'vitest';
import type { PipelineDto } from '../../../core/api/stats.js';
import { clusterChart, countyChart, forWall, funnelChart, trendChart, yi } from './charts.js';

const fig = (count: number, yiAmount: number) => ({ count, investmentYuan: yiAmount * 1e8 });
const stages = (s: number, st: number, p: number) => ({
  signed: fig(s, s * 10),
  started: fig(st, st * 10),
  inProduction: fig(p, p * 10),
});
const pipeline: PipelineDto = {
  from: '2024-01-01',
  to: '2024-03-31',
  ...stages(201, 162, 160),
  byCounty: [
    { orgId: 9, ...stages(3, 2, 1) },
    { orgId: 12, ...stages(5, 1, 0) },
  ],
  byMonth: [
    { month: '2024-01', ...stages(60, 50, 40) },
    { month: '2024-02', ...stages(70, 52, 60) },
  ],
  byCluster: [
    { clusterId: 1, ...stages(4, 0, 0) },
    { clusterId: 2, ...stages(0, 3, 0) },
  ],
};
const words = {
  stage: (s: string) => ({ signed: '签约', started: '动工', inProduction: '投产' })[s]!,
  yi: '亿元',
  count: '个',
};
type Series = { name?: string; data: unknown[] }[];

describe('dashboard charts', () => {
  it('yi: yuan to 亿元 with two decimals', () => {
    expect(yi(105_936_000_000)).toBe(1059.36);
  });
  it('counties ranked by signed investment, smallest first (the top of a horizontal bar chart)', () => {
    const o = countyChart(pipeline, (id) => ({ 9: '台山市', 12: '鹤山市' })[id]!, words);
    expect((o.yAxis as { data: string[] }).data).toEqual(['台山市', '鹤山市']);
    const series = o.series as Series;
    expect(series.map((s) => s.name)).toEqual(['签约', '动工', '投产']);
    expect(series[0]!.data).toEqual([
      { value: 30, orgId: 9, count: 3 },
      { value: 50, orgId: 12, count: 5 },
    ]);
  });
  it('the trend: counts per month per stage, and signed investment on the second axis', () => {
    const series = trendChart(pipeline.byMonth!, words).series as Series;
    expect(series.map((s) => s.name)).toEqual(['签约个', '动工个', '投产个', '签约亿元']);
    expect(series[1]!.data).toEqual([50, 52]);
    expect(series[3]!.data).toEqual([600, 700]);
  });
  it('clusters with signed projects only', () => {
    const option = clusterChart(pipeline.byCluster!, (id) => `集群${id}`, words);
    const data = (option.series as Series)[0]!.data;
    expect(data).toEqual([{ name: '集群1', value: 40, clusterId: 1 }]);
    // Each slice labelled with its name and share; no legend to page through.
    expect((option.series as { label: { show: boolean; formatter: string } }[])[0]!.label).toMatchObject({
      show: true,
      formatter: '{b}\n{d}%',
    });
    expect(option.legend).toBeUndefined();
  });
  it('the funnel counts the three stages', () => {
    const data = (funnelChart(pipeline, words).series as Series)[0]!.data as {
      value: number;
      stage: string;
    }[];
    expect(data.map((d) => [d.stage, d.value])).toEqual([
      ['signed', 201],
      ['started', 162],
      ['inProduction', 160],
    ]);
  });
  it('for the wall screen: larger type on axes, legend and labels; the figures unchanged', () => {
    const option = countyChart(pipeline, (id) => `县${id}`, words);
    const wall = forWall(option, 18) as {
      xAxis: { axisLabel: { fontSize: number } };
      yAxis: { axisLabel: { fontSize: number } };
      legend: { textStyle: { fontSize: number } };
      series: { data: unknown[]; label?: { fontSize: number } }[];
    };
    expect(wall.xAxis.axisLabel.fontSize).toBe(18);
    expect(wall.yAxis.axisLabel.fontSize).toBe(18);
    expect(wall.legend.textStyle.fontSize).toBe(18);
    expect(wall.series[0]!.label!.fontSize).toBe(18);
    expect(wall.series.map((s) => s.data)).toEqual(
      (option.series as { data: unknown[] }[]).map((s) => s.data),
    );
    const trend = forWall(trendChart(pipeline.byMonth!, words)) as {
      yAxis: { axisLabel: { fontSize: number } }[];
    };
    expect(trend.yAxis.map((a) => a.axisLabel.fontSize)).toEqual([16, 16]);
  });
});
