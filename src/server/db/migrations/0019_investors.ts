import type { Kysely } from 'kysely';
import { linkInvestors } from '../../modules/investors/link.js';
import { idType, isPostgres } from '../dialect.js';

/**
 * Investors and the field (#15): the investor register (客商库) and its contacts, visits to firms,
 * trips and events with the firms they plan to see; leads and projects point to their investor, and
 * a lead may come from a visit. The register is filled from the existing leads and projects (same
 * credit code, else same normalised name: duplicate detection's rule) and every record linked.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('investors')
    .addColumn('id', idType(db), pk)
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_norm', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text')
    // JSON: the former and other names, searched with the name.
    .addColumn('aliases', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('hq_region', 'text')
    .addColumn('industry_code', 'text')
    .addColumn('chain_role', 'text')
    .addColumn('notes', 'text')
    .addColumn('merged_into_id', 'integer')
    .addColumn('created_by_user_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Several NULLs are allowed by a unique index on both databases: unique when given.
  await db.schema
    .createIndex('investors_credit_code_idx')
    .on('investors')
    .column('credit_code')
    .unique()
    .execute();
  await db.schema
    .createIndex('investors_name_norm_idx')
    .on('investors')
    .columns(['name_norm', 'id'])
    .execute();

  await db.schema
    .createTable('investor_contacts')
    .addColumn('id', idType(db), pk)
    .addColumn('investor_id', 'integer', (c) => c.notNull().references('investors.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('added_by_user_id', 'integer', (c) => c.notNull())
    .addColumn('added_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('investor_contacts_investor_idx')
    .on('investor_contacts')
    .columns(['investor_id', 'id'])
    .execute();

  await db.schema
    .createTable('trips')
    .addColumn('id', idType(db), pk)
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('report', 'text')
    .addColumn('reported_at', 'text')
    .addColumn('reported_by_name', 'text')
    .addColumn('created_by_user_id', 'integer', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trips_org_idx').on('trips').columns(['org_id', 'start_date']).execute();
  await db.schema.createIndex('trips_start_idx').on('trips').columns(['start_date', 'id']).execute();

  await db.schema
    .createTable('trip_targets')
    .addColumn('trip_id', 'integer', (c) => c.notNull().references('trips.id'))
    .addColumn('investor_id', 'integer', (c) => c.notNull().references('investors.id'))
    .addPrimaryKeyConstraint('trip_targets_pk', ['trip_id', 'investor_id'])
    .execute();

  await db.schema
    .createTable('visits')
    .addColumn('id', idType(db), pk)
    .addColumn('version', 'integer', (c) => c.notNull())
    // The organisation whose work it is (the recorder's); the city sees all, a county its own.
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('visit_date', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('participants', 'text', (c) => c.notNull())
    .addColumn('firm_contacts', 'text')
    .addColumn('discussion', 'text', (c) => c.notNull())
    .addColumn('next_steps', 'text')
    .addColumn('next_due_date', 'text')
    .addColumn('next_done_at', 'text')
    .addColumn('investor_id', 'integer', (c) => c.notNull().references('investors.id'))
    .addColumn('lead_id', 'integer', (c) => c.references('leads.id'))
    .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
    .addColumn('trip_id', 'integer', (c) => c.references('trips.id'))
    .addColumn('created_by_user_id', 'integer', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visits_org_idx').on('visits').columns(['org_id', 'visit_date']).execute();
  await db.schema.createIndex('visits_date_idx').on('visits').columns(['visit_date', 'id']).execute();
  await db.schema
    .createIndex('visits_investor_idx')
    .on('visits')
    .columns(['investor_id', 'visit_date'])
    .execute();
  await db.schema.createIndex('visits_trip_idx').on('visits').columns(['trip_id']).execute();
  await db.schema.createIndex('visits_lead_idx').on('visits').columns(['lead_id']).execute();
  await db.schema
    .createIndex('visits_next_idx')
    .on('visits')
    .columns(['created_by_user_id', 'next_due_date'])
    .execute();

  await db.schema.alterTable('leads').addColumn('investor_id', 'integer').execute();
  await db.schema.alterTable('leads').addColumn('source_visit_id', 'integer').execute();
  await db.schema.alterTable('projects').addColumn('investor_id', 'integer').execute();
  await db.schema.createIndex('leads_investor_idx').on('leads').columns(['investor_id']).execute();
  await db.schema.createIndex('projects_investor_idx').on('projects').columns(['investor_id']).execute();

  await linkInvestors(db, new Date().toISOString());
}
