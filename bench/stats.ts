/**
 * The dashboard at scale: 1,000,000 leads and 200,000 projects of a city's shape (bench/city.ts) in
 * a SQLite file, up to today. Times the pipeline statistics for the year (with every breakdown) and
 * the whole dashboard answer, through the same code the API runs and over HTTP, each against the
 * best plain SQL of the same answer (bench/plain.ts) on the same data.
 */
import { rmSync } from 'node:fs';
import { shanghaiInstant } from '../src/core/calendar/dates.js';
import { addMonths } from '../src/core/periods.js';
import type { Principal } from '../src/server/auth/policies.js';
import { dashboard, pipelineStats } from '../src/server/modules/stats/dashboard.js';
import { keyProjectsBulletin } from '../src/server/modules/stats/keyProjects.js';
import { benchDb, loadCity, serve, time } from './data.js';
import { plainDashboard, plainPipeline } from './plain.js';

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000);
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 200_000);
/** The month `n` months after `month` (YYYY-MM). */
const shiftMonth = (month: string, n: number) => addMonths(`${month}-01`, n).slice(0, 7);

export async function statsBench() {
  const now = new Date();
  const { dir, db, sqlite, counties, cityUser, refs } = await benchDb(now);
  try {
    await loadCity(sqlite, refs, LEADS, PROJECTS);
    const Y = Number(refs.today.slice(0, 4));
    const target =
      sqlite.prepare(`INSERT INTO targets (year, org_id, indicator, target_value, updated_by_name, updated_at, version)
      VALUES (?, ?, ?, ?, 'bench', ?, 1)`);
    const perCounty = Math.round(PROJECTS / 10 / counties.length);
    for (const c of counties) {
      target.run(Y, c, 'signed_count', perCounty, `${Y}-01-01`);
      target.run(Y, c, 'signed_yuan', perCounty * 3e8, `${Y}-01-01`);
      target.run(Y, c, 'started_count', Math.round(perCounty * 0.8), `${Y}-01-01`);
    }
    sqlite.exec('ANALYZE');

    const leader = { id: cityUser.id, orgId: cityUser.org_id, roles: ['leader' as const], cityWide: true };
    const year = { from: `${Y}-01-01`, to: refs.today };
    const pipelineMs = await time(() => pipelineStats(db.kysely, leader, year));
    const breakdownMs = await time(() => pipelineStats(db.kysely, leader, { ...year, breakdowns: true }));
    const dashboardMs = await time(() => dashboard(db.kysely, leader, year, now));
    const countyMs = await time(() =>
      pipelineStats(
        db.kysely,
        { ...leader, orgId: counties[2]!, roles: ['county_officer'], cityWide: false },
        { ...year, breakdowns: true },
      ),
    );
    const plainMs = await time(() => plainPipeline(db.kysely, year));
    const plainBreakdownMs = await time(() => plainPipeline(db.kysely, year, true));
    const plainCountyMs = await time(() => plainPipeline(db.kysely, year, true, counties[2]));
    const plainDashboardMs = await time(() => plainDashboard(db.kysely, year, shanghaiInstant(now)));
    const result = await pipelineStats(db.kysely, leader, year);

    // Key projects (#16): the city's lists (bench/city.ts: about one project in a hundred), each
    // with a plan for each year of the last 24 months and its months reported (none before its
    // signing); the bulletin to the end of this month and of the last against the plain aggregate
    // of the same figures by county.
    const t1 = performance.now();
    const thisMonth = refs.today.slice(0, 7);
    const lastMonth = shiftMonth(thisMonth, -1);
    const months = loadMonths(sqlite, thisMonth);
    console.log(
      `loaded ${months.plans.toLocaleString('en-US')} plans and ${months.reports.toLocaleString('en-US')} monthly reports in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
    );
    const bulletin =
      (m: string, who: Principal = leader) =>
      () =>
        keyProjectsBulletin(db.kysely, who, { month: m, rows: 'behind' }, now);
    const county3 = { ...leader, orgId: counties[2]!, roles: ['county_officer' as const], cityWide: false };
    const bulletinMs = await time(bulletin(thisMonth), 9);
    const countyBulletinMs = await time(bulletin(thisMonth, county3), 9);
    const earlierBulletinMs = await time(bulletin(lastMonth), 5);
    // The best plain SQL for the same figures: plan and the year so far per county, from the
    // per-project totals the triggers keep; and the same summed from the months themselves.
    const plainYears = sqlite.prepare(`SELECT p.county_org_id, count(*) AS n, sum(pp.planned_yuan) AS planned,
        sum(coalesce(py.completed_yuan, 0)) AS done
      FROM projects p JOIN project_plans pp ON pp.project_id = p.id AND pp.year = ?
      LEFT JOIN project_years py ON py.project_id = p.id AND py.year = ?
      WHERE p.signed_on <= ? AND p.status <> 'terminated'
      GROUP BY p.county_org_id`);
    const thisYear = Number(thisMonth.slice(0, 4));
    const plainYearsMs = await time(() => plainYears.all(thisYear, thisYear, `${thisMonth}-31`), 9);
    const lastYear = lastMonth.slice(0, 4);
    const plainMonthly =
      sqlite.prepare(`SELECT p.county_org_id, count(*) AS n, sum(pp.planned_yuan) AS planned,
        sum(coalesce(m.done, 0)) AS done
      FROM projects p JOIN project_plans pp ON pp.project_id = p.id AND pp.year = ?
      LEFT JOIN (SELECT project_id, sum(completed_yuan) AS done FROM project_months
        WHERE month >= ? AND month <= ? GROUP BY project_id) m ON m.project_id = p.id
      WHERE p.signed_on <= ? AND p.status <> 'terminated'
      GROUP BY p.county_org_id`);
    const monthlyArgs = [Number(lastYear), `${lastYear}-01`, lastMonth, `${lastMonth}-31`];
    const plainMonthlyMs = await time(() => plainMonthly.all(...monthlyArgs), 5);
    const check = await bulletin(lastMonth)();
    const plainTotal = (plainMonthly.all(...monthlyArgs) as { done: number }[]).reduce(
      (a, r) => a + Number(r.done),
      0,
    );
    if (check.total.completedYuan !== plainTotal)
      throw new Error(`bulletin ${check.total.completedYuan} ≠ plain SQL ${plainTotal}`);

    // The dashboard as a leader's browser asks for it: over HTTP from a listening server, the
    // first view after a write (cold: a write moved the data version) and a view repeated.
    const server = await serve(db, now);
    const cookie = await server.signIn('leader');
    const view = server.get(cookie, `/api/stats/dashboard?from=${year.from}&to=${year.to}`);
    const bump = sqlite.prepare(
      'UPDATE targets SET version = version WHERE id = (SELECT min(id) FROM targets)',
    );
    const coldMs = await time(async () => {
      bump.run();
      await view();
    });
    const warmMs = await time(view);
    await server.close();
    sqlite.close();
    const line = (label: string, ms: number, base?: number) =>
      console.log(
        `${label.padEnd(68)} ${ms.toFixed(2).padStart(8)} ms${base ? `   (${(ms / base).toFixed(2)}× the plain SQL)` : ''}`,
      );
    console.log(
      `median of 25 runs over ${year.from}..${year.to}: ${result.signed.count.toLocaleString('en-US')} signed, ${result.started.count.toLocaleString('en-US')} started, ${result.inProduction.count.toLocaleString('en-US')} in production`,
    );
    line('pipeline for the year (API.md answer, by county)', pipelineMs, plainMs);
    line('  baseline: plain SQL count + sum per county, three stages', plainMs);
    line('  with breakdowns by month, class and cluster', breakdownMs, plainBreakdownMs);
    line('  baseline: the same grouped by county, month, class and industry', plainBreakdownMs);
    line('  one county (county officer), with breakdowns', countyMs, plainCountyMs);
    line('  baseline: the same for the one county', plainCountyMs);
    line(
      'dashboard data (pipeline, last year, targets, overdue leads/issues)',
      dashboardMs,
      plainDashboardMs,
    );
    line('dashboard over HTTP, first view after a write (cold)', coldMs, plainDashboardMs);
    line('dashboard over HTTP, repeated (from the cache)', warmMs, plainDashboardMs);
    line("  baseline: the dashboard's figures in plain SQL (bench/plain.ts)", plainDashboardMs);
    console.log(
      `key projects to the end of ${lastMonth}: ${check.total.projects.toLocaleString('en-US')} projects reporting, plan ${(check.total.plannedYuan / 1e8).toFixed(0)} 亿, done ${(check.total.completedYuan / 1e8).toFixed(0)} 亿 (the same as the plain SQL)`,
    );
    line(`key-project bulletin to the end of ${thisMonth} (city)`, bulletinMs, plainYearsMs);
    line('  one county (county officer)', countyBulletinMs, plainYearsMs);
    line('  baseline: plain SQL plan + year so far per county (kept totals)', plainYearsMs);
    line(
      `key-project bulletin to the end of ${lastMonth} (months summed)`,
      earlierBulletinMs,
      plainMonthlyMs,
    );
    line('  baseline: plain SQL plan + months summed per county', plainMonthlyMs);
    console.log(
      `goals over HTTP (#17): dashboard first view after a write < 50 ms ${coldMs < 50 ? 'met' : 'NOT met'}, repeated < 5 ms ${warmMs < 5 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A plan for each year of the 24 months to `lastMonth` for every key project signed by then, and each of those months. */
function loadMonths(sqlite: import('better-sqlite3').Database, lastMonth: string) {
  const projects = sqlite
    .prepare(
      "SELECT id, signed_on, total_investment_yuan FROM projects WHERE signed_on <= ? AND key_levels <> ''",
    )
    .all(`${lastMonth}-31`) as { id: number; signed_on: string; total_investment_yuan: number }[];
  const plan = sqlite.prepare(
    `INSERT INTO project_plans (project_id, year, planned_yuan, version, updated_by_name, updated_at)
     VALUES (?, ?, ?, 1, 'bench', ?)`,
  );
  const month = sqlite.prepare(
    `INSERT INTO project_months (project_id, month, completed_yuan, progress, version, reported_by_user_id,
       reported_by_name, reported_at, updated_at) VALUES (?, ?, ?, '施工中', 1, 1, 'bench', ?, ?)`,
  );
  const MONTHS = Array.from({ length: 24 }, (_, k) => shiftMonth(lastMonth, k - 23));
  const YEARS = [...new Set(MONTHS.map((m) => Number(m.slice(0, 4))))];
  let plans = 0;
  let reports = 0;
  sqlite.transaction(() => {
    for (const p of projects) {
      const yearly = Math.round(Number(p.total_investment_yuan) / 4 / 10_000) * 10_000;
      for (const year of YEARS)
        if (p.signed_on <= `${year}-12-31`) {
          plan.run(p.id, year, yearly, `${YEARS[0]}-01-20`);
          plans++;
        }
      for (const m of MONTHS) {
        if (m < p.signed_on.slice(0, 7)) continue;
        const at = `${m}-28T10:00:00+08:00`;
        month.run(
          p.id,
          m,
          Math.round(((yearly / 12) * (0.5 + ((p.id * 7 + reports) % 10) / 10)) / 10_000) * 10_000,
          at,
          at,
        );
        reports++;
      }
    }
  })();
  sqlite.exec('ANALYZE');
  return { plans, reports };
}
