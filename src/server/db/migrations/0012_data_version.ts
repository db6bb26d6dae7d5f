import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

/**
 * The data version: one number that every write of the records the statistics read bumps, by a
 * trigger, in the writing transaction itself. An answer cached under a version is the answer for
 * as long as the version stands; several processes on one PostgreSQL read the same number, so none
 * serves what another has seen change. No code path can forget it: the database bumps it.
 */
export const VERSIONED_TABLES = [
  'orgs',
  'calendar_years',
  'calendar_days',
  'sla_clocks',
  'leads',
  'lead_counties',
  'projects',
  'clusters',
  'cluster_codes',
  'record_clusters',
  'coordination_issues',
  'targets',
  'indicator_values',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('data_version').values({ id: 1, version: 1 }).execute();
  if (isPostgres(db)) {
    // Writers append a row instead of updating one: concurrent transactions never wait on each
    // other for it (nor deadlock), and a row counts once its transaction commits. The version is
    // data_version.version plus the rows of data_changes (folded into it now and then).
    await db.schema
      .createTable('data_changes')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .execute();
    await sql`CREATE FUNCTION bump_data_version() RETURNS trigger AS $$
      BEGIN INSERT INTO data_changes DEFAULT VALUES; RETURN NULL; END
      $$ LANGUAGE plpgsql`.execute(db);
    // Once per statement: a multi-row insert of an import counts once.
    for (const table of VERSIONED_TABLES)
      await sql`CREATE TRIGGER ${sql.raw(`${table}_data_version`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
        FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()`.execute(db);
    return;
  }
  // SQLite has one writer at a time; its triggers run per row, each a small UPDATE (~0.3 µs).
  for (const table of VERSIONED_TABLES)
    for (const event of ['INSERT', 'UPDATE', 'DELETE'])
      await sql`CREATE TRIGGER ${sql.raw(`${table}_data_version_${event.toLowerCase()}`)} AFTER ${sql.raw(event)} ON ${sql.table(table)}
        BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END`.execute(db);
}
