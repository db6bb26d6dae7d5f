/**
 * The investor register (#15): records made from the existing leads and projects, uniqueness, the
 * firm chosen when registering, merge, contacts masked with an audited reveal for those who follow
 * the firm; and visits, trips and their reports with each organisation's visibility.
 */
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../../core/creditCode.js';
import { appForFile, dialects, lastAudit, login, type Session, type TestApp } from '../../test/helpers.js';
import { sweepDeadlines } from '../notifications/sweep.js';

const code = (body17: string) => `${body17}${creditCodeCheckChar(body17)}`;
const CODE_A = code('91440700MA4WX1YP0');
const CODE_B = code('91440300MA5FQ2RT1');

describe.each(dialects())('the investor register (%s)', (dialect) => {
  let t: TestApp;
  let city: Session;
  const file = appForFile(dialect);
  beforeEach(async () => {
    t = await file.fresh();
    city = await login(t.app, 'city');
  });

  const register = (s: Session, extra: Record<string, unknown> = {}) =>
    s.call('POST', '/api/leads', {
      projectName: '客商测试项目',
      investorName: '粤港澳客商测试有限公司',
      plannedInvestmentYuan: 300_000_000,
      referrer: { name: '周顾问', kind: 'resident_team' },
      channel: 'resident_team',
      confirmNotDuplicate: true,
      ...extra,
    });

  it('a registration finds its firm by credit code, takes the firm chosen, or adds a new one', async () => {
    const first = await register(city, { investorCreditCode: CODE_A });
    expect(first.statusCode, first.body).toBe(201);
    const firmId = first.json().lead.investorId;
    expect(firmId).toBeGreaterThan(0);
    const again = await register(city, {
      investorName: '粤港澳客商（测试）公司',
      investorCreditCode: CODE_A,
    });
    expect(again.json().lead.investorId).toBe(firmId);
    const chosen = await register(city, { investorName: '另一个写法的名字', investorId: firmId });
    expect(chosen.json().lead.investorId).toBe(firmId);
    const other = await register(city, { investorName: '全新客商科技有限公司' });
    expect(other.json().lead.investorId).not.toBe(firmId);
    const missing = await register(city, { investorId: 99_999_999 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].path).toBe('investorId');
    // As the name is typed, the register offers the firm.
    const offered = await city.call('GET', `/api/investors?q=${encodeURIComponent('粤港澳客商')}`);
    expect(offered.json().items.map((i: { id: number }) => i.id)).toContain(firmId);
    const byCode = await city.call('GET', `/api/investors?q=${CODE_A.toLowerCase()}`);
    expect(byCode.json().items.map((i: { id: number }) => i.id)).toEqual([firmId]);
  });

  it('a credit code is unique in the register and checked; bad input changes nothing', async () => {
    const a = await city.call('POST', '/api/investors', {
      name: '唯一性测试甲公司',
      creditCode: CODE_B,
      kind: 'private',
    });
    expect(a.statusCode, a.body).toBe(201);
    const before = await t.db.kysely
      .selectFrom('investors')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const dup = await city.call('POST', '/api/investors', { name: '唯一性测试乙公司', creditCode: CODE_B });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details.field).toBe('creditCode');
    const bad = await city.call('POST', '/api/investors', {
      name: '校验位错误公司',
      creditCode: '91440700MA4WX1YP0X',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].message).toContain('统一社会信用代码');
    const after = await t.db.kysely
      .selectFrom('investors')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const b = await city.call('POST', '/api/investors', { name: '唯一性测试乙公司' });
    const edit = await city.call('PATCH', `/api/investors/${b.json().investor.id}`, {
      version: 1,
      creditCode: CODE_B,
    });
    expect(edit.statusCode).toBe(409);
    const stale = await city.call('PATCH', `/api/investors/${b.json().investor.id}`, {
      version: 7,
      notes: '改',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');
  });

  it('contacts: masked for all; revealed in full, audited, to the city and to those who follow the firm; leaders see none', async () => {
    const firm = (await city.call('POST', '/api/investors', { name: '联系人客商有限公司' })).json().investor;
    const added = await city.call('POST', `/api/investors/${firm.id}/contacts`, {
      name: '王总',
      title: '董事长',
      phone: '13912345678',
      email: 'wang@example.com',
    });
    expect(added.statusCode, added.body).toBe(201);
    const contact = added.json().investor.contacts[0];
    expect(contact).toMatchObject({
      phone: '139****5678',
      email: 'w****@example.com',
      addedByName: '陈招商（市投促中心）',
    });
    const stored = await t.db.kysely
      .selectFrom('investor_contacts')
      .select('phone')
      .executeTakeFirstOrThrow();
    expect(stored.phone).toBe('13912345678');
    const reveal = (s: Session) => s.call('POST', `/api/investors/${firm.id}/contacts/${contact.id}/reveal`);

    const shown = await reveal(city);
    expect(shown.json()).toEqual({ phone: '13912345678', email: 'wang@example.com' });
    const [audit] = await lastAudit(t.db);
    expect(audit).toMatchObject({ action: 'investor.contact_revealed', entity_id: String(firm.id) });

    // 台山 does not follow the firm yet: masked, no reveal.
    const taishan = await login(t.app, 'taishan');
    const page = (await taishan.call('GET', `/api/investors/${firm.id}`)).json().investor;
    expect(page.contacts[0].phone).toBe('139****5678');
    expect(page.contactRevealable).toBe(false);
    expect((await reveal(taishan)).statusCode).toBe(403);
    // Once 台山 visits the firm it follows it.
    const visit = await taishan.call('POST', '/api/visits', {
      kind: 'visit',
      visitDate: '2026-03-01',
      participants: '黄专员',
      discussion: '了解扩产计划',
      investorId: firm.id,
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const followed = (await taishan.call('GET', `/api/investors/${firm.id}`)).json().investor;
    expect(followed.contactRevealable).toBe(true);
    expect(followed.followers.map((f: { orgName: string }) => f.orgName)).toContain('台山市');
    expect((await reveal(taishan)).json().phone).toBe('13912345678');
    // 鹤山 sees that 台山 follows it (一盘棋), but not the contact.
    const heshan = await login(t.app, 'heshan');
    const seen = (await heshan.call('GET', `/api/investors/${firm.id}`)).json().investor;
    expect(seen.followers).toEqual([
      { orgId: followed.followers[0].orgId, orgName: '台山市', people: ['黄专员（台山）'] },
    ]);
    expect(seen.visits).toEqual([]);
    expect((await reveal(heshan)).statusCode).toBe(403);
    // Leaders see firms, not contacts.
    const leader = await login(t.app, 'leader');
    const led = (await leader.call('GET', `/api/investors/${firm.id}`)).json().investor;
    expect(led.contacts).toBeNull();
    expect(led.visits).toHaveLength(1);
    expect((await reveal(leader)).statusCode).toBe(403);
    // Administrators and the auditor hold no business content.
    const auditor = await login(t.app, 'auditor');
    expect((await auditor.call('GET', `/api/investors/${firm.id}`)).statusCode).toBe(403);
  });

  it('the city officer merges a duplicate: records move, names kept as aliases, history kept, audited', async () => {
    const a = (await register(city, { investorName: '合并测试甲有限公司' })).json().lead;
    const b = (
      await register(city, { investorName: '合并测试甲（香港）有限公司', investorCreditCode: CODE_A })
    ).json().lead;
    expect(a.investorId).not.toBe(b.investorId);
    const taishan = await login(t.app, 'taishan');
    const refused = await taishan.call('POST', `/api/investors/${a.investorId}/merge`, {
      intoId: b.investorId,
      reason: '同一企业',
    });
    expect(refused.statusCode).toBe(403);
    const self = await city.call('POST', `/api/investors/${a.investorId}/merge`, {
      intoId: a.investorId,
      reason: '同一企业',
    });
    expect(self.statusCode).toBe(400);
    const merged = await city.call('POST', `/api/investors/${a.investorId}/merge`, {
      intoId: b.investorId,
      reason: '同一企业',
    });
    expect(merged.statusCode, merged.body).toBe(200);
    const kept = merged.json().investor;
    expect(kept.aliases).toContain('合并测试甲有限公司');
    expect(kept.leads.map((l: { id: number }) => l.id).sort()).toEqual([a.id, b.id].sort());
    const gone = (await city.call('GET', `/api/investors/${a.investorId}`)).json().investor;
    expect(gone.mergedIntoId).toBe(b.investorId);
    expect(gone.leads).toEqual([]);
    const [audit] = await lastAudit(t.db);
    expect(audit).toMatchObject({ action: 'investor.merged', entity_id: String(a.investorId) });
    // The merged name no longer lists; a new lead of that name goes to the record kept.
    const listed = (await city.call('GET', `/api/investors?q=${encodeURIComponent('合并测试甲')}`)).json()
      .items;
    expect(listed.map((i: { id: number }) => i.id)).toEqual([b.investorId]);
    const later = (await register(city, { investorName: '合并测试甲有限公司' })).json().lead;
    expect(later.investorId).toBe(b.investorId);
    const twice = await city.call('POST', `/api/investors/${a.investorId}/merge`, {
      intoId: b.investorId,
      reason: '再次',
    });
    expect(twice.statusCode).toBe(409);
  });
});

describe.each(dialects())('visits and trips (%s)', (dialect) => {
  let t: TestApp;
  let taishan: Session;
  const file = appForFile(dialect);
  beforeEach(async () => {
    t = await file.fresh();
    taishan = await login(t.app, 'taishan');
  });

  const visit = (s: Session, extra: Record<string, unknown> = {}) =>
    s.call('POST', '/api/visits', {
      kind: 'visit',
      visitDate: '2026-02-27',
      participants: '黄专员、李科长',
      discussion: '介绍台山产业园区用地和电价政策',
      investorName: '深圳拜访测试科技有限公司',
      ...extra,
    });

  it('a county logs a visit: its own and the city’s to see, not another county’s; bad input names the field', async () => {
    const res = await visit(taishan, { nextSteps: '寄送园区资料', nextDueDate: '2026-03-06' });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json().visit;
    expect(v).toMatchObject({
      orgName: '台山市',
      investorName: '深圳拜访测试科技有限公司',
      createdByName: '黄专员（台山）',
    });
    const city = await login(t.app, 'city');
    expect((await city.call('GET', `/api/visits/${v.id}`)).statusCode).toBe(200);
    const heshan = await login(t.app, 'heshan');
    expect((await heshan.call('GET', `/api/visits/${v.id}`)).statusCode).toBe(404);
    expect(
      (await heshan.call('GET', '/api/visits')).json().items.map((x: { id: number }) => x.id),
    ).not.toContain(v.id);
    expect(
      (await heshan.call('PATCH', `/api/visits/${v.id}`, { version: 1, place: '深圳' })).statusCode,
    ).toBe(404);
    const taishanLeader = await login(t.app, 'taishan_leader');
    const asLeader = await taishanLeader.call('GET', `/api/visits/${v.id}`);
    expect(asLeader.statusCode).toBe(200);
    // The answer says who may write it, by the policy: the county's officer and the city, not its leader.
    expect(asLeader.json().visit.canRecord).toBe(false);
    expect((await city.call('GET', `/api/visits/${v.id}`)).json().visit.canRecord).toBe(true);
    expect(v.canRecord).toBe(true);
    expect((await taishanLeader.call('POST', '/api/visits', {})).statusCode).toBe(403);
    // The next steps are in my work until done.
    const mine = (await taishan.call('GET', '/api/visits/my-steps')).json().items;
    expect(mine).toEqual([
      {
        visitId: v.id,
        investorName: '深圳拜访测试科技有限公司',
        nextSteps: '寄送园区资料',
        nextDueDate: '2026-03-06',
        overdue: false,
      },
    ]);
    const done = await taishan.call('POST', `/api/visits/${v.id}/next-done`, { version: v.version });
    expect(done.statusCode, done.body).toBe(200);
    expect((await taishan.call('GET', '/api/visits/my-steps')).json().items).toEqual([]);
    // Refused input: each names its field, and nothing is written.
    const count = async () =>
      Number(
        (
          await t.db.kysely
            .selectFrom('visits')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    for (const [body, path] of [
      [{ visitDate: '2026-03-09' }, 'visitDate'],
      [{ nextDueDate: '2026-02-01', nextSteps: '回访' }, 'nextDueDate'],
      [{ nextDueDate: '2026-03-20' }, 'nextSteps'],
      [{ investorName: undefined }, 'investorName'],
      [{ discussion: '' }, 'discussion'],
      [{ kind: 'party' }, 'kind'],
      [{ leadId: 99_999_999 }, 'leadId'],
    ] as const) {
      const r = await visit(taishan, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.details[0].path).toBe(path);
    }
    expect(await count()).toBe(before);
  });

  it('a resident team logs a visit and creates a lead from it; the city sees the lead; a visit makes one lead only', async () => {
    const referrer = await login(t.app, 'referrer');
    const v = (await visit(referrer, { investorCreditCode: CODE_B })).json().visit;
    const lead = await referrer.call('POST', '/api/leads', {
      projectName: '新能源电池材料项目',
      investorName: '深圳拜访测试科技有限公司',
      investorCreditCode: CODE_B,
      plannedInvestmentYuan: 500_000_000,
      referrer: { name: '驻深圳招商组', kind: 'resident_team' },
      channel: 'resident_team',
      sourceVisitId: v.id,
      confirmNotDuplicate: true,
    });
    expect(lead.statusCode, lead.body).toBe(201);
    const l = lead.json().lead;
    expect(l.investorId).toBe(v.investorId);
    const linked = (await referrer.call('GET', `/api/visits/${v.id}`)).json().visit;
    expect(linked.leadId).toBe(l.id);
    const city = await login(t.app, 'city');
    const ledger = (await city.call('GET', '/api/leads?pageSize=20')).json().items;
    expect(ledger.map((x: { id: number }) => x.id)).toContain(l.id);
    const again = await referrer.call('POST', '/api/leads', {
      projectName: '重复',
      investorName: '深圳拜访测试科技有限公司',
      plannedInvestmentYuan: 500_000_000,
      referrer: { name: '驻深圳招商组', kind: 'resident_team' },
      channel: 'resident_team',
      sourceVisitId: v.id,
      confirmNotDuplicate: true,
    });
    expect(again.statusCode).toBe(409);
    // Another county cannot make a lead of 台山's visit.
    const tv = (await visit(taishan)).json().visit;
    const heshan = await login(t.app, 'heshan');
    const foreign = await heshan.call('POST', '/api/leads', {
      projectName: '越权',
      investorName: '深圳拜访测试科技有限公司',
      plannedInvestmentYuan: 500_000_000,
      referrer: { name: '某', kind: 'county' },
      channel: 'county',
      sourceVisitId: tv.id,
      confirmNotDuplicate: true,
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].path).toBe('sourceVisitId');
  });

  it('a trip: visits within its dates, outcomes counted from the records, a report due 5 working days after return', async () => {
    const firm = (await taishan.call('POST', '/api/investors', { name: '计划拜访甲公司' })).json().investor;
    const other = (await taishan.call('POST', '/api/investors', { name: '计划拜访乙公司' })).json().investor;
    const created = await taishan.call('POST', '/api/trips', {
      kind: 'outbound',
      title: '深圳新能源产业招商',
      city: '深圳市',
      startDate: '2026-02-24',
      endDate: '2026-02-26',
      team: '黄专员、李科长',
      plannedInvestorIds: [firm.id, other.id],
    });
    expect(created.statusCode, created.body).toBe(201);
    const trip = created.json().trip;
    // 26 February 2026 is a Thursday: Friday 27, Saturday 28 (调休, a working day), then 2, 3 and 4 March.
    expect(trip).toMatchObject({ reportDueDate: '2026-03-04', reportStatus: 'pending', orgName: '台山市' });
    const outside = await visit(taishan, {
      tripId: trip.id,
      investorId: firm.id,
      investorName: undefined,
      visitDate: '2026-02-27',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.details[0].path).toBe('visitDate');
    const v = (
      await visit(taishan, {
        tripId: trip.id,
        investorId: firm.id,
        investorName: undefined,
        visitDate: '2026-02-25',
      })
    ).json().visit;
    await visit(taishan, { tripId: trip.id, visitDate: '2026-02-26' });
    const lead = await taishan.call('POST', '/api/leads', {
      projectName: '储能系统集成项目',
      investorName: '计划拜访甲公司',
      plannedInvestmentYuan: 200_000_000,
      referrer: { name: '黄专员', kind: 'county' },
      channel: 'county',
      sourceVisitId: v.id,
      confirmNotDuplicate: true,
    });
    expect(lead.statusCode, lead.body).toBe(201);
    const page = (await taishan.call('GET', `/api/trips/${trip.id}`)).json().trip;
    expect(page.outcome).toEqual({
      visits: 2,
      firmsVisited: 2,
      plannedVisited: 1,
      leads: 1,
      signed: 0,
      signedYuan: 0,
    });
    expect(page.planned).toEqual([
      { id: firm.id, name: '计划拜访甲公司', visited: true },
      { id: other.id, name: '计划拜访乙公司', visited: false },
    ]);
    // Not another county's to see.
    const heshan = await login(t.app, 'heshan');
    expect((await heshan.call('GET', `/api/trips/${trip.id}`)).statusCode).toBe(404);
    expect((await heshan.call('GET', '/api/trips')).json().items).toEqual([]);
    // Reported on time: the clock stops, met.
    t.clock.set('2026-03-04T10:00:00+08:00');
    taishan = await login(t.app, 'taishan');
    const reported = await taishan.call('POST', `/api/trips/${trip.id}/report`, {
      report: '拜访两家企业，形成线索一条',
      version: page.version,
    });
    expect(reported.statusCode, reported.body).toBe(200);
    expect(reported.json().trip).toMatchObject({ reportStatus: 'met', reportedByName: '黄专员（台山）' });
    // The field report counts them by month.
    const report = (await taishan.call('GET', '/api/field/report?year=2026')).json();
    const row = report.rows.find((r: { orgName: string }) => r.orgName === '台山市');
    expect(row.visits[1]).toBe(2);
    expect(row.trips[1]).toBe(1);
    expect(row.leads).toBe(1);
    expect((await taishan.call('GET', `/api/field/report?year=2026&orgId=${row.orgId + 1}`)).statusCode).toBe(
      403,
    );
    // The same figures as a workbook, one sheet each, as Excel opens it.
    const file = await taishan.call('GET', '/api/field/report.xlsx?year=2026&months=1');
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '拜访次数',
      '外出招商与推介活动',
      '久未形成线索的企业',
    ]);
    const sheet = wb.getWorksheet('拜访次数')!;
    expect((sheet.getRow(3).values as unknown[]).slice(1, 3)).toEqual(['单位', '1月']);
    const taishanRow = sheet.getRow(4).values as unknown[];
    expect(taishanRow[1]).toBe('台山市');
    expect(taishanRow[3]).toBe(2);
    expect(taishanRow[14]).toBe(2);
    expect(taishanRow[15]).toBe(1);
    const [audit] = await lastAudit(t.db);
    expect(audit).toMatchObject({ action: 'report.exported', entity_type: 'report' });
  });

  it('a trip report not in by its deadline is overdue and its officers are told', async () => {
    const trip = (
      await taishan.call('POST', '/api/trips', {
        kind: 'event',
        title: '香港招商推介会',
        city: '香港',
        startDate: '2026-02-10',
        endDate: '2026-02-10',
        team: '黄专员',
      })
    ).json().trip;
    const bad = await taishan.call('POST', '/api/trips', {
      kind: 'event',
      title: '日期颠倒',
      city: '香港',
      startDate: '2026-02-10',
      endDate: '2026-02-09',
      team: '黄专员',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('endDate');
    expect(trip.reportStatus).toBe('overdue');
    await t.db.kysely.transaction().execute((trx) => sweepDeadlines(trx, t.clock.now()));
    const notes = (await taishan.call('GET', '/api/notifications?pageSize=50')).json().items;
    expect(notes.map((n: { title: string }) => n.title)).toContain('外出招商报告超期：香港招商推介会');
  });

  it('firms visited months ago with no lead since are listed', async () => {
    await visit(taishan, { visitDate: '2025-10-15', investorName: '久未立项客商有限公司' });
    await visit(taishan, { visitDate: '2026-02-20', investorName: '近期拜访客商有限公司' });
    const stale = (await taishan.call('GET', '/api/field/stale-firms?months=3')).json();
    const names = stale.items.map((i: { name: string }) => i.name);
    expect(names).toContain('久未立项客商有限公司');
    expect(names).not.toContain('近期拜访客商有限公司');
    const city = await login(t.app, 'city');
    await city.call('POST', '/api/leads', {
      projectName: '终于立项',
      investorName: '久未立项客商有限公司',
      plannedInvestmentYuan: 150_000_000,
      referrer: { name: '黄专员', kind: 'county' },
      channel: 'county',
      confirmNotDuplicate: true,
    });
    const after = (await taishan.call('GET', '/api/field/stale-firms?months=3')).json();
    expect(after.items.map((i: { name: string }) => i.name)).not.toContain('久未立项客商有限公司');
  });
});
