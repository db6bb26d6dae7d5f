import { type Kysely, sql } from 'kysely';

/**
 * The open clocks by due date (a partial index: completed clocks, most of them, are left out): a
 * calendar edit reads only the open clocks due on or after the edited day.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('sla_clocks_open_due_idx')
    .on('sla_clocks')
    .column('due_date')
    .where(sql.ref('completed_at'), 'is', null)
    .execute();
}
