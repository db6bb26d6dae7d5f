/**
 * Pipeline statistics (API.md "Projects and statistics"): projects whose signing / start /
 * production date falls in a period, counted and summed, with breakdowns by county, cluster, class
 * and month. The period's whole months are read from the per-month totals the triggers keep
 * (monthTotals.ts, migration 0020), the days at either end grouped from the projects by the
 * covering indexes of migration 0006; clusters are applied to the grouped industry codes.
 */
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { addDays } from '../../../core/calendar/dates.js';
import { clusterAppliesTo, codeInCluster } from '../../../core/clusters.js';
import { monthEnd, monthsOf, type Period, wholeMonths } from '../../../core/periods.js';
import { PROJECT_CLASSES, type ProjectClass } from '../../../core/projects/stages.js';
import type { Scope } from '../../auth/policies.js';
import type { Database } from '../../db/tables.js';
import { AppError } from '../../errors.js';
import { listClusters } from '../clusters/service.js';
import { classOf, DATE_COLUMN, STAGE_KEYS, type StageKey } from './monthTotals.js';

export { DATE_COLUMN, STAGE_KEYS, type StageKey } from './monthTotals.js';

export interface Figure {
  count: number;
  investmentYuan: number;
}
type Figures = Record<StageKey, Figure>;
const zero = (): Figure => ({ count: 0, investmentYuan: 0 });
const zeros = (): Figures => ({ signed: zero(), started: zero(), inProduction: zero() });

/** Whose projects: everything, a county's (county_org_id) or a park's (park_org_id). */
export type OrgScope = { all: true } | { countyOrgId: number } | { parkOrgId: number };

/**
 * Which projects a statistics scope (decided by policies.statsScope) counts: a county's
 * by county_org_id, a platform's by park_org_id. Another kind of organisation is everything for a
 * reader of every county, and nothing but its own (none) for anyone else.
 */
export async function orgScopeOf(db: Kysely<Database>, scope: Scope, seesAll: boolean): Promise<OrgScope> {
  if ('all' in scope) return { all: true };
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'kind'])
    .where('id', '=', scope.orgId)
    .executeTakeFirst();
  if (!org)
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'orgId', text: { zh: '组织不存在', en: 'No such organisation' } }],
    });
  if (org.kind === 'platform') return { parkOrgId: org.id };
  if (org.kind === 'county') return { countyOrgId: org.id };
  return seesAll ? { all: true } : { countyOrgId: org.id };
}

export const CLASS_SQL = sql<ProjectClass>`${sql.raw(classOf(''))}`;

/**
 * The county as an expression, not the column: grouping by the bare column tempts SQLite's planner
 * into the (county, signed_on) index with a skip-scan (200 ms at 200,000 projects) instead of the
 * covering index on the stage's date (10 ms).
 */
export const COUNTY_SQL = sql<number>`county_org_id + 0`;

export interface GroupRow {
  county: number;
  park: number | null;
  cls: ProjectClass;
  industry: string | null;
  mfg: number;
  n: number;
  total: number;
}

/**
 * Within one request, grouped rows already read are not read again (the dashboard's pipeline and
 * its targets ask for the same year).
 */
export type StatsMemo = Map<string, Promise<GroupRow[]>>;

export function scoped<Q extends SelectQueryBuilder<Database, 'projects', object>>(q: Q, scope: OrgScope): Q {
  if ('countyOrgId' in scope) return q.where('county_org_id', '=', scope.countyOrgId) as Q;
  if ('parkOrgId' in scope) return q.where('park_org_id', '=', scope.parkOrgId) as Q;
  return q;
}

/** The whole months of a period from the kept totals: a query over project_month_totals, scoped. */
function monthTotals(
  db: Kysely<Database>,
  stage: StageKey,
  months: { from: string; to: string },
  scope: OrgScope,
) {
  let q = db
    .selectFrom('project_month_totals')
    .where('stage', '=', stage)
    .where('month', '>=', months.from)
    .where('month', '<=', months.to);
  if ('countyOrgId' in scope) q = q.where('county_org_id', '=', scope.countyOrgId);
  if ('parkOrgId' in scope) q = q.where('park_org_id', '=', scope.parkOrgId);
  return q;
}

/** The projects whose stage date falls in `days`, scoped. */
function projectsIn(db: Kysely<Database>, stage: StageKey, days: Period, scope: OrgScope) {
  const col = DATE_COLUMN[stage];
  return scoped(db.selectFrom('projects').where(col, '>=', days.from).where(col, '<=', days.to), scope);
}

/**
 * How a stage's period is read: its whole months from the kept totals, its odd days from the
 * projects. An end month is read whole when the days of it outside the period hold none of the
 * scope's projects at that stage (one probe each, by the date's index) — the year to date ends
 * today and nothing is signed, started or in production after today — so the usual period groups
 * no projects at all. Asked once per request and stage.
 */
function partsOf(
  db: Kysely<Database>,
  stage: StageKey,
  period: Period,
  scope: OrgScope,
  memo?: StatsMemo,
): Promise<ReturnType<typeof wholeMonths>> {
  const key = `parts|${stage}|${period.from}|${period.to}|${JSON.stringify(scope)}`;
  const known = memo?.get(key) as Promise<ReturnType<typeof wholeMonths>> | undefined;
  if (known) return known;
  const none = async (gap: Period) =>
    gap.from > gap.to ||
    !(await projectsIn(db, stage, gap, scope).select('projects.id').limit(1).executeTakeFirst());
  const first = `${period.from.slice(0, 7)}-01`;
  const last = monthEnd(period.to.slice(0, 7));
  const parts = Promise.all([
    none({ from: first, to: addDays(period.from, -1) }),
    none({ from: addDays(period.to, 1), to: last }),
  ]).then(([before, after]) =>
    wholeMonths({ from: before ? first : period.from, to: after ? last : period.to }),
  );
  memo?.set(key, parts as Promise<never>);
  return parts;
}

/** A period's rows: its odd days grouped from the projects, its whole months from the kept totals. */
async function daysAndMonths<R extends { n: unknown; total: unknown }>(
  parts: Promise<ReturnType<typeof wholeMonths>>,
  days: (days: Period) => Promise<R[]>,
  months: (months: { from: string; to: string }) => Promise<R[]>,
) {
  const { days: odd, months: whole } = await parts;
  const lists = await Promise.all([...odd.map(days), whole ? months(whole) : []]);
  return lists.flat().map((r) => ({ ...r, n: Number(r.n), total: Number(r.total ?? 0) }));
}

/** Count and sum per county only: the API.md answer without breakdowns. */
function byCountyOnly(
  db: Kysely<Database>,
  stage: StageKey,
  period: Period,
  scope: OrgScope,
  memo?: StatsMemo,
) {
  return daysAndMonths(
    partsOf(db, stage, period, scope, memo),
    (days) =>
      projectsIn(db, stage, days, scope)
        .select([
          COUNTY_SQL.as('county'),
          (eb) => eb.fn.countAll<number>().as('n'),
          (eb) => eb.fn.sum<number>('total_investment_yuan').as('total'),
        ])
        .groupBy(COUNTY_SQL)
        .execute(),
    (months) =>
      monthTotals(db, stage, months, scope)
        .select([
          'county_org_id as county',
          (eb) => eb.fn.sum<number>('n').as('n'),
          (eb) => eb.fn.sum<number>('total').as('total'),
        ])
        .groupBy('county_org_id')
        .execute(),
  );
}

/** Count and sum by county, park, class, industry and manufacturing. */
export function groupedRows(
  db: Kysely<Database>,
  stage: StageKey,
  period: Period,
  scope: OrgScope,
  memo?: StatsMemo,
): Promise<GroupRow[]> {
  const key = `${stage}|${period.from}|${period.to}|${JSON.stringify(scope)}`;
  const known = memo?.get(key);
  if (known) return known;
  const rows = daysAndMonths(
    partsOf(db, stage, period, scope, memo),
    (days) => dayGroups(db, stage, days, scope, memo),
    (months) =>
      monthTotals(db, stage, months, scope)
        .select([
          'county_org_id as county',
          'park_org_id as park',
          'cls',
          'industry_code as industry',
          'is_manufacturing as mfg',
          (eb) => eb.fn.sum<number>('n').as('n'),
          (eb) => eb.fn.sum<number>('total').as('total'),
        ])
        .groupBy(['county_org_id', 'park_org_id', 'cls', 'industry_code', 'is_manufacturing'])
        .execute()
        // The kept totals say 0 and '' for no park and no industry.
        .then((list) => list.map((r) => ({ ...r, park: r.park || null, industry: r.industry || null }))),
  ).then((list) => list.filter((r) => r.n !== 0) as GroupRow[]);
  memo?.set(key, rows);
  return rows;
}

/**
 * The odd days' projects grouped by everything the breakdowns need, the month included: read once
 * for the grouped rows and the months both.
 */
function dayGroups(db: Kysely<Database>, stage: StageKey, days: Period, scope: OrgScope, memo?: StatsMemo) {
  const key = `days|${stage}|${days.from}|${days.to}|${JSON.stringify(scope)}`;
  const known = memo?.get(key) as Promise<(GroupRow & { month: string })[]> | undefined;
  if (known) return known;
  const month = sql<string>`substr(${sql.ref(DATE_COLUMN[stage])}, 1, 7)`;
  const rows = projectsIn(db, stage, days, scope)
    .select([
      COUNTY_SQL.as('county'),
      'park_org_id as park',
      CLASS_SQL.as('cls'),
      'industry_code as industry',
      'is_manufacturing as mfg',
      month.as('month'),
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.sum<number>('total_investment_yuan').as('total'),
    ])
    .groupBy([COUNTY_SQL, 'park_org_id', CLASS_SQL, 'industry_code', 'is_manufacturing', month])
    .execute()
    .then((list) => list.map((r) => ({ ...r, n: Number(r.n), total: Number(r.total ?? 0) })));
  memo?.set(key, rows);
  return rows;
}

/** Count and sum per month. */
function byMonthRows(
  db: Kysely<Database>,
  stage: StageKey,
  period: Period,
  scope: OrgScope,
  memo?: StatsMemo,
) {
  return daysAndMonths(
    partsOf(db, stage, period, scope, memo),
    async (days) => {
      const byMonth = new Map<string, { month: string; n: number; total: number }>();
      for (const r of await dayGroups(db, stage, days, scope, memo)) {
        const m = byMonth.get(r.month) ?? { month: r.month, n: 0, total: 0 };
        m.n += r.n;
        m.total += r.total;
        byMonth.set(r.month, m);
      }
      return [...byMonth.values()];
    },
    (months) =>
      monthTotals(db, stage, months, scope)
        .select([
          'month',
          (eb) => eb.fn.sum<number>('n').as('n'),
          (eb) => eb.fn.sum<number>('total').as('total'),
        ])
        .groupBy('month')
        .execute(),
  );
}

/** Projects with a manual cluster correction whose stage date is in the period. */
async function correctedProjects(db: Kysely<Database>, stage: StageKey, period: Period, scope: OrgScope) {
  const col = DATE_COLUMN[stage];
  let q = db
    .selectFrom('record_clusters as rc')
    .innerJoin('projects', 'projects.id', 'rc.entity_id')
    .where('rc.entity_type', '=', 'project')
    .where(`projects.${col}`, '>=', period.from)
    .where(`projects.${col}`, '<=', period.to);
  if ('countyOrgId' in scope) q = q.where('projects.county_org_id', '=', scope.countyOrgId);
  if ('parkOrgId' in scope) q = q.where('projects.park_org_id', '=', scope.parkOrgId);
  return q
    .select([
      'projects.id',
      'projects.industry_code',
      'projects.county_org_id',
      'projects.total_investment_yuan',
      'rc.cluster_id',
      'rc.mode',
    ])
    .execute();
}

export interface PipelineOptions {
  period: Period;
  scope: OrgScope;
  /** Counties to list in byCounty even with nothing in the period. */
  countyOrgIds: number[];
  breakdowns: boolean;
  memo?: StatsMemo;
}

export async function pipeline(db: Kysely<Database>, o: PipelineOptions) {
  // The grouped rows and the months of the odd days come from one read.
  const memo: StatsMemo = o.memo ?? new Map();
  const add = (f: Figure, n: number, yuan: number) => {
    f.count += n;
    f.investmentYuan += yuan;
  };
  const totals = zeros();
  const byCounty = new Map<number, Figures>(o.countyOrgIds.map((id) => [id, zeros()]));
  const months = o.breakdowns ? monthsOf(o.period) : [];
  const byMonth = new Map<string, Figures>(months.map((m) => [m, zeros()]));
  const byClass = new Map<ProjectClass, Figures>(PROJECT_CLASSES.map((c) => [c, zeros()]));
  const byCluster = new Map<number, Figures>();
  const manufacturing = zeros();
  const clusters = o.breakdowns ? await listClusters(db, true) : [];
  const clustersOfCode = new Map<string, number[]>();
  const clusterIdsOf = (code: string | null, county: number) => {
    if (!code) return [];
    const key = `${code}@${county}`;
    let ids = clustersOfCode.get(key);
    if (!ids) {
      ids = clusters
        .filter((c) => codeInCluster(code, c.codes) && clusterAppliesTo(c, [county]))
        .map((c) => c.id);
      clustersOfCode.set(key, ids);
    }
    return ids;
  };
  const figuresOf = <K>(m: Map<K, Figures>, key: K) => {
    const f = m.get(key) ?? zeros();
    m.set(key, f);
    return f;
  };
  const clusterFigures = (id: number) => figuresOf(byCluster, id);

  // Every stage's parts at once (on PostgreSQL, each on its own connection).
  const results = await Promise.all(
    STAGE_KEYS.map(async (stage) => {
      const [rows, months, corrected] = await Promise.all([
        o.breakdowns
          ? groupedRows(db, stage, o.period, o.scope, memo)
          : byCountyOnly(db, stage, o.period, o.scope, memo).then((list) =>
              list.map((r) => ({ ...r, park: null, cls: 'major1', industry: null, mfg: 0 }) as GroupRow),
            ),
        o.breakdowns ? byMonthRows(db, stage, o.period, o.scope, memo) : [],
        o.breakdowns ? correctedProjects(db, stage, o.period, o.scope) : [],
      ]);
      return { stage, rows, months, corrected };
    }),
  );
  for (const { stage, rows, months, corrected } of results) {
    for (const r of months) {
      const m = byMonth.get(r.month);
      if (m) add(m[stage], r.n, r.total);
    }
    for (const r of rows) {
      const n = r.n;
      const yuan = r.total;
      add(totals[stage], n, yuan);
      add(figuresOf(byCounty, r.county)[stage], n, yuan);
      if (!o.breakdowns) continue;
      add(byClass.get(r.cls)![stage], n, yuan);
      if (r.mfg === 1) add(manufacturing[stage], n, yuan);
      for (const id of clusterIdsOf(r.industry, r.county)) add(clusterFigures(id)[stage], n, yuan);
    }
    // Manual corrections: take the project out of its automatic clusters, put it in its real ones.
    const projects = new Map<
      number,
      { code: string | null; county: number; yuan: number; add: number[]; remove: number[] }
    >();
    for (const c of corrected) {
      const p = projects.get(c.id) ?? {
        code: c.industry_code,
        county: c.county_org_id,
        yuan: Number(c.total_investment_yuan),
        add: [],
        remove: [],
      };
      (c.mode === 'add' ? p.add : p.remove).push(c.cluster_id);
      projects.set(c.id, p);
    }
    for (const p of projects.values()) {
      const auto = new Set(clusterIdsOf(p.code, p.county));
      for (const id of p.remove) if (auto.has(id)) add(clusterFigures(id)[stage], -1, -p.yuan);
      for (const id of p.add) if (!auto.has(id)) add(clusterFigures(id)[stage], 1, p.yuan);
    }
  }
  const list = <K>(m: Map<K, Figures>, key: string) => [...m].map(([k, f]) => ({ [key]: k, ...f }));
  return {
    from: o.period.from,
    to: o.period.to,
    ...totals,
    byCounty: list(byCounty, 'orgId') as ({ orgId: number } & Figures)[],
    ...(o.breakdowns
      ? {
          byMonth: list(byMonth, 'month') as ({ month: string } & Figures)[],
          byClass: list(byClass, 'projectClass') as ({ projectClass: ProjectClass } & Figures)[],
          byCluster: (list(byCluster, 'clusterId') as ({ clusterId: number } & Figures)[]).sort(
            (a, b) => b.signed.investmentYuan - a.signed.investmentYuan,
          ),
          manufacturing,
        }
      : {}),
  };
}
export type PipelineResult = Awaited<ReturnType<typeof pipeline>>;

/** Counties (kind county) in tree order, for zero-filled breakdowns. */
export async function countyIds(db: Kysely<Database>, scope: OrgScope): Promise<number[]> {
  if ('countyOrgId' in scope) return [scope.countyOrgId];
  if ('parkOrgId' in scope) return [];
  const rows = await db
    .selectFrom('orgs')
    .select('id')
    .where('kind', '=', 'county')
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
