/**
 * Inputs that once answered 500 (found by probing and by the fuzzer), each now refused with 400 or
 * 422 naming the field, on both databases; and inputs that were accepted but wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoLeads } from '../demo/leads.js';
import { buildTestApp, dialects, login, orgIdByName, type Session, type TestApp } from '../test/helpers.js';

describe.each(dialects())('inputs refused with the field named (%s)', (dialect) => {
  let t: TestApp;
  let city: Session;
  let admin: Session;
  let leader: Session;
  let projectId: number;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    // Leads at every stage, and the projects the signed ones became, for the requests to act on.
    await seedDemoLeads(t.db.kysely, t.clock.now(), { count: 60 });
    city = await login(t.app, 'city');
    admin = await login(t.app, 'admin');
    leader = await login(t.app, 'leader');
    projectId = (await city.call('GET', '/api/projects?pageSize=1')).json().items[0].id;
  });
  afterAll(() => t.close());

  const lead = (over: Record<string, unknown>) => ({
    projectName: '输入检查项目',
    investorName: '输入检查投资有限公司',
    plannedInvestmentYuan: 300_000_000,
    referrer: { name: '周顾问', kind: 'resident_team' },
    channel: 'resident_team',
    ...over,
  });

  /** The answer is a 4xx whose details name `field`. */
  const refused = async (res: Promise<{ statusCode: number; json(): unknown }>, field: string) => {
    const r = await res;
    expect(r.statusCode, JSON.stringify(r.json())).toBeGreaterThanOrEqual(400);
    expect(r.statusCode).toBeLessThan(500);
    const body = r.json() as { error: { details?: { path: string; message: string }[] } };
    expect(body.error.details?.map((d) => d.path)).toContain(field);
    return body.error.details!.find((d) => d.path === field)!.message;
  };

  it('dates and instants outside the calendar, or that do not exist', async () => {
    expect(
      await refused(
        city.call('POST', '/api/leads', lead({ receivedAt: '1970-01-01T10:00:00+08:00' })),
        'receivedAt',
      ),
    ).toContain('2000');
    // 30 February is not 1 March.
    await refused(
      city.call('POST', '/api/leads', lead({ receivedAt: '2024-02-30T10:00:00Z' })),
      'receivedAt',
    );
    await refused(
      city.call('POST', `/api/projects/${projectId}/issues`, {
        category: 'land',
        description: '用地指标未落实',
        raisedAt: '1999-01-01T10:00:00+08:00',
      }),
      'raisedAt',
    );
    await refused(
      city.call('GET', '/api/calendar/deadline?start=2101-01-01T10:00:00%2B08:00&amount=1&unit=workday'),
      'start',
    );
    expect(
      await refused(leader.call('GET', '/api/stats/dashboard?from=2026-01-01&to=9999-12-31'), 'to'),
    ).toContain('2100');
    await refused(leader.call('GET', '/api/reports/weekly?weekOf=9999-12-31'), 'weekOf');
    await refused(leader.call('GET', '/api/reports/weekly.xlsx?weekOf=9999-12-31'), 'weekOf');
    await refused(leader.call('GET', '/api/reports/sla?from=2023-01-19&to=9999-12-31'), 'to');
  });

  it('references to records that do not exist', async () => {
    await refused(
      city.call('POST', '/api/chains', { name: '不存在的集群链', clusterId: 99_999 }),
      'clusterId',
    );
    const link = (await city.call('GET', '/api/chains/1')).json().links[0].id;
    await refused(
      city.call('POST', `/api/chain-links/${link}/firms`, { name: '某企业', kind: 'local', orgId: 99_999 }),
      'orgId',
    );
    await refused(
      city.call('POST', '/api/clusters', {
        kind: 'county_specialty',
        name: '不存在的县特色',
        codes: ['3841'],
        orgId: 99_999,
      }),
      'orgId',
    );
    // Ids beyond the database's integer (PostgreSQL's ends at 2³¹ − 1).
    await refused(city.call('POST', '/api/chains', { name: '大数', clusterId: 2 ** 31 }), 'clusterId');
    await refused(admin.call('GET', `/api/users?orgId=${2 ** 31}`), 'orgId');
    expect((await city.call('GET', `/api/leads/${2 ** 31}`)).statusCode).toBe(400);
  });

  it('a lead is signed into a county or platform, never a resident team or an organisation that does not exist', async () => {
    const following = await t.db.kysely
      .selectFrom('leads')
      .select(['id', 'version'])
      .where('stage', '=', 'following')
      .executeTakeFirstOrThrow();
    const team = await orgIdByName(t.db, '驻深圳招商组');
    for (const countyOrgId of [team, 99_999])
      await refused(
        city.call('POST', `/api/leads/${following.id}/sign`, { version: following.version, countyOrgId }),
        'countyOrgId',
      );
    const after = await t.db.kysely
      .selectFrom('leads')
      .select('stage')
      .where('id', '=', following.id)
      .executeTakeFirstOrThrow();
    expect(after.stage).toBe('following');
  });

  it('a NUL character in any text is refused, not sent to the database', async () => {
    expect(await refused(city.call('POST', '/api/chains', { name: 'a\u0000b' }), 'name')).toContain('U+0000');
    await refused(city.call('GET', '/api/leads?q=%00'), 'q');
    await refused(
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: '\u0000', password: 'x' },
      }),
      'username',
    );
  });

  it('my work as a leader or referrer is refused by ability, not by a failed query', async () => {
    for (const who of ['leader', 'referrer']) {
      const s = await login(t.app, who);
      expect((await s.call('GET', '/api/leads/my-work')).statusCode).toBe(403);
    }
  });
});
