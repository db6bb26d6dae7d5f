import { type Kysely, sql } from 'kysely';
import { countTriggers, rebuildRecordCounts } from '../../modules/stats/recordCounts.js';
import { isPostgres } from '../dialect.js';

/**
 * A list's total with no filter but the stage, kept instead of counted (stats/recordCounts.ts): at
 * ten million leads PostgreSQL's exact count(*) took 250 ms for the city's landing page and over a
 * second for a county officer's, on every first view after a write.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('record_counts')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_counts_pk', ['kind', 'org_id', 'stage'])
    .execute();
  const pg = isPostgres(db);
  for (const [table, t] of Object.entries(countTriggers(pg))) {
    if (pg) {
      await sql`CREATE FUNCTION ${sql.raw(`${table}_counts_keep`)}() RETURNS trigger AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN ${sql.raw(t.insert)}
          ELSIF TG_OP = 'DELETE' THEN ${sql.raw(t.delete)}
          ELSE ${sql.raw(t.update)}
          END IF;
          RETURN NULL;
        END $$ LANGUAGE plpgsql`.execute(db);
      await sql`CREATE TRIGGER ${sql.raw(`${table}_counts_keep`)}
        AFTER INSERT OR DELETE OR UPDATE OF ${sql.raw(t.watched.join(', '))} ON ${sql.table(table)}
        FOR EACH ROW EXECUTE FUNCTION ${sql.raw(`${table}_counts_keep`)}()`.execute(db);
      continue;
    }
    await sql`CREATE TRIGGER ${sql.raw(`${table}_counts_insert`)} AFTER INSERT ON ${sql.table(table)}
      BEGIN ${sql.raw(t.insert)} END`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_counts_delete`)} AFTER DELETE ON ${sql.table(table)}
      BEGIN ${sql.raw(t.delete)} END`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_counts_update`)}
      AFTER UPDATE OF ${sql.raw(t.watched.join(', '))} ON ${sql.table(table)}
      BEGIN ${sql.raw(t.update)} END`.execute(db);
  }
  await rebuildRecordCounts(db);
  // The planner's statistics now, not when autovacuum gets round to them.
  if (isPostgres(db)) await sql`ANALYZE record_counts`.execute(db);
}
