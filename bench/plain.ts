/**
 * The baselines of the statistics benches: the best plain SQL for the same answer as the product's,
 * on either database (#17 item 6). Each range is read through the covering index of its date (on
 * SQLite named, so it cannot wander into a skip-scan of the county index), and a breakdown's
 * baseline groups by everything the breakdowns need in one pass rather than comparing with a
 * query that computes less.
 */
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../src/server/db/dialect.js';
import type { Database } from '../src/server/db/tables.js';

const DATES = ['signed_on', 'started_on', 'in_production_on'] as const;

/** Count and sum per county of each stage in the period (of one county if given); with `breakdowns`, per month, class and industry too. */
export async function plainPipeline(
  db: Kysely<Database>,
  period: { from: string; to: string },
  breakdowns = false,
  countyOrgId?: number,
) {
  const county = countyOrgId === undefined ? sql`` : sql`AND county_org_id = ${countyOrgId}`;
  for (const col of DATES) {
    const from = isPostgres(db) ? sql`projects` : sql.raw(`projects INDEXED BY projects_${col}_cover`);
    const c = sql.ref(col);
    const keys = breakdowns
      ? sql`county_org_id, substr(${c}, 1, 7), is_manufacturing, industry_code`
      : sql`county_org_id`;
    await sql`SELECT ${keys}, count(*) AS n, sum(total_investment_yuan) AS total FROM ${from}
      WHERE ${c} >= ${period.from} AND ${c} <= ${period.to} ${county} GROUP BY ${keys}`.execute(db);
  }
}

/**
 * The dashboard's figures in plain SQL: the period with its breakdowns, the same period a year
 * before, the year's targets against the year so far, the overdue lead steps, the open and overdue
 * coordination issues with the first eight.
 */
export async function plainDashboard(
  db: Kysely<Database>,
  period: { from: string; to: string },
  nowInstant: string,
) {
  const year = Number(period.to.slice(0, 4));
  const back = (d: string) => `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`;
  await plainPipeline(db, period, true);
  await plainPipeline(db, { from: back(period.from), to: back(period.to) });
  await sql`SELECT org_id, indicator, target_value FROM targets WHERE year = ${year}`.execute(db);
  await plainPipeline(db, { from: `${year}-01-01`, to: period.to });
  await sql`SELECT count(*) FROM leads WHERE waiting_due_at <= ${nowInstant}`.execute(db);
  await sql`SELECT count(*) AS open, sum(CASE WHEN due_at <= ${nowInstant} THEN 1 ELSE 0 END) AS overdue
    FROM coordination_issues WHERE status = 'open'`.execute(db);
  await sql`SELECT ci.*, p.code, p.name FROM coordination_issues ci JOIN projects p ON p.id = ci.project_id
    WHERE ci.status = 'open' AND ci.due_at <= ${nowInstant} ORDER BY ci.due_at, ci.id LIMIT 8`.execute(db);
}

/**
 * A county officer's ledger (what the county owns and what was dispatched to it) in plain SQL: the
 * first page of each part read in order from its own index and merged; the count of the county's
 * copies plus the owned leads it has no copy of. By deadline, the leads waiting for a step (the
 * first page of a county with more than a page of them).
 */
export function countyLedgerSql(
  orgId: number,
  opts: { stage?: string; sort: 'received_at' | 'waiting_due_at' },
) {
  const dir = opts.sort === 'received_at' ? 'DESC' : 'ASC';
  const col = opts.sort;
  const where = (t: string) =>
    [
      opts.stage ? `AND ${t}stage = '${opts.stage}'` : '',
      col === 'waiting_due_at' ? `AND ${t}waiting_due_at IS NOT NULL` : '',
    ].join(' ');
  return {
    count: `SELECT (SELECT count(*) FROM lead_counties lc WHERE lc.org_id = ${orgId} ${where('lc.')})
      + (SELECT count(*) FROM leads WHERE owner_org_id = ${orgId} ${where('')} AND NOT EXISTS
         (SELECT 1 FROM lead_counties lc WHERE lc.lead_id = leads.id AND lc.org_id = ${orgId})) AS n`,
    page: `SELECT * FROM (SELECT leads.* FROM lead_counties lc JOIN leads ON leads.id = lc.lead_id
        WHERE lc.org_id = ${orgId} ${where('lc.')} ORDER BY lc.${col} ${dir}, lc.lead_id ${dir} LIMIT 50) a
      UNION SELECT * FROM (SELECT * FROM leads WHERE owner_org_id = ${orgId} ${where('')}
        ORDER BY ${col} ${dir}, id ${dir} LIMIT 50) b
      ORDER BY ${col} ${dir}, id ${dir} LIMIT 50`,
  };
}

/**
 * What a ledger page shows of its leads besides their rows, for the same answer as the API's: the
 * counties each was dispatched to, the latest clock of each step, the manual cluster corrections
 * and which are new to the reader's organisation; `n` placeholders for the page's lead ids, then
 * the reader's organisation (`?` for SQLite, `$1…` for PostgreSQL with `numbered`).
 */
export function ledgerExtrasSql(n: number, numbered = false): string[] {
  const at = (i: number) => (numbered ? `$${i + 1}` : '?');
  const ids = Array.from({ length: n }, (_, i) => at(i)).join(', ');
  return [
    `SELECT * FROM lead_counties WHERE lead_id IN (${ids}) ORDER BY org_id`,
    `SELECT * FROM sla_clocks WHERE id IN (SELECT max(id) FROM sla_clocks
       WHERE entity_type = 'lead' AND entity_id IN (${ids}) GROUP BY entity_id, step) ORDER BY id`,
    `SELECT * FROM record_clusters WHERE entity_type = 'lead' AND entity_id IN (${ids})`,
    `SELECT lead_id FROM lead_counties WHERE lead_id IN (${ids}) AND org_id = ${at(n)} AND seen_at IS NULL`,
  ];
}
