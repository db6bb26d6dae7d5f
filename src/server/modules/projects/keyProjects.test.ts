import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { JOBS } from '../../jobs/index.js';
import { Scheduler } from '../../jobs/scheduler.js';
import {
  appForFile,
  dialects,
  lastAudit,
  login,
  orgIdByName,
  type Session,
  type TestApp,
} from '../../test/helpers.js';

const YI = 100_000_000;

describe.each(dialects())('key projects (%s)', (dialect) => {
  let t: TestApp;
  let city: Session;
  let taishanOfficer: Session;
  let heshanOfficer: Session;
  let taishan: number;
  let heshan: number;
  // A Friday; last month (August) is the month whose report is due (by 6 September).
  const file = appForFile(dialect, { now: '2024-09-27T10:00:00+08:00' });
  beforeEach(async () => {
    t = await file.fresh();
    city = await login(t.app, 'city');
    taishanOfficer = await login(t.app, 'taishan');
    heshanOfficer = await login(t.app, 'heshan');
    taishan = await orgIdByName(t.db, '台山市');
    heshan = await orgIdByName(t.db, '鹤山市');
  });

  const create = async (over: Record<string, unknown>) => {
    const res = await city.call('POST', '/api/projects', {
      name: '新型储能电池生产基地',
      investorName: '广东瑞能储能科技有限公司',
      countyOrgId: taishan,
      industryCode: '3841',
      totalInvestmentYuan: 30 * YI,
      signedOn: '2024-01-15',
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().project;
  };
  const plan = (s: Session, id: number, year: number, plannedYuan: number, version?: number) =>
    s.call('PUT', `/api/projects/${id}/plans/${year}`, { plannedYuan, ...(version ? { version } : {}) });
  const report = (s: Session, id: number, month: string, completedYuan: number, version?: number) =>
    s.call('PUT', `/api/projects/${id}/months/${month}`, {
      completedYuan,
      progress: `${month} 主体结构施工`,
      ...(version ? { version } : {}),
    });
  const bulletin = async (s: Session, query = '') => {
    const res = await s.call('GET', `/api/stats/key-projects${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const fieldsOf = (res: { json(): { error: { details: { path: string }[] } } }) =>
    res.json().error.details.map((d) => d.path);

  it('keeps the lists, 纳统 and a status with its dated history; a terminated project leaves the lists', async () => {
    const p = await create({ keyLevels: ['city', 'province'] });
    expect(p).toMatchObject({ keyLevels: ['province', 'city'], status: 'normal', statsRegisteredOn: null });
    expect(p.actions).toEqual(expect.arrayContaining(['set_status', 'report_month']));
    // Levels edited; 纳统 needs its date and code together, not before signing, not in the future.
    let res = await city.call('PATCH', `/api/projects/${p.id}`, { version: 1, keyLevels: ['county'] });
    expect(res.json().project.keyLevels).toEqual(['county']);
    for (const [body, field] of [
      [{ statsRegisteredOn: '2024-05-01' }, 'statsCode'],
      [{ statsCode: 'GD-2024-001' }, 'statsRegisteredOn'],
      [{ statsRegisteredOn: '2024-01-01', statsCode: 'X' }, 'statsRegisteredOn'],
      [{ statsRegisteredOn: '2024-09-28', statsCode: 'X' }, 'statsRegisteredOn'],
      [{ keyLevels: ['city', 'city'] }, 'keyLevels'],
    ] as const) {
      res = await city.call('PATCH', `/api/projects/${p.id}`, { version: 2, ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res)).toContain(field);
    }
    res = await city.call('PATCH', `/api/projects/${p.id}`, {
      version: 2,
      statsRegisteredOn: '2024-05-01',
      statsCode: '4407812024050001',
    });
    expect(res.json().project).toMatchObject({ statsRegisteredOn: '2024-05-01', version: 3 });

    // Status: a reason, a date not before signing, not the same status.
    const status = (s: Session, body: Record<string, unknown>) =>
      s.call('POST', `/api/projects/${p.id}/status`, body);
    res = await status(taishanOfficer, { version: 3, status: 'lagging', on: '2024-09-01' });
    expect(fieldsOf(res)).toContain('reason');
    res = await status(taishanOfficer, {
      version: 3,
      status: 'lagging',
      on: '2024-01-01',
      reason: '用地未交付',
    });
    expect(fieldsOf(res)).toContain('on');
    res = await status(taishanOfficer, { version: 3, status: 'normal', reason: '—' });
    expect(fieldsOf(res)).toContain('status');
    res = await status(taishanOfficer, {
      version: 3,
      status: 'lagging',
      on: '2024-09-01',
      reason: '用地未交付',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().project).toMatchObject({ status: 'lagging', statusOn: '2024-09-01' });
    const [audit] = await lastAudit(t.db);
    expect(audit).toMatchObject({ action: 'project.status_changed', entity_id: String(p.id) });
    expect(JSON.parse(audit!.after_json!)).toMatchObject({ status: 'lagging', reason: '用地未交付' });

    await report(taishanOfficer, p.id, '2024-08', 1 * YI);
    expect((await bulletin(city)).rows.map((r: { id: number }) => r.id)).toContain(p.id);
    res = await status(taishanOfficer, {
      version: 4,
      status: 'terminated',
      reason: '企业战略调整，项目终止',
    });
    expect(res.json().project).toMatchObject({
      status: 'terminated',
      actions: expect.not.arrayContaining(['report_month']),
    });
    // Off the active lists, nothing more reported, the history kept; only the city reopens it.
    expect((await bulletin(city)).rows.map((r: { id: number }) => r.id)).not.toContain(p.id);
    expect((await report(taishanOfficer, p.id, '2024-09', YI)).statusCode).toBe(409);
    expect((await status(taishanOfficer, { version: 5, status: 'normal', reason: '恢复' })).statusCode).toBe(
      403,
    );
    const inv = (await city.call('GET', `/api/projects/${p.id}/investment`)).json();
    expect(inv.statusChanges.map((c: { status: string }) => c.status)).toEqual(['terminated', 'lagging']);
    expect(inv.months.map((m: { month: string }) => m.month)).toEqual(['2024-08']);
    expect(inv).toMatchObject({ due: null, canReport: false, reportableMonths: [] });
    res = await status(city, { version: 5, status: 'normal', reason: '企业恢复投资' });
    expect(res.json().project.status).toBe('normal');
  });

  it('takes a month once, corrects it with its version (audited), never a future month nor one before signing', async () => {
    const p = await create({ keyLevels: ['city'], signedOn: '2024-03-20' });
    let res = await report(taishanOfficer, p.id, '2024-10', YI);
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toContain('month');
    res = await report(taishanOfficer, p.id, '2024-02', YI);
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toContain('month');
    res = await taishanOfficer.call('PUT', `/api/projects/${p.id}/months/2024-13`, {
      completedYuan: 1,
      progress: 'x',
    });
    expect(res.statusCode).toBe(400);
    res = await taishanOfficer.call('PUT', `/api/projects/${p.id}/months/2024-08`, {
      completedYuan: -1,
      progress: '',
    });
    expect(fieldsOf(res)).toEqual(expect.arrayContaining(['completedYuan', 'progress']));
    expect((await city.call('GET', `/api/projects/${p.id}/investment`)).json().months).toEqual([]);

    res = await report(taishanOfficer, p.id, '2024-03', 2 * YI);
    expect(res.statusCode, res.body).toBe(200);
    res = await report(taishanOfficer, p.id, '2024-08', 3 * YI);
    const inv = res.json();
    expect(
      inv.months.map((m: { month: string; cumulativeYuan: number }) => [m.month, m.cumulativeYuan]),
    ).toEqual([
      ['2024-08', 5 * YI],
      ['2024-03', 2 * YI],
    ]);
    // August was reported on 27 September, after its deadline of 6 September; March long after.
    expect(inv.months[0]).toMatchObject({ dueDate: '2024-09-06', onTime: false, version: 1 });
    expect(inv.due).toMatchObject({ month: '2024-08', reported: true, status: 'met_late' });
    expect(inv.reportableMonths.slice(0, 2)).toEqual(['2024-09', '2024-08']);
    expect(inv.reportableMonths.at(-1)).toBe('2024-03');

    // Again without a version: the field is named; with an old version: 409; nothing changes.
    res = await report(taishanOfficer, p.id, '2024-08', 4 * YI);
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toContain('version');
    res = await report(taishanOfficer, p.id, '2024-08', 4 * YI, 1);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().months[0]).toMatchObject({ completedYuan: 4 * YI, version: 2 });
    const [audit] = await lastAudit(t.db);
    expect(audit).toMatchObject({ action: 'project.month_corrected', entity_id: String(p.id) });
    expect(JSON.parse(audit!.before_json!)).toMatchObject({ month: '2024-08', completedYuan: 3 * YI });
    expect(JSON.parse(audit!.after_json!)).toMatchObject({ month: '2024-08', completedYuan: 4 * YI });
    res = await report(taishanOfficer, p.id, '2024-08', 9 * YI, 1);
    expect(res.statusCode).toBe(409);
    expect((await city.call('GET', `/api/projects/${p.id}/investment`)).json().months[0].completedYuan).toBe(
      4 * YI,
    );

    // Plans: from the year of signing to next year, changed with the version read.
    expect(fieldsOf(await plan(taishanOfficer, p.id, 2023, YI))).toContain('year');
    expect(fieldsOf(await plan(taishanOfficer, p.id, 2026, YI))).toContain('year');
    expect((await plan(taishanOfficer, p.id, 2024, 10 * YI)).statusCode).toBe(200);
    expect((await plan(taishanOfficer, p.id, 2024, 12 * YI)).statusCode).toBe(409);
    res = await plan(taishanOfficer, p.id, 2024, 12 * YI, 1);
    expect(res.json().years.find((y: { year: number }) => y.year === 2024)).toMatchObject({
      plannedYuan: 12 * YI,
      planVersion: 2,
      completedYuan: 6 * YI,
      reportedThrough: '2024-08',
      completionRate: 0.5,
      timeElapsedRate: 8 / 12,
      colour: 'red',
    });
  });

  it('rolls the year up per project, county and list against 序时进度, as counted by hand', async () => {
    const before = await bulletin(city);
    const county = (b: { byCounty: { orgId: number }[] }, id: number) =>
      b.byCounty.find((c) => c.orgId === id)!;
    const level = (b: { byLevel: ({ level: string } & Record<string, number>)[] }, l: string) =>
      b.byLevel.find((c) => c.level === l)!;
    // A: 12亿 planned, 8.5亿 by August (70.8 % against 66.7 %): green.
    const a = await create({ name: '甲', keyLevels: ['city'], plannedStartOn: '2024-06-30' });
    await plan(city, a.id, 2024, 12 * YI);
    await report(taishanOfficer, a.id, '2024-02', 5 * YI);
    await report(taishanOfficer, a.id, '2024-08', 3.5 * YI);
    // B: 10亿 planned, 6亿 (60 %, 6.7 points behind): amber. August not reported.
    const b = await create({ name: '乙', keyLevels: ['city', 'county'] });
    await plan(city, b.id, 2024, 10 * YI);
    await report(taishanOfficer, b.id, '2024-07', 6 * YI);
    // C in 鹤山: 10亿 planned, 2亿 (20 %): red. Last year's report does not count.
    const c = await create({
      name: '丙',
      keyLevels: ['county'],
      countyOrgId: heshan,
      signedOn: '2023-11-02',
    });
    await plan(city, c.id, 2024, 10 * YI);
    await report(heshanOfficer, c.id, '2023-12', 50 * YI);
    await report(heshanOfficer, c.id, '2024-08', 2 * YI);
    // D: no list and no plan, so it does not report.
    const d = await create({ name: '丁' });
    // E in 鹤山: on no list but with the year's plan, so it reports among the general (一般) ones.
    const e = await create({ name: '戊', countyOrgId: heshan });
    await plan(city, e.id, 2024, 4 * YI);

    const after = await bulletin(city);
    expect(after).toMatchObject({
      month: '2024-08',
      year: 2024,
      asOf: '2024-08-31',
      timeElapsedRate: 8 / 12,
    });
    const row = (id: number) => after.rows.find((r: { id: number }) => r.id === id);
    expect(row(a.id)).toMatchObject({
      completedYuan: 8.5 * YI,
      monthYuan: 3.5 * YI,
      colour: 'green',
      gapPoints: 4.2,
    });
    expect(row(a.id).startOverdue).toBe(true);
    expect(row(b.id)).toMatchObject({
      completedYuan: 6 * YI,
      monthYuan: null,
      colour: 'amber',
      gapPoints: -6.7,
    });
    expect(row(c.id)).toMatchObject({ completedYuan: 2 * YI, colour: 'red', gapPoints: -46.7 });
    expect(row(d.id)).toBeUndefined();
    expect(row(e.id)).toMatchObject({ keyLevels: [], plannedYuan: 4 * YI, completedYuan: 0, colour: 'red' });
    const delta = (x: Record<string, number>, y: Record<string, number>, keys: string[]) =>
      Object.fromEntries(keys.map((k) => [k, x[k]! - y[k]!]));
    const keys = ['projects', 'plannedYuan', 'completedYuan', 'behind', 'missingReports', 'startOverdue'];
    expect(delta(county(after, taishan), county(before, taishan), keys)).toEqual({
      projects: 2,
      plannedYuan: 22 * YI,
      completedYuan: 14.5 * YI,
      behind: 1,
      missingReports: 1,
      startOverdue: 1,
    });
    expect(delta(county(after, heshan), county(before, heshan), keys)).toMatchObject({
      projects: 2,
      plannedYuan: 14 * YI,
      completedYuan: 2 * YI,
      behind: 2,
    });
    // B is on two lists and counts in each; the total counts it once.
    expect(delta(level(after, 'county'), level(before, 'county'), keys)).toMatchObject({
      projects: 2,
      plannedYuan: 20 * YI,
      completedYuan: 8 * YI,
    });
    expect(delta(level(after, 'city'), level(before, 'city'), keys)).toMatchObject({ projects: 2 });
    expect(delta(level(after, 'general'), level(before, 'general'), keys)).toMatchObject({
      projects: 1,
      plannedYuan: 4 * YI,
    });
    expect(delta(after.total, before.total, keys)).toMatchObject({ projects: 4, plannedYuan: 36 * YI });

    // An earlier month's bulletin counts the months to it only (A reported August, after July).
    const july = await bulletin(city, '?month=2024-07');
    expect(july.rows.find((r: { id: number }) => r.id === a.id)).toMatchObject({
      completedYuan: 5 * YI,
      monthYuan: null,
    });
    expect(july.rows.find((r: { id: number }) => r.id === b.id)).toMatchObject({
      completedYuan: 6 * YI,
      monthYuan: 6 * YI,
    });
    // A correction moves the year's figure with it.
    expect((await report(taishanOfficer, a.id, '2024-08', 4 * YI, 1)).statusCode).toBe(200);
    expect((await bulletin(city)).rows.find((r: { id: number }) => r.id === a.id).completedYuan).toBe(9 * YI);

    // A county reads its own: 鹤山 sees C, not A or B, and no other county's figures.
    const heshanView = await bulletin(heshanOfficer);
    expect(heshanView.rows.map((r: { id: number }) => r.id)).toContain(c.id);
    expect(heshanView.rows.map((r: { id: number }) => r.id)).not.toContain(a.id);
    expect(heshanView.byCounty.map((x: { orgId: number }) => x.orgId)).toEqual([heshan]);
    expect((await heshanOfficer.call('GET', `/api/projects/${a.id}/investment`)).statusCode).toBe(404);
    expect((await report(heshanOfficer, a.id, '2024-08', YI)).statusCode).toBe(404);
    expect((await plan(heshanOfficer, a.id, 2024, YI)).statusCode).toBe(404);
    expect((await heshanOfficer.call('GET', '/api/stats/key-projects?month=2024-10')).statusCode).toBe(400);
    // The dashboard's card asks for the eight furthest behind only, furthest first.
    const behindRows = (await bulletin(city, '?rows=behind')).rows;
    expect(behindRows.length).toBeLessThanOrEqual(8);
    const gaps = behindRows.map((r: { gapPoints: number }) => r.gapPoints);
    expect(gaps).toEqual([...gaps].sort((x, y) => x - y));
    expect(gaps[0]).toBeLessThanOrEqual(-46.7);

    // The list's filters: behind plan (B, C), 应开工未开工 (A), the lists.
    const ids = async (q: string) =>
      (await city.call('GET', `/api/projects?pageSize=100&${q}`))
        .json()
        .items.map((x: { id: number }) => x.id);
    const behind = await ids('behindPlan=yes');
    expect(behind).toEqual(expect.arrayContaining([b.id, c.id]));
    expect(behind).not.toContain(a.id);
    expect(await ids('milestoneOverdue=start&q=甲')).toEqual([a.id]);
    expect(await ids('keyLevel=county&q=乙')).toEqual([b.id]);
    expect(await ids('keyLevel=general&q=丁')).toEqual([d.id]);
    expect(await ids('keyLevel=general&q=乙')).toEqual([]);

    // The bulletin as xlsx: a sheet per list, the county summary; the export audited.
    const xlsx = await city.call('GET', '/api/stats/key-projects.xlsx');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['省重点', '市重点', '县重点', '一般', '分县汇总']);
    const cityList = wb.getWorksheet('市重点')!;
    expect(String(cityList.getCell('A1').value)).toContain('全市市重点项目2024年1–8月投资完成情况');
    const names = cityList.getColumn(2).values.map(String);
    expect(names).toEqual(expect.arrayContaining(['甲', '乙']));
    expect((await lastAudit(t.db))[0]).toMatchObject({ action: 'stats.bulletin_exported' });
  });

  it('lists started projects of 500万 or more not yet 纳统', async () => {
    const small = await create({
      name: '小项目',
      totalInvestmentYuan: 4_999_999,
      plannedStartOn: '2024-04-01',
    });
    const big = await create({ name: '大项目', totalInvestmentYuan: 5_000_000 });
    for (const p of [small, big]) {
      const res = await city.call('POST', `/api/projects/${p.id}/milestones`, {
        stage: 'started',
        on: '2024-05-10',
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const read = async (id: number) => (await city.call('GET', `/api/projects/${id}`)).json().project;
    expect((await read(small.id)).awaitingStats).toBe(false);
    expect((await read(big.id)).awaitingStats).toBe(true);
    const ids = async () =>
      (await city.call('GET', '/api/projects?pageSize=100&awaitingStats=yes&q=项目'))
        .json()
        .items.map((x: { id: number }) => x.id);
    expect(await ids()).toEqual([big.id]);
    await city.call('PATCH', `/api/projects/${big.id}`, {
      version: (await read(big.id)).version,
      statsRegisteredOn: '2024-06-01',
      statsCode: '4407812024060001',
    });
    expect((await read(big.id)).awaitingStats).toBe(false);
    expect(await ids()).toEqual([]);
  });

  it("starts each month's report clock, reminds the county before and after the 6th, and stops it when reported", async () => {
    const p = await create({ keyLevels: ['province'] });
    const other = await create({ name: '鹤山项目', countyOrgId: heshan, keyLevels: ['city'] });
    await report(heshanOfficer, other.id, '2024-08', YI);
    const clocks = () =>
      t.db.kysely
        .selectFrom('sla_clocks')
        .selectAll()
        .where('entity_type', '=', 'project')
        .where('entity_id', 'in', [p.id, other.id])
        .execute();
    // Friday 6 September, its last day: August's clock starts for the project not yet reported, due today.
    t.clock.set('2024-09-06T09:00:00+08:00');
    const scheduler = new Scheduler(
      t.db.kysely,
      t.clock,
      JOBS.filter((j) => j.name === 'month-clocks' || j.name === 'deadline-sweep'),
    );
    await scheduler.tick();
    expect((await clocks()).map((c) => [c.entity_id, c.step, c.due_date])).toEqual([
      [p.id, 'month:2024-08', '2024-09-06'],
    ]);
    const mine = async (username: string) =>
      (await (await login(t.app, username)).call('GET', '/api/notifications'))
        .json()
        .items.filter((n: { link: string }) => n.link === `/projects/${p.id}`);
    expect((await mine('taishan')).map((n: { kind: string }) => n.kind)).toEqual(['month.due']);
    expect(await mine('heshan')).toEqual([]);
    // Monday 9 September: overdue, once.
    t.clock.set('2024-09-09T09:00:00+08:00');
    await scheduler.tick();
    await scheduler.tick();
    expect((await mine('taishan')).map((n: { kind: string; title: string }) => [n.kind, n.title])).toEqual([
      ['step.overdue', expect.stringContaining('2024-08 月度投资报送超期')],
      ['month.due', expect.any(String)],
    ]);
    // Reported late: the clock stops with its verdict; the nightly job starts no second one.
    const officer = await login(t.app, 'taishan');
    expect((await report(officer, p.id, '2024-08', YI)).statusCode).toBe(200);
    t.clock.set('2024-09-10T09:00:00+08:00');
    await scheduler.tick();
    expect((await clocks()).map((c) => [c.step, c.verdict])).toEqual([['month:2024-08', 'met_late']]);
  });
});
