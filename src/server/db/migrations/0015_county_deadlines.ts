import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

/**
 * A county officer's ledger sorted by deadline: the dispatched part is read from lead_counties,
 * which had no copy of the deadline, so every dispatched lead of the county was joined and sorted
 * (97 ms at a million leads). lead_counties now keeps the lead's waiting_due_at, in an index with
 * the organisation, so the page is an index range in order. Triggers keep the copy: an inserted row
 * takes the lead's, a lead whose deadline changes passes it on — no code path can forget it.
 * PostgreSQL also gets leads (waiting_due_at, id): the city's deadline sort and its tie-breaker in
 * one index (SQLite's rowid already is the tie-breaker of its index).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('lead_counties').addColumn('waiting_due_at', 'text').execute();
  await sql`UPDATE lead_counties SET waiting_due_at =
    (SELECT leads.waiting_due_at FROM leads WHERE leads.id = lead_counties.lead_id)`.execute(db);
  await db.schema
    .createIndex('lead_counties_org_due_idx')
    .on('lead_counties')
    .columns(['org_id', 'waiting_due_at', 'lead_id'])
    .execute();
  if (isPostgres(db)) {
    await db.schema
      .createIndex('leads_waiting_id_idx')
      .on('leads')
      .columns(['waiting_due_at', 'id'])
      .execute();
    await sql`CREATE FUNCTION lead_counties_take_due() RETURNS trigger AS $$
      BEGIN NEW.waiting_due_at := (SELECT waiting_due_at FROM leads WHERE id = NEW.lead_id); RETURN NEW; END
      $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER lead_counties_take_due BEFORE INSERT ON lead_counties
      FOR EACH ROW EXECUTE FUNCTION lead_counties_take_due()`.execute(db);
    await sql`CREATE FUNCTION leads_pass_due() RETURNS trigger AS $$
      BEGIN UPDATE lead_counties SET waiting_due_at = NEW.waiting_due_at WHERE lead_id = NEW.id; RETURN NULL; END
      $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER leads_pass_due AFTER UPDATE OF waiting_due_at ON leads
      FOR EACH ROW WHEN (OLD.waiting_due_at IS DISTINCT FROM NEW.waiting_due_at)
      EXECUTE FUNCTION leads_pass_due()`.execute(db);
    return;
  }
  await sql`CREATE TRIGGER lead_counties_take_due AFTER INSERT ON lead_counties
    BEGIN UPDATE lead_counties SET waiting_due_at = (SELECT waiting_due_at FROM leads WHERE id = NEW.lead_id)
      WHERE lead_id = NEW.lead_id AND org_id = NEW.org_id; END`.execute(db);
  await sql`CREATE TRIGGER leads_pass_due AFTER UPDATE OF waiting_due_at ON leads
    WHEN OLD.waiting_due_at IS NOT NEW.waiting_due_at
    BEGIN UPDATE lead_counties SET waiting_due_at = NEW.waiting_due_at WHERE lead_id = NEW.id; END`.execute(
    db,
  );
}
