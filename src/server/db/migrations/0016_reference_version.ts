import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

/**
 * The time-limit policies and the settings join the data version (migration 0012): the reference
 * data every ledger request read again — policies, the due-soon hours, clusters and their codes —
 * is kept per process under the version, and a write in any process is seen by all.
 */
const TABLES = ['sla_policies', 'settings'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    for (const table of TABLES)
      await sql`CREATE TRIGGER ${sql.raw(`${table}_data_version`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
        FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()`.execute(db);
    return;
  }
  for (const table of TABLES)
    for (const event of ['INSERT', 'UPDATE', 'DELETE'])
      await sql`CREATE TRIGGER ${sql.raw(`${table}_data_version_${event.toLowerCase()}`)} AFTER ${sql.raw(event)} ON ${sql.table(table)}
        BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END`.execute(db);
}
