import type { Kysely } from 'kysely';
import { idType, isPostgres } from '../dialect.js';

/** Projects in full (#5): plans, parks, coordination issues, targets and entered indicators. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  const money = pg ? 'bigint' : 'integer';
  const real = pg ? 'double precision' : 'real';
  // SQLite adds one column per statement.
  const columns: [string, string][] = [
    ['park_org_id', 'integer'],
    ['planned_start_on', 'text'],
    ['planned_production_on', 'text'],
    ['planned_output_yuan', money],
    ['planned_tax_yuan', money],
    ['planned_jobs', 'integer'],
    ['note', 'text'],
    ['registered_by_user_id', 'integer'],
  ];
  for (const [name, type] of columns) {
    await db.schema
      .alterTable('projects')
      .addColumn(name, type as any)
      .execute();
  }
  // Covering indexes: a period's counts and sums by county, park, month and industry come from the index.
  for (const col of ['signed_on', 'started_on', 'in_production_on']) {
    await db.schema
      .createIndex(`projects_${col}_cover`)
      .on('projects')
      .columns([
        col,
        'county_org_id',
        'total_investment_yuan',
        'industry_code',
        'is_manufacturing',
        'park_org_id',
      ])
      .execute();
  }
  await db.schema
    .createIndex('projects_park_idx')
    .on('projects')
    .columns(['park_org_id', 'signed_on'])
    .execute();

  await db.schema
    .createTable('coordination_issues')
    .addColumn('id', idType(db), pk)
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('department_org_id', 'integer', (c) => c.references('orgs.id'))
    .addColumn('department', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('raised_by_user_id', 'integer', (c) => c.notNull())
    .addColumn('raised_by_name', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('answered_by_name', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('close_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('coordination_issues_project_idx')
    .on('coordination_issues')
    .columns(['project_id'])
    .execute();
  await db.schema
    .createIndex('coordination_issues_status_idx')
    .on('coordination_issues')
    .columns(['status', 'due_at'])
    .execute();

  await db.schema
    .createTable('targets')
    .addColumn('id', idType(db), pk)
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('target_value', real, (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('updated_by_name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('targets_unique', ['year', 'org_id', 'indicator'])
    .execute();

  await db.schema
    .createTable('indicator_values')
    .addColumn('id', idType(db), pk)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('value', real, (c) => c.notNull())
    .addColumn('entered_by_name', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('indicator_values_unique', ['org_id', 'indicator', 'period'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
