import type { Kysely } from 'kysely';
import { idType, isPostgres } from '../dialect.js';

/**
 * Imports of existing ledgers: each upload is a batch (the file itself while it is a draft, its
 * SHA-256, who, when, the mapping used and the row counts); every record it created points to it,
 * so the batch can be undone; a confirmed mapping is kept per header shape and offered again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('import_batches')
    .addColumn('id', idType(db), (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('file', pg ? 'bytea' : 'blob')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text')
    .addColumn('counts', 'text')
    .addColumn('merged', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text')
    .addColumn('undone_at', 'text')
    .execute();
  await db.schema
    .createIndex('import_batches_org_idx')
    .on('import_batches')
    .columns(['org_id', 'id'])
    .execute();
  await db.schema
    .createTable('import_mappings')
    .addColumn('id', idType(db), (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('saved_by_name', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('import_mappings_shape_uq', ['kind', 'org_id', 'signature'])
    .execute();
  for (const table of ['leads', 'projects']) {
    await db.schema
      .alterTable(table)
      .addColumn('import_batch_id', 'integer', (c) => c.references('import_batches.id'))
      .execute();
    await db.schema.createIndex(`${table}_import_batch_idx`).on(table).column('import_batch_id').execute();
  }
}
