import { FullscreenOutlined, PrinterOutlined } from '@ant-design/icons';
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
import { useDeferredValue, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatYuan } from '../../../core/money.js';
import { parsePeriod } from '../../../core/periods.js';
import { indicatorDef } from '../../../core/targets.js';
import { toQuery } from '../../api/client.js';
import { useOrgs } from '../../api/hooks.js';
import type { Figure, TargetRow } from '../../api/types.js';
import { today } from '../../components/dates.js';
import { EChart } from '../../components/EChart.js';
import {
  COLOUR_TEXT,
  formatIndicator,
  OrgScopeSelect,
  TargetProgress,
} from '../../components/projectBits.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { STAGE_COLOURS, STAGES, yi } from './charts.js';
import { KeyProjectsCard } from './KeyProjectsCard.js';
import { Change, type Mode, OwnTargets, periodOf, useDashboardCharts } from './parts.js';
import { useDashboard } from './queries.js';

const BASIS = { signed: 'signed', started: 'started', inProduction: 'in_production' } as const;

export function DashboardPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const { data: orgs } = useOrgs();
  const [mode, setMode] = useState<Mode>('ytd');
  const [anchor, setAnchor] = useState<Dayjs>(today);
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [orgId, setOrgId] = useState<number | undefined>();
  const period = periodOf(mode, anchor, range);
  const query = useDashboard(period, orgId);
  // Figures arriving are drawn in a deferred (interruptible) render, not in one synchronous task.
  const d = useDeferredValue(query.data);
  // The list filter matching the chosen organisation: a county, or a park for a platform.
  const chosen = (orgs ?? []).find((o) => o.id === orgId);
  const scopeFilter = chosen
    ? chosen.kind === 'platform'
      ? { parkOrgId: chosen.id }
      : { countyOrgId: chosen.id }
    : {};
  const listUrl = (params: Record<string, string | number | undefined>) =>
    `/projects${toQuery({ from: period.from, to: period.to, ...params })}`;
  const charts = useDashboardCharts(d);
  const cityWide = can('project.readAll');

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
            data-testid="open-wall"
            onClick={() => {
              // The wall screen: the same figures on the whole screen, refreshing themselves.
              void document.documentElement.requestFullscreen?.().catch(() => undefined);
              navigate(`/dashboard/wall${toQuery({ ...period, orgId })}`);
            }}
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
                  option={charts.funnel!}
                  height={300}
                  testId="chart-funnel"
                  onClick={(e) =>
                    navigate(listUrl({ periodBasis: BASIS[STAGES[e.dataIndex]!], ...scopeFilter }))
                  }
                />
              </Card>
            </Col>
            <Col xs={24} xl={16}>
              {cityWide ? (
                <Card title={t('dash.countyRanking')} size="small" extra={t('dash.clickThrough')}>
                  <EChart
                    option={charts.county!}
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
              ) : (
                <Card title={t('dash.ownTargets', { y: d.targets.year })} size="small">
                  <OwnTargets year={d.targets.year} />
                </Card>
              )}
            </Col>
            <Col xs={24} xl={16}>
              <Card title={t('dash.trend')} size="small">
                <EChart
                  option={charts.trend!}
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
                  option={charts.cluster!}
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
            <Col xs={24}>
              <KeyProjectsCard orgId={orgId} />
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
}
