import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { roundedYi, sameTimeLastYear, timeElapsedRate } from '../../../core/periods.js';
import { progressColour, progressOf } from '../../../core/targets.js';
import {
  appForFile,
  dialects,
  lastAudit,
  login,
  orgIdByName,
  type Session,
  type TestApp,
} from '../../test/helpers.js';
import { headline, periodLabel } from './dashboard.js';

const YI = 100_000_000;

describe('periods and progress (pure)', () => {
  it('time elapsed counts the day asked about; leap years have 366 days', () => {
    expect(timeElapsedRate(2024, '2024-03-31')).toBeCloseTo(91 / 366, 10);
    expect(timeElapsedRate(2023, '2023-12-31')).toBe(1);
    expect(timeElapsedRate(2024, '2023-12-31')).toBe(0);
    expect(timeElapsedRate(2025, '2025-07-02')).toBeCloseTo(183 / 365, 10);
  });
  it('rounds like the seed: 近1060亿元 / 超880亿元 / 超550亿元', () => {
    expect(roundedYi(1059.36 * YI).zh).toBe('近1060亿元');
    expect(roundedYi(884.12 * YI).zh).toBe('超880亿元');
    expect(roundedYi(553.17 * YI).zh).toBe('超550亿元');
    expect(roundedYi(1050 * YI).zh).toBe('1050亿元');
    expect(roundedYi(3.5 * YI).zh).toBe('3.5亿元');
    expect(periodLabel('2024-Q1')).toBe('2024年一季度');
    expect(periodLabel('2024')).toBe('2024年');
    expect(periodLabel('2024-03')).toBe('2024年3月');
    expect(sameTimeLastYear({ from: '2024-01-01', to: '2024-02-29' })).toEqual({
      from: '2023-01-01',
      to: '2023-02-28',
    });
    const f = (count: number, yi: number) => ({ count, investmentYuan: yi * YI });
    expect(
      headline('一季度', { signed: f(201, 1059.36), started: f(162, 884.12), inProduction: f(160, 553.17) }),
    ).toBe(
      '一季度签约项目201个，总投资额近1060亿元；动工项目162个，总投资额超880亿元；投产项目160个，总投资额超550亿元。',
    );
  });
  it('behind: a count below the time elapsed; a rate below its target', () => {
    expect(progressOf({ kind: 'cumulative' }, 68, 20, 0.5)).toMatchObject({ behind: true });
    expect(progressOf({ kind: 'cumulative' }, 68, 40, 0.5)).toMatchObject({ behind: false });
    expect(progressOf({ kind: 'rate' }, 6, 5.8, 0.9)).toMatchObject({ behind: true });
    expect(progressOf({ kind: 'rate' }, 6, 6.1, 0.1)).toMatchObject({ behind: false });
    expect(progressOf({ kind: 'cumulative' }, 68, null, 0.5)).toMatchObject({
      completionRate: null,
      behind: false,
    });
    expect(progressColour({ kind: 'cumulative' }, progressOf({ kind: 'cumulative' }, 100, 30, 0.5))).toBe(
      'red',
    );
    expect(progressColour({ kind: 'cumulative' }, progressOf({ kind: 'cumulative' }, 100, 45, 0.5))).toBe(
      'amber',
    );
    expect(progressColour({ kind: 'cumulative' }, progressOf({ kind: 'cumulative' }, 100, 55, 0.5))).toBe(
      'green',
    );
  });
});

describe.each(dialects())('statistics and targets (%s)', (dialect) => {
  let t: TestApp;
  let city: Session;
  let leader: Session;
  let taishanOfficer: Session;
  let taishan: number;
  let heshan: number;
  const file = appForFile(dialect, { now: '2024-07-02T10:00:00+08:00' });
  beforeEach(async () => {
    t = await file.fresh();
    city = await login(t.app, 'city');
    leader = await login(t.app, 'leader');
    taishanOfficer = await login(t.app, 'taishan');
    taishan = await orgIdByName(t.db, '台山市');
    heshan = await orgIdByName(t.db, '鹤山市');
  });

  const project = async (
    countyOrgId: number,
    signedOn: string,
    yi: number,
    started?: string,
    produced?: string,
  ) => {
    const res = await city.call('POST', '/api/projects', {
      name: `项目${signedOn}${yi}`,
      investorName: `投资方${signedOn}${yi}${countyOrgId}`,
      countyOrgId,
      industryCode: '3841',
      totalInvestmentYuan: yi * YI,
      signedOn,
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().project.id;
    if (started) await city.call('POST', `/api/projects/${id}/milestones`, { stage: 'started', on: started });
    if (produced)
      await city.call('POST', `/api/projects/${id}/milestones`, { stage: 'in_production', on: produced });
    return id;
  };

  it('counts projects whose date falls in the period: edges included, start and production in one quarter', async () => {
    await project(taishan, '2023-12-31', 2); // before
    await project(taishan, '2024-01-01', 3, '2024-02-10', '2024-03-31'); // all three in Q1
    await project(heshan, '2024-03-31', 12); // last day
    await project(heshan, '2024-04-01', 5); // after
    await project(heshan, '2023-06-01', 0.5, '2024-04-01'); // a small one started after the quarter
    const q1 = (await leader.call('GET', '/api/stats/pipeline?from=2024-01-01&to=2024-03-31')).json();
    expect(q1.signed).toEqual({ count: 2, investmentYuan: 15 * YI });
    expect(q1.started).toEqual({ count: 1, investmentYuan: 3 * YI });
    expect(q1.inProduction).toEqual({ count: 1, investmentYuan: 3 * YI });
    expect(q1.byCounty).toHaveLength(7);
    const ts = q1.byCounty.find((c: { orgId: number }) => c.orgId === taishan);
    expect(ts).toEqual({
      orgId: taishan,
      signed: { count: 1, investmentYuan: 3 * YI },
      started: { count: 1, investmentYuan: 3 * YI },
      inProduction: { count: 1, investmentYuan: 3 * YI },
    });
    const full = (
      await leader.call('GET', '/api/stats/pipeline?from=2024-01-01&to=2024-06-30&breakdowns=true')
    ).json();
    expect(full.byMonth.map((m: { month: string }) => m.month)).toEqual([
      '2024-01',
      '2024-02',
      '2024-03',
      '2024-04',
      '2024-05',
      '2024-06',
    ]);
    expect(full.byMonth[3].signed.count).toBe(1);
    expect(full.byMonth[3].started).toEqual({ count: 1, investmentYuan: 0.5 * YI });
    expect(
      full.byClass.find((c: { projectClass: string }) => c.projectClass === 'major10').signed.count,
    ).toBe(1);
    expect(
      full.byClass.find((c: { projectClass: string }) => c.projectClass === 'below1').started.count,
    ).toBe(1);
    expect(full.byCluster.length).toBeGreaterThan(0);
    expect(full.byCluster[0].signed.count).toBe(3);
    expect(
      (await leader.call('GET', '/api/stats/pipeline?from=2024-04-01&to=2024-03-31')).json().error.details[0]
        .path,
    ).toBe('to');
  });

  it('a county officer gets its own figures only; asking for another county is 403', async () => {
    await project(taishan, '2024-02-01', 3);
    await project(heshan, '2024-02-01', 4);
    const own = (
      await taishanOfficer.call('GET', '/api/stats/pipeline?from=2024-01-01&to=2024-03-31')
    ).json();
    expect(own.signed).toEqual({ count: 1, investmentYuan: 3 * YI });
    expect(own.byCounty.map((c: { orgId: number }) => c.orgId)).toEqual([taishan]);
    const other = await taishanOfficer.call(
      'GET',
      `/api/stats/pipeline?from=2024-01-01&to=2024-03-31&orgId=${heshan}`,
    );
    expect(other.statusCode).toBe(403);
    const dash = (
      await taishanOfficer.call('GET', '/api/stats/dashboard?from=2024-01-01&to=2024-06-30')
    ).json();
    expect(dash.pipeline.signed.count).toBe(1);
    // A county's leader sees the county's figures as its officers do, not the city's.
    const countyLeader = await login(t.app, 'taishan_leader');
    const theirs = (
      await countyLeader.call('GET', '/api/stats/dashboard?from=2024-01-01&to=2024-06-30')
    ).json();
    expect(theirs.pipeline.signed).toEqual({ count: 1, investmentYuan: 3 * YI });
    expect(
      (await countyLeader.call('GET', `/api/stats/pipeline?from=2024-01-01&to=2024-03-31&orgId=${heshan}`))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await (
          await login(t.app, 'referrer')
        ).call('GET', '/api/stats/pipeline?from=2024-01-01&to=2024-03-31')
      ).statusCode,
    ).toBe(403);
  });

  it('the dashboard applies one organisation filter to every part: figures, overdue lead steps, issues', async () => {
    const inTaishan = await project(taishan, '2024-02-01', 3);
    const inHeshan = await project(heshan, '2024-03-01', 4);
    for (const id of [inTaishan, inHeshan]) {
      const res = await city.call('POST', `/api/projects/${id}/issues`, {
        category: 'land',
        description: '用地指标待落实',
        department: '市自然资源局',
        raisedAt: '2024-06-03T10:00:00+08:00',
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    // One overdue response for a lead each county registered itself.
    for (const who of ['taishan', 'heshan']) {
      const s = await login(t.app, who);
      const res = await s.call('POST', '/api/leads', {
        projectName: `${who} 新材料项目`,
        investorName: `${who}新材料有限公司`,
        plannedInvestmentYuan: 2 * YI,
        referrer: { name: '县招商局', kind: 'county' },
        channel: 'county',
        receivedAt: '2024-06-03T10:00:00+08:00',
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const dash = async (query: string) =>
      (await city.call('GET', `/api/stats/dashboard?from=2024-01-01&to=2024-07-02${query}`)).json();
    const all = await dash('');
    expect(all.pipeline.signed.count).toBe(2);
    expect(all.overdue).toMatchObject({ leadSteps: 2, issuesOpen: 2, issuesOverdue: 2 });
    const one = await dash(`&orgId=${taishan}`);
    expect(one.pipeline.signed).toEqual({ count: 1, investmentYuan: 3 * YI });
    expect(one.overdue).toMatchObject({ leadSteps: 1, issuesOpen: 1, issuesOverdue: 1 });
    expect(one.overdue.issues.map((i: { projectId: number }) => i.projectId)).toEqual([inTaishan]);
  });

  it('targets: completion against time elapsed, ranks, who entered what; a county sees its own', async () => {
    await project(heshan, '2024-02-01', 30);
    await project(heshan, '2024-05-01', 20);
    await project(taishan, '2024-03-01', 10);
    const put = (s: Session, body: Record<string, unknown>) => s.call('PUT', '/api/targets', body);
    expect(
      (await put(taishanOfficer, { year: 2024, orgId: taishan, indicator: 'signed_count', targetValue: 1 }))
        .statusCode,
    ).toBe(403);
    expect(
      (await put(city, { year: 2024, orgId: heshan, indicator: 'signed_count', targetValue: 4 })).statusCode,
    ).toBe(204);
    await put(city, { year: 2024, orgId: heshan, indicator: 'signed_yuan', targetValue: 300 * YI });
    await put(city, { year: 2024, orgId: taishan, indicator: 'signed_count', targetValue: 2 });
    await put(city, { year: 2024, orgId: taishan, indicator: 'gdp_growth', targetValue: 6 });
    const department = await orgIdByName(t.db, '江门市自然资源局');
    const notSigner = await put(city, {
      year: 2024,
      orgId: department,
      indicator: 'signed_count',
      targetValue: 6,
    });
    expect(notSigner.json().error.details[0].path).toBe('orgId');
    const bad = await put(city, { year: 2024, orgId: taishan, indicator: 'nonsense', targetValue: 6 });
    expect(bad.json().error.details[0].path).toBe('indicator');
    expect((await lastAudit(t.db))[0]!.action).toBe('target.set');
    const badPeriod = await city.call('PUT', '/api/indicator-values', {
      orgId: taishan,
      indicator: 'gdp_growth',
      period: '2024-Q5',
      value: 5,
    });
    expect(badPeriod.json().error.details[0].path).toBe('period');
    const computedIndicator = await city.call('PUT', '/api/indicator-values', {
      orgId: taishan,
      indicator: 'signed_count',
      period: '2024-Q1',
      value: 5,
    });
    expect(computedIndicator.statusCode).toBe(400);
    await city.call('PUT', '/api/indicator-values', {
      orgId: taishan,
      indicator: 'gdp_growth',
      period: '2024-Q1',
      value: 5.2,
    });
    await city.call('PUT', '/api/indicator-values', {
      orgId: taishan,
      indicator: 'gdp_growth',
      period: '2024-Q2',
      value: 6.1,
    });

    // As of 31 March: the second-quarter return is not in yet.
    const march = (await leader.call('GET', '/api/targets?year=2024&asOf=2024-03-31')).json();
    expect(march.timeElapsedRate).toBeCloseTo(91 / 366, 10);
    const find = (r: { items: { orgId: number; indicator: string }[] }, orgId: number, indicator: string) =>
      r.items.find((i) => i.orgId === orgId && i.indicator === indicator) as Record<string, unknown>;
    expect(find(march, heshan, 'signed_count')).toMatchObject({
      actualValue: 1,
      completionRate: 0.25,
      behind: false,
      rank: 2,
    });
    expect(find(march, taishan, 'signed_count')).toMatchObject({
      actualValue: 1,
      completionRate: 0.5,
      rank: 1,
    });
    expect(find(march, heshan, 'signed_yuan')).toMatchObject({
      actualValue: 30 * YI,
      behind: true,
      colour: 'red',
    });
    expect(find(march, taishan, 'gdp_growth')).toMatchObject({
      actualValue: 5.2,
      period: '2024-Q1',
      behind: true,
      enteredByName: '陈招商（市投促中心）',
    });
    // Today (2 July): both heshan projects, the Q2 return.
    const now = (await leader.call('GET', '/api/targets?year=2024')).json();
    expect(now.asOf).toBe('2024-07-02');
    expect(find(now, heshan, 'signed_count')).toMatchObject({
      actualValue: 2,
      completionRate: 0.5,
      behind: true,
    });
    expect(find(now, taishan, 'gdp_growth')).toMatchObject({
      actualValue: 6.1,
      behind: false,
      colour: 'green',
    });
    const own = (await taishanOfficer.call('GET', '/api/targets?year=2024')).json();
    expect(new Set(own.items.map((i: { orgId: number }) => i.orgId))).toEqual(new Set([taishan]));
    // Ranked among one, 台山 would always be first: a county alone in view gets no rank.
    expect(find(own, taishan, 'signed_count')).toMatchObject({ actualValue: 1, rank: null });
    const gdp = find(now, taishan, 'gdp_growth') as { id: number };
    expect((await taishanOfficer.call('DELETE', `/api/targets/${gdp.id}`)).statusCode).toBe(403);
    expect((await city.call('DELETE', `/api/targets/${gdp.id}`)).statusCode).toBe(204);
    expect((await lastAudit(t.db))[0]!.action).toBe('target.deleted');
    expect(
      find((await leader.call('GET', '/api/targets?year=2024')).json(), taishan, 'gdp_growth'),
    ).toBeUndefined();
    const dash = (await leader.call('GET', '/api/stats/dashboard?from=2024-01-01&to=2024-07-02')).json();
    expect(
      dash.targets.behind.map((b: { orgId: number; indicator: string }) => `${b.orgId}/${b.indicator}`),
    ).toContain(`${heshan}/signed_count`);
  });

  it('the target table uploads as xlsx: any bad cell changes nothing; a good file saves every row', async () => {
    const template = await city.call('GET', '/api/targets/template.xlsx?year=2024');
    expect(template.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, '组织', '指标', '单位', '目标值', '备注']);
    // Fill 鹤山's two rows, break another.
    for (let r = 2; r <= ws.rowCount; r++) {
      if (ws.getCell(r, 1).value === '鹤山市')
        ws.getCell(r, 4).value = ws.getCell(r, 3).value === '亿元' ? 300 : 68;
    }
    ws.addRow(['鹤山市', '不存在的指标', '', 5]);
    ws.addRow(['某某县', '签约项目总投资', '亿元', 'abc']);
    const upload = async (w: ExcelJS.Workbook) =>
      city.call('POST', '/api/targets/import?year=2024', Buffer.from(await w.xlsx.writeBuffer()), {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
    const rejected = await upload(wb);
    expect(rejected.statusCode).toBe(400);
    const paths = rejected.json().error.details.map((d: { path: string }) => d.path);
    const n = ws.rowCount;
    expect(paths).toEqual([`B${n - 1}`, `A${n}`, `D${n}`]);
    expect((await leader.call('GET', '/api/targets?year=2024')).json().items).toEqual([]);
    for (const r of [n - 1, n]) for (let c = 1; c <= 4; c++) ws.getCell(r, c).value = null;
    const saved = await upload(wb);
    expect(saved.json()).toEqual({ saved: 2 });
    const items = (await leader.call('GET', '/api/targets?year=2024')).json().items;
    expect(
      items.map((i: { indicator: string; targetValue: number }) => [i.indicator, i.targetValue]).sort(),
    ).toEqual([
      ['signed_count', 68],
      ['signed_yuan', 300 * YI],
    ]);
    const notXlsx = await city.call('POST', '/api/targets/import?year=2024', Buffer.from('hello'), {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(notXlsx.json().error.details[0].path).toBe('file');
    expect((await taishanOfficer.call('GET', '/api/targets/template.xlsx?year=2024')).statusCode).toBe(403);
  });

  it('a rate typed in Excel as 75% (a percent-formatted 0.75, or the text "75%") is saved as 75%', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('2024年目标');
    ws.addRow(['组织', '指标', '单位', '目标值', '备注']);
    ws.addRow(['鹤山市', 'GDP增速', '%', 0.075]);
    ws.getCell('D2').numFmt = '0.0%';
    ws.addRow(['台山市', 'GDP增速', '%', '6%']);
    ws.addRow(['开平市', 'GDP增速', '%', 5.5]);
    const saved = await city.call(
      'POST',
      '/api/targets/import?year=2024',
      Buffer.from(await wb.xlsx.writeBuffer()),
      {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    );
    expect(saved.statusCode, saved.body).toBe(200);
    const items = (await city.call('GET', '/api/targets?year=2024')).json().items;
    const kaiping = await orgIdByName(t.db, '开平市');
    expect(
      Object.fromEntries(items.map((i: { orgId: number; targetValue: number }) => [i.orgId, i.targetValue])),
    ).toEqual({ [heshan]: 7.5, [taishan]: 6, [kaiping]: 5.5 });
  });

  it('the period report: the seed sentence, tables by county and cluster, an xlsx that opens', async () => {
    await project(taishan, '2024-01-05', 12, '2024-02-01');
    await project(heshan, '2023-02-01', 4);
    const report = (await leader.call('GET', '/api/stats/report?period=2024-Q1')).json();
    expect(report.headline).toBe(
      '2024年一季度签约项目1个，总投资额超10亿元；动工项目1个，总投资额超10亿元；投产项目0个，总投资额0亿元。',
    );
    expect(report.lastYear.signed.count).toBe(1);
    const xlsx = await leader.call('GET', '/api/stats/report.xlsx?period=2024-Q1');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '汇总',
      '分县（市、区）',
      '分产业集群',
      '分规模',
      '分月',
    ]);
    expect(wb.worksheets[0]!.getCell('A2').value).toBe(report.headline);
    // 汇总: the stage table's header frozen with filters; the year-on-year change a percent number.
    const summary = wb.worksheets[0]!;
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(summary.getRow(4).getCell(6).value).toBe('投资额同比');
    const yoy = summary.getRow(5).getCell(6);
    if (report.lastYear.signed.investmentYuan) {
      expect(typeof yoy.value).toBe('number');
      expect(yoy.numFmt).toBe('0.0%');
    }
    expect(wb.worksheets[1]!.rowCount).toBe(8);
    expect((await lastAudit(t.db))[0]!.action).toBe('stats.report_exported');
    expect((await leader.call('GET', '/api/stats/report?period=2024-Q9')).statusCode).toBe(400);
  });
});
