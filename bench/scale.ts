/**
 * `npm run bench -- scale` (needs TEST_DATABASE_URL): PostgreSQL at a province's ten years —
 * BENCH_SCALE_LEADS (10,000,000) leads and BENCH_SCALE_PROJECTS (2,000,000) projects of a city's
 * shape (bench/city.ts), loaded with COPY into a database of their own. Every request of #17's
 * table through HTTP as a signed-in user against the best plain SQL of the same answer, medians of
 * the same run, and EXPLAIN (ANALYZE, BUFFERS) of the slowest request's plain query.
 *
 * The database is kept (it_scale_<leads>_<projects>) and used again by the next run of the same day,
 * so the load's minutes are paid once; BENCH_FRESH=1 loads it again.
 */
import { CompiledQuery, type Kysely, sql } from 'kysely';
import pg from 'pg';
import { shanghaiInstant } from '../src/core/calendar/dates.js';
import { createDb } from '../src/server/db/index.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import type { Database } from '../src/server/db/tables.js';
import { ensureReferenceData, initializeDatabase } from '../src/server/setup.js';
import { cityRefs, copyCity, serve, time } from './data.js';
import { countyLedgerSql, ledgerExtrasSql, plainDashboard, plainPipeline } from './plain.js';

const LEADS = Number(process.env.BENCH_SCALE_LEADS ?? 10_000_000);
const PROJECTS = Number(process.env.BENCH_SCALE_PROJECTS ?? 2_000_000);
const GOAL_MS = 50;

/** The database of this size, loaded today (Shanghai): made and loaded when missing, stale or asked. */
async function scaleDatabase(pgUrl: string, now: Date) {
  const name = `it_scale_${LEADS}_${PROJECTS}`;
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
    if (exists && !process.env.BENCH_FRESH) {
      const db = createDb(url.toString());
      await migrateToLatest(db.kysely);
      const loaded = await sql<{ day: string }>`SELECT day FROM bench_loaded`
        .execute(db.kysely)
        .then((r) => r.rows[0]?.day)
        .catch(() => undefined);
      const refs = await cityRefs(db.kysely, now);
      if (loaded === refs.today) {
        console.log(`PostgreSQL: ${name} as loaded today (BENCH_FRESH=1 loads it again)`);
        return { db, refs };
      }
      await db.destroy();
    }
    if (exists) await admin.query(`DROP DATABASE ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const db = createDb(url.toString());
  await migrateToLatest(db.kysely);
  await ensureReferenceData(db.kysely, now);
  await initializeDatabase(db.kysely, now, { demo: true, adminPassword: 'Bench#Pass2026' });
  const refs = await cityRefs(db.kysely, now);
  await copyCity(url.toString(), refs, LEADS, PROJECTS);
  const year = Number(refs.today.slice(0, 4));
  const perCounty = PROJECTS / 10 / refs.counties.length;
  for (const c of refs.counties)
    for (const [indicator, value] of [
      ['signed_count', perCounty],
      ['signed_yuan', perCounty * 3e8],
      ['started_count', perCounty * 0.8],
    ] as const)
      await sql`INSERT INTO targets (year, org_id, indicator, target_value, updated_by_name, updated_at, version)
        VALUES (${year}, ${c.orgId}, ${indicator}, ${Math.round(value)}, 'bench', ${`${year}-01-01`}, 1)`.execute(
        db.kysely,
      );
  await sql`CREATE TABLE bench_loaded (day text)`.execute(db.kysely);
  await sql`INSERT INTO bench_loaded VALUES (${refs.today})`.execute(db.kysely);
  return { db, refs };
}

interface Request {
  label: string;
  as: 'city' | 'county';
  path: string;
  /** A write first, so the answer cannot come from a cache; unset: measured both ways. */
  cold?: boolean;
  plain: () => Promise<unknown>;
  /** The plain query to EXPLAIN if this request is the slowest. */
  explain: string;
}

export async function scaleBench() {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (!pgUrl) {
    console.log('scale: needs TEST_DATABASE_URL (a PostgreSQL server)');
    return;
  }
  const now = new Date();
  const { db, refs } = await scaleDatabase(pgUrl, now);
  const k: Kysely<Database> = db.kysely;
  const q = (text: string) => () => sql.raw(text).execute(k);
  // A ledger page's plain SQL gives the same answer as the API: its rows, then (bench/plain.ts) their
  // counties, latest clocks, corrections and new marks for the reader's organisation.
  const answer = (page: string, orgId: number) => async () => {
    const ids = (await q(page)()).rows.map((r) => (r as { id: number }).id);
    const statements = ledgerExtrasSql(ids.length, true);
    if (ids.length)
      for (const [i, text] of statements.entries())
        await k.executeQuery(CompiledQuery.raw(text, i === statements.length - 1 ? [...ids, orgId] : ids));
  };
  const nowIso = shanghaiInstant(now);
  const county = await k
    .selectFrom('users')
    .select('org_id')
    .where('username', '=', 'taishan')
    .executeTakeFirstOrThrow();
  const c = county.org_id;
  const year = { from: `${refs.today.slice(0, 4)}-01-01`, to: refs.today };
  const countyFollowing = countyLedgerSql(c, { stage: 'following', sort: 'received_at' });
  const countyByDeadline = countyLedgerSql(c, { sort: 'waiting_due_at' });
  const stageCounty = `SELECT leads.* FROM lead_counties lc JOIN leads ON leads.id = lc.lead_id
    WHERE lc.org_id = ${c} AND lc.stage = 'following' ORDER BY lc.received_at DESC, lc.lead_id DESC LIMIT 50`;
  const requests: Request[] = [
    {
      label: 'ledger page, stage + county, city officer',
      as: 'city',
      path: `/api/leads?stage=following&countyOrgId=${c}&page=1&pageSize=50`,
      plain: async () => {
        await q(`SELECT count(*) FROM lead_counties WHERE org_id = ${c} AND stage = 'following'`)();
        await answer(stageCounty, refs.centreOrgId)();
      },
      explain: stageCounty,
    },
    {
      label: 'the same, county officer',
      as: 'county',
      path: '/api/leads?stage=following&page=1&pageSize=50',
      plain: async () => {
        await q(countyFollowing.count)();
        await answer(countyFollowing.page, c)();
      },
      explain: countyFollowing.page,
    },
    {
      label: "county officer's ledger by deadline",
      as: 'county',
      path: '/api/leads?page=1&pageSize=50&sort=dueAt&order=asc',
      plain: async () => {
        await q(countyByDeadline.count)();
        await answer(countyByDeadline.page, c)();
      },
      explain: countyByDeadline.page,
    },
    {
      label: 'landing page, no filter, city officer',
      as: 'city',
      path: '/api/leads?page=1&pageSize=50',
      plain: async () => {
        await q('SELECT count(*) FROM leads')();
        await answer('SELECT * FROM leads ORDER BY received_at DESC, id DESC LIMIT 50', refs.centreOrgId)();
      },
      explain: 'SELECT count(*) FROM leads',
    },
    {
      label: 'city ledger by deadline',
      as: 'city',
      path: '/api/leads?page=1&pageSize=50&sort=dueAt&order=asc',
      plain: async () => {
        await q('SELECT count(*) FROM leads')();
        await answer(
          'SELECT * FROM leads ORDER BY waiting_due_at ASC NULLS LAST, id ASC LIMIT 50',
          refs.centreOrgId,
        )();
      },
      explain: 'SELECT * FROM leads ORDER BY waiting_due_at ASC NULLS LAST, id ASC LIMIT 50',
    },
    {
      label: 'overdue filter, city officer',
      as: 'city',
      path: '/api/leads?slaStatus=overdue&page=1&pageSize=50',
      plain: async () => {
        await q(`SELECT count(*) FROM leads WHERE waiting_due_at <= '${nowIso}'`)();
        await answer(
          `SELECT * FROM leads WHERE waiting_due_at <= '${nowIso}' ORDER BY received_at DESC, id DESC LIMIT 50`,
          refs.centreOrgId,
        )();
      },
      explain: `SELECT * FROM leads WHERE waiting_due_at <= '${nowIso}' ORDER BY received_at DESC, id DESC LIMIT 50`,
    },
    {
      label: 'project list, city officer',
      as: 'city',
      path: '/api/projects?page=1&pageSize=50',
      plain: async () => {
        await q('SELECT count(*) FROM projects')();
        await q('SELECT * FROM projects ORDER BY signed_on DESC, id DESC LIMIT 50')();
      },
      explain: 'SELECT * FROM projects ORDER BY signed_on DESC, id DESC LIMIT 50',
    },
    ...(['', '&breakdowns=true'] as const).map(
      (b): Request => ({
        label: `pipeline for the year${b ? ' with breakdowns' : ''}, first view after a write`,
        as: 'city',
        cold: true,
        path: `/api/stats/pipeline?from=${year.from}&to=${year.to}${b}`,
        plain: () => plainPipeline(k, year, Boolean(b)),
        explain: `SELECT county_org_id, count(*), sum(total_investment_yuan) FROM projects
          WHERE signed_on >= '${year.from}' AND signed_on <= '${year.to}' GROUP BY county_org_id`,
      }),
    ),
    ...[true, false].map(
      (cold): Request => ({
        label: `whole dashboard, ${cold ? 'first view after a write' : 'repeated'}`,
        as: 'city',
        cold,
        path: `/api/stats/dashboard?from=${year.from}&to=${year.to}`,
        plain: () => plainDashboard(k, year, nowIso),
        explain: `SELECT county_org_id, substr(signed_on, 1, 7), is_manufacturing, industry_code, count(*),
          sum(total_investment_yuan) FROM projects WHERE signed_on >= '${year.from}' AND signed_on <= '${year.to}'
          GROUP BY 1, 2, 3, 4`,
      }),
    ),
  ];

  const server = await serve(db, now);
  try {
    const cookies = { city: await server.signIn('city'), county: await server.signIn('taishan') };
    const write = q('UPDATE targets SET version = version WHERE id = (SELECT min(id) FROM targets)');
    const results: { r: Request; http: number; plain: number }[] = [];
    console.log(
      `${LEADS.toLocaleString('en-US')} leads, ${PROJECTS.toLocaleString('en-US')} projects; medians of 15 runs`,
    );
    // A ledger's total is kept per data version: measured repeated and as the first view after a write.
    const measured = requests.flatMap((r): Request[] =>
      r.cold === undefined
        ? [
            { ...r, label: `${r.label}, repeated`, cold: false },
            { ...r, label: `${r.label}, after a write`, cold: true },
          ]
        : [r],
    );
    for (const r of measured) {
      const view = server.get(cookies[r.as], r.path);
      const http = await time(async () => {
        if (r.cold) await write();
        await view();
      }, 15);
      const plain = await time(r.plain, 15);
      results.push({ r, http, plain });
      console.log(
        `${r.label.padEnd(72)} HTTP ${http.toFixed(1).padStart(7)} ms  plain SQL ${plain.toFixed(1).padStart(7)} ms  ${(http / plain).toFixed(2)}×  ${http < GOAL_MS ? 'under' : 'OVER'} ${GOAL_MS} ms`,
      );
    }
    const slowest = results.reduce((a, b) => (b.http > a.http ? b : a));
    const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${sql.raw(
      slowest.r.explain,
    )}`.execute(k);
    console.log(`slowest: ${slowest.r.label}; its plain query's plan:`);
    for (const row of rows) console.log(`  ${row['QUERY PLAN']}`);
  } finally {
    await server.close();
    await db.destroy();
  }
}
