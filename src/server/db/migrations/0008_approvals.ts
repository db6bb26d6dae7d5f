import type { Kysely } from 'kysely';
import { idType, isPostgres } from '../dialect.js';

/**
 * Two-person approval (三权分立): a reset of an administrator's or auditor's password and any grant
 * of the auditor role wait here until a second person decides (modules/users/approvals.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('approval_requests')
    .addColumn('id', idType(db), (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('decided_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('approval_requests_status_idx')
    .on('approval_requests')
    .columns(['status', 'requested_at'])
    .execute();
}
