import { describe, expect, it } from 'vitest';
import { buildTestApp, dialects, login } from '../test/helpers.js';
import { seedDemoLeads } from './leads.js';
import { amountsAddingUpTo, seedDemoProjects } from './projects.js';
import { seededRandom } from './random.js';

describe('demo amounts', () => {
  it('share a total exactly, each at least 1亿 in whole 万元', () => {
    const rnd = seededRandom(7);
    const out = amountsAddingUpTo(rnd, 201, 105_936_000_000);
    expect(out).toHaveLength(201);
    expect(out.reduce((a, b) => a + b, 0)).toBe(105_936_000_000);
    for (const v of out) {
      expect(v).toBeGreaterThanOrEqual(100_000_000);
      expect(v % 10_000).toBe(0);
    }
    expect(() => amountsAddingUpTo(rnd, 3, 200_000_000)).toThrow();
  });
});

describe.each(dialects())('demo Jiangmen (%s)', (dialect) => {
  it('tells the seed: Q1 2024 is 201 signed (近1060亿), 162 started (超880亿), 160 in production (超550亿)', async () => {
    const t = await buildTestApp(dialect, { now: '2026-11-29T10:00:00+08:00' });
    try {
      const now = t.clock.now();
      await seedDemoLeads(t.db.kysely, now);
      const result = await seedDemoProjects(t.db.kysely, now);
      expect(result.projects).toBeGreaterThan(1500);
      expect(await seedDemoProjects(t.db.kysely, now)).toMatchObject({
        projects: 0,
        skipped: 'already seeded',
      });
      const leader = await login(t.app, 'leader');
      const res = await leader.call('GET', '/api/stats/pipeline?from=2024-01-01&to=2024-03-31');
      expect(res.statusCode).toBe(200);
      const q1 = res.json();
      expect(q1.signed.count).toBe(201);
      expect(q1.signed.investmentYuan).toBeGreaterThan(105_000_000_000);
      expect(q1.signed.investmentYuan).toBeLessThan(106_000_000_000);
      expect(q1.started.count).toBe(162);
      expect(q1.started.investmentYuan).toBeGreaterThan(88_000_000_000);
      expect(q1.inProduction.count).toBe(160);
      expect(q1.inProduction.investmentYuan).toBeGreaterThan(55_000_000_000);
      // Spread over the seven counties; the counties add up to the city.
      expect(q1.byCounty).toHaveLength(7);
      for (const c of q1.byCounty) expect(c.signed.count).toBeGreaterThan(5);
      expect(q1.byCounty.reduce((a: number, c: { signed: { count: number } }) => a + c.signed.count, 0)).toBe(
        201,
      );
      const report = (await leader.call('GET', '/api/stats/report?period=2024-Q1')).json();
      expect(report.headline).toBe(
        '2024年一季度签约项目201个，总投资额近1060亿元；动工项目162个，总投资额超880亿元；投产项目160个，总投资额超550亿元。',
      );
      // The seed's targets and the 2023 city figures are there, with progress computed.
      const targets = (await leader.call('GET', '/api/targets?year=2024')).json();
      const heshan = targets.items.find(
        (i: { orgName: string; indicator: string }) =>
          i.orgName === '鹤山市' && i.indicator === 'signed_count',
      );
      expect(heshan).toMatchObject({ targetValue: 68, timeElapsedRate: 1 });
      expect(heshan.actualValue).toBeGreaterThan(0);
      const taishanGdp = targets.items.find(
        (i: { orgName: string; indicator: string }) => i.orgName === '台山市' && i.indicator === 'gdp_growth',
      );
      expect(taishanGdp).toMatchObject({
        targetValue: 6,
        actualValue: 6.4,
        period: '2024-Q4',
        behind: false,
      });
      const values = (await leader.call('GET', '/api/indicator-values?year=2023')).json();
      expect(values.items.find((v: { indicator: string }) => v.indicator === 'gdp_yuan').value).toBe(
        402_225_000_000,
      );
      const issues = (await leader.call('GET', '/api/coordination-issues?status=open')).json();
      expect(issues.items.length).toBeGreaterThan(3);
    } finally {
      await t.close();
    }
  }, 120_000);
});
