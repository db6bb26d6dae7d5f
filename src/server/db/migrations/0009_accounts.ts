import { type Kysely, sql } from 'kysely';
import { idType, isPostgres } from '../dialect.js';

/**
 * Account rules of 等保 level 3: an account unused for 90 days is disabled, counted from its last
 * sign-in or from when it was (re)activated (`active_since`); the last five passwords cannot be
 * used again (`password_history`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable('users').addColumn('active_since', 'text').execute();
  await sql`UPDATE users SET active_since = created_at`.execute(db);
  await db.schema
    .createTable('password_history')
    .addColumn('id', idType(db), (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('replaced_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('password_history_user_idx')
    .on('password_history')
    .columns(['user_id', 'id'])
    .execute();
}
