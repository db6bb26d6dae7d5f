import { ArrowDownOutlined, ArrowUpOutlined, FullscreenOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  List,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { DashboardDto } from '../../../core/api/stats.js';
import { formatYuan } from '../../../core/money.js';
import { parsePeriod, quarterOf, quarterRange } from '../../../core/periods.js';
import { indicatorDef } from '../../../core/targets.js';
import { api, toQuery } from '../../api/client.js';
import { useClusters, useOrgs } from '../../api/hooks.js';
import type { Figure, TargetRow } from '../../api/types.js';
import { today, todayText } from '../../components/dates.js';
import { EChart } from '../../components/EChart.js';
import {
  COLOUR_TEXT,
  formatIndicator,
  OrgScopeSelect,
  TargetProgress,
} from '../../components/projectBits.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import {
  type ChartWords,
  clusterChart,
  countyChart,
  funnelChart,
  STAGE_COLOURS,
  STAGES,
  trendChart,
  yi,
} from './charts.js';
import { statsKeys } from './queries.js';

type Mode = 'ytd' | 'quarter' | 'year' | 'custom';
const BASIS = { signed: 'signed', started: 'started', inProduction: 'in_production' } as const;

function periodOf(mode: Mode, anchor: Dayjs, range: [Dayjs, Dayjs] | null): { from: string; to: string } {
  const today = todayText();
  if (mode === 'quarter') return quarterRange(anchor.year(), quarterOf(anchor.format('YYYY-MM-DD')));
  if (mode === 'year') return { from: `${anchor.year()}-01-01`, to: `${anchor.year()}-12-31` };
  if (mode === 'custom' && range)
    return { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

function Change({ value }: { value: number | null }) {
  const { t } = useI18n();
  if (value === null) return <Typography.Text type="secondary">{t('dash.noComparison')}</Typography.Text>;
  const up = value >= 0;
  return (
    <Typography.Text style={{ color: up ? '#cf1322' : '#237804' }}>
      {up ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {Math.abs(Math.round(value * 1000) / 10)}%
    </Typography.Text>
  );
}

export function DashboardPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const { data: orgs } = useOrgs();
  const clusters = useClusters();
  const [mode, setMode] = useState<Mode>('ytd');
  const [anchor, setAnchor] = useState<Dayjs>(today);
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [orgId, setOrgId] = useState<number | undefined>();
  const period = periodOf(mode, anchor, range);
  const query = useQuery({
    queryKey: statsKeys.dashboard(period, orgId),
    queryFn: () => api<DashboardDto>('GET', `/api/stats/dashboard${toQuery({ ...period, orgId })}`),
  });
  const orgName = useMemo(() => new Map((orgs ?? []).map((o) => [o.id, o.name])), [orgs]);
  const clusterName = useMemo(
    () => new Map((clusters.data ?? []).map((c) => [c.id, c.name])),
    [clusters.data],
  );
  const d = query.data;
  // The list filter matching the chosen organisation: a county, or a park for a platform.
  const chosen = (orgs ?? []).find((o) => o.id === orgId);
  const scopeFilter = chosen
    ? chosen.kind === 'platform'
      ? { parkOrgId: chosen.id }
      : { countyOrgId: chosen.id }
    : {};
  const listUrl = (params: Record<string, string | number | undefined>) =>
    `/projects${toQuery({ from: period.from, to: period.to, ...params })}`;
  const stageLabel = useCallback((s: (typeof STAGES)[number]) => t(`dash.${s}`), [t]);

  const words: ChartWords = useMemo(
    () => ({ stage: stageLabel, yi: t('dash.yi'), count: t('dash.countUnit') }),
    [stageLabel, t],
  );
  const countyOption = useMemo(
    () => (d ? countyChart(d.pipeline, (id) => orgName.get(id) ?? String(id), words) : null),
    [d, orgName, words],
  );
  const trendOption = useMemo(
    () => (d?.pipeline.byMonth ? trendChart(d.pipeline.byMonth, words) : null),
    [d, words],
  );
  const clusterOption = useMemo(
    () =>
      d?.pipeline.byCluster
        ? clusterChart(d.pipeline.byCluster, (id) => clusterName.get(id) ?? String(id), words)
        : null,
    [d, clusterName, words],
  );
  const funnelOption = useMemo(() => (d ? funnelChart(d.pipeline, words) : null), [d, words]);

  const kpi = (s: (typeof STAGES)[number], f: Figure) => (
    <Col xs={24} md={8} key={s}>
      <Card
        hoverable
        onClick={() => navigate(listUrl({ periodBasis: BASIS[s], ...scopeFilter }))}
        data-testid={`kpi-${s}`}
        style={{ borderTop: `4px solid ${STAGE_COLOURS[s]}` }}
      >
        <Statistic title={t(`dash.kpi.${s}`)} value={f.count} suffix={t('dash.countUnit')} />
        <Statistic
          value={yi(f.investmentYuan)}
          precision={2}
          suffix={t('dash.yi')}
          valueStyle={{ fontSize: 20 }}
        />
        <Space size="large" style={{ marginTop: 8 }}>
          <span>
            {t('dash.yoyCount')} <Change value={d!.change[s].count} />
          </span>
          <span>
            {t('dash.yoyAmount')} <Change value={d!.change[s].investmentYuan} />
          </span>
        </Space>
        <div style={{ fontSize: 12, color: '#595959' }}>
          {t('dash.lastYear', { n: d!.lastYear[s].count, a: formatYuan(d!.lastYear[s].investmentYuan) })}
        </div>
      </Card>
    </Col>
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16} data-testid="dashboard">
      <Card size="small">
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('dash.title')}
          </Typography.Title>
          <Segmented<Mode>
            value={mode}
            onChange={setMode}
            options={[
              { value: 'ytd', label: t('dash.ytd') },
              { value: 'quarter', label: t('dash.quarter') },
              { value: 'year', label: t('dash.year') },
              { value: 'custom', label: t('dash.custom') },
            ]}
          />
          {mode === 'quarter' && (
            <DatePicker
              picker="quarter"
              value={anchor}
              onChange={(v) => v && setAnchor(v)}
              allowClear={false}
              data-testid="quarter-picker"
            />
          )}
          {mode === 'year' && (
            <DatePicker picker="year" value={anchor} onChange={(v) => v && setAnchor(v)} allowClear={false} />
          )}
          {mode === 'custom' && (
            <DatePicker.RangePicker value={range} onChange={(v) => setRange(v as [Dayjs, Dayjs] | null)} />
          )}
          {can('project.readAll') && <OrgScopeSelect value={orgId} onChange={setOrgId} />}
          <Typography.Text type="secondary">
            {period.from} ~ {period.to}
          </Typography.Text>
          <Button
            icon={<FullscreenOutlined />}
            onClick={() => document.documentElement.requestFullscreen?.()}
          >
            {t('dash.fullscreen')}
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => navigate('/reports/period')}>
            {t('menu.periodReport')}
          </Button>
        </Space>
      </Card>
      {query.isError && <Alert type="error" title={String(query.error)} />}
      {d && (
        <>
          <Row gutter={[16, 16]}>{STAGES.map((s) => kpi(s, d.pipeline[s]))}</Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={8}>
              <Card title={t('dash.funnel')} size="small">
                <EChart
                  option={funnelOption!}
                  height={300}
                  testId="chart-funnel"
                  onClick={(e) =>
                    navigate(listUrl({ periodBasis: BASIS[STAGES[e.dataIndex]!], ...scopeFilter }))
                  }
                />
              </Card>
            </Col>
            <Col xs={24} xl={16}>
              <Card title={t('dash.countyRanking')} size="small" extra={t('dash.clickThrough')}>
                <EChart
                  option={countyOption!}
                  height={300}
                  testId="chart-county"
                  onClick={(e) => {
                    const row = [...d.pipeline.byCounty].sort(
                      (a, b) => a.signed.investmentYuan - b.signed.investmentYuan,
                    )[e.dataIndex];
                    const stage = STAGES[e.seriesIndex ?? 0]!;
                    if (row) navigate(listUrl({ countyOrgId: row.orgId, periodBasis: BASIS[stage] }));
                  }}
                />
              </Card>
            </Col>
            <Col xs={24} xl={16}>
              <Card title={t('dash.trend')} size="small">
                <EChart
                  option={trendOption!}
                  height={300}
                  testId="chart-trend"
                  onClick={(e) => {
                    const month = parsePeriod(d.pipeline.byMonth![e.dataIndex]!.month)!;
                    navigate(`/projects${toQuery({ ...month, periodBasis: 'signed', ...scopeFilter })}`);
                  }}
                />
              </Card>
            </Col>
            <Col xs={24} xl={8}>
              <Card title={t('dash.clusters')} size="small">
                <EChart
                  option={clusterOption!}
                  height={300}
                  testId="chart-clusters"
                  onClick={(e) => {
                    const top = d.pipeline.byCluster!.filter((c) => c.signed.count > 0);
                    const c = top[e.dataIndex];
                    if (c)
                      navigate(listUrl({ clusterId: c.clusterId, periodBasis: 'signed', ...scopeFilter }));
                  }}
                />
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <Card
                title={t('dash.behind', { n: d.targets.behindCount })}
                size="small"
                extra={
                  <Space>
                    <Tag>
                      {t('dash.timeElapsed', { p: Math.round(d.targets.timeElapsedRate * 1000) / 10 })}
                    </Tag>
                    <Link to={`/targets?year=${d.targets.year}`}>{t('dash.allTargets')}</Link>
                  </Space>
                }
              >
                <Table<TargetRow>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={d.targets.behind}
                  locale={{ emptyText: t('dash.noneBehind') }}
                  data-testid="targets-behind"
                  columns={[
                    { title: t('target.org'), dataIndex: 'orgName', width: 130 },
                    {
                      title: t('target.indicator'),
                      dataIndex: 'indicator',
                      render: (k: string) => indicatorDef(k)?.label[lang] ?? k,
                    },
                    {
                      title: t('target.actualOfTarget'),
                      width: 170,
                      render: (_, r) => (
                        <span style={{ color: COLOUR_TEXT[r.colour] }}>
                          {formatIndicator(r.indicator, r.actualValue)} /{' '}
                          {formatIndicator(r.indicator, r.targetValue)}
                        </span>
                      ),
                    },
                    { title: t('target.progress'), width: 180, render: (_, r) => <TargetProgress row={r} /> },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card title={t('dash.overdue')} size="small">
                <Row gutter={16} style={{ marginBottom: 12 }}>
                  <Col span={8}>
                    <Link to="/leads?slaStatus=overdue">
                      <Statistic
                        title={t('dash.overdueLeadSteps')}
                        value={d.overdue.leadSteps}
                        valueStyle={{ color: d.overdue.leadSteps ? '#cf1322' : undefined }}
                      />
                    </Link>
                  </Col>
                  <Col span={8}>
                    <Link to="/projects?openIssues=open">
                      <Statistic title={t('dash.openIssues')} value={d.overdue.issuesOpen} />
                    </Link>
                  </Col>
                  <Col span={8}>
                    <Link to="/projects?openIssues=overdue">
                      <Statistic
                        title={t('dash.overdueIssues')}
                        value={d.overdue.issuesOverdue}
                        valueStyle={{ color: d.overdue.issuesOverdue ? '#cf1322' : undefined }}
                      />
                    </Link>
                  </Col>
                </Row>
                <List
                  size="small"
                  dataSource={d.overdue.issues}
                  renderItem={(i) => (
                    <List.Item>
                      <Link to={`/projects/${i.projectId}`}>{i.projectName}</Link>
                      <span style={{ fontSize: 12 }}>
                        {i.description} · <Tag color="red">{i.dueDate}</Tag>
                      </span>
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
}
