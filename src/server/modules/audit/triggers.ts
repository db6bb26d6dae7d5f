/** The triggers that make the audit log append-only in the database itself (created in 0001_platform). */
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../../db/dialect.js';
import type { Database } from '../../db/tables.js';

const SQLITE_TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete'];

/** Whether the database still refuses updates and deletes of the audit log. */
export async function appendOnlyTriggersInPlace(db: Kysely<Database>): Promise<boolean> {
  if (isPostgres(db)) {
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_trigger
      WHERE tgname = 'audit_log_no_change' AND tgrelid = 'audit_log'::regclass AND tgenabled <> 'D'`.execute(
      db,
    );
    return (rows.rows[0]?.n ?? 0) === 1;
  }
  const rows = await sql<{ name: string }>`SELECT name FROM sqlite_master
    WHERE type = 'trigger' AND tbl_name = 'audit_log'`.execute(db);
  const names = new Set(rows.rows.map((r) => r.name));
  return SQLITE_TRIGGERS.every((n) => names.has(n));
}

export async function createTriggers(db: Kysely<any>) {
  if (isPostgres(db)) {
    await sql`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
    return;
  }
  await sql`CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  await sql`CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
}

export async function dropTriggers(db: Kysely<any>) {
  if (isPostgres(db)) await sql`DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log`.execute(db);
  else for (const n of SQLITE_TRIGGERS) await sql.raw(`DROP TRIGGER IF EXISTS ${n}`).execute(db);
}
