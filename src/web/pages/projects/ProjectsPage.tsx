import { Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, useMemo } from 'react';
import { Link } from 'react-router';
import { formatYuan } from '../../../core/money.js';
import { KEY_LEVEL_LABELS, PROJECT_STATUS_LABELS } from '../../../core/projects/keyProjects.js';
import { PROJECT_STAGE_LABELS, PROJECT_STAGES, type ProjectStage } from '../../../core/projects/stages.js';
import { useNames, useOrgs } from '../../api/hooks.js';
import type { Project } from '../../api/types.js';
import { LaterFilters, SearchFilter, SelectFilter } from '../../components/listFilters.js';
import { ProjectStageTag, STATUS_TAG } from '../../components/projectBits.js';
import {
  type FiltersShown,
  type ListColumn,
  RecordList,
  type UrlFilters,
  urlFilters,
} from '../../components/RecordList.js';
import { useI18n } from '../../i18n/index.js';
import { projectKeys } from './queries.js';

/** The list's filters are the URL's query, so a chart click-through and the back button both work. */
const FILTER_KEYS = [
  'stage',
  'countyOrgId',
  'parkOrgId',
  'projectClass',
  'industryCode',
  'clusterId',
  'chainId',
  'chainLinkId',
  'manufacturing',
  'periodBasis',
  'from',
  'to',
  'openIssues',
  'keyLevel',
  'status',
  'behindPlan',
  'milestoneOverdue',
  'awaitingStats',
  'agreementBreached',
  'q',
] as const;
const NUMERIC = new Set(['countyOrgId', 'parkOrgId', 'clusterId', 'chainId', 'chainLinkId']);

/** Behind 展开: loaded when first opened, so the list arrives with less code. */
const MoreProjectFilters = lazy(() =>
  import('./MoreProjectFilters.js').then((m) => ({ default: m.MoreProjectFilters })),
);

/** The form's values (a date range on the chosen basis) as the URL's filters. */
function toUrl(v: Record<string, unknown>): UrlFilters {
  const out = urlFilters(v, FILTER_KEYS);
  const period = v.period as [Dayjs, Dayjs] | undefined;
  if (period) {
    out.from = period[0].format('YYYY-MM-DD');
    out.to = period[1].format('YYYY-MM-DD');
  } else {
    delete out.from;
    delete out.to;
  }
  if (out.periodBasis === 'signed' && !period) delete out.periodBasis;
  return out;
}

function toForm(f: UrlFilters): Record<string, unknown> {
  return {
    ...Object.fromEntries(Object.entries(f).map(([k, v]) => [k, NUMERIC.has(k) ? Number(v) : v])),
    stage: f.stage ? f.stage.split(',') : undefined,
    period: f.from && f.to ? [dayjs(f.from), dayjs(f.to)] : undefined,
    periodBasis: f.periodBasis ?? 'signed',
  };
}

function ProjectFilterFields({ shown }: { shown: FiltersShown }) {
  const { t, lang } = useI18n();
  const { data: orgs } = useOrgs();
  const counties = (orgs ?? []).filter((o) => o.kind === 'county');
  const wider = { xs: 12, md: 8, xl: 5 };
  return (
    <>
      <SearchFilter placeholder={t('project.searchPlaceholder')} />
      {shown !== 'search' && (
        <>
          <SelectFilter
            name="stage"
            multiple
            placeholder={t('project.stage')}
            span={wider}
            options={PROJECT_STAGES.map((s) => ({ value: s, label: PROJECT_STAGE_LABELS[s][lang] }))}
          />
          <SelectFilter
            name="countyOrgId"
            placeholder={t('project.county')}
            testId="filter-county"
            options={counties.map((o) => ({ value: o.id, label: o.name }))}
          />
        </>
      )}
      {shown === 'all' && (
        <LaterFilters>
          <MoreProjectFilters />
        </LaterFilters>
      )}
    </>
  );
}

function useProjectColumns(): ListColumn<Project>[] {
  const { t, lang } = useI18n();
  const { orgName, clusterName } = useNames();
  return [
    {
      key: 'code',
      title: t('project.code'),
      dataIndex: 'code',
      sortBy: 'code',
      // A county's codes carry its division code: JM-P-440781-2026-0012.
      width: 176,
      render: (v: string, p) => <Link to={`/projects/${p.id}`}>{v}</Link>,
    },
    {
      key: 'name',
      title: t('project.name'),
      dataIndex: 'name',
      // One line a row, the full text on hover (the list fits 1366 px without scrolling sideways).
      ellipsis: true,
      render: (v: string, p) => (
        <Link to={`/projects/${p.id}`} title={v}>
          {v}
        </Link>
      ),
    },
    {
      key: 'investorName',
      title: t('project.investor'),
      dataIndex: 'investorName',
      ellipsis: true,
      render: (v: string) => <span title={v}>{v}</span>,
    },
    {
      key: 'county',
      title: t('project.county'),
      dataIndex: 'countyOrgId',
      width: 104,
      ellipsis: true,
      render: (id: number, p) => {
        const where = [orgName.get(id), p.parkOrgId ? orgName.get(p.parkOrgId) : null]
          .filter(Boolean)
          .join(' · ');
        return <span title={where}>{where}</span>;
      },
    },
    {
      key: 'totalInvestmentYuan',
      title: t('project.total'),
      dataIndex: 'totalInvestmentYuan',
      sortBy: 'totalInvestmentYuan',
      align: 'right',
      width: 104,
      render: formatYuan,
    },
    {
      key: 'clusters',
      title: t('project.clusters'),
      dataIndex: 'clusterIds',
      width: 136,
      ellipsis: true,
      // The first cluster, the others on hover.
      render: (ids: number[]) =>
        ids.length ? (
          <span title={ids.map((id) => clusterName.get(id)).join('、')}>
            <Tag color="blue">{clusterName.get(ids[0]!)}</Tag>
            {ids.length > 1 && `+${ids.length - 1}`}
          </span>
        ) : (
          '—'
        ),
    },
    {
      key: 'key',
      title: t('key.levels'),
      dataIndex: 'keyLevels',
      width: 120,
      // The lists in one word each (省 / 市 / 县), and the status when it is not 正常推进.
      render: (levels: Project['keyLevels'], p) =>
        levels.length || p.status !== 'normal' ? (
          <span title={levels.map((l) => KEY_LEVEL_LABELS[l][lang]).join('、')}>
            {levels.length > 0 && (
              <Tag color="purple">{levels.map((l) => KEY_LEVEL_LABELS[l][lang].slice(0, 1)).join('·')}</Tag>
            )}
            {p.status !== 'normal' && (
              <Tag color={STATUS_TAG[p.status]}>{PROJECT_STATUS_LABELS[p.status][lang]}</Tag>
            )}
          </span>
        ) : (
          '—'
        ),
    },
    {
      key: 'stage',
      title: t('project.stage'),
      dataIndex: 'stage',
      width: 84,
      render: (s: ProjectStage) => <ProjectStageTag stage={s} />,
    },
    { key: 'signedOn', title: t('project.signedOn'), dataIndex: 'signedOn', sortBy: 'signedOn', width: 108 },
    {
      key: 'startedOn',
      title: t('project.startedOn'),
      dataIndex: 'startedOn',
      width: 108,
      render: (v) => v ?? '—',
      defaultHidden: true,
    },
    {
      key: 'inProductionOn',
      title: t('project.inProductionOn'),
      dataIndex: 'inProductionOn',
      width: 108,
      render: (v) => v ?? '—',
      defaultHidden: true,
    },
    {
      key: 'issues',
      title: t('project.issues'),
      dataIndex: 'openIssues',
      width: 96,
      // In 显示列: shown by default it left the name and investor two characters each at 1366 px.
      defaultHidden: true,
      render: (n: number, p) =>
        n ? (
          <Tag color={p.overdueIssues ? 'red' : 'gold'}>
            {n}
            {p.overdueIssues ? ` / ${t('project.overdueN', { n: p.overdueIssues })}` : ''}
          </Tag>
        ) : (
          '—'
        ),
    },
  ];
}

function ProjectCard({ project: p }: { project: Project }) {
  return (
    <>
      <Link to={`/projects/${p.id}`}>
        <Typography.Text strong>{p.name}</Typography.Text>
      </Link>
      <div style={{ fontSize: 12, color: '#595959' }}>
        {p.code} · {formatYuan(p.totalInvestmentYuan)} · {p.signedOn}
      </div>
      {p.overdueIssues > 0 && <Tag color="red">{p.overdueIssues}</Tag>}
    </>
  );
}

export function ProjectsPage() {
  const { t, lang } = useI18n();
  const columns = useProjectColumns();
  const board = useMemo(
    () => ({
      stages: PROJECT_STAGES,
      label: (s: ProjectStage) => PROJECT_STAGE_LABELS[s][lang],
      card: (p: Project) => <ProjectCard project={p} />,
      testId: (s: string) => `project-board-${s}`,
      minColumnWidth: 220,
    }),
    [lang],
  );
  return (
    <RecordList<Project, ProjectStage>
      title={t('project.list')}
      endpoint="/api/projects"
      queryKey={projectKeys.all}
      filterKeys={FILTER_KEYS}
      toUrl={toUrl}
      toForm={toForm}
      filterFields={(shown) => <ProjectFilterFields shown={shown} />}
      primaryFilters={['q', 'stage', 'countyOrgId']}
      columns={columns}
      columnsStorageKey="investtrack.projects.columns"
      defaultSort={{ sort: 'signedOn', order: 'desc' }}
      board={board}
      create={{ ability: 'project.create', to: '/projects/new', label: t('project.new') }}
      emptyText={t('project.none')}
      scrollX={1000}
      testIds={{ filters: 'project-filters', export: 'export-projects', table: 'projects-table' }}
      importKind="projects"
    />
  );
}
