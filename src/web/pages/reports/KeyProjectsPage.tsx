import { Alert, Card, DatePicker, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { formatYuan } from '../../../core/money.js';
import { KEY_LEVEL_LABELS, KEY_LEVELS, PROJECT_STATUS_LABELS } from '../../../core/projects/keyProjects.js';
import { toQuery } from '../../api/client.js';
import type { KeyProjects } from '../../api/types.js';
import { afterToday } from '../../components/dates.js';
import {
  COLOUR_TEXT,
  OrgScopeSelect,
  ProjectStageTag,
  STATUS_TAG,
  TargetProgress,
} from '../../components/projectBits.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { useKeyProjects } from '../projects/queries.js';
import './print.css';
import { ReportButtons } from './ReportButtons.js';

type Row = KeyProjects['rows'][number];
type Rollup = KeyProjects['total'];

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/**
 * 重点项目月度通报: each list's projects with plan, completion to the month's end and the gap to
 * 序时进度, the county summary, the follow-up counts; printable and as xlsx. The month and the
 * organisation live in the address (?month=2026-11&orgId=).
 */
export function KeyProjectsPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? undefined;
  const orgId = params.get('orgId') ? Number(params.get('orgId')) : undefined;
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const query = useKeyProjects({ month, orgId });
  const b = query.data;
  const countyName = (id: number) => b?.byCounty.find((c) => c.orgId === id)?.orgName ?? '';

  const rollupColumns = [
    { title: t('bulletin.projects'), dataIndex: 'projects', align: 'right' as const },
    {
      title: t('key.planned'),
      dataIndex: 'plannedYuan',
      align: 'right' as const,
      render: (v: number) => formatYuan(v),
    },
    {
      title: t('key.completed'),
      dataIndex: 'completedYuan',
      align: 'right' as const,
      render: (v: number) => formatYuan(v),
    },
    {
      title: t('key.rate'),
      key: 'rate',
      width: 200,
      render: (_: unknown, r: Rollup) => (
        <TargetProgress
          row={{
            kind: 'cumulative',
            completionRate: r.completionRate,
            timeElapsedRate: b!.timeElapsedRate,
            colour: r.colour,
          }}
        />
      ),
    },
    { title: t('bulletin.behind'), dataIndex: 'behind', align: 'right' as const },
    { title: t('bulletin.missing'), dataIndex: 'missingReports', align: 'right' as const },
    { title: t('key.filter.startOverdue'), dataIndex: 'startOverdue', align: 'right' as const },
    { title: t('key.filter.productionOverdue'), dataIndex: 'productionOverdue', align: 'right' as const },
    { title: t('key.awaitingStats'), dataIndex: 'awaitingStats', align: 'right' as const },
  ];

  const rowColumns = [
    {
      title: t('project.name'),
      key: 'name',
      render: (_: unknown, r: Row) => (
        <Space size={4} wrap>
          <Link to={`/projects/${r.id}`}>{r.name}</Link>
          {r.status !== 'normal' && (
            <Tag color={STATUS_TAG[r.status]}>{PROJECT_STATUS_LABELS[r.status][lang]}</Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('project.county'),
      key: 'county',
      width: 90,
      render: (_: unknown, r: Row) => countyName(r.countyOrgId),
    },
    {
      title: t('project.stage'),
      key: 'stage',
      width: 84,
      render: (_: unknown, r: Row) => <ProjectStageTag stage={r.stage} />,
    },
    {
      title: t('project.total'),
      dataIndex: 'totalInvestmentYuan',
      align: 'right' as const,
      render: (v: number) => formatYuan(v),
    },
    {
      title: t('key.planned'),
      dataIndex: 'plannedYuan',
      align: 'right' as const,
      render: (v: number | null) => (v === null ? '—' : formatYuan(v)),
    },
    {
      title: t('key.completed'),
      dataIndex: 'completedYuan',
      align: 'right' as const,
      render: (v: number) => formatYuan(v),
    },
    {
      title: t('key.rate'),
      key: 'rate',
      align: 'right' as const,
      render: (_: unknown, r: Row) => pct(r.completionRate),
    },
    {
      title: t('bulletin.gap'),
      key: 'gap',
      align: 'right' as const,
      render: (_: unknown, r: Row) =>
        r.gapPoints === null ? (
          '—'
        ) : (
          <span style={{ color: COLOUR_TEXT[r.colour], fontWeight: 600 }} data-colour={r.colour}>
            {r.gapPoints > 0 ? '+' : ''}
            {r.gapPoints.toFixed(1)}
          </span>
        ),
    },
    {
      title: t('key.progress'),
      key: 'progress',
      render: (_: unknown, r: Row) =>
        r.monthYuan === null ? <Tag color="red">{t('bulletin.notReported')}</Tag> : (r.progress ?? '—'),
    },
    {
      title: t('bulletin.flags'),
      key: 'flags',
      render: (_: unknown, r: Row) => (
        <Space size={2} wrap>
          {r.startOverdue && <Tag color="red">{t('key.filter.startOverdue')}</Tag>}
          {r.productionOverdue && <Tag color="orange">{t('key.filter.productionOverdue')}</Tag>}
          {r.awaitingStats && <Tag color="gold">{t('key.awaitingStats')}</Tag>}
        </Space>
      ),
    },
  ];

  const levels = [...KEY_LEVELS, 'general'] as const;
  return (
    <Card
      className="printable"
      title={t('menu.keyProjects')}
      extra={
        <Space wrap className="no-print">
          <DatePicker
            picker="month"
            aria-label={t('key.month')}
            allowClear={false}
            value={b ? dayjs(`${b.month}-01`) : undefined}
            disabledDate={afterToday}
            onChange={(d) => set('month', d?.format('YYYY-MM'))}
          />
          {can('project.readAll') && (
            <OrgScopeSelect value={orgId} onChange={(v) => set('orgId', v ? String(v) : undefined)} />
          )}
          <ReportButtons
            xlsxHref={`/api/stats/key-projects.xlsx${toQuery({ month: b?.month ?? month, orgId })}`}
            testId="download-bulletin"
          />
        </Space>
      }
    >
      {query.isError && <Alert type="error" title={String(query.error)} />}
      {b && (
        <Space direction="vertical" style={{ width: '100%' }} size={16}>
          <Typography.Title level={3} style={{ textAlign: 'center' }}>
            {t('bulletin.title', { y: b.year, m: Number(b.month.slice(5)) })}
          </Typography.Title>
          <Typography.Paragraph style={{ fontSize: 16, textIndent: '2em' }} data-testid="bulletin-headline">
            {t('bulletin.headline', {
              n: b.total.projects,
              plan: formatYuan(b.total.plannedYuan),
              done: formatYuan(b.total.completedYuan),
              rate: pct(b.total.completionRate),
              elapsed: pct(b.timeElapsedRate),
              behind: b.total.behind,
              missing: b.total.missingReports,
              start: b.total.startOverdue,
            })}
          </Typography.Paragraph>
          <Typography.Title level={5}>{t('bulletin.byLevel')}</Typography.Title>
          <Table
            size="small"
            bordered
            pagination={false}
            rowKey="level"
            scroll={{ x: 'max-content' }}
            dataSource={b.byLevel}
            columns={[
              { title: t('key.levels'), key: 'level', render: (_, r) => KEY_LEVEL_LABELS[r.level][lang] },
              ...rollupColumns,
            ]}
          />
          <Typography.Title level={5}>{t('bulletin.byCounty')}</Typography.Title>
          <Table
            size="small"
            bordered
            pagination={false}
            rowKey="orgId"
            scroll={{ x: 'max-content' }}
            dataSource={b.byCounty}
            data-testid="bulletin-counties"
            columns={[{ title: t('project.county'), dataIndex: 'orgName' }, ...rollupColumns]}
          />
          <Tabs
            items={levels.map((l) => {
              const rows = b.rows.filter((r) =>
                l === 'general' ? !r.keyLevels.length : r.keyLevels.includes(l),
              );
              return {
                key: l,
                label: `${KEY_LEVEL_LABELS[l][lang]}（${rows.length}）`,
                children: (
                  <Table
                    size="small"
                    bordered
                    rowKey="id"
                    scroll={{ x: 'max-content' }}
                    pagination={{ pageSize: 50, hideOnSinglePage: true }}
                    dataSource={rows}
                    columns={rowColumns}
                    data-testid={`bulletin-rows-${l}`}
                  />
                ),
              };
            })}
          />
        </Space>
      )}
    </Card>
  );
}
