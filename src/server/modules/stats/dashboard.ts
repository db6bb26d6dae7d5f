/** The leaders' dashboard (驾驶舱) and the period report: figures computed from the records. */
import type { Kysely } from 'kysely';
import type { DashboardDto, PeriodReportDto } from '../../../core/api/stats.js';
import { earlierDate, shanghaiDate, shanghaiInstant } from '../../../core/calendar/dates.js';
import { type Period, parsePeriod, quarterOf, roundedYi, sameTimeLastYear } from '../../../core/periods.js';
import { PROJECT_CLASS_LABELS } from '../../../core/projects/stages.js';
import { leadVisibility, type Principal, projectScope, type Scope, statsScope } from '../../auth/policies.js';
import type { Database } from '../../db/tables.js';
import { invalidField } from '../../errors.js';
import { listSheet, newWorkbook, xlsxBuffer, yiCell } from '../../xlsx.js';
import { listClusters } from '../clusters/service.js';
import { overdueLeadSteps } from '../leads/views.js';
import { presentIssue } from '../projects/issues.js';
import {
  countyIds,
  type Figure,
  type OrgScope,
  orgScopeOf,
  pipeline,
  type StatsMemo,
  scoped,
} from './pipeline.js';
import { targetsIn } from './targets.js';

/** A statistics request's scope, resolved once: what the user may read, narrowed to orgId, and its projects. */
export interface StatsScope {
  /** What the user may read at all (targets are ranked over this). */
  visible: Scope;
  /** Narrowed to the requested organisation: every part of an answer applies this one filter. */
  scope: Scope;
  projects: OrgScope;
  countyOrgIds: number[];
}

export async function resolveStatsScope(
  db: Kysely<Database>,
  user: Principal,
  orgId: number | undefined,
): Promise<StatsScope> {
  const visible = projectScope(user);
  const scope = statsScope(user, orgId);
  const projects = await orgScopeOf(db, scope, 'all' in visible);
  return { visible, scope, projects, countyOrgIds: await countyIds(db, projects) };
}

function pipelineIn(
  db: Kysely<Database>,
  s: StatsScope,
  q: { from: string; to: string; breakdowns?: boolean },
  memo?: StatsMemo,
) {
  if (q.to < q.from)
    throw invalidField('to', {
      zh: '结束日期不能早于开始日期',
      en: 'The end date cannot be before the start date',
    });
  return pipeline(db, {
    period: { from: q.from, to: q.to },
    scope: s.projects,
    countyOrgIds: s.countyOrgIds,
    breakdowns: q.breakdowns ?? false,
    memo,
  });
}

export async function pipelineStats(
  db: Kysely<Database>,
  user: Principal,
  q: { from: string; to: string; orgId?: number; breakdowns?: boolean },
) {
  return pipelineIn(db, await resolveStatsScope(db, user, q.orgId), q);
}

const change = (now: Figure, before: Figure) => ({
  count: before.count ? (now.count - before.count) / before.count : null,
  investmentYuan: before.investmentYuan
    ? (now.investmentYuan - before.investmentYuan) / before.investmentYuan
    : null,
});

/** Open and overdue coordination issues of a scope's projects: counted, and the first overdue ones. */
async function issuesIn(db: Kysely<Database>, projects: OrgScope, now: Date) {
  const open = () =>
    scoped(db.selectFrom('projects'), projects)
      .innerJoin('coordination_issues as ci', 'ci.project_id', 'projects.id')
      .where('ci.status', '=', 'open');
  // City-wide, the open issues are counted from their own index (status, due_at), with no join.
  const counted =
    'all' in projects ? db.selectFrom('coordination_issues as ci').where('ci.status', '=', 'open') : open();
  const counts = await counted
    .select((eb) => [
      eb.fn.countAll<number>().as('open'),
      eb.fn
        .sum<number>(eb.case().when('ci.due_at', '<=', shanghaiInstant(now)).then(1).else(0).end())
        .as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  const overdue = await open()
    .selectAll('ci')
    .select(['projects.code as project_code', 'projects.name as project_name'])
    .where('ci.due_at', '<=', shanghaiInstant(now))
    .orderBy('ci.due_at')
    .orderBy('ci.id')
    .limit(8)
    .execute();
  return {
    issuesOpen: Number(counts.open),
    issuesOverdue: Number(counts.overdue ?? 0),
    issues: overdue.map((r) => presentIssue(r, now)),
  };
}

/** The leaders' dashboard: one scope, resolved once, applied to every part. */
export async function dashboard(
  db: Kysely<Database>,
  user: Principal,
  q: { from: string; to: string; orgId?: number },
  now: Date,
): Promise<DashboardDto> {
  const s = await resolveStatsScope(db, user, q.orgId);
  const memo: StatsMemo = new Map();
  const lastPeriod = sameTimeLastYear(q);
  const today = shanghaiDate(now);
  const year = Number(q.to.slice(0, 4));
  // Lead steps: the leads the user may see, narrowed to the same organisation.
  const leadScope = leadVisibility(user);
  // The parts are independent (on PostgreSQL they run at once); the targets share the period's
  // grouped rows through the memo.
  const [current, last, targets, overdueLeads, issues] = await Promise.all([
    pipelineIn(db, s, { ...q, breakdowns: true }, memo),
    pipelineIn(db, s, lastPeriod),
    targetsIn(db, s.visible, year, earlierDate(q.to, today), now, memo),
    leadScope ? overdueLeadSteps(db, 'all' in leadScope ? s.scope : leadScope, now) : 0,
    issuesIn(db, s.projects, now),
  ]);
  const inScope = (orgId: number) => 'all' in s.scope || orgId === s.scope.orgId;
  const behind = targets.items
    .filter((t) => t.behind && inScope(t.orgId))
    .sort(
      (a, b) => (a.completionRate ?? 0) - a.timeElapsedRate - ((b.completionRate ?? 0) - b.timeElapsedRate),
    );
  return {
    period: { from: q.from, to: q.to },
    lastYearPeriod: lastPeriod,
    pipeline: current,
    lastYear: { signed: last.signed, started: last.started, inProduction: last.inProduction },
    change: {
      signed: change(current.signed, last.signed),
      started: change(current.started, last.started),
      inProduction: change(current.inProduction, last.inProduction),
    },
    targets: {
      year,
      asOf: targets.asOf,
      timeElapsedRate: targets.timeElapsedRate,
      behind: behind.slice(0, 12),
      behindCount: behind.length,
    },
    overdue: { leadSteps: overdueLeads, ...issues },
  };
}

const QUARTER_ZH = ['', '一季度', '二季度', '三季度', '四季度'];

/** 2024年一季度 / 2024年 / 2024年3月. */
export function periodLabel(text: string): string {
  const [y, rest] = text.split('-');
  if (!rest) return `${y}年`;
  if (rest.startsWith('Q')) return `${y}年${QUARTER_ZH[Number(rest.slice(1))]}`;
  return `${y}年${Number(rest)}月`;
}

/** The seed's sentence: "一季度签约项目201个，总投资额近1060亿元；…". */
export function headline(
  label: string,
  p: { signed: Figure; started: Figure; inProduction: Figure },
): string {
  const part = (name: string, f: Figure) =>
    `${name}项目${f.count}个，总投资额${roundedYi(f.investmentYuan).zh}`;
  return `${label}${part('签约', p.signed)}；${part('动工', p.started)}；${part('投产', p.inProduction)}。`;
}

export async function periodReport(
  db: Kysely<Database>,
  user: Principal,
  periodText: string,
  orgId?: number,
): Promise<PeriodReportDto> {
  const period: Period | null = parsePeriod(periodText);
  if (!period)
    throw invalidField('period', {
      zh: '期间格式不正确，应为 2024、2024-Q1 或 2024-03',
      en: 'Not a period; use 2024, 2024-Q1 or 2024-03',
    });
  const s = await resolveStatsScope(db, user, orgId);
  const current = await pipelineIn(db, s, { ...period, breakdowns: true });
  const lastYear = await pipelineIn(db, s, sameTimeLastYear(period));
  const label = periodLabel(periodText);
  const [orgs, clusters] = await Promise.all([
    db.selectFrom('orgs').select(['id', 'name']).execute(),
    listClusters(db, true),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const clusterName = new Map(clusters.map((c) => [c.id, c.name]));
  return {
    period: periodText,
    label,
    quarter: /-Q/.test(periodText) ? quarterOf(period.from) : null,
    from: period.from,
    to: period.to,
    scopeName: orgId ? (orgName.get(orgId) ?? '') : '全市',
    headline: headline(label, current),
    current,
    lastYear: { signed: lastYear.signed, started: lastYear.started, inProduction: lastYear.inProduction },
    countyNames: Object.fromEntries(current.byCounty.map((c) => [c.orgId, orgName.get(c.orgId) ?? ''])),
    clusterNames: Object.fromEntries(
      current.byCluster!.map((c) => [c.clusterId, clusterName.get(c.clusterId) ?? '']),
    ),
  };
}

export async function periodReportXlsx(
  report: Awaited<ReturnType<typeof periodReport>>,
  now: Date,
): Promise<Buffer> {
  const wb = newWorkbook(now);
  const stageRows = [
    ['签约', report.current.signed, report.lastYear.signed],
    ['动工', report.current.started, report.lastYear.started],
    ['投产', report.current.inProduction, report.lastYear.inProduction],
  ] as const;
  // The title and the headline, then the stage table, its header (row 4) frozen with filters.
  const summary = listSheet(
    wb,
    '汇总',
    [
      { header: '环节', width: 10 },
      { header: '项目数（个）', width: 18 },
      { header: '总投资（亿元）', width: 18, style: { numFmt: '0.00' } },
      { header: '上年同期项目数', width: 18 },
      { header: '上年同期总投资（亿元）', width: 18, style: { numFmt: '0.00' } },
      { header: '投资额同比', width: 18, style: { numFmt: '0.0%' } },
    ],
    [`${report.scopeName}${report.label}招商引资项目情况（${report.from} 至 ${report.to}）`, report.headline],
  );
  summary.getRow(1).font = { bold: true, size: 14 };
  summary.mergeCells('A1:F1');
  summary.mergeCells('A2:F2');
  summary.getCell('A2').alignment = { wrapText: true };
  summary.getRow(2).height = 36;
  for (const [name, f, l] of stageRows) {
    summary.addRow([
      name,
      f.count,
      yiCell(f.investmentYuan),
      l.count,
      yiCell(l.investmentYuan),
      // A number with a percent format, so Excel computes with it.
      l.investmentYuan ? (f.investmentYuan - l.investmentYuan) / l.investmentYuan : null,
    ]);
  }
  const table = (
    name: string,
    key: string,
    rows: { label: string; f: { signed: Figure; started: Figure; inProduction: Figure } }[],
  ) => {
    const ws = listSheet(
      wb,
      name,
      [key, '签约（个）', '签约（亿元）', '动工（个）', '动工（亿元）', '投产（个）', '投产（亿元）'].map(
        (header, i) => ({ header, width: i === 0 ? 24 : 12 }),
      ),
    );
    for (const r of rows) {
      ws.addRow([
        r.label,
        r.f.signed.count,
        yiCell(r.f.signed.investmentYuan),
        r.f.started.count,
        yiCell(r.f.started.investmentYuan),
        r.f.inProduction.count,
        yiCell(r.f.inProduction.investmentYuan),
      ]);
    }
  };

  table(
    '分县（市、区）',
    '县（市、区）',
    report.current.byCounty.map((c) => ({ label: report.countyNames[c.orgId] ?? String(c.orgId), f: c })),
  );
  table(
    '分产业集群',
    '产业集群',
    report.current.byCluster!.map((c) => ({
      label: report.clusterNames[c.clusterId] ?? String(c.clusterId),
      f: c,
    })),
  );
  table(
    '分规模',
    '规模',
    report.current.byClass!.map((c) => ({ label: PROJECT_CLASS_LABELS[c.projectClass].zh, f: c })),
  );
  table(
    '分月',
    '月份',
    report.current.byMonth!.map((c) => ({ label: c.month, f: c })),
  );
  return xlsxBuffer(wb);
}
