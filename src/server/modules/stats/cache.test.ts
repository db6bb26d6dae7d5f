import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createDb } from '../../db/index.js';
import { asReadingRequest } from '../../db/perRequest.js';
import { appForFile, dialects, login, orgIdByName, type Session, type TestApp } from '../../test/helpers.js';
import { readPolicies } from '../sla/policies.js';
import { dataVersion } from './cache.js';

const YI = 100_000_000;
const PERIOD = 'from=2024-01-01&to=2024-07-02';

describe.each(dialects())('statistics answered from the cache, never stale (%s)', (dialect) => {
  let t: TestApp;
  let city: Session;
  let leader: Session;
  let taishan: number;
  const file = appForFile(dialect, { now: '2024-07-02T10:00:00+08:00' });
  beforeEach(async () => {
    t = await file.fresh();
    city = await login(t.app, 'city');
    leader = await login(t.app, 'leader');
    taishan = await orgIdByName(t.db, '台山市');
  });
  const dash = async (s: Session = leader) => (await s.call('GET', `/api/stats/dashboard?${PERIOD}`)).json();
  const targets = async () =>
    (await leader.call('GET', '/api/targets?year=2024')).json().items as {
      orgId: number;
      indicator: string;
      targetValue: number;
      actualValue: number | null;
    }[];

  it('a repeated view is the same answer; each kind of write gives the new figure at once', async () => {
    const before = await dash();
    expect(await dash()).toEqual(before);
    const version = await dataVersion(t.db.kysely);
    // Reading changes nothing.
    expect(await dataVersion(t.db.kysely)).toBe(version);

    // A project signed.
    const signed = await city.call('POST', '/api/projects', {
      name: '缓存测试项目',
      investorName: '江门缓存测试有限公司',
      countyOrgId: taishan,
      industryCode: '3841',
      totalInvestmentYuan: 3 * YI,
      signedOn: '2024-05-06',
    });
    expect(signed.statusCode, signed.body).toBe(201);
    const projectId = signed.json().project.id;
    const afterSign = await dash();
    expect(afterSign.pipeline.signed.count).toBe(before.pipeline.signed.count + 1);
    expect(afterSign.pipeline.signed.investmentYuan).toBe(before.pipeline.signed.investmentYuan + 3 * YI);

    // Its construction started.
    await city.call('POST', `/api/projects/${projectId}/milestones`, { stage: 'started', on: '2024-06-01' });
    expect((await dash()).pipeline.started.count).toBe(afterSign.pipeline.started.count + 1);

    // A coordination issue raised on it (open and, by now, overdue).
    const issue = await city.call('POST', `/api/projects/${projectId}/issues`, {
      category: 'land',
      description: '用地指标待落实',
      department: '市自然资源局',
      raisedAt: '2024-06-03T10:00:00+08:00',
    });
    expect(issue.statusCode, issue.body).toBe(201);
    const afterIssue = await dash();
    expect(afterIssue.overdue.issuesOpen).toBe(before.overdue.issuesOpen + 1);

    // A lead whose response clock has run out: one more overdue step; its response: one fewer.
    const lead = await city.call('POST', '/api/leads', {
      projectName: '缓存测试线索',
      investorName: '江门缓存线索有限公司',
      plannedInvestmentYuan: 2 * YI,
      referrer: { name: '县招商局', kind: 'county' },
      channel: 'county',
      receivedAt: '2024-06-03T10:00:00+08:00',
    });
    expect(lead.statusCode, lead.body).toBe(201);
    const afterLead = await dash();
    expect(afterLead.overdue.leadSteps).toBe(afterIssue.overdue.leadSteps + 1);
    const responded = await city.call('POST', `/api/leads/${lead.json().lead.id}/respond`, {
      ownerUserId: city.user.id,
      contactNote: '已电话联系投资方',
      at: '2024-07-02T10:00:00+08:00',
    });
    expect(responded.statusCode, responded.body).toBe(200);
    expect((await dash()).overdue.leadSteps).toBe(afterIssue.overdue.leadSteps);

    // A target set, and an entered indicator's value.
    const target = (await targets()).find((x) => x.orgId === taishan && x.indicator === 'gdp_growth');
    expect(
      (
        await city.call('PUT', '/api/targets', {
          year: 2024,
          orgId: taishan,
          indicator: 'gdp_growth',
          targetValue: 7,
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await targets()).find((x) => x.orgId === taishan && x.indicator === 'gdp_growth')?.targetValue,
    ).toBe(7);
    expect(target?.targetValue).not.toBe(7);
    await city.call('PUT', '/api/indicator-values', {
      orgId: taishan,
      indicator: 'gdp_growth',
      period: '2024-Q2',
      value: 8.4,
    });
    expect(
      (await targets()).find((x) => x.orgId === taishan && x.indicator === 'gdp_growth')?.actualValue,
    ).toBe(8.4);

    // A write no service made (a repair in SQL) is seen too: the database bumps the version.
    await sql`UPDATE projects SET total_investment_yuan = total_investment_yuan + ${YI} WHERE id = ${projectId}`.execute(
      t.db.kysely,
    );
    expect((await dash()).pipeline.signed.investmentYuan).toBe(afterSign.pipeline.signed.investmentYuan + YI);
    expect(await dataVersion(t.db.kysely)).toBeGreaterThan(version);
  });

  it('what is overdue moves at midnight without any write', async () => {
    await city.call('POST', '/api/leads', {
      projectName: '午夜线索',
      investorName: '江门午夜有限公司',
      plannedInvestmentYuan: 2 * YI,
      referrer: { name: '县招商局', kind: 'county' },
      channel: 'county',
      // Due by the end of Tuesday 07-02 (the next working day).
      receivedAt: '2024-07-01T10:00:00+08:00',
    });
    const today = (await dash()).overdue.leadSteps;
    t.clock.set('2024-07-03T00:30:00+08:00');
    leader = await login(t.app, 'leader');
    expect((await dash()).overdue.leadSteps).toBe(today + 1);
  });

  it('readers with other scopes never share an answer: a county sees its own figures', async () => {
    const taishanOfficer = await login(t.app, 'taishan');
    const heshan = await orgIdByName(t.db, '鹤山市');
    const signed = await city.call('POST', '/api/projects', {
      name: '鹤山项目',
      investorName: '鹤山缓存测试有限公司',
      countyOrgId: heshan,
      industryCode: '3841',
      totalInvestmentYuan: 3 * YI,
      signedOn: '2024-05-06',
    });
    expect(signed.statusCode, signed.body).toBe(201);
    const cityWide = await dash();
    const own = await dash(taishanOfficer);
    expect(own.pipeline.signed.count).toBeLessThan(cityWide.pipeline.signed.count);
    expect(await dash(taishanOfficer)).toEqual(own);
    expect(await dash()).toEqual(cityWide);
  });

  // Several processes share one database only on PostgreSQL (a SQLite file has one server).
  if (dialect === 'postgres') {
    it('the version counts every committed write and keeps its sum when folded', async () => {
      const before = await dataVersion(t.db.kysely);
      await sql`INSERT INTO data_changes SELECT FROM generate_series(1, 1500)`.execute(t.db.kysely);
      // Past 1,000 rows the reader folds them into the base: the sum stays, the rows go.
      expect(await dataVersion(t.db.kysely)).toBe(before + 1500);
      const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM data_changes`.execute(t.db.kysely);
      expect(Number(rows[0]!.n)).toBe(0);
      expect(await dataVersion(t.db.kysely)).toBe(before + 1500);
      // One statement, one count, however many rows it writes.
      await sql`UPDATE projects SET note = note`.execute(t.db.kysely);
      expect(await dataVersion(t.db.kysely)).toBe(before + 1501);
    });

    it('two processes on one database: a write through one is seen by the other', async () => {
      const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(t.db.kysely);
      const second = createDb(process.env.TEST_DATABASE_URL!, { schema: rows[0]!.schema });
      const other = await buildApp({
        db: second,
        clock: t.clock,
        loginRateLimit: 10_000,
        maxSessions: 10_000,
      });
      await other.ready();
      try {
        const leaderThere = await login(other, 'leader');
        const there = async () => (await leaderThere.call('GET', `/api/stats/dashboard?${PERIOD}`)).json();
        const before = await there();
        expect(await dash()).toEqual(before);
        const signed = await city.call('POST', '/api/projects', {
          name: '另一进程项目',
          investorName: '江门另一进程有限公司',
          countyOrgId: taishan,
          industryCode: '3841',
          totalInvestmentYuan: 5 * YI,
          signedOn: '2024-05-06',
        });
        expect(signed.statusCode, signed.body).toBe(201);
        expect((await there()).pipeline.signed.count).toBe(before.pipeline.signed.count + 1);
        // Reference data kept per process (the time limits): changed through this one, read there.
        const adminThere = await login(other, 'admin');
        const hours = async () =>
          (await adminThere.call('GET', '/api/sla/policies')).json().dueSoonWorkingHours as number;
        expect(await hours()).toBe(0);
        const admin = await login(t.app, 'admin');
        const put = await admin.call('PUT', '/api/sla/policies', {
          items: [{ step: 'response', amount: 2, unit: 'workday' }],
          dueSoonWorkingHours: 16,
        });
        expect(put.statusCode, put.body).toBe(200);
        expect(await hours()).toBe(16);
      } finally {
        await other.close();
        await second.destroy();
      }
    });
  }

  it('reference data is read once per data version, and again after a write', async () => {
    const version = await dataVersion(t.db.kysely);
    const first = await readPolicies(t.db.kysely);
    // The same object while nothing changed; a new one once a policy is written.
    expect(await readPolicies(t.db.kysely)).toBe(first);
    expect(Object.isFrozen(first.items)).toBe(true);
    const admin = await login(t.app, 'admin');
    await admin.call('PUT', '/api/sla/policies', {
      items: [{ step: 'response', amount: 2, unit: 'workday' }],
      dueSoonWorkingHours: 8,
    });
    expect(await dataVersion(t.db.kysely)).toBeGreaterThan(version);
    const after = await readPolicies(t.db.kysely);
    expect(after).not.toBe(first);
    expect(after.dueSoonWorkingHours).toBe(8);
    expect(after.items.find((p) => p.step === 'response')?.amount).toBe(2);
  });

  it('a reading request reads the data version once; a later request, a transaction and a write read it afresh', async () => {
    const bump = () => sql`UPDATE settings SET value = value`.execute(t.db.kysely);
    const before = await dataVersion(t.db.kysely);
    const seen = await new Promise<{ first: number; again: number; inside: number }>((resolve, reject) =>
      asReadingRequest(() => {
        (async () => {
          const first = await dataVersion(t.db.kysely);
          await bump();
          const again = await dataVersion(t.db.kysely);
          const inside = await t.db.kysely.transaction().execute((trx) => dataVersion(trx));
          return { first, again, inside };
        })().then(resolve, reject);
      }),
    );
    // Within the request: the version it first read; a transaction never takes it from the request.
    expect(seen.again).toBe(seen.first);
    expect(seen.inside).toBeGreaterThan(seen.first);
    expect(await dataVersion(t.db.kysely)).toBeGreaterThan(before);
  });

  it('a ledger page, the dashboard and the targets each read the data version once', async () => {
    let reads = 0;
    const counting = t.db.kysely.withPlugin({
      transformQuery: (args) => {
        if (JSON.stringify(args.node).includes('data_version')) reads++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const app = await buildApp({ db: { ...t.db, kysely: counting }, clock: t.clock, loginRateLimit: 10_000 });
    try {
      const officer = await login(app, 'city');
      for (const url of [
        '/api/leads?stage=following&pageSize=50',
        `/api/stats/dashboard?${PERIOD}`,
        '/api/targets?year=2024',
      ]) {
        reads = 0;
        expect((await officer.call('GET', url)).statusCode, url).toBe(200);
        expect([url, reads]).toEqual([url, 1]);
      }
    } finally {
      await app.close();
    }
  });
});
