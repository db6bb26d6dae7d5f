import type { Kysely } from 'kysely';
import { idType, isPostgres } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema
    .createTable('chains')
    .addColumn('id', idType(db), pk)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('cluster_id', 'integer', (c) => c.references('clusters.id'))
    .addColumn('description', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('chain_links')
    .addColumn('id', idType(db), pk)
    .addColumn('chain_id', 'integer', (c) => c.notNull().references('chains.id'))
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('products', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('chain_firms')
    .addColumn('id', idType(db), pk)
    .addColumn('link_id', 'integer', (c) => c.notNull().references('chain_links.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // 'local' (a firm in the city) or 'target' (one elsewhere the city wants)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('is_leader', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('org_id', 'integer', (c) => c.references('orgs.id'))
    .addColumn('note', 'text')
    .execute();
  await db.schema.alterTable('leads').addColumn('chain_link_id', 'integer').execute();
  await db.schema.alterTable('projects').addColumn('chain_link_id', 'integer').execute();
  await db.schema.createIndex('leads_chain_link_idx').on('leads').columns(['chain_link_id']).execute();
  await db.schema.createIndex('projects_chain_link_idx').on('projects').columns(['chain_link_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
