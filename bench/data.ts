/**
 * Shared bench data: a fresh SQLite file with the demo organisations, and a million leads loaded
 * with the driver directly (the services would take hours for a million).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { addDays, fromDayNumber, toDayNumber } from '../src/core/calendar/dates.js';
import { buildApp } from '../src/server/app.js';
import { fixedClock } from '../src/server/clock.js';
import { createDb, type Db } from '../src/server/db/index.js';
import { migrateToLatest, migrateUpTo } from '../src/server/db/migrate.js';
import { DEMO_PASSWORD } from '../src/server/demo/orgs.js';
import { seededRandom } from '../src/server/demo/random.js';
import { ensureReferenceData, initializeDatabase } from '../src/server/setup.js';

const CODES = [
  '3841',
  '3825',
  '3670',
  '3963',
  '3983',
  '3421',
  '3072',
  '3352',
  '1491',
  '3514',
  '6513',
  '5920',
];

const STAGES = ['registered', 'responded', 'assessed', 'feedback_given', 'following', 'signed', 'closed'];
const STAGE_WEIGHTS = [0.03, 0.03, 0.03, 0.02, 0.25, 0.34, 0.3];

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
 * The app on a free port over `db`, at the frozen `now`, as a browser meets it: `signIn(user)` gives
 * a session cookie, `get(cookie, path)` a request whose answer is read to its end. The answer comes
 * uncompressed unless `encoding` asks otherwise: the bench's client shares the server's process, and
 * inflating is the browser's cost, not the server's.
 */
export async function serve(db: Db, now: Date) {
  const app = await buildApp({ db, clock: fixedClock(now), loginRateLimit: 10_000 });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    async signIn(username: string) {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
      return res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
    },
    get:
      (cookie: string, path: string, encoding = 'identity') =>
      async () => {
        const res = await fetch(`${url}${path}`, { headers: { cookie, 'accept-encoding': encoding } });
        if (!res.ok) throw new Error(`${path}: ${res.status}`);
        await res.arrayBuffer();
      },
    close: () => app.close(),
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
  return { dir, db, sqlite, counties, cityUser };
}

export function loadLeads(sqlite: Sqlite.Database, N: number, counties: number[], cityUserId: number) {
  const t0 = performance.now();
  const rnd = seededRandom(7);
  const insertLead =
    sqlite.prepare(`INSERT INTO leads (code, version, stage, project_name, investor_name, investor_name_norm,
    industry_code, planned_investment_yuan, referrer_name, referrer_kind, channel, received_at, is_major, owner_org_id,
    registered_by_user_id, city_co_follow, step_data, waiting_step, waiting_due_at, waiting_due_date, created_at, updated_at)
    VALUES (?, 1, ?, ?, ?, ?, '3841', ?, '驻深圳招商组', 'resident_team', 'resident_team', ?, 0, 2, ?, 0, '{}', ?, ?, ?, ?, ?)`);
  const insertCounty = sqlite.prepare(
    'INSERT INTO lead_counties (lead_id, org_id, stage, received_at) VALUES (?, ?, ?, ?)',
  );
  const insertClock =
    sqlite.prepare(`INSERT INTO sla_clocks (entity_type, entity_id, step, policy_step, amount, unit, started_at,
    due_date, due_at, provisional, completed_at, verdict) VALUES ('lead', ?, ?, ?, 10, 'workday', ?, ?, ?, 0, NULL, NULL)`);
  const first = toDayNumber('2020-01-01');
  const span = toDayNumber('2026-11-26') - first;
  const load = sqlite.transaction(() => {
    for (let i = 1; i <= N; i++) {
      const r = rnd.next();
      let acc = 0;
      let stage = STAGES[STAGES.length - 1]!;
      for (let k = 0; k < STAGES.length; k++) {
        acc += STAGE_WEIGHTS[k]!;
        if (r < acc) {
          stage = STAGES[k]!;
          break;
        }
      }
      const day = fromDayNumber(first + Math.floor(span * ((i - 1) / N)));
      const received = `${day}T02:00:00.000Z`;
      const waiting =
        stage === 'following'
          ? 'progress'
          : stage === 'registered'
            ? 'response'
            : stage === 'responded'
              ? 'assessment'
              : stage === 'assessed'
                ? 'feedback'
                : null;
      const dueDay = waiting
        ? fromDayNumber(toDayNumber(day) + rnd.int(1, 14) + (rnd.chance(0.9) ? span : 0) * 0)
        : null;
      // Most open steps fall due after "now"; about one in eight is overdue.
      const dueDate = waiting
        ? rnd.chance(0.12)
          ? dueDay
          : fromDayNumber(toDayNumber('2026-11-28') + rnd.int(0, 14))
        : null;
      const dueAt = dueDate ? `${fromDayNumber(toDayNumber(dueDate) + 1)}T00:00:00+08:00` : null;
      const info = insertLead.run(
        `B-${day.slice(0, 4)}-${i}`,
        stage,
        `项目 ${i}`,
        `投资方 ${i} 有限公司`,
        `投资方${i}`,
        rnd.int(1, 500) * 10_000_000,
        received,
        cityUserId,
        waiting,
        dueAt,
        dueDate,
        received,
        received,
      );
      const id = Number(info.lastInsertRowid);
      if (stage === 'following' || stage === 'signed' || stage === 'closed')
        insertCounty.run(id, counties[i % counties.length], stage, received);
      if (waiting) insertClock.run(id, waiting, waiting, received, dueDate, dueAt);
    }
  });
  load();
  sqlite.exec('ANALYZE');
  console.log(
    `loaded ${N.toLocaleString('en-US')} leads in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

/** Projects signed 2017 to 2026, spread over the counties and a dozen industries, loaded by the driver. */
export function loadProjects(sqlite: Sqlite.Database, PROJECTS: number, counties: number[]) {
  const rnd = seededRandom(11);
  const insert = sqlite.prepare(`INSERT INTO projects (code, version, name, investor_name, investor_name_norm,
    county_org_id, industry_code, total_investment_yuan, is_manufacturing, signed_on, started_on, in_production_on,
    stage, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const first = toDayNumber('2017-01-01');
  const span = toDayNumber('2026-11-26') - first;
  const today = '2026-11-27';
  sqlite.transaction(() => {
    for (let i = 1; i <= PROJECTS; i++) {
      const signed = fromDayNumber(first + Math.floor(span * ((i - 1) / PROJECTS)));
      const startedRaw = rnd.chance(0.85) ? addDays(signed, rnd.int(30, 330)) : null;
      const started = startedRaw && startedRaw <= today ? startedRaw : null;
      const producedRaw = started && rnd.chance(0.8) ? addDays(started, rnd.int(150, 600)) : null;
      const produced = producedRaw && producedRaw <= today ? producedRaw : null;
      const code = CODES[i % CODES.length]!;
      insert.run(
        `BP-${i}`,
        `项目 ${i}`,
        `投资方 ${i}`,
        `投资方${i}`,
        counties[rnd.int(0, counties.length - 1)],
        code,
        rnd.int(1, 300) * 10_000_000,
        code.startsWith('5') || code.startsWith('6') ? 0 : 1,
        signed,
        started,
        produced,
        produced ? 'in_production' : started ? 'started' : 'signed',
        signed,
        signed,
      );
    }
  })();
}
