import type { Kysely } from 'kysely';
import { idType, isPostgres, versionTables } from '../dialect.js';

/**
 * The rest of the project office's work (#16): attachments on projects, leads and reviews; the
 * investment agreement (投资协议) and each year's actuals for its performance (履约); the city's
 * land-use standards (标准地); the admission review (准入研判) before signing; where a lost lead went
 * and why. The agreement, the actuals and the standards join the data version (migration 0012).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  const money = pg ? 'bigint' : 'integer';
  const real = pg ? 'double precision' : 'real';

  await db.schema
    .createTable('attachments')
    .addColumn('id', idType(db), pk)
    // 'project', 'lead' or 'review'; a month's photos are the project's with their month.
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('month', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    // The bytes, or null when they are kept in the configured directory under their sha256.
    .addColumn('content', pg ? 'bytea' : 'blob')
    .addColumn('uploaded_by_user_id', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by_name', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attachments_entity_idx')
    .on('attachments')
    .columns(['entity_type', 'entity_id', 'id'])
    .execute();

  await db.schema
    .createTable('project_agreements')
    .addColumn('project_id', 'integer', (c) => c.primaryKey().references('projects.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('signed_on', 'text', (c) => c.notNull())
    .addColumn('zone', 'text')
    .addColumn('total_investment_yuan', money, (c) => c.notNull())
    .addColumn('fixed_asset_yuan', money, (c) => c.notNull())
    .addColumn('land_mu', real, (c) => c.notNull())
    .addColumn('tax_per_mu_yuan', money)
    .addColumn('output_yuan', money)
    .addColumn('start_deadline', 'text')
    .addColumn('production_deadline', 'text')
    .addColumn('full_production_year', 'integer')
    .addColumn('updated_by_name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('project_actuals')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    // 到位资金 in the year, tax paid in the year, output in the year.
    .addColumn('invested_yuan', money, (c) => c.notNull())
    .addColumn('tax_yuan', money)
    .addColumn('output_yuan', money)
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by_name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_actuals_pk', ['project_id', 'year'])
    .execute();

  await db.schema
    .createTable('land_standards')
    .addColumn('id', idType(db), pk)
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull())
    // A GB/T 4754 code prefix the row applies to; '' for every industry.
    .addColumn('industry_prefix', 'text', (c) => c.notNull())
    .addColumn('min_intensity_yuan_per_mu', money)
    .addColumn('min_tax_per_mu_yuan', money)
    .addColumn('min_total_yuan', money)
    .addColumn('note', 'text')
    .addColumn('is_example', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_by_name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('land_standards_unique', ['zone', 'industry_prefix'])
    .execute();

  await db.schema
    .createTable('admission_reviews')
    .addColumn('id', idType(db), pk)
    .addColumn('lead_id', 'integer', (c) => c.notNull().references('leads.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('industry_code', 'text')
    .addColumn('total_investment_yuan', money, (c) => c.notNull())
    .addColumn('fixed_asset_yuan', money, (c) => c.notNull())
    .addColumn('land_mu', real, (c) => c.notNull())
    .addColumn('tax_per_mu_yuan', money)
    // JSON: [{department, stance: agree|conditional|disagree, opinion, byName, at}]
    .addColumn('opinions', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('admission_reviews_lead_idx')
    .on('admission_reviews')
    .columns(['lead_id'])
    .execute();

  await db.schema.alterTable('leads').addColumn('lost_to_city', 'text').execute();
  await db.schema.alterTable('leads').addColumn('lost_reason', 'text').execute();

  await versionTables(db, ['project_agreements', 'project_actuals', 'land_standards']);
}
