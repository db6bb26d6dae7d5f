import { type Kysely, sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/tables.js';
import { seedDemoLeads } from '../../demo/leads.js';
import { seedDemoProjects } from '../../demo/projects.js';
import { afterRebuild, appForFile, dialects, login, orgIdByName, type TestApp } from '../../test/helpers.js';
import { recordCountsRebuild } from './recordCounts.js';

/** The kept counts that are not zero, in a fixed order. */
async function kept(db: Kysely<Database>) {
  const { rows } = await sql<{ kind: string; org_id: number; stage: string; n: number }>`SELECT kind, org_id,
      stage, n FROM record_counts WHERE n <> 0 ORDER BY kind, org_id, stage`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** The same as made again from the records (what the triggers must have kept). */
const rebuilt = (db: Kysely<Database>) => afterRebuild(db, recordCountsRebuild(), kept);

describe.each(dialects())('kept counts of leads, dispatches and projects (%s)', (dialect) => {
  let t: TestApp;
  const now = '2024-07-02T10:00:00+08:00';
  const file = appForFile(dialect, { now });
  beforeEach(async () => {
    t = await file.fresh();
    // The demo's leads through every step and its projects, made through the services.
    await seedDemoLeads(t.db.kysely, new Date(now));
    await seedDemoProjects(t.db.kysely, new Date(now));
  });

  it('the triggers keep them as the records are, and the lists total them without counting', async () => {
    const k = t.db.kysely;
    const demo = await kept(k);
    expect(demo.some((r) => r.kind === 'lead_county')).toBe(true);
    expect(await rebuilt(k)).toEqual(demo);

    // A county's own lead dispatched to itself (counted once in its ledger), moved on, handed over.
    const taishan = await orgIdByName(t.db, '台山市');
    const kaiping = await orgIdByName(t.db, '开平市');
    const { id } = await k
      .selectFrom('leads')
      .select('id')
      .where('stage', '=', 'following')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await sql`DELETE FROM lead_counties WHERE lead_id = ${id}`.execute(k);
    await sql`UPDATE leads SET owner_org_id = ${taishan} WHERE id = ${id}`.execute(k);
    await sql`INSERT INTO lead_counties (lead_id, org_id, stage, received_at)
      VALUES (${id}, ${taishan}, 'following', '2024-06-01T02:00:00.000Z')`.execute(k);
    expect(await kept(k)).toEqual(await rebuilt(k));
    expect((await kept(k)).find((r) => r.kind === 'lead_county_owned')).toMatchObject({
      org_id: taishan,
      n: 1,
    });
    await sql`UPDATE leads SET stage = 'signed' WHERE id = ${id}`.execute(k);
    await sql`UPDATE lead_counties SET stage = 'signed' WHERE lead_id = ${id}`.execute(k);
    expect(await kept(k)).toEqual(await rebuilt(k));
    await sql`UPDATE leads SET owner_org_id = ${kaiping} WHERE id = ${id}`.execute(k);
    await sql`UPDATE lead_counties SET org_id = ${kaiping} WHERE lead_id = ${id}`.execute(k);
    expect(await kept(k)).toEqual(await rebuilt(k));
    // A project moved to another county and stage, then deleted.
    const project = await k.selectFrom('projects').select('id').orderBy('id').executeTakeFirstOrThrow();
    await sql`UPDATE projects SET county_org_id = ${kaiping}, stage = 'in_production' WHERE id = ${project.id}`.execute(
      k,
    );
    expect(await kept(k)).toEqual(await rebuilt(k));

    // The lists' totals (first views: the cache cannot answer) are the records' own counts.
    const count = async (q: string) =>
      Number((await sql<{ n: number }>`${sql.raw(q)}`.execute(k)).rows[0]!.n);
    const city = await login(t.app, 'city');
    const county = await login(t.app, 'taishan');
    const total = async (s: typeof city, path: string) => {
      const res = await s.call('GET', path);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().total as number;
    };
    expect(await total(city, '/api/leads')).toBe(await count('SELECT count(*) AS n FROM leads'));
    expect(await total(city, '/api/leads?stage=following,signed')).toBe(
      await count("SELECT count(*) AS n FROM leads WHERE stage IN ('following', 'signed')"),
    );
    expect(await total(city, `/api/leads?countyOrgId=${taishan}&stage=following`)).toBe(
      await count(
        `SELECT count(*) AS n FROM lead_counties WHERE org_id = ${taishan} AND stage = 'following'`,
      ),
    );
    const theirs = `SELECT id FROM leads WHERE owner_org_id = ${taishan}
      UNION SELECT lead_id FROM lead_counties WHERE org_id = ${taishan}`;
    expect(await total(county, '/api/leads')).toBe(await count(`SELECT count(*) AS n FROM (${theirs}) x`));
    expect(await total(city, '/api/projects')).toBe(await count('SELECT count(*) AS n FROM projects'));
  });
});
