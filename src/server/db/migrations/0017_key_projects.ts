import { type Kysely, sql } from 'kysely';
import { idType, isPostgres, versionTables } from '../dialect.js';

/**
 * Key projects the way a project office runs them (#16): the lists a project is on (省 / 市 / 县重点),
 * its status apart from its stage with a dated history, 纳统 (entry into the fixed-asset investment
 * statistics), each year's planned investment and each month's reported completion. The plans and
 * the monthly reports join the data version (migration 0012): the roll-ups are cached under it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  const money = pg ? 'bigint' : 'integer';
  const columns: [string, string, string | null][] = [
    // The lists it is on, comma-separated in a fixed order ('province,city'); '' is 一般.
    ['key_levels', 'text', "''"],
    ['status', 'text', "'normal'"],
    ['status_on', 'text', null],
    ['stats_registered_on', 'text', null],
    ['stats_code', 'text', null],
  ];
  for (const [name, type, fallback] of columns) {
    await db.schema
      .alterTable('projects')
      .addColumn(name, type as any, (c) => (fallback === null ? c : c.notNull().defaultTo(sql.raw(fallback))))
      .execute();
  }
  await db.schema
    .createIndex('projects_key_levels_idx')
    .on('projects')
    .columns(['key_levels', 'status'])
    .execute();

  await db.schema
    .createTable('project_status_changes')
    .addColumn('id', idType(db), pk)
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'integer', (c) => c.notNull())
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('project_status_changes_project_idx')
    .on('project_status_changes')
    .columns(['project_id', 'id'])
    .execute();

  await db.schema
    .createTable('project_plans')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('planned_yuan', money, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by_name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_plans_pk', ['project_id', 'year'])
    .execute();
  await db.schema
    .createIndex('project_plans_year_idx')
    .on('project_plans')
    .columns(['year', 'project_id'])
    .execute();

  await db.schema
    .createTable('project_months')
    .addColumn('id', idType(db), pk)
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    // YYYY-MM
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('completed_yuan', money, (c) => c.notNull())
    .addColumn('progress', 'text', (c) => c.notNull())
    .addColumn('problems', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('reported_by_user_id', 'integer', (c) => c.notNull())
    .addColumn('reported_by_name', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('project_months_unique', ['project_id', 'month'])
    .execute();
  // A year's roll-up reads a month range over all projects: covering, so it never touches the rows.
  await db.schema
    .createIndex('project_months_month_idx')
    .on('project_months')
    .columns(['month', 'project_id', 'completed_yuan'])
    .execute();

  // Each project's year so far, kept by triggers as months are reported or corrected (no code path
  // can forget it): the bulletin reads one row a project instead of summing its months.
  await db.schema
    .createTable('project_years')
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('completed_yuan', money, (c) => c.notNull())
    // The latest month of the year reported: the sum stands for every month up to it.
    .addColumn('through_month', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_years_pk', ['project_id', 'year'])
    .execute();
  if (pg) {
    await sql`CREATE FUNCTION project_months_sum() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO project_years (project_id, year, completed_yuan, through_month)
            VALUES (NEW.project_id, CAST(substr(NEW.month, 1, 4) AS integer), NEW.completed_yuan, NEW.month)
            ON CONFLICT (project_id, year) DO UPDATE
            SET completed_yuan = project_years.completed_yuan + EXCLUDED.completed_yuan,
                through_month = GREATEST(project_years.through_month, EXCLUDED.through_month);
        ELSIF TG_OP = 'UPDATE' THEN
          UPDATE project_years SET completed_yuan = completed_yuan + NEW.completed_yuan - OLD.completed_yuan
            WHERE project_id = NEW.project_id AND year = CAST(substr(NEW.month, 1, 4) AS integer);
        ELSE
          UPDATE project_years SET completed_yuan = completed_yuan - OLD.completed_yuan
            WHERE project_id = OLD.project_id AND year = CAST(substr(OLD.month, 1, 4) AS integer);
        END IF;
        RETURN NULL;
      END $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER project_months_sum AFTER INSERT OR UPDATE OF completed_yuan OR DELETE ON project_months
      FOR EACH ROW EXECUTE FUNCTION project_months_sum()`.execute(db);
  } else {
    await sql`CREATE TRIGGER project_months_sum_insert AFTER INSERT ON project_months BEGIN
      INSERT INTO project_years (project_id, year, completed_yuan, through_month)
        VALUES (NEW.project_id, CAST(substr(NEW.month, 1, 4) AS integer), NEW.completed_yuan, NEW.month)
        ON CONFLICT (project_id, year) DO UPDATE
        SET completed_yuan = completed_yuan + excluded.completed_yuan,
            through_month = max(through_month, excluded.through_month);
      END`.execute(db);
    await sql`CREATE TRIGGER project_months_sum_update AFTER UPDATE OF completed_yuan ON project_months BEGIN
      UPDATE project_years SET completed_yuan = completed_yuan + NEW.completed_yuan - OLD.completed_yuan
        WHERE project_id = NEW.project_id AND year = CAST(substr(NEW.month, 1, 4) AS integer);
      END`.execute(db);
    await sql`CREATE TRIGGER project_months_sum_delete AFTER DELETE ON project_months BEGIN
      UPDATE project_years SET completed_yuan = completed_yuan - OLD.completed_yuan
        WHERE project_id = OLD.project_id AND year = CAST(substr(OLD.month, 1, 4) AS integer);
      END`.execute(db);
  }

  await versionTables(db, ['project_plans', 'project_months', 'project_status_changes']);
}
