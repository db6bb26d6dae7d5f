import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { isPostgres } from './dialect.js';
import * as m0001 from './migrations/0001_platform.js';
import * as m0002 from './migrations/0002_calendar.js';
import * as m0003 from './migrations/0003_leads.js';
import * as m0004 from './migrations/0004_clusters.js';
import * as m0005 from './migrations/0005_chains.js';
import * as m0006 from './migrations/0006_projects.js';
import * as m0007 from './migrations/0007_lead_seen.js';
import * as m0008 from './migrations/0008_approvals.js';
import * as m0009 from './migrations/0009_accounts.js';
import * as m0010 from './migrations/0010_totp.js';
import * as m0011 from './migrations/0011_imports.js';
import * as m0012 from './migrations/0012_data_version.js';
import * as m0013 from './migrations/0013_open_clocks_index.js';
import * as m0014 from './migrations/0014_notifications.js';
import * as m0015 from './migrations/0015_county_deadlines.js';
import * as m0016 from './migrations/0016_reference_version.js';
import * as m0017 from './migrations/0017_key_projects.js';
import * as m0018 from './migrations/0018_agreements.js';
import * as m0019 from './migrations/0019_investors.js';
import * as m0020 from './migrations/0020_project_month_totals.js';
import * as m0021 from './migrations/0021_record_counts.js';
import * as m0022 from './migrations/0022_owner_deadline.js';
import * as m0023 from './migrations/0023_month_totals_cover.js';

/** Append-only: add a file and a line here; never edit a landed migration. */
const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_calendar': m0002,
  '0003_leads': m0003,
  '0004_clusters': m0004,
  '0005_chains': m0005,
  '0006_projects': m0006,
  '0007_lead_seen': m0007,
  '0008_approvals': m0008,
  '0009_accounts': m0009,
  '0010_totp': m0010,
  '0011_imports': m0011,
  '0012_data_version': m0012,
  '0013_open_clocks_index': m0013,
  '0014_notifications': m0014,
  '0015_county_deadlines': m0015,
  '0016_reference_version': m0016,
  '0017_key_projects': m0017,
  '0018_agreements': m0018,
  '0019_investors': m0019,
  '0020_project_month_totals': m0020,
  '0021_record_counts': m0021,
  '0022_owner_deadline': m0022,
  '0023_month_totals_cover': m0023,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

/** Runs pending migrations; throws (and so stops start-up) on any failure. Safe with several processes. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return migrate(db, (m) => m.migrateToLatest());
}

/** Runs pending migrations up to and including `name` (a benchmark's database of an earlier schema). */
export async function migrateUpTo(db: Kysely<any>, name: string): Promise<string[]> {
  return migrate(db, (m) => m.migrateTo(name));
}

async function migrate(
  db: Kysely<any>,
  run: (m: Migrator) => ReturnType<Migrator['migrateToLatest']>,
): Promise<string[]> {
  // On PostgreSQL the migration tables live in the database's own schema (its search_path): Kysely
  // otherwise takes a kysely_migration table in any schema for its own, and two databases in two
  // schemas migrating at once (tests, or installs sharing a server) each skip creating theirs.
  const schema = isPostgres(db)
    ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db)).rows[0]?.s
    : undefined;
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await run(migrator);
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
