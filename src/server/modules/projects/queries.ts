import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { shanghaiDate, shanghaiInstant } from '../../../core/calendar/dates.js';
import { monthOf, previousMonth, STATS_THRESHOLD_YUAN } from '../../../core/projects/keyProjects.js';
import type { ListProjectsQuery } from '../../../core/projects/schemas.js';
import { classRange } from '../../../core/projects/stages.js';
import type { Scope } from '../../auth/policies.js';
import type { Database, ProjectRow } from '../../db/tables.js';
import { inClusterSql } from '../clusters/service.js';
import { industryUnder } from '../industries/catalogue.js';
import { cachedStats } from '../stats/cache.js';
import { keptCount } from '../stats/recordCounts.js';

type ProjectQuery = SelectQueryBuilder<Database, 'projects', object>;

/** Restricts to the projects a user may see (policies.projectVisibility): its county or its park. */
export function projectsVisibleTo<Q extends ProjectQuery>(q: Q, visibility: Scope): Q {
  if ('all' in visibility) return q;
  const orgId = visibility.orgId;
  return q.where((eb: ExpressionBuilder<Database, 'projects'>) =>
    eb.or([eb('projects.county_org_id', '=', orgId), eb('projects.park_org_id', '=', orgId)]),
  ) as Q;
}

const DATE_OF = {
  signed: 'projects.signed_on',
  started: 'projects.started_on',
  in_production: 'projects.in_production_on',
} as const;

/** The project list's filters, in SQL. `now` decides which coordination issues are overdue. */
export function filteredProjects(
  db: Kysely<Database>,
  visibility: Scope,
  f: Partial<ListProjectsQuery>,
  now: Date,
) {
  let q = projectsVisibleTo(db.selectFrom('projects') as ProjectQuery, visibility);
  if (f.stage?.length) q = q.where('projects.stage', 'in', f.stage);
  if (f.countyOrgId !== undefined) q = q.where('projects.county_org_id', '=', f.countyOrgId);
  if (f.parkOrgId !== undefined) q = q.where('projects.park_org_id', '=', f.parkOrgId);
  if (f.projectClass) {
    const { min, max } = classRange(f.projectClass);
    if (min !== undefined) q = q.where('projects.total_investment_yuan', '>=', min);
    if (max !== undefined) q = q.where('projects.total_investment_yuan', '<', max);
  }
  if (f.industryCode) q = q.where(industryUnder('projects.industry_code', f.industryCode));
  if (f.clusterId !== undefined) q = q.where(inClusterSql('project', f.clusterId));
  if (f.chainId !== undefined) q = q.where('projects.chain_id', '=', f.chainId);
  if (f.chainLinkId !== undefined) q = q.where('projects.chain_link_id', '=', f.chainLinkId);
  if (f.manufacturing) q = q.where('projects.is_manufacturing', '=', f.manufacturing === 'yes' ? 1 : 0);
  const date = DATE_OF[f.periodBasis ?? 'signed'];
  if (f.from) q = q.where(date, '>=', f.from);
  if (f.to) q = q.where(date, '<=', f.to);
  if (f.openIssues) {
    const nowIso = shanghaiInstant(now);
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('coordination_issues as ci')
          .select('ci.id')
          .whereRef('ci.project_id', '=', 'projects.id')
          .where('ci.status', '=', 'open')
          .$if(f.openIssues === 'overdue', (s) => s.where('ci.due_at', '<=', nowIso)),
      ),
    );
  }
  if (f.keyLevel === 'general') q = q.where('projects.key_levels', '=', '');
  else if (f.keyLevel) q = q.where('projects.key_levels', 'like', `%${f.keyLevel}%`);
  if (f.status?.length) q = q.where('projects.status', 'in', f.status);
  const today = shanghaiDate(now);
  if (f.milestoneOverdue === 'start')
    q = q
      .where('projects.status', '<>', 'terminated')
      .where('projects.started_on', 'is', null)
      .where('projects.planned_start_on', '<', today);
  if (f.milestoneOverdue === 'production')
    q = q
      .where('projects.status', '<>', 'terminated')
      .where('projects.in_production_on', 'is', null)
      .where('projects.planned_production_on', '<', today);
  if (f.awaitingStats)
    q = q
      .where('projects.status', '<>', 'terminated')
      .where('projects.total_investment_yuan', '>=', STATS_THRESHOLD_YUAN)
      .where('projects.started_on', 'is not', null)
      .where('projects.stats_registered_on', 'is', null);
  if (f.agreementBreached) {
    // performanceOf's "breached", in SQL: a deadline passed unmet or met late; after the
    // full-production year, investment in place below the total, or the latest year's tax per 亩 or
    // output below the agreement.
    const thisYear = Number(today.slice(0, 4));
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('project_agreements as a')
          .select('a.project_id')
          .whereRef('a.project_id', '=', 'projects.id')
          .where(
            sql<boolean>`(
              (a.start_deadline < ${today} AND (projects.started_on IS NULL OR projects.started_on > a.start_deadline))
              OR (a.production_deadline < ${today}
                AND (projects.in_production_on IS NULL OR projects.in_production_on > a.production_deadline))
              OR (a.full_production_year < ${thisYear} AND (
                coalesce((SELECT sum(x.invested_yuan) FROM project_actuals x WHERE x.project_id = a.project_id), 0)
                  < a.total_investment_yuan
                OR EXISTS (SELECT 1 FROM project_actuals l WHERE l.project_id = a.project_id
                  AND l.year = (SELECT max(y.year) FROM project_actuals y
                    WHERE y.project_id = a.project_id AND y.year >= a.full_production_year)
                  AND ((a.tax_per_mu_yuan IS NOT NULL AND l.tax_yuan IS NOT NULL AND l.tax_yuan < a.tax_per_mu_yuan * a.land_mu)
                    OR (a.output_yuan IS NOT NULL AND l.output_yuan IS NOT NULL AND l.output_yuan < a.output_yuan)))))
            )`,
          ),
      ),
    );
  }
  if (f.behindPlan) {
    // Below 序时进度 to the end of last month: completed × 12 < plan × months gone.
    const month = previousMonth(monthOf(today));
    const year = Number(month.slice(0, 4));
    const gone = Number(month.slice(5, 7));
    q = q.where('projects.status', '<>', 'terminated').where((eb) =>
      eb.exists(
        eb
          .selectFrom('project_plans as pp')
          .select('pp.project_id')
          .whereRef('pp.project_id', '=', 'projects.id')
          .where('pp.year', '=', year)
          .where('pp.planned_yuan', '>', 0)
          .where(
            sql<boolean>`12 * coalesce((SELECT sum(pm.completed_yuan) FROM project_months pm
              WHERE pm.project_id = projects.id AND pm.month >= ${`${year}-01`} AND pm.month <= ${month}), 0)
              < pp.planned_yuan * ${gone}`,
          ),
      ),
    );
  }
  if (f.q) {
    const like = `%${f.q}%`;
    q = q.where((eb) =>
      eb.or([
        eb('projects.name', 'like', like),
        eb('projects.investor_name', 'like', like),
        eb('projects.code', 'like', like),
      ]),
    );
  }
  return q;
}

const SORT_COLUMNS = {
  signedOn: 'projects.signed_on',
  totalInvestmentYuan: 'projects.total_investment_yuan',
  code: 'projects.code',
} as const;

/**
 * The list's total under the data version (a repeat view counts nothing), kept outright for the
 * city's unfiltered list (stats/recordCounts.ts: count(*) of two million projects took 70 ms).
 * Overdue issues move with the clock within a day, so that filter is counted each time.
 */
async function projectTotal(
  db: Kysely<Database>,
  visibility: Scope,
  f: ListProjectsQuery,
  now: Date,
  count: () => Promise<number>,
): Promise<number> {
  const { page: _p, pageSize: _s, sort: _o, order: _d, periodBasis, ...filters } = f;
  const unfiltered = Object.values(filters).every((v) => v === undefined || (Array.isArray(v) && !v.length));
  if (f.openIssues === 'overdue' || db.isTransaction) return count();
  return cachedStats(db, ['project-total', visibility, periodBasis, filters], now, () =>
    'all' in visibility && unfiltered ? keptCount(db, 'project') : count(),
  );
}

export async function findProjects(
  db: Kysely<Database>,
  visibility: Scope,
  f: ListProjectsQuery,
  now: Date,
): Promise<{ rows: ProjectRow[]; total: number }> {
  const base = filteredProjects(db, visibility, f, now);
  const total = await projectTotal(db, visibility, f, now, async () =>
    Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  );
  const rows = await base
    .selectAll('projects')
    .orderBy(SORT_COLUMNS[f.sort], f.order)
    .orderBy('projects.id', f.order)
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { rows, total };
}

/** Open and overdue coordination issues per project. */
export async function issueCounts(
  db: Kysely<Database>,
  projectIds: number[],
  now: Date,
): Promise<Map<number, { open: number; overdue: number }>> {
  const out = new Map<number, { open: number; overdue: number }>();
  if (!projectIds.length) return out;
  const rows = await db
    .selectFrom('coordination_issues')
    .select(['project_id', 'due_at'])
    .where('status', '=', 'open')
    .where('project_id', 'in', projectIds)
    .execute();
  const nowIso = shanghaiInstant(now);
  for (const r of rows) {
    const c = out.get(r.project_id) ?? { open: 0, overdue: 0 };
    c.open++;
    if (r.due_at <= nowIso) c.overdue++;
    out.set(r.project_id, c);
  }
  return out;
}
