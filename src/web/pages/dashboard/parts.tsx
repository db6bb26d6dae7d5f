/** What the dashboard and its wall screen share: the period, the figures' words and charts, the changes. */
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Empty, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useMemo } from 'react';
import type { DashboardDto } from '../../../core/api/stats.js';
import { quarterOf, quarterRange } from '../../../core/periods.js';
import { indicatorDef } from '../../../core/targets.js';
import { useNames } from '../../api/hooks.js';
import type { TargetRow } from '../../api/types.js';
import { todayText } from '../../components/dates.js';
import { COLOUR_TEXT, formatIndicator, TargetProgress } from '../../components/projectBits.js';
import { useI18n } from '../../i18n/index.js';
import { useTargets } from '../targets/queries.js';
import {
  type ChartWords,
  clusterChart,
  countyChart,
  funnelChart,
  type STAGES,
  trendChart,
} from './charts.js';

export type Mode = 'ytd' | 'quarter' | 'year' | 'custom';

export function periodOf(
  mode: Mode,
  anchor: Dayjs,
  range: [Dayjs, Dayjs] | null,
): { from: string; to: string } {
  const today = todayText();
  if (mode === 'quarter') return quarterRange(anchor.year(), quarterOf(anchor.format('YYYY-MM-DD')));
  if (mode === 'year') return { from: `${anchor.year()}-01-01`, to: `${anchor.year()}-12-31` };
  if (mode === 'custom' && range)
    return { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/** Red, amber and green light enough to read on the wall screen's dark blue. */
export const ON_DARK = { red: '#ff7875', amber: '#ffc53d', green: '#95de64', none: '#d9d9d9' } as const;

/** A year-on-year change: up in red, down in green (the Chinese convention). */
export function Change({ value, dark = false }: { value: number | null; dark?: boolean }) {
  const { t } = useI18n();
  if (value === null) return <Typography.Text type="secondary">{t('dash.noComparison')}</Typography.Text>;
  const up = value >= 0;
  const colour = dark ? (up ? ON_DARK.red : ON_DARK.green) : up ? '#cf1322' : '#237804';
  return (
    <Typography.Text style={{ color: colour }}>
      {up ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {Math.abs(Math.round(value * 1000) / 10)}%
    </Typography.Text>
  );
}

/** The four charts' options for the figures, with names of organisations and clusters. */
export function useDashboardCharts(d: DashboardDto | undefined) {
  const { t } = useI18n();
  const { orgName, clusterName } = useNames();
  const stageLabel = useCallback((s: (typeof STAGES)[number]) => t(`dash.${s}`), [t]);
  const words: ChartWords = useMemo(
    () => ({ stage: stageLabel, yi: t('dash.yi'), count: t('dash.countUnit') }),
    [stageLabel, t],
  );
  return useMemo(
    () => ({
      county: d ? countyChart(d.pipeline, (id) => orgName.get(id) ?? String(id), words) : null,
      trend: d?.pipeline.byMonth ? trendChart(d.pipeline.byMonth, words) : null,
      cluster: d?.pipeline.byCluster
        ? clusterChart(d.pipeline.byCluster, (id) => clusterName.get(id) ?? String(id), words)
        : null,
      funnel: d ? funnelChart(d.pipeline, words) : null,
    }),
    [d, orgName, clusterName, words],
  );
}

/**
 * For a county (or platform) user, in place of a "ranking" of one bar: their own targets this year,
 * each against the share of the year gone (序时进度), with their place among the counties.
 */
export function OwnTargets({ year, dark = false }: { year: number; dark?: boolean }) {
  const { t, lang } = useI18n();
  const report = useTargets(year);
  const rows = report.data?.items ?? [];
  if (!report.isLoading && rows.length === 0) return <Empty description={t('dash.noOwnTargets')} />;
  return (
    <Table<TargetRow>
      rowKey="id"
      size="small"
      pagination={false}
      loading={report.isLoading}
      dataSource={rows}
      data-testid="own-targets"
      columns={[
        {
          title: t('target.indicator'),
          dataIndex: 'indicator',
          render: (k: string) => indicatorDef(k)?.label[lang] ?? k,
        },
        {
          title: t('target.actualOfTarget'),
          render: (_, r) => (
            <span style={{ color: (dark ? ON_DARK : COLOUR_TEXT)[r.colour] }}>
              {formatIndicator(r.indicator, r.actualValue)} / {formatIndicator(r.indicator, r.targetValue)}
            </span>
          ),
        },
        { title: t('target.progress'), width: 200, render: (_, r) => <TargetProgress row={r} /> },
        {
          title: t('target.timeElapsed'),
          dataIndex: 'behind',
          width: 130,
          render: (behind: boolean) =>
            behind ? (
              <Tag color="red">{t('dash.behindPace')}</Tag>
            ) : (
              <Tag color="green">{t('dash.onPace')}</Tag>
            ),
        },
      ]}
    />
  );
}
