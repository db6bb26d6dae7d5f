import { type Kysely, sql } from 'kysely';
import { idType, isPostgres } from '../dialect.js';

/**
 * Reaching people: the notification centre (a row per person and event, read or not, and each
 * person's choice per kind), the work-group chat channels per organisation and every message sent
 * to them (queued, sent, failed with the reason), the scheduler's claimed runs (a job fires once
 * per slot however many processes run), and on each time-limit clock how far it has been announced
 * (0 not yet, 1 due soon, 2 overdue), read by a partial index of the clocks still to announce.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema
    .createTable('notifications')
    .addColumn('id', idType(db), id)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('entity_type', 'text')
    .addColumn('entity_id', 'integer')
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addUniqueConstraint('notifications_dedupe_uq', ['user_id', 'dedupe_key'])
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'id'])
    .execute();
  await db.schema
    .createIndex('notifications_unread_idx')
    .on('notifications')
    .columns(['user_id', 'kind'])
    .where(sql.ref('read_at'), 'is', null)
    .execute();
  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('in_app', 'integer', (c) => c.notNull())
    .addColumn('to_group', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pk', ['user_id', 'kind'])
    .execute();
  await db.schema
    .createTable('chat_channels')
    .addColumn('id', idType(db), id)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('deliveries')
    .addColumn('id', idType(db), id)
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('chat_channels.id').onDelete('cascade'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('deliveries_dedupe_uq', ['channel_id', 'dedupe_key'])
    .execute();
  await db.schema
    .createIndex('deliveries_queue_idx')
    .on('deliveries')
    .column('next_attempt_at')
    .where(sql.ref('status'), '=', 'queued')
    .execute();
  await db.schema
    .createIndex('deliveries_channel_idx')
    .on('deliveries')
    .columns(['channel_id', 'id'])
    .execute();
  await db.schema
    .createTable('job_runs')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('summary', 'text')
    .addPrimaryKeyConstraint('job_runs_pk', ['job', 'slot'])
    .execute();
  await db.schema
    .alterTable('sla_clocks')
    .addColumn('announced', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('sla_clocks_unannounced_idx')
    .on('sla_clocks')
    .column('due_date')
    .where((eb) => eb.and([eb(sql.ref('completed_at'), 'is', null), eb(sql.ref('announced'), '<', 2)]))
    .execute();
}
