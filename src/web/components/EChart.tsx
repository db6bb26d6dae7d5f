/**
 * ECharts in React: only the charts the dashboard uses, drawn as SVG (crisp on a wall screen, and
 * each bar an element a browser test can click), resized with its box, clicks passed up.
 */
import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  FunnelChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * Charts are made and drawn one per task, in the order they asked: a dashboard's nine charts
 * drawn in one go held the page for a quarter of a second at 1× CPU (a second on a phone); one at
 * a time, the page answers between them.
 */
const waiting: (() => void)[] = [];
const channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
function drawNext() {
  waiting.shift()?.();
  if (waiting.length) channel!.port2.postMessage(null);
}
if (channel) channel.port1.onmessage = drawNext;
function drawSoon(draw: () => void) {
  if (!channel) return draw();
  waiting.push(draw);
  if (waiting.length === 1) channel.port2.postMessage(null);
}
export interface ChartClick {
  name: string;
  dataIndex: number;
  seriesIndex?: number;
  seriesName?: string;
}

export function EChart({
  option,
  height = 320,
  onClick,
  testId,
  theme,
}: {
  option: ChartOption;
  height?: number | string;
  onClick?: (e: ChartClick) => void;
  testId?: string;
  /** ECharts' own dark theme, for the wall screen. */
  theme?: 'dark';
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  const latest = useRef(option);
  latest.current = option;
  // The chart is made (and first drawn, with the latest option) in its turn, not in the commit
  // that mounts the box: making nine charts there held the dashboard's first drawing.
  useEffect(() => {
    const el = box.current!;
    let c: echarts.ECharts | null = null;
    let observer: ResizeObserver | null = null;
    let gone = false;
    drawSoon(() => {
      if (gone) return;
      const made = echarts.init(el, theme, { renderer: 'svg' });
      c = made;
      chart.current = made;
      made.on('click', (e) => click.current?.(e as unknown as ChartClick));
      observer = new ResizeObserver(() => made.resize());
      observer.observe(el);
      made.setOption(latest.current, true);
    });
    return () => {
      gone = true;
      observer?.disconnect();
      c?.dispose();
      chart.current = null;
    };
  }, [theme]);
  // A new option for a chart already made is drawn in its turn too; before it is made, making it
  // draws the latest.
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    drawSoon(() => {
      if (c.isDisposed() || chart.current !== c) return;
      c.setOption(option, true);
    });
  }, [option]);
  return (
    <div
      ref={box}
      data-testid={testId}
      style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }}
    />
  );
}
