/**
 * The dashboard at scale: 1,000,000 leads and 200,000 projects in a SQLite file. Times the pipeline
 * statistics for a year (with every breakdown) and the whole dashboard answer, through the same
 * code the API runs, against the plain SQL aggregate (count and sum per county for each stage) on
 * the same data.
 */
import { rmSync } from 'node:fs';
import { buildApp } from '../src/server/app.js';
import { fixedClock } from '../src/server/clock.js';
import { dashboard, pipelineStats } from '../src/server/modules/stats/dashboard.js';
import { benchDb, loadLeads, loadProjects, time } from './data.js';

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

    // The dashboard as a leader's browser asks for it: over HTTP from a listening server, the
    // first view after a write (cold: a write moved the data version) and a view repeated.
    const app = await buildApp({ db, clock: fixedClock(now), loginRateLimit: 10_000 });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'leader', password: 'Demo#2024jm' }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const view = async () => {
      const res = await fetch(`${url}/api/stats/dashboard?from=${year.from}&to=${year.to}`, {
        headers: { cookie },
      });
      if (!res.ok) throw new Error(`dashboard: ${res.status}`);
      await res.arrayBuffer();
    };
    const bump = sqlite.prepare(
      'UPDATE targets SET version = version WHERE id = (SELECT min(id) FROM targets)',
    );
    const coldMs = await time(async () => {
      bump.run();
      await view();
    });
    const warmMs = await time(view);
    await app.close();
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
      `target < 100 ms at the median: pipeline ${breakdownMs < 100 ? 'met' : 'NOT met'}, dashboard ${dashboardMs < 100 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
