/**
 * Shared bench data: a fresh SQLite file with the demo organisations, and a city's leads and
 * projects (bench/city.ts) loaded with the driver directly (the services would take hours for a
 * million); the same records streamed into PostgreSQL with COPY.
 */

import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { shanghaiDate } from '../src/core/calendar/dates.js';
import { buildApp } from '../src/server/app.js';
import { fixedClock } from '../src/server/clock.js';
import { createDb, type Db } from '../src/server/db/index.js';
import { migrateToLatest, migrateUpTo } from '../src/server/db/migrate.js';
import type { Database } from '../src/server/db/tables.js';
import { DEMO_PASSWORD } from '../src/server/demo/orgs.js';
import { monthTotalsRebuild } from '../src/server/modules/stats/monthTotals.js';
import { recordCountsRebuild } from '../src/server/modules/stats/recordCounts.js';
import { ensureReferenceData, initializeDatabase } from '../src/server/setup.js';
import { type CityRefs, type CityTable, COLUMNS, cityLead, cityProject, type Value } from './city.js';

export function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function time(fn: () => Promise<unknown> | unknown, runs = 25) {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

/**
 * The medians of `fns` timed in turn, run after run: the ratio of two of them is not skewed by the
 * machine's load changing between one's runs and the other's (these machines are shared).
 */
export async function timeInTurn(fns: (() => Promise<unknown> | unknown)[], runs = 51) {
  for (const fn of fns) await fn();
  const out: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++)
    for (const [k, fn] of fns.entries()) {
      const t = performance.now();
      await fn();
      out[k]!.push(performance.now() - t);
    }
  return out.map(median);
}

/**
 * The app on a free port over `db`, at the frozen `now`, as a browser meets it: `signIn(user)` gives
 * a session cookie, `get(cookie, path)` a request whose answer is read to its end. The answer comes
 * uncompressed unless `encoding` asks otherwise: the bench's client shares the server's process, and
 * inflating is the browser's cost, not the server's. The client is node:http on one kept-alive
 * connection, as a browser holds one: `fetch` (undici, web streams) costs the shared process about
 * a millisecond a request of its own, which is the bench's cost, not the server's.
 */
export async function serve(db: Db, now: Date) {
  const app = await buildApp({ db, clock: fixedClock(now), loginRateLimit: 10_000 });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = (path: string, headers: http.OutgoingHttpHeaders, body?: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const req = http.request(`${url}${path}`, { method: body ? 'POST' : 'GET', headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    async signIn(username: string) {
      const res = await request(
        '/api/auth/login',
        { 'content-type': 'application/json' },
        JSON.stringify({ username, password: DEMO_PASSWORD }),
      );
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    },
    get:
      (cookie: string, path: string, encoding = 'identity') =>
      async () => {
        const res = await request(path, { cookie, 'accept-encoding': encoding });
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      },
    close: async () => {
      agent.destroy();
      await app.close();
    },
  };
}

/** A fresh SQLite file with the demo organisations and accounts, migrated to the latest (or to `upTo`). */
export async function benchDb(now: Date, upTo?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'it-bench-'));
  const file = join(dir, 'bench.db');
  const db = createDb(`sqlite:${file}`);
  if (upTo) await migrateUpTo(db.kysely, upTo);
  else await migrateToLatest(db.kysely);
  await ensureReferenceData(db.kysely, now);
  await initializeDatabase(db.kysely, now, { demo: true, adminPassword: 'Bench#Pass2026' });
  const orgs = await db.kysely.selectFrom('orgs').select(['id', 'kind']).execute();
  const counties = orgs.filter((o) => o.kind === 'county').map((o) => o.id);
  const cityUser = await db.kysely
    .selectFrom('users')
    .select(['id', 'org_id'])
    .where('username', '=', 'city')
    .executeTakeFirstOrThrow();
  const sqlite = new Sqlite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  const refs = await cityRefs(db.kysely, now);
  return { dir, db, sqlite, counties, cityUser, refs };
}

/** Whose the city's records are: the centre, the counties with an officer each, the departments. */
export async function cityRefs(kysely: Kysely<Database>, now: Date): Promise<CityRefs> {
  const orgs = await kysely.selectFrom('orgs').select(['id', 'kind', 'parent_id']).orderBy('id').execute();
  const users = await kysely
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.org_id', 'user_roles.role'])
    .orderBy('users.id')
    .execute();
  const officer = (orgId: number, role: string) =>
    users.find((u) => u.org_id === orgId && u.role === role)?.id;
  const centre = users.find((u) => u.role === 'city_officer')!;
  const counties = orgs
    .filter((o) => o.kind === 'county')
    .map((o) => ({ orgId: o.id, userId: officer(o.id, 'county_officer') ?? centre.id }));
  return {
    centreOrgId: centre.org_id,
    centreUserId: centre.id,
    counties,
    departments: orgs.filter((o) => o.kind === 'department' && o.id !== centre.org_id).map((o) => o.id),
    today: shanghaiDate(now),
  };
}

/** Rows of a table of the city, made one at a time. */
function* cityRows(refs: CityRefs, table: CityTable, leads: number, projects: number): Generator<Value[]> {
  if (table === 'leads' || table === 'lead_counties' || table === 'sla_clocks')
    for (let i = 1; i <= leads; i++) {
      const l = cityLead(refs, i, leads);
      if (table === 'leads') yield l.lead;
      else yield* table === 'lead_counties' ? l.counties : l.clocks;
    }
  else
    for (let i = 1; i <= projects; i++) {
      const p = cityProject(refs, i, projects);
      if (table === 'projects') yield p.project;
      else yield* p.issues;
    }
}

const CITY_TABLES: CityTable[] = ['leads', 'lead_counties', 'sla_clocks', 'projects', 'coordination_issues'];

/** The city's leads and projects into a bench SQLite file, in one transaction; then ANALYZE. */
export async function loadCity(sqlite: Sqlite.Database, refs: CityRefs, leads: number, projects: number) {
  const t0 = performance.now();
  // The whole load in the page cache, written once at the commit.
  sqlite.pragma('cache_size = -2000000');
  // As an administrator bulk-loads: indexes and triggers off during the load, built again after
  // (the county copies come with their deadline), the data version moved once.
  const defs = sqlite
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL
       AND tbl_name IN (${CITY_TABLES.map(() => '?').join(', ')})`,
    )
    .all(...CITY_TABLES) as { type: string; name: string; sql: string }[];
  sqlite.transaction(() => {
    for (const d of defs) sqlite.exec(`DROP ${d.type} ${d.name}`);
    for (const table of CITY_TABLES) {
      const cols = COLUMNS[table];
      const insert = sqlite.prepare(
        `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      );
      for (const row of cityRows(refs, table, leads, projects)) insert.run(row);
    }
    for (const d of defs) sqlite.exec(d.sql);
    // The kept totals and counts of migrations 0020 and 0021 (a bench may stop at an earlier one).
    const kept = sqlite
      .prepare(
        "SELECT count(*) AS n FROM sqlite_master WHERE name IN ('project_month_totals', 'record_counts')",
      )
      .get() as { n: number };
    if (kept.n === 2)
      for (const statement of [...monthTotalsRebuild(), ...recordCountsRebuild()]) sqlite.exec(statement);
    sqlite.exec('UPDATE data_version SET version = version + 1 WHERE id = 1');
  })();
  sqlite.exec('ANALYZE');
  const count = (q: string) => Number((sqlite.prepare(q).get() as { n: number }).n);
  console.log(await describeCity(count, refs.today, leads, projects, performance.now() - t0));
}

/** What was loaded, in a line: how many leads are open, clocks a lead, coordination issues. */
async function describeCity(
  count: (q: string) => Promise<number> | number,
  today: string,
  leads: number,
  projects: number,
  ms: number,
) {
  const open = await count('SELECT count(*) AS n FROM leads WHERE waiting_step IS NOT NULL');
  const overdue = await count(
    `SELECT count(*) AS n FROM sla_clocks WHERE completed_at IS NULL AND due_date < '${today}'`,
  );
  const clocks = await count("SELECT count(*) AS n FROM sla_clocks WHERE entity_type = 'lead'");
  const issues = await count('SELECT count(*) AS n FROM coordination_issues');
  return `loaded ${leads.toLocaleString('en-US')} leads (${((100 * open) / leads).toFixed(1)}% open, ${overdue.toLocaleString('en-US')} overdue, ${(clocks / leads).toFixed(1)} clocks each) and ${projects.toLocaleString('en-US')} projects (${issues.toLocaleString('en-US')} coordination issues) in ${(ms / 1000).toFixed(1)} s`;
}

/** A value in COPY's text format. */
function copyText(v: Value) {
  if (v === null) return '\\N';
  return typeof v === 'number'
    ? String(v)
    : v.replace(/[\\\t\n\r]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
      );
}

/** Streams rows into `table` with COPY, 64 KB at a time, waiting whenever the socket is full. */
async function copyInto(client: pg.Client, table: CityTable, rows: Iterable<Value[]>) {
  const stream = client.query(copyFrom(`COPY ${table} (${COLUMNS[table].join(', ')}) FROM STDIN`));
  const done = once(stream, 'finish');
  let chunk = '';
  for (const row of rows) {
    chunk += `${row.map(copyText).join('\t')}\n`;
    if (chunk.length > 65_536) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  stream.end(chunk);
  await done;
}

/**
 * The city's leads and projects into the PostgreSQL database at `url` (migrated, with the demo's
 * organisations), as an administrator would bulk-load it: the secondary indexes dropped and built
 * again after, the row triggers off during the load (the county copies come with their deadline,
 * the projects' month totals and the kept counts are made again after), then the data version moved once, VACUUM
 * ANALYZE, and the id sequences set past the rows.
 */
export async function copyCity(url: string, refs: CityRefs, leads: number, projects: number) {
  const t0 = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET maintenance_work_mem = '1GB'; SET synchronous_commit = off");
    const { rows: indexes } = await client.query<{ name: string; def: string }>(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
       WHERE c.relname = ANY($1) AND c.relnamespace = current_schema()::regnamespace
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
      [CITY_TABLES],
    );
    for (const ix of indexes) await client.query(`DROP INDEX ${ix.name}`);
    for (const table of CITY_TABLES) await client.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    for (const table of CITY_TABLES) {
      const t = performance.now();
      await copyInto(client, table, cityRows(refs, table, leads, projects));
      console.log(`  COPY ${table}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    for (const table of CITY_TABLES) await client.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    const t = performance.now();
    for (const ix of indexes) await client.query(ix.def);
    console.log(`  ${indexes.length} indexes built: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    for (const table of ['leads', 'projects', 'sla_clocks', 'coordination_issues'])
      await client.query(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`,
      );
    for (const statement of [...monthTotalsRebuild(), ...recordCountsRebuild()])
      await client.query(statement);
    await client.query('UPDATE data_version SET version = version + 1 WHERE id = 1');
    await client.query(
      `VACUUM ANALYZE ${[...CITY_TABLES, 'project_month_totals', 'record_counts'].join(', ')}`,
    );
    const count = async (q: string) => Number((await client.query<{ n: string }>(q)).rows[0]!.n);
    console.log(
      `PostgreSQL: ${await describeCity(count, refs.today, leads, projects, performance.now() - t0)}`,
    );
  } finally {
    await client.end();
  }
}
