import { type Kysely, sql } from 'kysely';

/**
 * When a dispatched county first opened the lead: until then its ledger and my work mark it 新.
 * Dispatches made before this migration count as seen (their counties have long worked on them).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('lead_counties').addColumn('seen_at', 'text').execute();
  await sql`UPDATE lead_counties SET seen_at = received_at`.execute(db);
}
