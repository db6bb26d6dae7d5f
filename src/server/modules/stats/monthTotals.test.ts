import { type Kysely, sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import type { Database } from '../../db/tables.js';
import { seedDemoProjects } from '../../demo/projects.js';
import {
  afterRebuild,
  appForFile,
  dialects,
  login,
  orgIdByName,
  type Session,
  type TestApp,
} from '../../test/helpers.js';
import { monthTotalsRebuild } from './monthTotals.js';

const YI = 100_000_000;

/** The kept totals, rows with projects in them, in a fixed order. */
async function kept(db: Kysely<Database>) {
  const { rows } = await sql<Record<string, unknown>>`SELECT stage, month, county_org_id, park_org_id, cls,
      industry_code, is_manufacturing, n, total FROM project_month_totals WHERE n <> 0
    ORDER BY stage, month, county_org_id, park_org_id, cls, industry_code, is_manufacturing`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n), total: Number(r.total) }));
}

/** The same as made again from the records (what the triggers must have kept). */
const rebuilt = (db: Kysely<Database>) => afterRebuild(db, monthTotalsRebuild(), kept);

describe.each(dialects())('per-month totals of the projects (%s)', (dialect) => {
  let t: TestApp;
  let city: Session;
  let leader: Session;
  const now = '2024-07-02T10:00:00+08:00';
  const file = appForFile(dialect, { now });
  beforeEach(async () => {
    t = await file.fresh();
    // The demo's projects, made through the services (their triggers keep the totals).
    await seedDemoProjects(t.db.kysely, new Date(now));
    city = await login(t.app, 'city');
    leader = await login(t.app, 'leader');
  });

  it('the triggers keep them as the projects are: signed, moved, edited, deleted', async () => {
    const k = t.db.kysely;
    // The demo's projects: the totals already match.
    const demo = await kept(k);
    expect(demo.length).toBeGreaterThan(100);
    expect(await rebuilt(k)).toEqual(demo);

    const taishan = await orgIdByName(t.db, '台山市');
    const heshan = await orgIdByName(t.db, '鹤山市');
    const res = await city.call('POST', '/api/projects', {
      name: '月度合计测试项目',
      investorName: '江门月度合计测试有限公司',
      countyOrgId: taishan,
      industryCode: '3841',
      totalInvestmentYuan: 12 * YI,
      signedOn: '2024-05-06',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().project.id as number;
    const started = await city.call('POST', `/api/projects/${id}/milestones`, {
      stage: 'started',
      on: '2024-06-01',
    });
    expect(started.statusCode, started.body).toBe(200);
    expect(await kept(k)).toEqual(await rebuilt(k));
    expect(await kept(k)).not.toEqual(demo);

    // Every watched column changed at once: another county, month, class, industry, no industry.
    await sql`UPDATE projects SET county_org_id = ${heshan}, signed_on = '2024-04-30', total_investment_yuan = ${
      5 * YI
    }, industry_code = NULL, is_manufacturing = 0 WHERE id = ${id}`.execute(k);
    expect(await kept(k)).toEqual(await rebuilt(k));
    // A column the totals do not watch leaves them alone.
    await sql`UPDATE projects SET note = '无关' WHERE id = ${id}`.execute(k);
    expect(await kept(k)).toEqual(await rebuilt(k));

    await sql`DELETE FROM project_months WHERE project_id = ${id}`.execute(k);
    await sql`DELETE FROM project_status_changes WHERE project_id = ${id}`.execute(k);
    await sql`DELETE FROM record_clusters WHERE entity_type = 'project' AND entity_id = ${id}`.execute(k);
    await sql`DELETE FROM projects WHERE id = ${id}`.execute(k);
    expect(await kept(k)).toEqual(demo);
  });

  /** The pipeline's answer for a period equals the projects counted by stage, county and month. */
  async function expectAsCounted(answer: any, from: string, to: string) {
    for (const [stage, col] of [
      ['signed', 'signed_on'],
      ['started', 'started_on'],
      ['inProduction', 'in_production_on'],
    ] as const) {
      const { rows } = await sql<{ county: number; month: string; n: number; total: number }>`SELECT
          county_org_id AS county, substr(${sql.ref(col)}, 1, 7) AS month, count(*) AS n,
          sum(total_investment_yuan) AS total
        FROM projects WHERE ${sql.ref(col)} >= ${from} AND ${sql.ref(col)} <= ${to}
        GROUP BY county_org_id, substr(${sql.ref(col)}, 1, 7)`.execute(t.db.kysely);
      const sum = (pick: (r: (typeof rows)[number]) => boolean) =>
        rows
          .filter(pick)
          .reduce(
            (a, r) => ({ count: a.count + Number(r.n), investmentYuan: a.investmentYuan + Number(r.total) }),
            {
              count: 0,
              investmentYuan: 0,
            },
          );
      expect(answer[stage]).toEqual(sum(() => true));
      expect(answer[stage].count).toBeGreaterThan(0);
      for (const c of answer.byCounty)
        expect(c[stage], `${stage} ${c.orgId}`).toEqual(sum((r) => r.county === c.orgId));
      for (const m of answer.byMonth)
        expect(m[stage], `${stage} ${m.month}`).toEqual(sum((r) => r.month === m.month));
    }
  }

  it('a period with odd days at both ends counts as the projects do', async () => {
    const from = '2024-01-15';
    const to = '2024-06-20';
    const answer = (
      await leader.call('GET', `/api/stats/pipeline?from=${from}&to=${to}&breakdowns=true`)
    ).json();
    await expectAsCounted(answer, from, to);
  });

  it('the year to date, ending today, is read from the kept totals alone, unless its month goes on', async () => {
    // The statements that group the projects themselves, seen as the app sends them.
    let grouped = 0;
    const watching = t.db.kysely.withPlugin({
      transformQuery: ({ node }) => {
        const text = JSON.stringify(node);
        if (node.kind === 'SelectQueryNode' && 'groupBy' in node && node.groupBy) {
          if (/"table":\{[^}]*"name":"projects"/.test(text)) grouped++;
        }
        return node;
      },
      transformResult: async (args) => args.result,
    });
    const app = await buildApp({ db: { ...t.db, kysely: watching }, clock: t.clock, loginRateLimit: 10_000 });
    try {
      const viewer = await login(app, 'leader');
      const ask = async (from: string, to: string) => {
        grouped = 0;
        const res = await viewer.call('GET', `/api/stats/pipeline?from=${from}&to=${to}&breakdowns=true`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json();
      };
      // Today is 2 July: nothing is signed, started or in production after it, so July is read whole.
      await expectAsCounted(await ask('2024-01-01', '2024-07-02'), '2024-01-01', '2024-07-02');
      expect(grouped).toBe(0);
      // A period ending earlier in a month that goes on groups that month's days.
      await expectAsCounted(await ask('2024-01-01', '2024-06-20'), '2024-01-01', '2024-06-20');
      expect(grouped).toBeGreaterThan(0);
      // A project dated after today (an entry mistake) is seen by the probe and left out.
      await sql`UPDATE projects SET signed_on = '2024-07-20'
        WHERE id = (SELECT min(id) FROM projects WHERE signed_on >= '2024-06-01')`.execute(t.db.kysely);
      await expectAsCounted(await ask('2024-01-01', '2024-07-02'), '2024-01-01', '2024-07-02');
      expect(grouped).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
