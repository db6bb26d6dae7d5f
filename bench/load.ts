/**
 * `npm run bench -- load`: the real server (compiled, a free port) under load from autocannon —
 * requests/s and p50/p99 latency of the ledger (the city's, filtered, and a county officer's), a
 * lead page, the dashboard and the project list, at 10 and 50 connections. The baseline, in the
 * same run and through the same server: /api/health, the cheapest request it answers.
 *  - SQLite: a file with BENCH_LEADS (1,000,000) leads and BENCH_PROJECTS (200,000) projects of a
 *    city's shape (bench/city.ts).
 *  - PostgreSQL (with TEST_DATABASE_URL): a database of its own with the same city (COPY), served
 *    by one, two and four processes at once (each process gets its share of the connections), so
 *    what several processes add on this machine is measured rather than assumed.
 * BENCH_LOAD_SECONDS (5) per measurement.
 */
import { rmSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';
import { createDb } from '../src/server/db/index.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { ensureReferenceData, initializeDatabase } from '../src/server/setup.js';
import { benchDb, cityRefs, copyCity, loadCity } from './data.js';
import { buildServer, session, startBenchServer } from './imports.js';

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000);
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 200_000);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 5);

interface View {
  name: string;
  path: string;
  as: 'city' | 'taishan';
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
}

/** autocannon against one or several servers at once, `connections` shared among them. */
async function hammer(urls: string[], path: string, cookie: string, connections: number): Promise<Figures> {
  const runs = await Promise.all(
    urls.map((url) =>
      autocannon({
        url: `${url}${path}`,
        connections: Math.max(1, Math.round(connections / urls.length)),
        duration: SECONDS,
        headers: { cookie },
      }),
    ),
  );
  return {
    rps: runs.reduce((s, r) => s + r.requests.average, 0),
    p50: Math.max(...runs.map((r) => r.latency.p50)),
    p99: Math.max(...runs.map((r) => r.latency.p99)),
    bad: runs.reduce((s, r) => s + r.non2xx + r.errors + r.timeouts, 0),
  };
}

const row = (label: string, f: Figures, base?: Figures) =>
  console.log(
    `  ${label.padEnd(44)} ${f.rps.toFixed(0).padStart(6)} req/s  p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(5)} ms${base ? `  (${((100 * f.rps) / base.rps).toFixed(0)}% of /api/health)` : ''}${f.bad ? `  ${f.bad} failed` : ''}`,
  );

async function measure(urls: string[], views: View[], connections: number[]) {
  const cookies = { city: await session(urls[0]!, 'city'), taishan: await session(urls[0]!, 'taishan') };
  for (const c of connections) {
    console.log(` ${c} connections${urls.length > 1 ? `, ${urls.length} processes` : ''}:`);
    const base = await hammer(urls, '/api/health', cookies.city, c);
    row('baseline: GET /api/health', base);
    for (const v of views) row(v.name, await hammer(urls, v.path, cookies[v.as], c), base);
  }
}

async function views(url: string): Promise<View[]> {
  const cookie = await session(url, 'city');
  const get = async (path: string) => (await fetch(`${url}${path}`, { headers: { cookie } })).json();
  const orgs = (await get('/api/orgs')).items as { id: number; name: string }[];
  const taishan = orgs.find((o) => o.name === '台山市')!.id;
  const lead = (await get('/api/leads?pageSize=1')).items[0].id as number;
  const year = new Date().getFullYear();
  return [
    {
      name: 'ledger, stage + county (city officer)',
      path: `/api/leads?stage=following&countyOrgId=${taishan}`,
      as: 'city',
    },
    { name: 'ledger by deadline (county officer)', path: '/api/leads?sort=dueAt&order=asc', as: 'taishan' },
    { name: 'lead page', path: `/api/leads/${lead}`, as: 'city' },
    {
      name: 'dashboard, year to date (city)',
      path: `/api/stats/dashboard?from=${year}-01-01&to=${year}-12-31`,
      as: 'city',
    },
    { name: 'project list (city)', path: '/api/projects', as: 'city' },
  ];
}

export async function loadBench() {
  buildServer();
  const now = new Date();
  const { dir, db, sqlite, refs } = await benchDb(now);
  try {
    await loadCity(sqlite, refs, LEADS, PROJECTS);
    sqlite.exec('ANALYZE');
    sqlite.close();
    await db.destroy();
    const server = await startBenchServer(`${dir}/bench.db`, false);
    try {
      console.log(
        `SQLite, ${LEADS.toLocaleString('en-US')} leads, ${PROJECTS.toLocaleString('en-US')} projects, one process, ${SECONDS} s each:`,
      );
      await measure([server.url], await views(server.url), [10, 50]);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const pgUrl = process.env.TEST_DATABASE_URL;
  if (!pgUrl) return;
  const name = `it_load_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  try {
    // The same city as SQLite's, loaded with COPY; then one, two and four processes on it.
    const setup = createDb(url.toString());
    await migrateToLatest(setup.kysely);
    await ensureReferenceData(setup.kysely, now);
    await initializeDatabase(setup.kysely, now, { demo: true, adminPassword: 'Bench#Pass2026' });
    const refs = await cityRefs(setup.kysely, now);
    await setup.destroy();
    await copyCity(url.toString(), refs, LEADS, PROJECTS);
    const first = await startBenchServer(url.toString(), false);
    const servers = [first];
    try {
      const list = await views(first.url);
      for (const n of [1, 2, 4]) {
        while (servers.length < n) servers.push(await startBenchServer(url.toString(), false));
        console.log(
          `PostgreSQL, ${LEADS.toLocaleString('en-US')} leads, ${PROJECTS.toLocaleString('en-US')} projects, ${n} process${n > 1 ? 'es' : ''}, ${SECONDS} s each:`,
        );
        await measure(
          servers.map((s) => s.url),
          list.filter((v) => v.name.startsWith('ledger') || v.name.startsWith('dashboard')),
          [50],
        );
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  } finally {
    await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
  }
}
