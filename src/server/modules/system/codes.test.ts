/**
 * Codes that tell a county nothing of other counties' records: a county's leads and projects are
 * numbered within the county (its division code in the code), the city's city-wide.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { appForFile, dialects, login, orgIdByName, type TestApp } from '../../test/helpers.js';

describe.each(dialects())('record codes (%s)', (dialect) => {
  let t: TestApp;
  const file = appForFile(dialect, { now: '2026-03-02T10:00:00+08:00' });
  beforeEach(async () => {
    t = await file.fresh();
  });
  let n = 0;
  const lead = (channel: string) => ({
    projectName: `编号测试项目${++n}`,
    investorName: `编号测试投资${n}有限公司`,
    plannedInvestmentYuan: 300_000_000,
    referrer: { name: '周顾问', kind: 'resident_team' },
    channel,
  });

  it('a county’s registrations count only that county; the city’s count city-wide', async () => {
    const taishan = await login(t.app, 'taishan');
    const heshan = await login(t.app, 'heshan');
    const city = await login(t.app, 'city');
    const codeOf = async (s: typeof city, channel: string) =>
      (await s.call('POST', '/api/leads', lead(channel))).json().lead.code as string;
    expect(await codeOf(taishan, 'county')).toBe('JM-440781-2026-0001');
    expect(await codeOf(heshan, 'county')).toBe('JM-440784-2026-0001');
    expect(await codeOf(city, 'resident_team')).toBe('JM-2026-0001');
    expect(await codeOf(heshan, 'county')).toBe('JM-440784-2026-0002');
    // Taishan's next number is its own second registration, whatever the others did meanwhile.
    expect(await codeOf(taishan, 'county')).toBe('JM-440781-2026-0002');
    expect(await codeOf(city, 'resident_team')).toBe('JM-2026-0002');
  });

  it('projects are numbered within their county, whoever enters them', async () => {
    const city = await login(t.app, 'city');
    const project = (county: number, name: string) => ({
      name,
      investorName: `${name}投资有限公司`,
      countyOrgId: county,
      totalInvestmentYuan: 500_000_000,
      signedOn: '2026-02-10',
      industryCode: '3841',
    });
    const taishan = await orgIdByName(t.db, '台山市');
    const kaiping = await orgIdByName(t.db, '开平市');
    const codes = [];
    for (const [county, name] of [
      [taishan, '台山一号'],
      [kaiping, '开平一号'],
      [taishan, '台山二号'],
    ] as const) {
      const res = await city.call('POST', '/api/projects', project(county, name));
      expect(res.statusCode, res.body).toBe(201);
      codes.push(res.json().project.code);
    }
    expect(codes).toEqual(['JM-P-440781-2026-0001', 'JM-P-440783-2026-0001', 'JM-P-440781-2026-0002']);
  });
});
