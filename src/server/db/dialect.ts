import { type Kysely, PostgresAdapter, sql } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The auto-increment primary key type for this database. */
export function idType(db: Kysely<any>): 'serial' | 'integer' {
  return isPostgres(db) ? 'serial' : 'integer';
}

/**
 * Joins tables to the data version (migration 0012): a trigger on each bumps it in the writing
 * transaction (once per statement on PostgreSQL, per row on SQLite). For migrations after 0016.
 */
export async function versionTables(db: Kysely<any>, tables: readonly string[]): Promise<void> {
  if (isPostgres(db)) {
    for (const table of tables)
      await sql`CREATE TRIGGER ${sql.raw(`${table}_data_version`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
        FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()`.execute(db);
    return;
  }
  for (const table of tables)
    for (const event of ['INSERT', 'UPDATE', 'DELETE'])
      await sql`CREATE TRIGGER ${sql.raw(`${table}_data_version_${event.toLowerCase()}`)} AFTER ${sql.raw(event)} ON ${sql.table(table)}
        BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END`.execute(db);
}
