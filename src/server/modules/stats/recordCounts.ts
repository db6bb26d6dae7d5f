/**
 * Kept counts of the records a list counts when it has no filter but the stage (#17 item 3): an
 * exact count(*) of ten million leads takes PostgreSQL 250 ms, a county officer's (owned plus
 * dispatched, less the few both) over a second, every time a write has moved the data version.
 * Triggers keep, in the writing transaction on both databases (migration 0021):
 *  - `lead` (owner organisation, stage): the leads;
 *  - `lead_county` (county, the county copy's stage): the dispatches;
 *  - `lead_county_owned` (county, the lead's stage): dispatches to the county that owns the lead;
 *  - `project` (county, stage): the projects.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/tables.js';

export type CountKind = 'lead' | 'lead_county' | 'lead_county_owned' | 'project';

/** One change of a count, as a trigger's statement (`rest`: the FROM and WHERE clauses, if any). */
function change(
  kind: CountKind,
  org: string,
  stage: string,
  sign: 1 | -1,
  postgres: boolean,
  rest = '',
): string {
  const existing = postgres ? 'record_counts.' : '';
  return `INSERT INTO record_counts (kind, org_id, stage, n) SELECT '${kind}', ${org}, ${stage}, ${sign} ${
    rest || 'WHERE true'
  }
    ON CONFLICT (kind, org_id, stage) DO UPDATE SET n = ${existing}n + excluded.n;`;
}

/** The owned-and-dispatched count of lead_counties row `r` (NEW or OLD), by its lead's stage. */
const ownedCopy = (r: 'NEW' | 'OLD', sign: 1 | -1, pg: boolean) =>
  change(
    'lead_county_owned',
    `${r}.org_id`,
    'l.stage',
    sign,
    pg,
    `FROM leads l WHERE l.id = ${r}.lead_id AND l.owner_org_id = ${r}.org_id`,
  );

/** The same, from lead row `r`: counted when the lead has a copy for its owner. */
const ownedLead = (r: 'NEW' | 'OLD', sign: 1 | -1, pg: boolean) =>
  change(
    'lead_county_owned',
    `${r}.owner_org_id`,
    `${r}.stage`,
    sign,
    pg,
    `WHERE EXISTS (SELECT 1 FROM lead_counties c WHERE c.lead_id = ${r}.id AND c.org_id = ${r}.owner_org_id)`,
  );

/** Trigger bodies per table and event: what an inserted (NEW) and a removed (OLD) row change. */
export function countTriggers(pg: boolean) {
  const lead = (r: 'NEW' | 'OLD', s: 1 | -1) => change('lead', `${r}.owner_org_id`, `${r}.stage`, s, pg);
  const copy = (r: 'NEW' | 'OLD', s: 1 | -1) => change('lead_county', `${r}.org_id`, `${r}.stage`, s, pg);
  const project = (r: 'NEW' | 'OLD', s: 1 | -1) =>
    change('project', `${r}.county_org_id`, `${r}.stage`, s, pg);
  return {
    leads: {
      watched: ['owner_org_id', 'stage'],
      insert: lead('NEW', 1),
      // A lead deleted before its copies (never, with foreign keys on) leaves no count behind.
      delete: lead('OLD', -1) + ownedLead('OLD', -1, pg),
      update: lead('OLD', -1) + lead('NEW', 1) + ownedLead('OLD', -1, pg) + ownedLead('NEW', 1, pg),
    },
    lead_counties: {
      watched: ['lead_id', 'org_id', 'stage'],
      insert: copy('NEW', 1) + ownedCopy('NEW', 1, pg),
      delete: copy('OLD', -1) + ownedCopy('OLD', -1, pg),
      update: copy('OLD', -1) + ownedCopy('OLD', -1, pg) + copy('NEW', 1) + ownedCopy('NEW', 1, pg),
    },
    projects: {
      watched: ['county_org_id', 'stage'],
      insert: project('NEW', 1),
      delete: project('OLD', -1),
      update: project('OLD', -1) + project('NEW', 1),
    },
  };
}

/** The statements that make the counts again from the records (after a bulk load that bypassed the triggers). */
export function recordCountsRebuild(): string[] {
  return [
    'DELETE FROM record_counts',
    `INSERT INTO record_counts (kind, org_id, stage, n)
      SELECT 'lead', owner_org_id, stage, count(*) FROM leads GROUP BY owner_org_id, stage`,
    `INSERT INTO record_counts (kind, org_id, stage, n)
      SELECT 'lead_county', org_id, stage, count(*) FROM lead_counties GROUP BY org_id, stage`,
    `INSERT INTO record_counts (kind, org_id, stage, n)
      SELECT 'lead_county_owned', c.org_id, l.stage, count(*) FROM lead_counties c
      JOIN leads l ON l.id = c.lead_id AND l.owner_org_id = c.org_id GROUP BY c.org_id, l.stage`,
    `INSERT INTO record_counts (kind, org_id, stage, n)
      SELECT 'project', county_org_id, stage, count(*) FROM projects GROUP BY county_org_id, stage`,
  ];
}

/** A kept count: of one organisation's (or every) records of a kind, in the stages given (or all). */
export async function keptCount(
  db: Kysely<Database>,
  kind: CountKind,
  orgId?: number,
  stages?: readonly string[],
): Promise<number> {
  let q = db.selectFrom('record_counts').where('kind', '=', kind);
  if (orgId !== undefined) q = q.where('org_id', '=', orgId);
  if (stages?.length) q = q.where('stage', 'in', stages);
  const row = await q.select((eb) => eb.fn.sum<number>('n').as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function rebuildRecordCounts(db: Kysely<any>) {
  for (const statement of recordCountsRebuild()) await sql.raw(statement).execute(db);
}
