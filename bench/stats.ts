/**
 * The dashboard at scale: 1,000,000 leads and 200,000 projects in a SQLite file. Times the pipeline
 * statistics for a year (with every breakdown) and the whole dashboard answer, through the same
 * code the API runs, against the plain SQL aggregate (count and sum per county for each stage) on
 * the same data.
 */
import { rmSync } from 'node:fs';
import type { Principal } from '../src/server/auth/policies.js';
import { dashboard, pipelineStats } from '../src/server/modules/stats/dashboard.js';
import { keyProjectsBulletin } from '../src/server/modules/stats/keyProjects.js';
import { benchDb, loadLeads, loadProjects, serve, time } from './data.js';

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000);
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 200_000);

export async function statsBench() {
  const now = new Date('2026-11-27T10:00:00+08:00');
  const { dir, db, sqlite, counties, cityUser } = await benchDb(now);
  try {
    loadLeads(sqlite, LEADS, counties, cityUser.id);
    const t0 = performance.now();
    loadProjects(sqlite, PROJECTS, counties);
    const target =
      sqlite.prepare(`INSERT INTO targets (year, org_id, indicator, target_value, updated_by_name, updated_at, version)
      VALUES (2026, ?, ?, ?, 'bench', '2026-01-01', 1)`);
    for (const c of counties) {
      target.run(c, 'signed_count', 3000);
      target.run(c, 'signed_yuan', 3000 * 1.5e9);
      target.run(c, 'started_count', 2500);
    }
    sqlite.exec('ANALYZE');
    console.log(
      `loaded ${PROJECTS.toLocaleString('en-US')} projects in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const leader = { id: cityUser.id, orgId: cityUser.org_id, roles: ['leader' as const], cityWide: true };
    const year = { from: '2026-01-01', to: '2026-11-27' };
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
    const plain = ['signed_on', 'started_on', 'in_production_on'].map((col) =>
      sqlite.prepare(
        `SELECT county_org_id, count(*) AS n, sum(total_investment_yuan) AS total FROM projects WHERE ${col} >= ? AND ${col} <= ? GROUP BY county_org_id`,
      ),
    );
    const plainMs = await time(() => {
      for (const q of plain) q.all(year.from, year.to);
    });
    const result = await pipelineStats(db.kysely, leader, year);

    // Key projects (#16): every project with a plan for 2025 and 2026 and its months reported from
    // December 2024 to November 2026 (24 months, none before its signing); the bulletin to the end
    // of October against the plain aggregate of the same figures by county.
    const t1 = performance.now();
    const months = loadMonths(sqlite);
    console.log(
      `loaded ${months.plans.toLocaleString('en-US')} plans and ${months.reports.toLocaleString('en-US')} monthly reports in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
    );
    const bulletin =
      (m: string, who: Principal = leader) =>
      () =>
        keyProjectsBulletin(db.kysely, who, { month: m, rows: 'behind' }, now);
    const county3 = { ...leader, orgId: counties[2]!, roles: ['county_officer' as const], cityWide: false };
    const bulletinMs = await time(bulletin('2026-11'), 9);
    const countyBulletinMs = await time(bulletin('2026-11', county3), 9);
    const earlierBulletinMs = await time(bulletin('2026-10'), 5);
    // The best plain SQL for the same figures: plan and the year so far per county, from the
    // per-project totals the triggers keep; and the same summed from the months themselves.
    const plainYears = sqlite.prepare(`SELECT p.county_org_id, count(*) AS n, sum(pp.planned_yuan) AS planned,
        sum(coalesce(py.completed_yuan, 0)) AS done
      FROM projects p JOIN project_plans pp ON pp.project_id = p.id AND pp.year = 2026
      LEFT JOIN project_years py ON py.project_id = p.id AND py.year = 2026
      WHERE p.signed_on <= '2026-11-30' AND p.status <> 'terminated'
      GROUP BY p.county_org_id`);
    const plainYearsMs = await time(() => plainYears.all(), 9);
    const plainMonthly =
      sqlite.prepare(`SELECT p.county_org_id, count(*) AS n, sum(pp.planned_yuan) AS planned,
        sum(coalesce(m.done, 0)) AS done
      FROM projects p JOIN project_plans pp ON pp.project_id = p.id AND pp.year = 2026
      LEFT JOIN (SELECT project_id, sum(completed_yuan) AS done FROM project_months
        WHERE month >= '2026-01' AND month <= '2026-10' GROUP BY project_id) m ON m.project_id = p.id
      WHERE p.signed_on <= '2026-10-31' AND p.status <> 'terminated'
      GROUP BY p.county_org_id`);
    const plainMonthlyMs = await time(() => plainMonthly.all(), 5);
    const check = await bulletin('2026-10')();
    const plainTotal = (plainMonthly.all() as { done: number }[]).reduce((a, r) => a + Number(r.done), 0);
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
        `${label.padEnd(62)} ${ms.toFixed(2).padStart(8)} ms${base ? `   (${(ms / base).toFixed(2)}× the plain SQL)` : ''}`,
      );
    console.log(
      `median of 25 runs over ${year.from}..${year.to}: ${result.signed.count.toLocaleString('en-US')} signed, ${result.started.count.toLocaleString('en-US')} started, ${result.inProduction.count.toLocaleString('en-US')} in production`,
    );
    line('pipeline for the year (API.md answer, by county)', pipelineMs, plainMs);
    line('  with breakdowns by month, class and cluster', breakdownMs, plainMs);
    line('  one county (county officer), with breakdowns', countyMs, plainMs);
    line('dashboard data (pipeline, last year, targets, overdue leads/issues)', dashboardMs, plainMs);
    line('dashboard over HTTP, first view after a write (cold)', coldMs, plainMs);
    line('dashboard over HTTP, repeated (from the cache)', warmMs, plainMs);
    line('  baseline: plain SQL count + sum per county, three stages', plainMs);
    console.log(
      `key projects to the end of October: ${check.total.projects.toLocaleString('en-US')} projects reporting, plan ${(check.total.plannedYuan / 1e8).toFixed(0)} 亿, done ${(check.total.completedYuan / 1e8).toFixed(0)} 亿 (the same as the plain SQL)`,
    );
    line('key-project bulletin to the end of November (city)', bulletinMs, plainYearsMs);
    line('  one county (county officer)', countyBulletinMs, plainYearsMs);
    line('  baseline: plain SQL plan + year so far per county (kept totals)', plainYearsMs);
    line('key-project bulletin to the end of October (months summed)', earlierBulletinMs, plainMonthlyMs);
    line('  baseline: plain SQL plan + months summed per county', plainMonthlyMs);
    console.log(
      `target < 100 ms at the median: pipeline ${breakdownMs < 100 ? 'met' : 'NOT met'}, dashboard ${dashboardMs < 100 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A plan for 2025 and 2026 for every project signed by then, and each month from December 2024 to November 2026. */
function loadMonths(sqlite: import('better-sqlite3').Database) {
  const projects = sqlite
    .prepare("SELECT id, signed_on, total_investment_yuan FROM projects WHERE signed_on <= '2026-11-30'")
    .all() as { id: number; signed_on: string; total_investment_yuan: number }[];
  const plan = sqlite.prepare(
    `INSERT INTO project_plans (project_id, year, planned_yuan, version, updated_by_name, updated_at)
     VALUES (?, ?, ?, 1, 'bench', '2025-01-20')`,
  );
  const month = sqlite.prepare(
    `INSERT INTO project_months (project_id, month, completed_yuan, progress, version, reported_by_user_id,
       reported_by_name, reported_at, updated_at) VALUES (?, ?, ?, '施工中', 1, 1, 'bench', ?, ?)`,
  );
  const MONTHS: string[] = [];
  for (let y = 2024, m = 12; MONTHS.length < 24; m = m === 12 ? 1 : m + 1, y = m === 1 ? y + 1 : y)
    MONTHS.push(`${y}-${String(m).padStart(2, '0')}`);
  let plans = 0;
  let reports = 0;
  sqlite.transaction(() => {
    for (const p of projects) {
      const yearly = Math.round(Number(p.total_investment_yuan) / 4 / 10_000) * 10_000;
      for (const year of [2025, 2026])
        if (p.signed_on <= `${year}-12-31`) {
          plan.run(p.id, year, yearly);
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
