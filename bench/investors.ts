/**
 * Migration 0019 at scale: a database at migration 0018 with 1,000,000 leads and 200,000 projects
 * (a firm each, one lead in ten with a credit code; the projects share their firms with leads), then
 * the migration itself — the register filled and every record linked. The baseline, in the same
 * run, is a plain pass over the same records: one grouping of leads and projects by firm, and one
 * UPDATE touching every lead and project (with their data-version triggers), as the linking does.
 */
import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { migrateUpTo } from '../src/server/db/migrate.js';
import { benchDb, loadCity } from './data.js';

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000);
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 200_000);

export async function investorsBench() {
  const now = new Date('2026-11-27T10:00:00+08:00');
  const { dir, db, sqlite, refs } = await benchDb(now, '0018_agreements');
  await loadCity(sqlite, refs, LEADS, PROJECTS);
  sqlite.exec(`UPDATE leads SET investor_credit_code = 'BENCH' || id WHERE id % 10 = 0`);
  sqlite.exec('ANALYZE');

  let t = performance.now();
  sqlite.exec(`CREATE TEMP TABLE firms AS SELECT investor_name_norm, MIN(investor_name) AS name FROM
    (SELECT investor_name, investor_name_norm FROM leads UNION ALL SELECT investor_name, investor_name_norm FROM projects)
    GROUP BY investor_name_norm`);
  sqlite.exec('UPDATE leads SET updated_at = updated_at');
  sqlite.exec('UPDATE projects SET updated_at = updated_at');
  const baseline = performance.now() - t;

  t = performance.now();
  const applied = await migrateUpTo(db.kysely, '0019_investors');
  const migration = performance.now() - t;
  const counts = await sql<{ investors: number; unlinked: number }>`SELECT
    (SELECT COUNT(*) FROM investors) AS investors,
    (SELECT COUNT(*) FROM leads WHERE investor_id IS NULL) + (SELECT COUNT(*) FROM projects WHERE investor_id IS NULL) AS unlinked`.execute(
    db.kysely,
  );
  const { investors, unlinked } = counts.rows[0]!;
  console.log(
    `migration ${applied.join(', ')} over ${LEADS.toLocaleString('en-US')} leads + ${PROJECTS.toLocaleString('en-US')} projects: ` +
      `${(migration / 1000).toFixed(1)} s (${investors.toLocaleString('en-US')} firms, ${unlinked} records unlinked); ` +
      `baseline (group by firm + touch every record): ${(baseline / 1000).toFixed(1)} s; ratio ${(migration / baseline).toFixed(2)}×`,
  );
  sqlite.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
