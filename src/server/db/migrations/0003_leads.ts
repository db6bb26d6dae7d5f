import type { Kysely } from 'kysely';
import { idType, isPostgres } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  const money = pg ? 'bigint' : 'integer';

  await db.schema
    .createTable('leads')
    .addColumn('id', idType(db), pk)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('project_name', 'text', (c) => c.notNull())
    .addColumn('investor_name', 'text', (c) => c.notNull())
    .addColumn('investor_name_norm', 'text', (c) => c.notNull())
    .addColumn('investor_credit_code', 'text')
    .addColumn('investor_type', 'text')
    .addColumn('industry_code', 'text')
    .addColumn('chain_id', 'integer')
    .addColumn('planned_investment_yuan', money, (c) => c.notNull())
    .addColumn('fixed_asset_investment_yuan', money)
    .addColumn('land_area_mu', 'real')
    .addColumn('referrer_name', 'text', (c) => c.notNull())
    .addColumn('referrer_org', 'text')
    .addColumn('referrer_phone', 'text')
    .addColumn('referrer_kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('is_major', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('owner_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('owner_org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('registered_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('city_co_follow', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decision', 'text')
    .addColumn('step_data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('closed_reason', 'text')
    .addColumn('merged_into_id', 'integer')
    .addColumn('project_id', 'integer')
    // The open step and its deadline, kept with the lead so the ledger can filter and count by them.
    .addColumn('waiting_step', 'text')
    .addColumn('waiting_due_at', 'text')
    .addColumn('waiting_due_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('leads_received_idx').on('leads').columns(['received_at', 'id']).execute();
  await db.schema
    .createIndex('leads_stage_received_idx')
    .on('leads')
    .columns(['stage', 'received_at'])
    .execute();
  await db.schema.createIndex('leads_waiting_idx').on('leads').columns(['waiting_due_at']).execute();
  await db.schema
    .createIndex('leads_owner_org_idx')
    .on('leads')
    .columns(['owner_org_id', 'received_at'])
    .execute();
  await db.schema.createIndex('leads_norm_idx').on('leads').columns(['investor_name_norm']).execute();
  await db.schema.createIndex('leads_credit_idx').on('leads').columns(['investor_credit_code']).execute();

  await db.schema
    .createTable('lead_counties')
    .addColumn('lead_id', 'integer', (c) => c.notNull().references('leads.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    // Copies of the lead's stage and receipt, so "leads of county X in stage Y, newest first" and its
    // count are one index range (the ledger's most common view, at a million leads).
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lead_counties_pk', ['lead_id', 'org_id'])
    .execute();
  await db.schema
    .createIndex('lead_counties_org_idx')
    .on('lead_counties')
    .columns(['org_id', 'lead_id'])
    .execute();
  await db.schema
    .createIndex('lead_counties_org_stage_idx')
    .on('lead_counties')
    .columns(['org_id', 'stage', 'received_at', 'lead_id'])
    .execute();

  await db.schema
    .createTable('lead_events')
    .addColumn('id', idType(db), pk)
    .addColumn('lead_id', 'integer', (c) => c.notNull().references('leads.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('user_name', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('lead_events_lead_idx').on('lead_events').columns(['lead_id', 'id']).execute();
  await db.schema.createIndex('lead_events_at_idx').on('lead_events').columns(['type', 'at']).execute();

  // Possible duplicates found at registration (一盘棋), until the city officer resolves them.
  await db.schema
    .createTable('lead_links')
    .addColumn('id', idType(db), pk)
    .addColumn('lead_id', 'integer', (c) => c.notNull().references('leads.id'))
    .addColumn('other_type', 'text', (c) => c.notNull())
    .addColumn('other_id', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema.createIndex('lead_links_lead_idx').on('lead_links').columns(['lead_id']).execute();

  await db.schema
    .createTable('code_counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('projects')
    .addColumn('id', idType(db), pk)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('lead_id', 'integer')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('investor_name', 'text', (c) => c.notNull())
    .addColumn('investor_name_norm', 'text', (c) => c.notNull())
    .addColumn('investor_credit_code', 'text')
    .addColumn('county_org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('industry_code', 'text')
    .addColumn('chain_id', 'integer')
    .addColumn('total_investment_yuan', money, (c) => c.notNull())
    .addColumn('is_manufacturing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('signed_on', 'text', (c) => c.notNull())
    .addColumn('started_on', 'text')
    .addColumn('in_production_on', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('projects_county_idx')
    .on('projects')
    .columns(['county_org_id', 'signed_on'])
    .execute();
  await db.schema.createIndex('projects_signed_idx').on('projects').columns(['signed_on']).execute();
  await db.schema.createIndex('projects_norm_idx').on('projects').columns(['investor_name_norm']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
