/**
 * The key projects' monthly bulletin (月度通报, #16): each reporting project's year plan against its
 * investment completed to the end of a month and 序时进度, rolled up per county and per list (省 /
 * 市 / 县重点, 一般), with 应开工未开工, 应投产未投产 and 纳统 follow-ups. Computed from the records,
 * cached under the data version like the other statistics.
 */
import type { Kysely } from 'kysely';
import type { KeyProjectsDto } from '../../../core/api/projects.js';
import { earlierDate, shanghaiDate } from '../../../core/calendar/dates.js';
import {
  awaitingStats,
  KEY_LEVEL_LABELS,
  KEY_LEVELS,
  type KeyLevel,
  levelsOf,
  monthElapsedRate,
  monthEnd,
  monthOf,
  overdueMilestones,
  PROJECT_STATUS_LABELS,
  type ProjectStatus,
  previousMonth,
  yearProgress,
} from '../../../core/projects/keyProjects.js';
import { PROJECT_STAGE_LABELS, type ProjectStage } from '../../../core/projects/stages.js';
import type { Principal } from '../../auth/policies.js';
import type { Database } from '../../db/tables.js';
import { invalidField } from '../../errors.js';
import { listSheet, newWorkbook, xlsxBuffer, yiCell } from '../../xlsx.js';
import { reportingIds } from '../projects/keyProjects.js';
import { resolveStatsScope } from './dashboard.js';
import { scoped } from './pipeline.js';

type Row = KeyProjectsDto['rows'][number];
type Rollup = KeyProjectsDto['total'];

function rollup(rows: Row[], elapsed: number): Rollup {
  const planned = rows.reduce((a, r) => a + (r.plannedYuan ?? 0), 0);
  const completed = rows.reduce((a, r) => a + r.completedYuan, 0);
  const p = yearProgress(planned, completed, elapsed);
  return {
    projects: rows.length,
    totalInvestmentYuan: rows.reduce((a, r) => a + r.totalInvestmentYuan, 0),
    plannedYuan: planned,
    completedYuan: completed,
    completionRate: p.completionRate,
    colour: p.colour,
    behind: rows.filter((r) => r.colour === 'red' || r.colour === 'amber').length,
    missingReports: rows.filter((r) => r.monthYuan === null).length,
    startOverdue: rows.filter((r) => r.startOverdue).length,
    productionOverdue: rows.filter((r) => r.productionOverdue).length,
    awaitingStats: rows.filter((r) => r.awaitingStats).length,
  };
}

/** The bulletin for `month` (default last month) over what the user may read, narrowed to orgId. */
export async function keyProjectsBulletin(
  db: Kysely<Database>,
  user: Principal,
  q: { month?: string; orgId?: number; rows?: 'all' | 'behind' },
  now: Date,
): Promise<KeyProjectsDto> {
  const today = shanghaiDate(now);
  const month = q.month ?? previousMonth(monthOf(today));
  if (month > monthOf(today))
    throw invalidField('month', { zh: '不能查看未来月份', en: 'cannot be a month in the future' });
  const year = Number(month.slice(0, 4));
  const asOf = earlierDate(today, monthEnd(month));
  const elapsed = monthElapsedRate(year, month);
  const s = await resolveStatsScope(db, user, q.orgId);

  // Every project that reports this year: on a key list or with a plan, signed by the month's end, not terminated.
  const projects = await scoped(db.selectFrom('projects'), s.projects)
    .leftJoin('project_plans as pp', (j) =>
      j.onRef('pp.project_id', '=', 'projects.id').on('pp.year', '=', year),
    )
    .leftJoin('project_years as py', (j) =>
      j.onRef('py.project_id', '=', 'projects.id').on('py.year', '=', year),
    )
    .select([
      'projects.id',
      'projects.code',
      'projects.name',
      'projects.county_org_id',
      'projects.key_levels',
      'projects.stage',
      'projects.status',
      'projects.total_investment_yuan',
      'projects.started_on',
      'projects.in_production_on',
      'projects.planned_start_on',
      'projects.planned_production_on',
      'projects.stats_registered_on',
      'pp.planned_yuan',
      'py.completed_yuan as year_completed',
      'py.through_month',
    ])
    .where('projects.signed_on', '<=', monthEnd(month))
    .where('projects.status', '<>', 'terminated')
    .where('projects.id', 'in', reportingIds(db, year))
    .execute();
  const { completedOf, monthOf: monthFigure } = await yearFigures(db, projects, year, month);

  const rows: Row[] = projects.map((p) => {
    const planned = p.planned_yuan === null ? null : Number(p.planned_yuan);
    const completed = completedOf(p);
    const inMonth = monthFigure.get(p.id);
    const progress = yearProgress(planned, completed, elapsed);
    const facts = {
      totalInvestmentYuan: Number(p.total_investment_yuan),
      startedOn: p.started_on,
      inProductionOn: p.in_production_on,
      plannedStartOn: p.planned_start_on,
      plannedProductionOn: p.planned_production_on,
      statsRegisteredOn: p.stats_registered_on,
      status: p.status,
    };
    const late = overdueMilestones(facts, asOf);
    return {
      id: p.id,
      code: p.code,
      name: p.name,
      countyOrgId: p.county_org_id,
      keyLevels: levelsOf(p.key_levels),
      stage: p.stage as ProjectStage,
      status: p.status as ProjectStatus,
      totalInvestmentYuan: facts.totalInvestmentYuan,
      plannedYuan: planned,
      completedYuan: completed,
      monthYuan: inMonth === undefined ? null : inMonth,
      completionRate: progress.completionRate,
      gapPoints:
        progress.completionRate === null ? null : Math.round((progress.completionRate - elapsed) * 1000) / 10,
      colour: progress.colour,
      startOverdue: late.start,
      productionOverdue: late.production,
      awaitingStats: awaitingStats(facts),
      progress: null as string | null,
    };
  });
  // Key projects first (province, city, county), then by the gap to 序时进度, furthest behind first.
  const rank = (r: Row) => (r.keyLevels.length ? KEY_LEVELS.indexOf(r.keyLevels[0]!) : KEY_LEVELS.length);
  rows.sort((a, b) => rank(a) - rank(b) || (a.gapPoints ?? 0) - (b.gapPoints ?? 0) || a.id - b.id);

  const orgs = await db
    .selectFrom('orgs')
    .select(['id', 'name'])
    .where('id', 'in', s.countyOrgIds.length ? s.countyOrgIds : [0])
    .orderBy('id')
    .execute();
  const levels: (KeyLevel | 'general')[] = [...KEY_LEVELS, 'general'];
  const shown =
    q.rows === 'behind'
      ? rows
          .filter((r) => r.gapPoints !== null)
          .sort((a, b) => a.gapPoints! - b.gapPoints! || a.id - b.id)
          .slice(0, BEHIND_ROWS)
      : rows;
  return {
    month,
    year,
    asOf,
    timeElapsedRate: elapsed,
    total: rollup(rows, elapsed),
    byCounty: orgs.map((o) => ({
      orgId: o.id,
      orgName: o.name,
      ...rollup(
        rows.filter((r) => r.countyOrgId === o.id),
        elapsed,
      ),
    })),
    byLevel: levels.map((level) => ({
      level,
      ...rollup(
        rows.filter((r) => (level === 'general' ? !r.keyLevels.length : r.keyLevels.includes(level))),
        elapsed,
      ),
    })),
    rows: await withProgress(db, month, shown),
  };
}

/** The month's image progress of the rows answered only (a county's 8, or the bulletin's all). */
async function withProgress(db: Kysely<Database>, month: string, rows: Row[]): Promise<Row[]> {
  const progress = new Map<number, string>();
  for (let i = 0; i < rows.length; i += 5000) {
    const ids = rows.slice(i, i + 5000).map((r) => r.id);
    for (const r of await db
      .selectFrom('project_months')
      .select(['project_id', 'progress'])
      .where('month', '=', month)
      .where('project_id', 'in', ids)
      .execute())
      progress.set(r.project_id, r.progress);
  }
  return rows.map((r) => ({ ...r, progress: progress.get(r.id) ?? null }));
}

/** Rows a statement when the bulletin sums the months of a few projects itself. */
const SUM_ROWS = 5000;

/**
 * Each project's completion from January to `month`, and its figure for `month`. The year so far is
 * one row a project (project_years, kept by migration 0017's triggers) when it reported nothing
 * after `month`; the few that did (a bulletin of an earlier month) have their months summed.
 */
async function yearFigures(
  db: Kysely<Database>,
  projects: { id: number; year_completed: number | null; through_month: string | null }[],
  year: number,
  month: string,
) {
  const ids = new Set(projects.map((p) => p.id));
  const inMonth = new Map<number, number>();
  for (const r of await db
    .selectFrom('project_months')
    .select(['project_id', 'completed_yuan'])
    .where('month', '=', month)
    .execute())
    if (ids.has(r.project_id)) inMonth.set(r.project_id, Number(r.completed_yuan));
  const later = projects.filter((p) => p.through_month !== null && p.through_month > month).map((p) => p.id);
  const summed = new Map<number, number>();
  for (let i = 0; i < later.length; i += SUM_ROWS)
    for (const r of await db
      .selectFrom('project_months')
      .select((eb) => ['project_id', eb.fn.sum<number>('completed_yuan').as('completed')])
      .where('project_id', 'in', later.slice(i, i + SUM_ROWS))
      .where('month', '>=', `${year}-01`)
      .where('month', '<=', month)
      .groupBy('project_id')
      .execute())
      summed.set(r.project_id, Number(r.completed));
  const completedOf = (p: (typeof projects)[number]) =>
    p.through_month !== null && p.through_month > month
      ? (summed.get(p.id) ?? 0)
      : Number(p.year_completed ?? 0);
  return { completedOf, monthOf: inMonth };
}

/** The rows the dashboard's card shows for one county: the furthest behind. */
const BEHIND_ROWS = 8;

const pct = (r: number | null) => (r === null ? '' : `${(r * 100).toFixed(1)}%`);

/** The bulletin as the county offices publish it: one sheet per list, then the county summary. */
export async function keyProjectsXlsx(answer: KeyProjectsDto, scopeName: string, now: Date): Promise<Buffer> {
  const wb = newWorkbook(now);
  const countyName = (id: number) => answer.byCounty.find((c) => c.orgId === id)?.orgName ?? '';
  const span = `${answer.year}年1–${Number(answer.month.slice(5))}月`;
  const elapsed = pct(answer.timeElapsedRate);
  const columns = [
    { header: '项目编号', width: 22 },
    { header: '项目名称', width: 36 },
    { header: '县（市、区）', width: 12 },
    { header: '阶段', width: 10 },
    { header: '状态', width: 10 },
    { header: '总投资（亿元）', width: 14 },
    { header: `${answer.year}年计划投资（亿元）`, width: 18 },
    { header: `1–${Number(answer.month.slice(5))}月累计完成（亿元）`, width: 18 },
    { header: '完成率', width: 10 },
    { header: `比序时进度（${elapsed}）`, width: 16 },
    { header: '本月形象进度', width: 40 },
  ];
  for (const level of [...KEY_LEVELS, 'general'] as const) {
    const rows = answer.rows.filter((r) =>
      level === 'general' ? !r.keyLevels.length : r.keyLevels.includes(level),
    );
    const title = `${scopeName}${KEY_LEVEL_LABELS[level].zh}项目${span}投资完成情况（序时进度 ${elapsed}）`;
    listSheet(wb, KEY_LEVEL_LABELS[level].zh, columns, [title]).addRows(
      rows.map((r) => [
        r.code,
        r.name,
        countyName(r.countyOrgId),
        PROJECT_STAGE_LABELS[r.stage].zh,
        PROJECT_STATUS_LABELS[r.status].zh,
        yiCell(r.totalInvestmentYuan),
        r.plannedYuan === null ? '' : yiCell(r.plannedYuan),
        yiCell(r.completedYuan),
        pct(r.completionRate),
        r.gapPoints === null ? '' : `${r.gapPoints > 0 ? '+' : ''}${r.gapPoints.toFixed(1)}个百分点`,
        r.progress ?? (r.monthYuan === null ? '未报送' : ''),
      ]),
    );
  }
  listSheet(
    wb,
    '分县汇总',
    [
      { header: '县（市、区）', width: 14 },
      { header: '项目数', width: 8 },
      { header: '计划投资（亿元）', width: 16 },
      { header: '累计完成（亿元）', width: 16 },
      { header: '完成率', width: 10 },
      { header: '滞后项目', width: 10 },
      { header: '未报送', width: 8 },
      { header: '应开工未开工', width: 12 },
      { header: '应投产未投产', width: 12 },
      { header: '应纳统未纳统', width: 12 },
    ],
    [`${scopeName}重点项目${span}分县汇总`],
  ).addRows(
    [...answer.byCounty, { ...answer.total, orgName: '合计' }].map((c) => [
      c.orgName,
      c.projects,
      yiCell(c.plannedYuan),
      yiCell(c.completedYuan),
      pct(c.completionRate),
      c.behind,
      c.missingReports,
      c.startOverdue,
      c.productionOverdue,
      c.awaitingStats,
    ]),
  );
  return xlsxBuffer(wb);
}
