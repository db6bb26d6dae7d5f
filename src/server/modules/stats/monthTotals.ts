/**
 * Per-month totals of the projects (#17 item 1): for each stage (signed, started, in production),
 * month, county, park, size class, industry and manufacturing, how many projects and their sum.
 * Triggers on `projects` keep them in the writing transaction on both databases (migration 0020),
 * so they are never stale and several processes agree; the pipeline reads whole months from them
 * and only the odd days at a period's ends from the projects themselves.
 * Keys have no NULL (a unique key would not match NULLs): no park is 0, no industry ''.
 */
import { type Kysely, sql } from 'kysely';
import { ONE_YI } from '../../../core/projects/stages.js';

/** The pipeline's stages and the date of each (the pipeline and the kept totals both read them here). */
export const STAGE_KEYS = ['signed', 'started', 'inProduction'] as const;
export type StageKey = (typeof STAGE_KEYS)[number];
export const DATE_COLUMN: Record<StageKey, 'signed_on' | 'started_on' | 'in_production_on'> = {
  signed: 'signed_on',
  started: 'started_on',
  inProduction: 'in_production_on',
};

/**
 * The size class of a project row (`NEW.`, `OLD.` or a table's columns), with literals, not
 * parameters: PostgreSQL matches GROUP BY expressions by their text.
 */
export const classOf = (row: string) =>
  `CASE WHEN ${row}total_investment_yuan >= ${10 * ONE_YI} THEN 'major10' WHEN ${row}total_investment_yuan >= ${ONE_YI} THEN 'major1' ELSE 'below1' END`;

const KEY = 'stage, month, county_org_id, park_org_id, cls, industry_code, is_manufacturing';

/** One row's change of the totals, as a trigger's statement: `sign` 1 adds `row` (NEW), -1 takes it away (OLD). */
export function totalsChange(row: 'NEW' | 'OLD', sign: 1 | -1, postgres: boolean) {
  const r = `${row}.`;
  const existing = postgres ? 'project_month_totals.' : '';
  return STAGE_KEYS.map(
    (stage) => `INSERT INTO project_month_totals (${KEY}, n, total)
      SELECT '${stage}', substr(${r}${DATE_COLUMN[stage]}, 1, 7), ${r}county_org_id, coalesce(${r}park_org_id, 0), ${classOf(r)},
        coalesce(${r}industry_code, ''), ${r}is_manufacturing, ${sign}, ${sign === 1 ? '' : '-'}${r}total_investment_yuan
      WHERE ${r}${DATE_COLUMN[stage]} IS NOT NULL
      ON CONFLICT (${KEY}) DO UPDATE SET n = ${existing}n + excluded.n, total = ${existing}total + excluded.total;`,
  ).join('\n');
}

/** The statements that make the totals again from the projects (after a bulk load that bypassed the triggers). */
export function monthTotalsRebuild(): string[] {
  return [
    'DELETE FROM project_month_totals',
    ...STAGE_KEYS.map((stage) => {
      const col = DATE_COLUMN[stage];
      const keys = `substr(${col}, 1, 7), county_org_id, coalesce(park_org_id, 0), ${classOf('')}, coalesce(industry_code, ''), is_manufacturing`;
      return `INSERT INTO project_month_totals (${KEY}, n, total)
        SELECT '${stage}', ${keys}, count(*), sum(total_investment_yuan)
        FROM projects WHERE ${col} IS NOT NULL GROUP BY ${keys}`;
    }),
  ];
}

export async function rebuildMonthTotals(db: Kysely<any>) {
  for (const statement of monthTotalsRebuild()) await sql.raw(statement).execute(db);
}
