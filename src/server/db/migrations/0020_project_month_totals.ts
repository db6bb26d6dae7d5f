import { type Kysely, sql } from 'kysely';
import { rebuildMonthTotals, totalsChange } from '../../modules/stats/monthTotals.js';
import { isPostgres } from '../dialect.js';

/**
 * The dashboard's first view after a write grouped every project of the period by county, park,
 * month, class, industry and manufacturing for each stage (45 ms for a year of 35,000 projects,
 * most of it sorting). project_month_totals keeps those groups per month, kept by triggers on
 * projects in the writing transaction (stats/monthTotals.ts); the pipeline reads the whole months
 * from it and the days at a period's ends from the covering indexes of 0006.
 */
const WATCHED = [
  'signed_on',
  'started_on',
  'in_production_on',
  'county_org_id',
  'park_org_id',
  'total_investment_yuan',
  'industry_code',
  'is_manufacturing',
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('project_month_totals')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('county_org_id', 'integer', (c) => c.notNull())
    .addColumn('park_org_id', 'integer', (c) => c.notNull())
    .addColumn('cls', 'text', (c) => c.notNull())
    .addColumn('industry_code', 'text', (c) => c.notNull())
    .addColumn('is_manufacturing', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_month_totals_pk', [
      'stage',
      'month',
      'county_org_id',
      'park_org_id',
      'cls',
      'industry_code',
      'is_manufacturing',
    ])
    .execute();
  if (isPostgres(db)) {
    await sql`CREATE FUNCTION project_month_totals_keep() RETURNS trigger AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN ${sql.raw(totalsChange('OLD', -1, true))} END IF;
        IF TG_OP <> 'DELETE' THEN ${sql.raw(totalsChange('NEW', 1, true))} END IF;
        RETURN NULL;
      END $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER project_month_totals_keep
      AFTER INSERT OR DELETE OR UPDATE OF ${sql.raw(WATCHED.join(', '))} ON projects
      FOR EACH ROW EXECUTE FUNCTION project_month_totals_keep()`.execute(db);
  } else {
    await sql`CREATE TRIGGER project_month_totals_insert AFTER INSERT ON projects BEGIN
      ${sql.raw(totalsChange('NEW', 1, false))} END`.execute(db);
    await sql`CREATE TRIGGER project_month_totals_delete AFTER DELETE ON projects BEGIN
      ${sql.raw(totalsChange('OLD', -1, false))} END`.execute(db);
    await sql`CREATE TRIGGER project_month_totals_update AFTER UPDATE OF ${sql.raw(WATCHED.join(', '))} ON projects BEGIN
      ${sql.raw(totalsChange('OLD', -1, false))}
      ${sql.raw(totalsChange('NEW', 1, false))} END`.execute(db);
  }
  await rebuildMonthTotals(db);
  // The planner's statistics now, not when autovacuum gets round to them.
  if (isPostgres(db)) await sql`ANALYZE project_month_totals`.execute(db);
}
