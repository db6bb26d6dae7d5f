import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

/**
 * PostgreSQL: the per-month totals' key carries the count and the sum (INCLUDE), so a period's
 * months are read from the key alone (an index-only scan) instead of visiting every row of the
 * table after the key: at 2M projects a stage's year of 6,500 rows took 5.0 ms grouped and 3.5 ms
 * by month, now 3.1 and 1.7 ms. The key stays the triggers' ON CONFLICT arbiter. SQLite reads a
 * row beside its key already.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`ALTER TABLE project_month_totals DROP CONSTRAINT project_month_totals_pk`.execute(db);
  await sql`ALTER TABLE project_month_totals ADD CONSTRAINT project_month_totals_pk
    PRIMARY KEY (stage, month, county_org_id, park_org_id, cls, industry_code, is_manufacturing)
    INCLUDE (n, total)`.execute(db);
  await sql`ANALYZE project_month_totals`.execute(db);
}
