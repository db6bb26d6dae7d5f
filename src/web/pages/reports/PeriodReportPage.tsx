import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { formatYuan } from '../../../core/money.js';
import { KEY_LEVEL_LABELS, KEY_LEVELS } from '../../../core/projects/keyProjects.js';
import { PROJECT_CLASS_LABELS } from '../../../core/projects/stages.js';
import { api, toQuery } from '../../api/client.js';
import type { Figures } from '../../api/types.js';
import { OrgScopeSelect } from '../../components/projectBits.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import './print.css';
import type { PeriodReportDto } from '../../../core/api/stats.js';
import { today } from '../../components/dates.js';
import { statsKeys } from '../dashboard/queries.js';
import { useKeyProjects } from '../projects/queries.js';
import { ReportButtons } from './ReportButtons.js';

type Report = PeriodReportDto;

const STAGES = ['signed', 'started', 'inProduction'] as const;

/** 季度 / 年度 report in the form the city publishes it, printable and as xlsx. */
export function PeriodReportPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const thisYear = today().year();
  const [year, setYear] = useState(thisYear);
  const [part, setPart] = useState<string>(`Q${Math.max(1, Math.ceil((today().month() + 1) / 3) - 1)}`);
  const [orgId, setOrgId] = useState<number | undefined>();
  const period = part === 'year' ? String(year) : `${year}-${part}`;
  const query = useQuery({
    queryKey: statsKeys.periodReport(period, orgId),
    queryFn: () => api<Report>('GET', `/api/stats/report${toQuery({ period, orgId })}`),
  });
  const r = query.data;
  const figureColumns = STAGES.flatMap((s) => [
    {
      title: `${t(`dash.${s}`)}${t('dash.countUnit')}`,
      render: (_: unknown, row: Figures) => row[s].count,
      align: 'right' as const,
    },
    {
      title: `${t(`dash.${s}`)}${t('dash.amount')}`,
      render: (_: unknown, row: Figures) => formatYuan(row[s].investmentYuan),
      align: 'right' as const,
    },
  ]);
  const yoy = (s: (typeof STAGES)[number]) => {
    if (!r?.lastYear[s].investmentYuan) return '—';
    const v = (r.current[s].investmentYuan - r.lastYear[s].investmentYuan) / r.lastYear[s].investmentYuan;
    return `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`;
  };

  return (
    <Card
      className="printable"
      title={t('menu.periodReport')}
      extra={
        <Space wrap className="no-print">
          <Select
            aria-label={t('dash.year')}
            value={year}
            onChange={setYear}
            options={Array.from({ length: 5 }, (_, k) => thisYear - k).map((y) => ({
              value: y,
              label: `${y}年`,
            }))}
          />
          <Select
            aria-label={t('target.period')}
            value={part}
            onChange={setPart}
            style={{ width: 110 }}
            data-testid="report-part"
            options={[
              ...[1, 2, 3, 4].map((q) => ({ value: `Q${q}`, label: t(`report.q${q}` as 'report.q1') })),
              { value: 'year', label: t('report.wholeYear') },
            ]}
          />
          {can('project.readAll') && <OrgScopeSelect value={orgId} onChange={setOrgId} />}
          <ReportButtons
            xlsxHref={`/api/stats/report.xlsx${toQuery({ period, orgId })}`}
            testId="download-period-report"
          />
        </Space>
      }
    >
      {query.isError && <Alert type="error" title={String(query.error)} />}
      {r && (
        <Space direction="vertical" style={{ width: '100%' }} size={16}>
          <Typography.Title level={3} style={{ textAlign: 'center' }}>
            {r.scopeName}
            {r.label}
            {t('report.title')}
          </Typography.Title>
          <Typography.Paragraph style={{ fontSize: 18, textIndent: '2em' }} data-testid="report-headline">
            {r.headline}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t('report.range', { from: r.from, to: r.to })}</Typography.Text>
          <Table
            size="small"
            bordered
            pagination={false}
            rowKey="stage"
            dataSource={STAGES.map((s) => ({ stage: s }))}
            columns={[
              { title: t('report.stage'), render: (_, row) => t(`dash.${row.stage}`) },
              { title: t('dash.countUnit'), render: (_, row) => r.current[row.stage].count, align: 'right' },
              {
                title: t('dash.amount'),
                render: (_, row) => formatYuan(r.current[row.stage].investmentYuan),
                align: 'right',
              },
              {
                title: t('report.lastYearCount'),
                render: (_, row) => r.lastYear[row.stage].count,
                align: 'right',
              },
              {
                title: t('report.lastYearAmount'),
                render: (_, row) => formatYuan(r.lastYear[row.stage].investmentYuan),
                align: 'right',
              },
              { title: t('report.yoy'), render: (_, row) => yoy(row.stage), align: 'right' },
            ]}
          />
          <Typography.Title level={5}>{t('report.byCounty')}</Typography.Title>
          <Table
            size="small"
            bordered
            pagination={false}
            rowKey="orgId"
            dataSource={r.current.byCounty}
            columns={[
              { title: t('project.county'), render: (_, row) => r.countyNames[row.orgId] },
              ...figureColumns,
            ]}
          />
          <Typography.Title level={5}>{t('report.byCluster')}</Typography.Title>
          <Table
            size="small"
            bordered
            pagination={false}
            rowKey="clusterId"
            dataSource={(r.current.byCluster ?? []).filter(
              (c) => c.signed.count + c.started.count + c.inProduction.count > 0,
            )}
            columns={[
              { title: t('project.clusters'), render: (_, row) => r.clusterNames[row.clusterId] },
              ...figureColumns,
            ]}
          />
          <KeyProjectsSection to={r.to} orgId={orgId} />
          <Typography.Title level={5}>{t('report.byClass')}</Typography.Title>
          <Table
            size="small"
            bordered
            pagination={false}
            rowKey="projectClass"
            dataSource={r.current.byClass ?? []}
            columns={[
              { title: t('project.class'), render: (_, row) => PROJECT_CLASS_LABELS[row.projectClass][lang] },
              ...figureColumns,
            ]}
          />
        </Space>
      )}
    </Card>
  );
}

/**
 * Key projects in the period report (#16): investment to the end of the period's last month (or of
 * last month, if the period is not over) against plan and 序时进度, and the follow-up counts, by county.
 */
const KEY_LEVELS_ALL = [...KEY_LEVELS, 'general'] as const;

function KeyProjectsSection({ to, orgId }: { to: string; orgId?: number }) {
  const { t, lang } = useI18n();
  const lastDue = today().subtract(1, 'month').format('YYYY-MM');
  const month = [to.slice(0, 7), lastDue].sort()[0];
  const { data: b } = useKeyProjects({ month, orgId, rows: 'behind' });
  if (!b) return null;
  return (
    <>
      <Typography.Title level={5}>
        {t('dash.keyProjects', { y: b.year, m: Number(b.month.slice(5)) })}（
        {t('dash.timeElapsed', { p: Math.round(b.timeElapsedRate * 1000) / 10 })}）
      </Typography.Title>
      <Table
        size="small"
        bordered
        pagination={false}
        rowKey="orgId"
        data-testid="report-key-projects"
        dataSource={[
          ...b.byCounty,
          ...(b.byCounty.length > 1 ? [{ ...b.total, orgId: 0, orgName: t('report.total') }] : []),
          // By list after the counties (a project on two lists counts in each).
          ...b.byLevel
            .filter((l) => l.projects > 0)
            .map((l) => ({
              ...l,
              orgId: -1 - KEY_LEVELS_ALL.indexOf(l.level),
              orgName: KEY_LEVEL_LABELS[l.level][lang],
            })),
        ]}
        columns={[
          { title: t('project.county'), dataIndex: 'orgName' },
          { title: t('bulletin.projects'), dataIndex: 'projects', align: 'right' },
          { title: t('key.planned'), dataIndex: 'plannedYuan', align: 'right', render: formatYuan },
          { title: t('key.completed'), dataIndex: 'completedYuan', align: 'right', render: formatYuan },
          {
            title: t('key.rate'),
            dataIndex: 'completionRate',
            align: 'right',
            render: (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`),
          },
          { title: t('bulletin.behind'), dataIndex: 'behind', align: 'right' },
          { title: t('key.filter.startOverdue'), dataIndex: 'startOverdue', align: 'right' },
          { title: t('key.filter.productionOverdue'), dataIndex: 'productionOverdue', align: 'right' },
          { title: t('key.awaitingStats'), dataIndex: 'awaitingStats', align: 'right' },
        ]}
      />
    </>
  );
}
