import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  appForFile,
  dialects,
  lastAudit,
  login,
  orgIdByName,
  type Session,
  type TestApp,
} from '../../test/helpers.js';

const projectInput = (countyOrgId: number, over: Record<string, unknown> = {}) => ({
  name: '新型储能电池生产基地',
  investorName: '广东瑞能储能科技有限公司',
  countyOrgId,
  industryCode: '3841',
  totalInvestmentYuan: 1_500_000_000,
  signedOn: '2024-03-31',
  plannedStartOn: '2024-06-30',
  plannedJobs: 800,
  ...over,
});

describe.each(dialects())('projects (%s)', (dialect) => {
  let t: TestApp;
  let city: Session;
  let taishanOfficer: Session;
  let heshanOfficer: Session;
  let taishan: number;
  let heshan: number;
  const file = appForFile(dialect, { now: '2024-09-27T10:00:00+08:00' });
  beforeEach(async () => {
    t = await file.fresh();
    city = await login(t.app, 'city');
    taishanOfficer = await login(t.app, 'taishan');
    heshanOfficer = await login(t.app, 'heshan');
    taishan = await orgIdByName(t.db, '台山市');
    heshan = await orgIdByName(t.db, '鹤山市');
  });

  const create = async (s: Session, body: Record<string, unknown>) => {
    const res = await s.call('POST', '/api/projects', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().project;
  };

  it('enters a project directly, derives manufacturing and class, audits it', async () => {
    const p = await create(city, projectInput(taishan));
    expect(p).toMatchObject({
      code: 'JM-P-440781-2024-0001',
      version: 1,
      stage: 'signed',
      leadId: null,
      isManufacturing: true,
      projectClass: 'major10',
      signedOn: '2024-03-31',
      startedOn: null,
      plannedJobs: 800,
      countyOrgId: taishan,
    });
    expect(p.clusterIds.length).toBeGreaterThan(0);
    const [audit] = await lastAudit(t.db);
    expect(audit).toMatchObject({
      action: 'project.created',
      entity_type: 'project',
      entity_id: String(p.id),
    });
    const soft = await create(
      city,
      projectInput(taishan, { industryCode: '6513', totalInvestmentYuan: 300_000_000 }),
    );
    expect(soft).toMatchObject({
      isManufacturing: false,
      projectClass: 'major1',
      code: 'JM-P-440781-2024-0002',
    });
    // A section letter filters by its divisions: C (manufacturing, 13–43) finds the first, I (information services) the second.
    const bySection = async (code: string) =>
      (await city.call('GET', `/api/projects?industryCode=${code}`))
        .json()
        .items.map((x: { id: number }) => x.id);
    expect(await bySection('C')).toEqual([p.id]);
    expect(await bySection('I')).toEqual([soft.id]);
    expect(await bySection('38')).toEqual([p.id]);
  });

  it('names the field and changes nothing on bad input', async () => {
    const before = (await city.call('GET', '/api/projects')).json().total;
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'name'],
      [{ signedOn: '2024-13-01' }, 'signedOn'],
      [{ signedOn: '2024-09-28' }, 'signedOn'], // tomorrow
      [{ totalInvestmentYuan: 0 }, 'totalInvestmentYuan'],
      [{ industryCode: '9999' }, 'industryCode'],
      [{ countyOrgId: await orgIdByName(t.db, '江门市投资促进中心') }, 'countyOrgId'],
      [{ parkOrgId: heshan }, 'parkOrgId'],
    ];
    for (const [over, field] of cases) {
      const res = await city.call('POST', '/api/projects', projectInput(taishan, over));
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(res.json().error.details.map((f: { path: string }) => f.path)).toContain(field);
    }
    expect((await city.call('GET', '/api/projects')).json().total).toBe(before);
  });

  it('a county sees and enters its own projects only; another county is 404, a referrer 403', async () => {
    const mine = await create(taishanOfficer, projectInput(taishan));
    const theirs = await create(city, projectInput(heshan, { name: '鹤山硅能源项目' }));
    expect((await taishanOfficer.call('POST', '/api/projects', projectInput(heshan))).statusCode).toBe(403);
    const list = (await taishanOfficer.call('GET', '/api/projects')).json();
    expect(list.items.map((p: { id: number }) => p.id)).toEqual([mine.id]);
    expect((await taishanOfficer.call('GET', `/api/projects/${theirs.id}`)).statusCode).toBe(404);
    expect(
      (await taishanOfficer.call('PATCH', `/api/projects/${theirs.id}`, { version: 1, name: 'x' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await taishanOfficer.call('POST', `/api/projects/${theirs.id}/milestones`, { stage: 'started' }))
        .statusCode,
    ).toBe(404);
    expect((await heshanOfficer.call('GET', `/api/projects/${theirs.id}`)).statusCode).toBe(200);
    // Moving one's project to another county is not one's to do.
    expect(
      (await taishanOfficer.call('PATCH', `/api/projects/${mine.id}`, { version: 1, countyOrgId: heshan }))
        .statusCode,
    ).toBe(403);
    const referrer = await login(t.app, 'referrer');
    expect((await referrer.call('GET', '/api/projects')).statusCode).toBe(403);
    const leader = await login(t.app, 'leader');
    expect((await leader.call('GET', '/api/projects')).json().total).toBe(2);
    expect((await leader.call('POST', '/api/projects', projectInput(taishan))).statusCode).toBe(403);
    // A county's leader: its county's projects, read-only; another county's is 404.
    const countyLeader = await login(t.app, 'taishan_leader');
    const theirList = (await countyLeader.call('GET', '/api/projects')).json();
    expect(theirList.items.map((p: { id: number }) => p.id)).toEqual([mine.id]);
    expect((await countyLeader.call('GET', `/api/projects/${mine.id}`)).json().project.actions).toEqual([]);
    expect((await countyLeader.call('GET', `/api/projects/${theirs.id}`)).statusCode).toBe(404);
    expect((await countyLeader.call('POST', '/api/projects', projectInput(taishan))).statusCode).toBe(403);
  });

  it('milestones go forward in order, dated no earlier than the stage before and not in the future', async () => {
    const p = await create(taishanOfficer, projectInput(taishan));
    const move = (s: Session, body: Record<string, unknown>) =>
      s.call('POST', `/api/projects/${p.id}/milestones`, body);
    let res = await move(taishanOfficer, { stage: 'in_production', on: '2024-05-01' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ILLEGAL_TRANSITION');
    res = await move(taishanOfficer, { stage: 'started', on: '2024-03-30' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('on');
    res = await move(taishanOfficer, { stage: 'started', on: '2024-09-28' });
    expect(res.statusCode).toBe(400);
    res = await move(taishanOfficer, { stage: 'started', on: '2024-04-10' });
    expect(res.statusCode).toBe(200);
    expect(res.json().project).toMatchObject({ stage: 'started', startedOn: '2024-04-10', version: 2 });
    res = await move(taishanOfficer, { stage: 'in_production', on: '2024-04-09' });
    expect(res.statusCode).toBe(400);
    res = await move(taishanOfficer, { stage: 'in_production', on: '2024-06-28' });
    expect(res.json().project).toMatchObject({ stage: 'in_production', inProductionOn: '2024-06-28' });
    expect((await move(taishanOfficer, { stage: 'in_production' })).statusCode).toBe(409);
    // The signing date cannot move past the start.
    res = await city.call('PATCH', `/api/projects/${p.id}`, { version: 3, signedOn: '2024-05-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('signedOn');
  });

  it('backwards only by the city officer, with a reason, audited; later dates cleared', async () => {
    const p = await create(taishanOfficer, projectInput(taishan));
    await taishanOfficer.call('POST', `/api/projects/${p.id}/milestones`, {
      stage: 'started',
      on: '2024-04-10',
    });
    await taishanOfficer.call('POST', `/api/projects/${p.id}/milestones`, {
      stage: 'in_production',
      on: '2024-08-01',
    });
    expect(
      (
        await taishanOfficer.call('POST', `/api/projects/${p.id}/milestones`, {
          stage: 'signed',
          reason: '误报',
        })
      ).statusCode,
    ).toBe(403);
    const noReason = await city.call('POST', `/api/projects/${p.id}/milestones`, { stage: 'started' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toBe('reason');
    const res = await city.call('POST', `/api/projects/${p.id}/milestones`, {
      stage: 'signed',
      reason: '动工信息误报，经核实尚未开工',
    });
    expect(res.json().project).toMatchObject({ stage: 'signed', startedOn: null, inProductionOn: null });
    const [audit] = await lastAudit(t.db);
    expect(audit!.action).toBe('project.stage_reverted');
    expect(JSON.parse(audit!.after_json!)).toMatchObject({
      stage: 'signed',
      reason: '动工信息误报，经核实尚未开工',
    });
  });

  it('a stale version is 409 and changes nothing', async () => {
    const p = await create(city, projectInput(taishan));
    expect(
      (await city.call('PATCH', `/api/projects/${p.id}`, { version: 1, name: '新名称' })).statusCode,
    ).toBe(200);
    const stale = await taishanOfficer.call('PATCH', `/api/projects/${p.id}`, {
      version: 1,
      name: '另一个名称',
    });
    expect(stale.statusCode).toBe(409);
    expect((await city.call('GET', `/api/projects/${p.id}`)).json().project.name).toBe('新名称');
  });

  it('filters on the server (stage, class, industry, cluster, chain, period) and exports exactly those rows', async () => {
    const a = await create(city, projectInput(taishan, { signedOn: '2024-01-15' }));
    await create(city, projectInput(heshan, { industryCode: '6513', totalInvestmentYuan: 200_000_000 }));
    await create(city, projectInput(heshan, { industryCode: '3825', signedOn: '2024-04-01' }));
    await city.call('POST', `/api/projects/${a.id}/milestones`, { stage: 'started', on: '2024-02-01' });
    const ids = async (qs: string) =>
      (await city.call('GET', `/api/projects?${qs}`)).json().items.map((p: { id: number }) => p.id);
    expect(await ids('stage=started')).toEqual([a.id]);
    expect((await ids('projectClass=major1')).length).toBe(1);
    expect((await ids('manufacturing=no')).length).toBe(1);
    expect((await ids('industryCode=38')).length).toBe(2);
    expect((await ids('from=2024-01-01&to=2024-03-31')).length).toBe(2);
    expect(await ids('periodBasis=started&from=2024-02-01&to=2024-02-01')).toEqual([a.id]);
    expect((await ids(`countyOrgId=${heshan}`)).length).toBe(2);
    const clusters = (await city.call('GET', '/api/clusters')).json().items as { id: number; name: string }[];
    const storage = clusters.find((c) => c.name === '新型储能')!;
    expect(await ids(`clusterId=${storage.id}`)).toEqual([a.id]);
    // A hand correction moves it out of the cluster, audited.
    const corrected = await city.call('PUT', `/api/projects/${a.id}/clusters`, { clusterIds: [] });
    expect(corrected.statusCode).toBe(200);
    expect(await ids(`clusterId=${storage.id}`)).toEqual([]);
    expect((await lastAudit(t.db))[0]!.action).toBe('project.clusters_set');
    expect(
      (await taishanOfficer.call('PUT', `/api/projects/${a.id}/clusters`, { clusterIds: [] })).statusCode,
    ).toBe(403);
    const xlsx = await city.call('GET', '/api/projects/export.xlsx?industryCode=38');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).getCell(3).value).toBe('项目名称');
    expect((await lastAudit(t.db))[0]!.action).toBe('project.exported');
  });

  it('coordination issues: raised with a working-day time limit, answered by the city, closed; overdue shows', async () => {
    const p = await create(taishanOfficer, projectInput(taishan));
    const nr = await orgIdByName(t.db, '江门市自然资源局');
    const bad = await taishanOfficer.call('POST', `/api/projects/${p.id}/issues`, {
      category: 'land',
      description: '用地报批',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('department');
    // Friday 27 September 2024: five working days count Sunday 29 September (调休) and skip the
    // National Day holiday, so the answer is due on Thursday 10 October.
    const res = await taishanOfficer.call('POST', `/api/projects/${p.id}/issues`, {
      category: 'land',
      description: '项目用地报批进度需加快',
      departmentOrgId: nr,
    });
    expect(res.statusCode).toBe(201);
    const issue = res.json().project.issues[0];
    expect(issue).toMatchObject({ status: 'open', dueDate: '2024-10-10', overdue: false });
    expect(res.json().project.openIssues).toBe(1);
    expect((await heshanOfficer.call('GET', '/api/coordination-issues')).json().items).toEqual([]);
    expect(
      (
        await taishanOfficer.call('POST', `/api/coordination-issues/${issue.id}/answer`, {
          version: 1,
          answer: 'x',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await taishanOfficer.call('POST', `/api/coordination-issues/${issue.id}/close`, { version: 1 }))
        .statusCode,
    ).toBe(409);
    t.clock.set('2024-10-11T09:00:00+08:00');
    city = await login(t.app, 'city');
    taishanOfficer = await login(t.app, 'taishan');
    const overdue = (await city.call('GET', '/api/coordination-issues?overdue=yes')).json().items;
    expect(overdue.map((i: { id: number }) => i.id)).toEqual([issue.id]);
    expect((await city.call('GET', '/api/projects?openIssues=overdue')).json().total).toBe(1);
    const answered = await city.call('POST', `/api/coordination-issues/${issue.id}/answer`, {
      version: 1,
      answer: '已协调自然资源局，10月底前完成报批',
    });
    expect(answered.json().project.issues[0]).toMatchObject({ status: 'answered', overdue: false });
    const closed = await taishanOfficer.call('POST', `/api/coordination-issues/${issue.id}/close`, {
      version: 2,
      note: '已办结',
    });
    expect(closed.json().project.issues[0].status).toBe('closed');
    expect((await lastAudit(t.db))[0]!.action).toBe('issue.closed');
    const clock = await t.db.kysely
      .selectFrom('sla_clocks')
      .selectAll()
      .where('entity_type', '=', 'issue')
      .executeTakeFirstOrThrow();
    expect(clock.verdict).toBe('met_late');
  });

  it('a calendar edit moves an open issue’s deadline, and a waiting lead’s, with their clocks', async () => {
    const p = await create(taishanOfficer, projectInput(taishan));
    const raised = await taishanOfficer.call('POST', `/api/projects/${p.id}/issues`, {
      category: 'power',
      description: '临时用电',
      department: '供电局',
      raisedAt: '2024-09-27T10:00:00+08:00',
    });
    expect(raised.json().project.issues[0].dueDate).toBe('2024-10-10');
    const lead = (
      await city.call('POST', '/api/leads', {
        projectName: '储能项目',
        investorName: '某储能有限公司',
        plannedInvestmentYuan: 500_000_000,
        referrer: { name: '驻深圳招商组', kind: 'resident_team' },
        channel: 'resident_team',
        receivedAt: '2024-09-27T10:00:00+08:00',
      })
    ).json().lead;
    expect(lead.sla.response.dueDate).toBe('2024-09-29'); // the 调休 Sunday
    // A typhoon: Sunday 29 September is not worked after all.
    const admin = await login(t.app, 'admin');
    expect((await admin.call('PUT', '/api/calendar/days/2024-09-29', { workday: false })).statusCode).toBe(
      200,
    );
    const issue = (await taishanOfficer.call('GET', `/api/projects/${p.id}`)).json().project.issues[0];
    expect(issue.dueDate).toBe('2024-10-11');
    const row = await t.db.kysely
      .selectFrom('leads')
      .select(['waiting_due_date'])
      .where('id', '=', lead.id)
      .executeTakeFirstOrThrow();
    expect(row.waiting_due_date).toBe('2024-09-30');
  });

  it('a signed lead becomes a project of the county it was signed for', async () => {
    const lead = (
      await city.call('POST', '/api/leads', {
        projectName: '储能项目',
        investorName: '某储能有限公司',
        plannedInvestmentYuan: 500_000_000,
        referrer: { name: '驻深圳招商组', kind: 'resident_team' },
        channel: 'resident_team',
        receivedAt: '2024-09-02T10:00:00+08:00',
      })
    ).json().lead;
    expect(lead.stage).toBe('registered');
    await t.db.kysely.updateTable('leads').set({ stage: 'following' }).where('id', '=', lead.id).execute();
    await t.db.kysely
      .insertInto('lead_counties')
      .values({ lead_id: lead.id, org_id: taishan, stage: 'following', received_at: lead.receivedAt })
      .execute();
    for (const signedAt of ['2024-09-28', '2024-09-01']) {
      const bad = await taishanOfficer.call('POST', `/api/leads/${lead.id}/sign`, { signedAt });
      expect(bad.json().error.details[0].path).toBe('signedAt');
    }
    const signed = await taishanOfficer.call('POST', `/api/leads/${lead.id}/sign`, {
      signedAt: '2024-09-20',
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const project = (await taishanOfficer.call('GET', `/api/projects/${signed.json().projectId}`)).json()
      .project;
    expect(project).toMatchObject({
      leadId: lead.id,
      countyOrgId: taishan,
      signedOn: '2024-09-20',
      stage: 'signed',
    });
    expect(project.lead.code).toBe(lead.code);
  });
});
