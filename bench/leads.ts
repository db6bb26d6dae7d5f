/**
 * The ledger at scale: 1,000,000 leads in a SQLite file. Times the ledger's first page with two
 * filters (through the same code the API runs) and the overdue count, against the plain SQL of the
 * same queries run directly on the same data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromDayNumber, toDayNumber } from '../src/core/calendar/dates.js';
import { listLeadsQuery } from '../src/core/leads/schemas.js';
import { createDb } from '../src/server/db/index.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { seededRandom } from '../src/server/demo/random.js';
import { filtered, findLeads } from '../src/server/modules/leads/queries.js';
import { listLeads } from '../src/server/modules/leads/views.js';
import { ensureReferenceData, initializeDatabase } from '../src/server/setup.js';

const N = Number(process.env.BENCH_LEADS ?? 1_000_000);
const STAGES = ['registered', 'responded', 'assessed', 'feedback_given', 'following', 'signed', 'closed'];
const STAGE_WEIGHTS = [0.03, 0.03, 0.03, 0.02, 0.25, 0.34, 0.3];

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => Promise<unknown> | unknown, runs = 25) {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

export async function leadsBench() {
  const dir = mkdtempSync(join(tmpdir(), 'it-bench-'));
  const db = createDb(`sqlite:${join(dir, 'bench.db')}`);
  try {
    await migrateToLatest(db.kysely);
    const now = new Date('2026-11-27T10:00:00+08:00');
    await ensureReferenceData(db.kysely, now);
    await initializeDatabase(db.kysely, now, { demo: true, adminPassword: 'Bench#Pass2026' });
    const orgs = await db.kysely.selectFrom('orgs').select(['id', 'kind']).execute();
    const counties = orgs.filter((o) => o.kind === 'county').map((o) => o.id);
    const cityUser = await db.kysely
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'city')
      .executeTakeFirstOrThrow();

    // Bulk load with the driver directly: the service would take hours for a million.
    const t0 = performance.now();
    const sqlite = new (await import('better-sqlite3')).default(join(dir, 'bench.db'));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = OFF');
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
          cityUser.id,
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

    const county = counties[3]!;
    const query = listLeadsQuery.parse({
      stage: 'following',
      countyOrgId: String(county),
      page: '1',
      pageSize: '50',
    });
    const all = { all: true as const };
    const scoped = { orgId: county };

    const pageMs = await time(() => findLeads(db.kysely, all, query, now));
    const apiPageMs = await time(() =>
      listLeads(db.kysely, { id: cityUser.id, orgId: 2, roles: ['city_officer'] }, query, now),
    );
    const countyPageMs = await time(() =>
      findLeads(db.kysely, scoped, { ...query, countyOrgId: undefined }, now),
    );
    const overdueMs = await time(() =>
      filtered(db.kysely, all, { slaStatus: 'overdue' }, now)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    );

    // Baseline: the same two queries as plain SQL, straight to the driver.
    const nowIso = now.toISOString();
    const plainCount = sqlite.prepare(
      `SELECT count(*) AS n FROM lead_counties WHERE org_id = ? AND stage = 'following'`,
    );
    const plainPage = sqlite.prepare(
      `SELECT leads.* FROM lead_counties lc JOIN leads ON leads.id = lc.lead_id WHERE lc.org_id = ? AND lc.stage = 'following'
       ORDER BY lc.received_at DESC, lc.lead_id DESC LIMIT 50 OFFSET 0`,
    );
    const plainOverdue = sqlite.prepare('SELECT count(*) AS n FROM leads WHERE waiting_due_at <= ?');
    const plainPageMs = await time(() => {
      plainCount.get(county);
      plainPage.all(county);
    });
    const plainOverdueMs = await time(() => plainOverdue.get(nowIso));
    const overdue = (plainOverdue.get(nowIso) as { n: number }).n;
    const total = (plainCount.get(county) as { n: number }).n;
    sqlite.close();

    const line = (label: string, ms: number, base?: number) =>
      console.log(
        `${label.padEnd(58)} ${ms.toFixed(2).padStart(8)} ms${base ? `   (${(ms / base).toFixed(2)}× the plain SQL)` : ''}`,
      );
    console.log(
      `median of 25 runs; first page = 50 rows of ${total.toLocaleString('en-US')} matching; ${overdue.toLocaleString('en-US')} overdue`,
    );
    line('ledger first page, stage + county (query + count)', pageMs, plainPageMs);
    line('  same, as the API answers it (with clocks, presented)', apiPageMs, plainPageMs);
    line('  county officer visibility, stage filter', countyPageMs);
    line('  baseline: plain SQL page + count', plainPageMs);
    line('overdue count', overdueMs, plainOverdueMs);
    line('  baseline: plain SQL count', plainOverdueMs);
    console.log(
      `target < 50 ms at the median: page ${apiPageMs < 50 ? 'met' : 'NOT met'}, overdue count ${overdueMs < 50 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
