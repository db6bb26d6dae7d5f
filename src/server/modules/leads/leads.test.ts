import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../../core/creditCode.js';
import {
  appForFile,
  dialects,
  lastAudit,
  login,
  orgIdByName,
  type Session,
  type TestApp,
} from '../../test/helpers.js';

const code17 = '91440700MA4UJ4XX0';
const CREDIT = `${code17}${creditCodeCheckChar(code17)}`;

const leadInput = (over: Record<string, unknown> = {}) => ({
  projectName: '新型储能电池生产基地',
  investorName: '广东瑞能储能科技有限公司',
  investorCreditCode: CREDIT,
  investorType: 'private',
  industryCode: '3841',
  plannedInvestmentYuan: 1_500_000_000,
  referrer: { name: '驻深圳招商组', organization: '江门市投资促进中心', kind: 'resident_team' },
  channel: 'resident_team',
  receivedAt: '2024-09-27T10:00:00+08:00',
  ...over,
});

const respond = (ownerUserId: number, at: string) => ({
  ownerUserId,
  contactNote: '已与投资方董事长电话沟通',
  keyInfo: {
    investorProfile: '储能电池企业，年营收 80 亿元',
    investmentContent: '建设 10GWh 储能电池产线',
    benefits: '年产值 60 亿元，税收 3 亿元，就业 2000 人',
    siteRequirements: '工业用地 300 亩，用电 50MVA',
    coordinationNeeds: '土地指标、电力接入',
  },
  at,
});
const aspects = {
  industryDirection: '符合新型储能产业方向',
  industryPull: '补齐储能电芯环节',
  marketProspects: '市场需求旺盛',
  technologyRoute: '磷酸铁锂',
  environment: '环评风险可控',
  energy: '能耗需统筹',
  benefits: '效益良好',
};

describe.each(dialects())('leads (%s)', (dialect) => {
  let t: TestApp;
  let city: Session;
  let taishanOfficer: Session;
  let heshanOfficer: Session;
  let taishan: number;
  const file = appForFile(dialect, { now: '2024-09-27T11:00:00+08:00' });
  beforeEach(async () => {
    t = await file.fresh();
    city = await login(t.app, 'city');
    taishanOfficer = await login(t.app, 'taishan');
    heshanOfficer = await login(t.app, 'heshan');
    taishan = await orgIdByName(t.db, '台山市');
  });

  const register = async (over: Record<string, unknown> = {}, who = city) => {
    const res = await who.call('POST', '/api/leads', leadInput(over));
    if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json().lead;
  };
  /** One step of a lead by the city officer, which must succeed; its answer. */
  const cityStep = async (leadId: number, action: string, body: object) => {
    const res = await city.call('POST', `/api/leads/${leadId}/${action}`, body);
    expect(res.statusCode, `${action} ${res.body}`).toBe(200);
    return res.json();
  };
  /** Responded, assessed (follow) and fed back: ready to be dispatched. */
  const readyToDispatch = async (leadId: number, proposals = '分派台山') => {
    await cityStep(leadId, 'respond', respond(city.user.id, '2024-09-27T10:30:00+08:00'));
    await cityStep(leadId, 'assess', { decision: 'follow', aspects, proposals });
    await cityStep(leadId, 'feedback', { to: '引荐人', channel: 'phone', note: '同意跟进' });
  };
  /** Moves the clock and signs in again (sessions end after 30 idle minutes). */
  const travel = async (iso: string) => {
    t.clock.set(iso);
    city = await login(t.app, 'city');
    taishanOfficer = await login(t.app, 'taishan');
    heshanOfficer = await login(t.app, 'heshan');
  };

  it('registers a lead with a readable code, the response clock running by the statutory calendar', async () => {
    const lead = await register();
    expect(lead).toMatchObject({
      code: 'JM-2024-0001',
      stage: 'registered',
      version: 1,
      plannedInvestmentYuan: 1_500_000_000,
      cityCoFollow: true, // ≥ 5亿
      countyOrgIds: [],
      referrer: { name: '驻深圳招商组', kind: 'resident_team' },
    });
    // Friday 2024-09-27 + 1 working day = Sunday 09-29 (调休 working day).
    expect(lead.sla.response).toMatchObject({
      dueDate: '2024-09-29',
      status: 'pending',
      remainingWorkdays: 1,
    });
    expect(lead.sla.assessment.status).toBe('not_started');
    expect(lead.events.map((e: { type: string }) => e.type)).toEqual(['registered']);
    expect((await lastAudit(t.db))[0]!.action).toBe('lead.registered');
    expect((await register({ investorName: '另一家公司', investorCreditCode: undefined })).code).toBe(
      'JM-2024-0002',
    );
  });

  it('refuses leads under 1亿元, bad credit codes, future receipt, unknown industries and bad phone numbers — changing nothing', async () => {
    const small = await city.call('POST', '/api/leads', leadInput({ plannedInvestmentYuan: 99_999_999 }));
    expect(small.statusCode).toBe(422);
    expect(small.json().error).toMatchObject({
      code: 'LEAD_OUT_OF_SCOPE',
      message: expect.stringContaining('1 亿元'),
    });
    const credit = await city.call(
      'POST',
      '/api/leads',
      leadInput({ investorCreditCode: `${code17}0` === CREDIT ? `${code17}1` : `${code17}0` }),
    );
    expect(credit.statusCode).toBe(400);
    expect(credit.json().error.details[0]).toMatchObject({
      path: 'investorCreditCode',
      message: expect.stringContaining('校验位'),
    });
    const future = await city.call(
      'POST',
      '/api/leads',
      leadInput({ receivedAt: '2024-09-28T10:00:00+08:00' }),
    );
    expect(future.json().error.details[0].path).toBe('receivedAt');
    const industry = await city.call('POST', '/api/leads', leadInput({ industryCode: '9999' }));
    expect(industry.json().error.details[0].path).toBe('industryCode');
    // A day that does not exist, and a time before the calendar: 400 naming the field, never 500.
    for (const receivedAt of ['2024-02-30T10:00:00+08:00', '1970-01-01T00:00:00Z']) {
      const res = await city.call('POST', '/api/leads', leadInput({ receivedAt }));
      expect(res.statusCode, receivedAt).toBe(400);
      expect(res.json().error.details[0].path).toBe('receivedAt');
    }
    // A referrer's phone is a Chinese mobile or landline (or a number abroad with its country code).
    const phone = await city.call(
      'POST',
      '/api/leads',
      leadInput({ referrer: { name: '王先生', phone: '3123456', kind: 'individual' } }),
    );
    expect(phone.statusCode).toBe(400);
    expect(phone.json().error.details[0]).toMatchObject({
      path: 'referrer.phone',
      message: expect.stringContaining('电话号码格式不正确'),
    });
    expect(await t.db.kysely.selectFrom('leads').select('id').execute()).toEqual([]);
    const landline = await city.call(
      'POST',
      '/api/leads',
      leadInput({ referrer: { name: '王先生', phone: '0750-3123456转801', kind: 'individual' } }),
    );
    expect(landline.statusCode).toBe(201);
    // Kept in full, answered masked (personal information); the full number on request.
    expect(landline.json().lead.referrer.phone).toBe('075*-***3456转801');
    const full = await city.call('POST', `/api/leads/${landline.json().lead.id}/contact`);
    expect(full.json()).toEqual({ phone: '0750-3123456转801' });
  });

  it('responds on time without the key facts, which are completed later: merged, timed, audited; the clock untouched', async () => {
    const lead = await register();
    // Completing key facts follows a response: from "registered" it is the wrong stage.
    const early = await city.call('POST', `/api/leads/${lead.id}/supplement`, { keyInfo: { benefits: 'x' } });
    expect(early.statusCode).toBe(409);
    const { keyInfo: _none, ...bare } = respond(city.user.id, '2024-09-27T10:30:00+08:00');
    let res = await city.call('POST', `/api/leads/${lead.id}/respond`, {
      ...bare,
      keyInfo: { investorProfile: '储能电池企业' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().lead.sla.response.status).toBe('met');
    const assessmentDue = res.json().lead.sla.assessment.dueDate;

    await travel('2024-10-08T16:00:00+08:00');
    // Nothing to complete with: 400 naming the field, nothing written.
    const empty = await city.call('POST', `/api/leads/${lead.id}/supplement`, {
      keyInfo: { benefits: '  ' },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details[0]).toMatchObject({
      path: 'keyInfo',
      message: 'keyInfo：请至少补充一项关键信息',
    });
    // A county officer, who does not handle leads before dispatch, is not told the lead exists.
    expect(
      (await taishanOfficer.call('POST', `/api/leads/${lead.id}/supplement`, { keyInfo: { benefits: 'x' } }))
        .statusCode,
    ).toBe(404);

    res = await city.call('POST', `/api/leads/${lead.id}/supplement`, {
      keyInfo: { benefits: '年产值 60 亿元', siteRequirements: '工业用地 300 亩' },
    });
    expect(res.statusCode).toBe(200);
    const l = res.json().lead;
    expect(l.stage).toBe('responded');
    expect(l.steps.response.keyInfo).toEqual({
      investorProfile: '储能电池企业',
      benefits: '年产值 60 亿元',
      siteRequirements: '工业用地 300 亩',
    });
    expect(l.sla.response).toMatchObject({ status: 'met', completedAt: '2024-09-27T02:30:00.000Z' });
    expect(l.sla.assessment).toMatchObject({ completedAt: null, dueDate: assessmentDue });
    const detail = (await city.call('GET', `/api/leads/${lead.id}`)).json().lead;
    expect(detail.events.at(-1)).toMatchObject({
      type: 'supplement',
      data: { keyInfo: { benefits: '年产值 60 亿元', siteRequirements: '工业用地 300 亩' } },
    });
    expect((await lastAudit(t.db))[0]).toMatchObject({ action: 'lead.supplement', username: 'city' });
  });

  it('takes one lead through every step with real deadlines around National Day 2024', async () => {
    const lead = await register();
    const cityUser = city.user.id;
    // Respond on Sunday 09-29 (a working day): on time.
    await travel('2024-09-29T15:00:00+08:00');
    let res = await city.call(
      'POST',
      `/api/leads/${lead.id}/respond`,
      respond(cityUser, '2024-09-29T14:00:00+08:00'),
    );
    expect(res.statusCode).toBe(200);
    let l = res.json().lead;
    expect(l.stage).toBe('responded');
    expect(l.sla.response).toMatchObject({ status: 'met', completedAt: '2024-09-29T06:00:00.000Z' });
    // 3 working days after 09-29: 09-30, 10-08, 10-09.
    expect(l.sla.assessment).toMatchObject({ dueDate: '2024-10-09', status: 'pending' });

    await travel('2024-10-10T09:30:00+08:00');
    expect((await city.call('GET', `/api/leads/${lead.id}`)).json().lead.sla.assessment).toMatchObject({
      status: 'overdue',
      overdueWorkdays: 1,
    });
    res = await city.call('POST', `/api/leads/${lead.id}/assess`, {
      decision: 'follow',
      aspects,
      proposals: '建议分派台山市跟进',
    });
    l = res.json().lead;
    expect(l.sla.assessment.status).toBe('met_late');
    // 5 working days after Thu 10-10: 10-11, 10-12 (Saturday worked), 10-14, 10-15, 10-16.
    expect(l.sla.feedback.dueDate).toBe('2024-10-16');

    res = await city.call('POST', `/api/leads/${lead.id}/feedback`, {
      to: '驻深圳招商组',
      channel: 'phone',
      note: '市里决定跟进',
    });
    expect(res.json().lead.stage).toBe('feedback_given');

    // Only a city officer dispatches; a county officer cannot even see it yet.
    expect(
      (await taishanOfficer.call('POST', `/api/leads/${lead.id}/dispatch`, { countyOrgIds: [taishan] }))
        .statusCode,
    ).toBe(404);
    res = await city.call('POST', `/api/leads/${lead.id}/dispatch`, {
      countyOrgIds: [taishan],
      cityCoFollow: false,
    });
    l = res.json().lead;
    expect(l).toMatchObject({ stage: 'following', countyOrgIds: [taishan], cityCoFollow: true }); // forced at ≥ 5亿
    expect(l.sla.progress.status).toBe('pending');

    // The county now sees it and reports progress; 鹤山 still gets 404.
    expect((await heshanOfficer.call('GET', `/api/leads/${lead.id}`)).statusCode).toBe(404);
    res = await taishanOfficer.call('POST', `/api/leads/${lead.id}/progress`, {
      summary: '完成选址踏勘',
      nextSteps: '推进供地方案',
      blockers: '需协调 220kV 电力接入',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().lead.sla.progress.status).toBe('pending');
    const progressClocks = await t.db.kysely
      .selectFrom('sla_clocks')
      .selectAll()
      .where('step', '=', 'progress')
      .execute();
    expect(progressClocks).toHaveLength(2);

    res = await taishanOfficer.call('POST', `/api/leads/${lead.id}/sign`, {
      signedAt: '2024-10-10',
      totalInvestmentYuan: 1_600_000_000,
    });
    expect(res.statusCode).toBe(200);
    const signed = res.json();
    expect(signed.lead).toMatchObject({ stage: 'signed', projectId: signed.projectId });
    expect(signed.project).toMatchObject({ code: 'JM-P-440781-2024-0001', stage: 'signed' });
    // API.md's project, whole: the sign answer is the same shape as GET /api/projects/{id}.
    expect(signed.project).toMatchObject({
      id: signed.projectId,
      leadId: lead.id,
      countyOrgId: taishan,
      totalInvestmentYuan: 1_600_000_000,
      isManufacturing: true,
      signedOn: '2024-10-10',
      startedOn: null,
      inProductionOn: null,
      version: 1,
    });
    const project = await t.db.kysely.selectFrom('projects').selectAll().executeTakeFirstOrThrow();
    expect(project).toMatchObject({
      lead_id: lead.id,
      county_org_id: taishan,
      total_investment_yuan: 1_600_000_000,
      is_manufacturing: 1,
    });
    const types = signed.lead.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(['registered', 'respond', 'assess', 'feedback', 'dispatched', 'progress', 'sign']);
    expect(signed.lead.events[5].userName).toContain('台山');
  });

  it("shows the signed project on the lead only to those the project's own rule lets see it", async () => {
    const lead = await register();
    const step = (action: string, body: object) => cityStep(lead.id, action, body);
    await readyToDispatch(lead.id, '分派两县');
    const heshan = await orgIdByName(t.db, '鹤山市');
    await step('dispatch', { countyOrgIds: [taishan, heshan] });
    const signed = await step('sign', { countyOrgId: heshan });
    // 台山 follows the lead but the project is built in 鹤山: the lead is visible, its project is not.
    const asTaishan = (await taishanOfficer.call('GET', `/api/leads/${lead.id}`)).json().lead;
    expect(asTaishan.stage).toBe('signed');
    expect(asTaishan.project).toBeNull();
    expect((await taishanOfficer.call('GET', `/api/projects/${signed.projectId}`)).statusCode).toBe(404);
    const asHeshan = (await heshanOfficer.call('GET', `/api/leads/${lead.id}`)).json().lead;
    expect(asHeshan.project).toMatchObject({ id: signed.projectId });
  });

  it('refuses steps from the wrong stage with 409 ILLEGAL_TRANSITION, and steps in the future', async () => {
    const lead = await register();
    const assess = await city.call('POST', `/api/leads/${lead.id}/assess`, {
      decision: 'follow',
      aspects,
      proposals: 'x',
    });
    expect(assess.statusCode).toBe(409);
    expect(assess.json().error).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      details: { stage: 'registered' },
    });
    for (const action of ['feedback', 'dispatch', 'progress', 'sign']) {
      const body = {
        to: 'x',
        channel: 'phone',
        note: 'x',
        countyOrgIds: [taishan],
        summary: 'x',
        nextSteps: 'x',
      };
      const r = await city.call('POST', `/api/leads/${lead.id}/${action}`, action === 'sign' ? {} : body);
      expect([action, r.statusCode]).toEqual([action, 409]);
    }
    const future = await city.call(
      'POST',
      `/api/leads/${lead.id}/respond`,
      respond(city.user.id, '2024-09-28T10:00:00+08:00'),
    );
    expect(future.json().error.details[0].path).toBe('at');
    expect(
      (
        await city.call(
          'POST',
          `/api/leads/${lead.id}/respond`,
          respond(city.user.id, '2024-09-27T10:30:00+08:00'),
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await city.call(
          'POST',
          `/api/leads/${lead.id}/respond`,
          respond(city.user.id, '2024-09-27T10:40:00+08:00'),
        )
      ).statusCode,
    ).toBe(409);
  });

  it('a declined lead still gets its feedback, then closes', async () => {
    const lead = await register();
    await city.call(
      'POST',
      `/api/leads/${lead.id}/respond`,
      respond(city.user.id, '2024-09-27T10:30:00+08:00'),
    );
    await city.call('POST', `/api/leads/${lead.id}/assess`, {
      decision: 'decline',
      aspects,
      proposals: '能耗过高，不予跟进',
    });
    expect(
      (await city.call('POST', `/api/leads/${lead.id}/dispatch`, { countyOrgIds: [taishan] })).statusCode,
    ).toBe(409);
    const fed = await city.call('POST', `/api/leads/${lead.id}/feedback`, {
      to: '引荐方',
      channel: 'letter',
      note: '不予跟进',
    });
    expect(fed.json().lead).toMatchObject({
      stage: 'closed',
      closedReason: expect.stringContaining('不予跟进'),
    });
  });

  it('closes an open lead with a reason, keeping it', async () => {
    const lead = await register();
    const res = await city.call('POST', `/api/leads/${lead.id}/close`, { reason: '投资方取消计划' });
    expect(res.json().lead).toMatchObject({ stage: 'closed', closedReason: '投资方取消计划', waiting: null });
    expect((await city.call('GET', `/api/leads/${lead.id}`)).statusCode).toBe(200);
    expect((await city.call('POST', `/api/leads/${lead.id}/close`, { reason: 'again' })).statusCode).toBe(
      409,
    );
  });

  it('finds likely duplicates by credit code or normalised name, and the city resolves them', async () => {
    const first = await register();
    // Same firm, written differently: region prefix, full-width brackets, another suffix.
    const dup = await city.call(
      'POST',
      '/api/leads',
      leadInput({
        investorName: '瑞能储能科技（江门）股份有限公司',
        investorCreditCode: undefined,
        projectName: '储能二期',
      }),
    );
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('LEAD_POSSIBLE_DUPLICATE');
    expect(dup.json().error.details.candidates).toEqual([
      expect.objectContaining({ type: 'lead', id: first.id, code: first.code, reason: 'investor_name' }),
    ]);
    const byCode = await city.call('POST', '/api/leads', leadInput({ investorName: '完全不同的名字' }));
    expect(byCode.json().error.details.candidates[0].reason).toBe('credit_code');

    const saved = await city.call(
      'POST',
      '/api/leads',
      leadInput({
        investorName: '瑞能储能科技（江门）股份有限公司',
        investorCreditCode: undefined,
        confirmNotDuplicate: true,
      }),
    );
    expect(saved.statusCode).toBe(201);
    const second = saved.json().lead;
    expect(second.duplicates).toEqual([
      expect.objectContaining({ type: 'lead', id: first.id, resolution: null }),
    ]);

    const list = (await city.call('GET', '/api/leads/conflicts')).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ leadId: second.id, other: { id: first.id } });
    expect((await taishanOfficer.call('GET', '/api/leads/conflicts')).statusCode).toBe(403);

    const merged = await city.call('POST', `/api/leads/${second.id}/merge`, {
      intoLeadId: first.id,
      note: '同一投资方',
    });
    expect(merged.statusCode).toBe(200);
    const gone = (await city.call('GET', `/api/leads/${second.id}`)).json().lead;
    expect(gone).toMatchObject({ stage: 'closed', mergedIntoId: first.id });
    expect(gone.events.map((e: { type: string }) => e.type)).toEqual(['registered', 'merged_away']);
    expect(merged.json().lead.events.map((e: { type: string }) => e.type)).toEqual([
      'registered',
      'merged_in',
    ]);
    expect((await city.call('GET', '/api/leads/conflicts')).json().items).toEqual([]);
  });

  it('a namesake in another city is possibly related: shown apart, never blocking; spaces in a name are tidied', async () => {
    const dongguan = await register({
      investorName: ' 东莞市 思源航空科技集团有限公司 ',
      investorCreditCode: undefined,
    });
    expect(dongguan.investorName).toBe('东莞市思源航空科技集团有限公司');
    // Namesakes in 苏州 and 上海 register without a question, and are listed as possibly related.
    const suzhou = await register({
      investorName: '苏州思源航空科技有限公司',
      investorCreditCode: undefined,
    });
    expect(suzhou.duplicates).toEqual([
      expect.objectContaining({ type: 'lead', id: dongguan.id, reason: 'related_name' }),
    ]);
    const shanghai = await register({
      investorName: '上海思源航空科技集团有限公司',
      investorCreditCode: undefined,
    });
    expect(shanghai.duplicates.map((d: { reason: string }) => d.reason)).toEqual([
      'related_name',
      'related_name',
    ]);
    // The same firm (no place, or the same city) asks first, with the namesakes listed apart.
    const same = await city.call(
      'POST',
      '/api/leads',
      leadInput({ investorName: '思源航空科技（东莞）有限公司', investorCreditCode: undefined }),
    );
    expect(same.statusCode).toBe(409);
    expect(same.json().error.details.candidates).toEqual([
      expect.objectContaining({ id: dongguan.id, reason: 'investor_name' }),
    ]);
    expect(
      same
        .json()
        .error.details.related.map((c: { id: number }) => c.id)
        .sort(),
    ).toEqual([suzhou.id, shanghai.id].sort());
    // Only the same investor is a conflict for the city to resolve.
    expect((await city.call('GET', '/api/leads/conflicts')).json().items).toEqual([]);
    const registered = (await city.call('GET', `/api/leads/${shanghai.id}`)).json().lead.events[0];
    expect(registered.data).toMatchObject({ possibleDuplicates: 0, possiblyRelated: 2 });
  });

  it('a county officer registering a duplicate of a lead they cannot see is not told it exists; the city is', async () => {
    await register();
    const res = await taishanOfficer.call(
      'POST',
      '/api/leads',
      leadInput({
        investorName: '深圳市瑞能储能科技有限公司',
        investorCreditCode: undefined,
        channel: 'county',
      }),
    );
    expect(res.statusCode).toBe(201);
    const mine = res.json().lead;
    expect(mine.duplicates).toEqual([]);
    expect(mine.ownerOrgId).toBe(taishan);
    const conflictsList = (await city.call('GET', '/api/leads/conflicts')).json().items;
    expect(conflictsList.map((c: { leadId: number }) => c.leadId)).toEqual([mine.id]);
    const owner = await city.call('POST', `/api/leads/${mine.id}/owner`, {
      ownerOrgId: await orgIdByName(t.db, '江门市投资促进中心'),
    });
    expect(owner.json().lead.ownerOrgId).not.toBe(taishan);
    expect((await taishanOfficer.call('GET', `/api/leads/${mine.id}`)).statusCode).toBe(404);
    // Not even counted on the new lead's timeline: the county saw no candidate.
    const registered = await t.db.kysely
      .selectFrom('lead_events')
      .select('data')
      .where('lead_id', '=', mine.id)
      .where('type', '=', 'registered')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(registered.data)).toMatchObject({ possibleDuplicates: 0 });
  });

  it('edits carry the version; a stale one gets 409 and changes nothing', async () => {
    const lead = await register();
    const ok = await city.call('PATCH', `/api/leads/${lead.id}`, {
      version: 1,
      projectName: '储能基地（一期）',
    });
    expect(ok.json().lead).toMatchObject({ version: 2, projectName: '储能基地（一期）' });
    const stale = await city.call('PATCH', `/api/leads/${lead.id}`, { version: 1, projectName: '别的名字' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');
    expect((await city.call('GET', `/api/leads/${lead.id}`)).json().lead.projectName).toBe(
      '储能基地（一期）',
    );
    const bad = await city.call('PATCH', `/api/leads/${lead.id}`, { version: 2, plannedInvestmentYuan: 5 });
    expect(bad.statusCode).toBe(422);
    const unknown = await city.call('PATCH', `/api/leads/${lead.id}`, { version: 2, stage: 'signed' });
    expect(unknown.statusCode).toBe(400);
  });

  it('two officers acting at once: one wins, the other gets a conflict', async () => {
    const lead = await register();
    const other = await login(t.app, 'city');
    const [a, b] = await Promise.all([
      city.call('POST', `/api/leads/${lead.id}/respond`, respond(city.user.id, '2024-09-27T10:30:00+08:00')),
      other.call('POST', `/api/leads/${lead.id}/respond`, respond(city.user.id, '2024-09-27T10:31:00+08:00')),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const events = await t.db.kysely
      .selectFrom('lead_events')
      .select('type')
      .where('lead_id', '=', lead.id)
      .execute();
    expect(events.map((e) => e.type)).toEqual(['registered', 'respond']);
  });

  it('visibility: lists, detail and export show a county only its own; admin and auditor see no leads', async () => {
    const a = await register({ investorName: '甲公司', investorCreditCode: undefined });
    const b = await register({ investorName: '乙公司', investorCreditCode: undefined });
    for (const lead of [a, b]) {
      await city.call(
        'POST',
        `/api/leads/${lead.id}/respond`,
        respond(city.user.id, '2024-09-27T10:30:00+08:00'),
      );
      await city.call('POST', `/api/leads/${lead.id}/assess`, {
        decision: 'follow',
        aspects,
        proposals: 'x',
      });
      await city.call('POST', `/api/leads/${lead.id}/feedback`, { to: 'x', channel: 'phone', note: 'x' });
    }
    await city.call('POST', `/api/leads/${a.id}/dispatch`, { countyOrgIds: [taishan] });
    const own = await register(
      { investorName: '丙公司', investorCreditCode: undefined, channel: 'county' },
      taishanOfficer,
    );

    const taishanList = (await taishanOfficer.call('GET', '/api/leads')).json();
    expect(taishanList.items.map((l: { id: number }) => l.id).sort()).toEqual([a.id, own.id].sort());
    expect(taishanList.total).toBe(2);
    // Owned and dispatched, merged in order across pages (newest first, then by code).
    const page = async (qs: string) => (await taishanOfficer.call('GET', `/api/leads?${qs}`)).json();
    const p1 = await page('pageSize=1&page=1');
    const p2 = await page('pageSize=1&page=2');
    expect([p1.total, p2.total]).toEqual([2, 2]);
    expect([...p1.items, ...p2.items].map((l: { id: number }) => l.id)).toEqual([own.id, a.id]);
    const byCode = await page('sort=code&order=asc');
    expect(byCode.items.map((l: { id: number }) => l.id)).toEqual([a.id, own.id]);
    expect((await page('stage=registered')).items.map((l: { id: number }) => l.id)).toEqual([own.id]);
    // By deadline across both parts: own's response (29 Sept) before a's progress report (October).
    expect((await page('sort=dueAt&order=asc')).items.map((l: { id: number }) => l.id)).toEqual([
      own.id,
      a.id,
    ]);
    expect((await page('sort=dueAt&order=desc')).items.map((l: { id: number }) => l.id)).toEqual([
      a.id,
      own.id,
    ]);
    // A lead both owned by and dispatched to the county counts once.
    await t.db.kysely
      .insertInto('lead_counties')
      .values({ lead_id: own.id, org_id: taishan, stage: own.stage, received_at: own.receivedAt })
      .execute();
    expect((await page('pageSize=1')).total).toBe(2);
    expect((await page('stage=registered')).total).toBe(1);
    expect((await page('q=丙公司')).total).toBe(1);
    expect((await heshanOfficer.call('GET', '/api/leads')).json().total).toBe(0);
    expect((await heshanOfficer.call('GET', `/api/leads/${a.id}`)).statusCode).toBe(404);
    expect(
      (await heshanOfficer.call('POST', `/api/leads/${a.id}/progress`, { summary: 'x', nextSteps: 'y' }))
        .statusCode,
    ).toBe(404);
    expect((await city.call('GET', '/api/leads')).json().total).toBe(3);
    const leader = await login(t.app, 'leader');
    expect((await leader.call('GET', '/api/leads')).json().total).toBe(3);
    expect((await leader.call('POST', `/api/leads/${b.id}/close`, { reason: 'x' })).statusCode).toBe(403);
    // A county's leader reads what the county's officers read, nothing of the rest, and acts on none.
    const countyLeader = await login(t.app, 'taishan_leader');
    const theirs = (await countyLeader.call('GET', '/api/leads')).json();
    expect(theirs.items.map((l: { id: number }) => l.id).sort()).toEqual([a.id, own.id].sort());
    expect((await countyLeader.call('GET', `/api/leads/${a.id}`)).statusCode).toBe(200);
    expect((await countyLeader.call('GET', `/api/leads/${b.id}`)).statusCode).toBe(404);
    expect((await countyLeader.call('GET', '/api/leads?q=乙公司')).json().total).toBe(0);
    expect(
      (await countyLeader.call('POST', `/api/leads/${a.id}/progress`, { summary: 'x', nextSteps: 'y' }))
        .statusCode,
    ).toBe(403);
    const leaderXlsx = await countyLeader.call('GET', '/api/leads/export.xlsx');
    const leaderWb = new ExcelJS.Workbook();
    await leaderWb.xlsx.load(leaderXlsx.rawPayload as unknown as ArrayBuffer);
    expect(leaderWb.getWorksheet('线索台账')!.getColumn(2).values.slice(2).sort()).toEqual(
      [a.code, own.code].sort(),
    );
    for (const who of ['admin', 'auditor']) {
      const s = await login(t.app, who);
      expect((await s.call('GET', '/api/leads')).statusCode).toBe(403);
      expect((await s.call('GET', `/api/leads/${a.id}`)).statusCode).toBe(403);
    }

    const xlsx = await taishanOfficer.call('GET', '/api/leads/export.xlsx');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('线索台账')!;
    const codes = sheet.getColumn(2).values.slice(2);
    expect(codes.sort()).toEqual([a.code, own.code].sort());
    expect((await lastAudit(t.db))[0]).toMatchObject({ action: 'lead.exported', username: 'taishan' });
  });

  it('filters the ledger: stage, county, amount, text, time-limit status, period; sorts; paginates', async () => {
    const a = await register({
      investorName: '甲公司',
      investorCreditCode: undefined,
      plannedInvestmentYuan: 300_000_000,
    });
    await register({
      investorName: '乙公司',
      investorCreditCode: undefined,
      projectName: '光伏组件',
      receivedAt: '2024-09-20T10:00:00+08:00',
    });
    await city.call('POST', `/api/leads/${a.id}/respond`, respond(city.user.id, '2024-09-27T10:30:00+08:00'));
    const q = async (query: string) => (await city.call('GET', `/api/leads?${query}`)).json();
    expect((await q('stage=responded')).items.map((l: { id: number }) => l.id)).toEqual([a.id]);
    expect((await q('stage=registered,responded')).total).toBe(2);
    expect((await q('maxYuan=500000000')).total).toBe(1);
    expect((await q('q=光伏')).items[0].projectName).toBe('光伏组件');
    expect((await q('q=乙公司')).total).toBe(1);
    // A section letter covers its divisions: both are manufacturing (C), neither is in section I.
    expect((await q('industryCode=C')).total).toBe(2);
    expect((await q('industryCode=I')).total).toBe(0);
    expect((await q('industryCode=38')).total).toBe(2);
    // The lead received 09-20 (Friday) was due Monday 09-23: overdue since 09-24 00:00.
    expect((await q('slaStatus=overdue')).items.map((l: { investorName: string }) => l.investorName)).toEqual(
      ['乙公司'],
    );
    expect((await q('receivedFrom=2024-09-27&receivedTo=2024-09-27')).total).toBe(1);
    expect((await q('sort=plannedInvestmentYuan&order=asc')).items[0].id).toBe(a.id);
    expect((await q('pageSize=1&page=2')).items).toHaveLength(1);
    const summary = (await city.call('GET', '/api/leads/summary')).json();
    expect(summary).toMatchObject({ byStage: { registered: 1, responded: 1 }, overdue: 1 });
    // "Due soon" by working hours: the filter agrees with the status shown. 丙's response is due on
    // the 调休 Sunday: 13 hours left today + 24 = 37 working hours.
    const c = await register({ investorName: '丙公司', investorCreditCode: undefined });
    expect((await q('slaStatus=due_soon')).total).toBe(0);
    const admin = await login(t.app, 'admin');
    const set = await admin.call('PUT', '/api/sla/policies', {
      items: [{ step: 'response', amount: 1, unit: 'workday' }],
      dueSoonWorkingHours: 48,
    });
    expect(set.statusCode).toBe(200);
    const soon = await q('slaStatus=due_soon');
    expect(soon.items.map((l: { id: number }) => l.id)).toEqual([c.id]);
    expect(soon.items[0].sla.response.status).toBe('due_soon');
    const pending = await q('slaStatus=pending');
    expect(pending.items.map((l: { id: number }) => l.id)).toEqual([a.id]);
    expect(pending.items[0].sla.assessment.status).toBe('pending');
    expect((await city.call('GET', '/api/leads/summary')).json().dueSoon).toBe(1);
    // By deadline: leads with none (closed) come last both ways, on both databases.
    await city.call('POST', `/api/leads/${c.id}/close`, { reason: '投资方放弃' });
    const ids = async (qs: string) =>
      (await q(qs)).items.map((l: { investorName: string }) => l.investorName);
    expect(await ids('sort=dueAt&order=asc')).toEqual(['乙公司', '甲公司', '丙公司']);
    expect(await ids('sort=dueAt&order=desc')).toEqual(['甲公司', '乙公司', '丙公司']);
    expect((await city.call('GET', '/api/leads?stage=unknown')).statusCode).toBe(400);
  });

  it('a county officer’s ledger by deadline: owned and dispatched leads in one order, the copies following each deadline', async () => {
    const heshan = await orgIdByName(t.db, '鹤山市');
    const toDispatch = async (investorName: string, countyOrgIds: number[]) => {
      const lead = await register({ investorName, investorCreditCode: undefined });
      await city.call(
        'POST',
        `/api/leads/${lead.id}/respond`,
        respond(city.user.id, '2024-09-27T10:30:00+08:00'),
      );
      await city.call('POST', `/api/leads/${lead.id}/assess`, {
        decision: 'follow',
        aspects,
        proposals: '分派',
      });
      await city.call('POST', `/api/leads/${lead.id}/feedback`, {
        to: '引荐人',
        channel: 'phone',
        note: '同意',
      });
      const r = await city.call('POST', `/api/leads/${lead.id}/dispatch`, { countyOrgIds });
      expect(r.statusCode, r.body).toBe(200);
      return lead.id as number;
    };
    const a = await toDispatch('甲公司', [taishan]);
    const b = await toDispatch('乙公司', [taishan, heshan]);
    // 台山's own lead, still waiting for the city's response (due sooner than a progress report).
    const own = (
      await taishanOfficer.call(
        'POST',
        '/api/leads',
        leadInput({ investorName: '丙公司', investorCreditCode: undefined }),
      )
    ).json().lead.id;
    const order = async (who: Session, dir: string) =>
      (await who.call('GET', `/api/leads?sort=dueAt&order=${dir}`))
        .json()
        .items.map((l: { id: number }) => l.id);
    expect(await order(taishanOfficer, 'asc')).toEqual([own, a, b]);
    expect(await order(taishanOfficer, 'desc')).toEqual([b, a, own]);
    // 甲 reports progress a week later: its next report is due after 乙's, in both counties' copies.
    t.clock.set('2024-10-08T10:00:00+08:00');
    const officer = await login(t.app, 'taishan');
    const r = await officer.call('POST', `/api/leads/${a}/progress`, {
      summary: '已考察选址',
      nextSteps: '洽谈土地',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(await order(officer, 'asc')).toEqual([own, b, a]);
    const copies = await t.db.kysely
      .selectFrom('lead_counties')
      .innerJoin('leads', 'leads.id', 'lead_counties.lead_id')
      .select(['lead_counties.waiting_due_at as copy', 'leads.waiting_due_at as due'])
      .execute();
    expect(copies.length).toBe(3);
    for (const c of copies) expect(c.copy).toBe(c.due);
    // The city's view of one county takes the copy too.
    const byCounty = (
      await (await login(t.app, 'city')).call('GET', `/api/leads?countyOrgId=${taishan}&sort=dueAt&order=asc`)
    ).json();
    expect(byCounty.items.map((l: { id: number }) => l.id)).toEqual([b, a]);
  });

  it('my work lists what waits on me, soonest first, with the words people read', async () => {
    const late = await register({
      investorName: '甲公司',
      investorCreditCode: undefined,
      receivedAt: '2024-09-20T10:00:00+08:00',
    });
    const fresh = await register({ investorName: '乙公司', investorCreditCode: undefined });
    const work = (await city.call('GET', '/api/leads/my-work')).json();
    expect(work.items.map((i: { leadId: number }) => i.leadId)).toEqual([late.id, fresh.id]);
    expect(work.items[0]).toMatchObject({
      action: 'respond',
      status: 'overdue',
      remaining: '已超期 4 个工作日',
    });
    expect(work.items[1]).toMatchObject({
      action: 'respond',
      status: 'pending',
      remaining: '剩余 1 个工作日',
    });
    expect((await taishanOfficer.call('GET', '/api/leads/my-work')).json().items).toEqual([]);
  });

  it('a dispatch is new (新) to the county until someone of it opens the lead; a re-dispatch is new only to the county added', async () => {
    const lead = await register();
    const step = (action: string, body: object) => cityStep(lead.id, action, body);
    await readyToDispatch(lead.id);
    await step('dispatch', { countyOrgIds: [taishan] });
    const isNewTo = async (who: Session) => ({
      ledger: (await who.call('GET', '/api/leads')).json().items.find((l: { id: number }) => l.id === lead.id)
        ?.isNew,
      work: (await who.call('GET', '/api/leads/my-work'))
        .json()
        .items.find((w: { leadId: number }) => w.leadId === lead.id)?.isNew,
    });
    expect(await isNewTo(taishanOfficer)).toEqual({ ledger: true, work: true });
    // The city, which dispatched it, never sees it as new.
    expect((await isNewTo(city)).ledger).toBeUndefined();
    // Reading the list is not opening it.
    expect(await isNewTo(taishanOfficer)).toEqual({ ledger: true, work: true });
    expect((await taishanOfficer.call('GET', `/api/leads/${lead.id}`)).statusCode).toBe(200);
    expect(await isNewTo(taishanOfficer)).toEqual({ ledger: undefined, work: undefined });

    const heshan = await orgIdByName(t.db, '鹤山市');
    await step('dispatch', { countyOrgIds: [taishan, heshan], reason: '鹤山用地条件更好，共同跟进' });
    expect(await isNewTo(taishanOfficer)).toEqual({ ledger: undefined, work: undefined });
    expect((await isNewTo(heshanOfficer)).ledger).toBe(true);
    // A county that reports on the lead has seen it, whether or not it opened the page first.
    const report = await heshanOfficer.call('POST', `/api/leads/${lead.id}/progress`, {
      summary: '已对接投资方',
      nextSteps: '现场踏勘',
    });
    expect(report.statusCode).toBe(200);
    expect(await isNewTo(heshanOfficer)).toEqual({ ledger: undefined, work: undefined });
  });

  it('the ledger’s total is counted again after every write that changes it, a repeat view in between', async () => {
    const total = async (who: Session, query = '') =>
      (await who.call('GET', `/api/leads${query}`)).json().total;
    const cityBefore = await total(city);
    const taishanBefore = await total(taishanOfficer);
    const followingBefore = await total(city, '?stage=following');
    // A repeat view answers the same.
    expect(await total(city)).toBe(cityBefore);
    const lead = await register();
    expect(await total(city)).toBe(cityBefore + 1);
    expect(await total(taishanOfficer)).toBe(taishanBefore);
    const step = (action: string, body: object) => cityStep(lead.id, action, body);
    await readyToDispatch(lead.id);
    expect(await total(city, '?stage=following')).toBe(followingBefore);
    // A dispatch changes the county's ledger and the stage the city's filter counts.
    await step('dispatch', { countyOrgIds: [taishan] });
    expect(await total(taishanOfficer)).toBe(taishanBefore + 1);
    expect(await total(city, '?stage=following')).toBe(followingBefore + 1);
    await step('close', { reason: '投资方取消计划' });
    expect(await total(city, '?stage=following')).toBe(followingBefore);
    expect(await total(city)).toBe(cityBefore + 1);
  });

  it('weekly report and time-limit report', async () => {
    const lead = await register();
    await register({
      investorName: '乙公司',
      investorCreditCode: undefined,
      receivedAt: '2024-09-23T10:00:00+08:00',
    });
    await city.call(
      'POST',
      `/api/leads/${lead.id}/respond`,
      respond(city.user.id, '2024-09-27T10:30:00+08:00'),
    );
    const week = (await city.call('GET', '/api/reports/weekly?weekOf=2024-09-25')).json();
    expect(week.period).toEqual({ from: '2024-09-23', to: '2024-09-29' });
    expect(week.newLeads).toHaveLength(2);
    expect(week.stepsCompleted.find((s: { step: string }) => s.step === 'response')).toMatchObject({
      completed: 1,
      late: 0,
    });
    // 乙公司 received Monday 09-23, due 09-24, still open: overdue in this week.
    expect(week.overdueSteps.map((s: { step: string }) => s.step)).toEqual(['response']);
    // 丙公司 received Thursday 09-26, due by the end of today (Friday 09-27): due, not overdue, in
    // the week under way — as the ledger says it (one status rule for both).
    const due = await register({
      investorName: '丙公司',
      investorCreditCode: undefined,
      receivedAt: '2024-09-26T10:00:00+08:00',
    });
    expect(due.sla.response).toMatchObject({ dueDate: '2024-09-27', status: 'due_soon' });
    const now = (await city.call('GET', '/api/reports/weekly?weekOf=2024-09-25')).json();
    expect(now.overdueSteps.map((s: { code: string }) => s.code)).not.toContain(due.code);
    expect(now.overdueSteps).toHaveLength(1);
    // Once the day is over it is overdue, in the report as in the ledger: at 00:30 Shanghai (16:30
    // UTC the day before), which a deadline string compared with a UTC one would miss until 08:00.
    t.clock.set('2024-09-28T00:30:00+08:00');
    city = await login(t.app, 'city');
    const later = (await city.call('GET', '/api/reports/weekly?weekOf=2024-09-25')).json();
    expect(later.overdueSteps.map((s: { code: string }) => s.code)).toContain(due.code);
    const overdueLedger = (await city.call('GET', '/api/leads?slaStatus=overdue&pageSize=100')).json();
    expect(overdueLedger.items.map((l: { code: string }) => l.code)).toContain(due.code);
    const shown = overdueLedger.items.find((l: { code: string }) => l.code === due.code);
    expect(shown.sla.response.status).toBe('overdue');
    expect((await city.call('GET', '/api/leads/summary')).json().overdue).toBe(overdueLedger.total);
    t.clock.set('2024-09-27T11:00:00+08:00');
    city = await login(t.app, 'city');
    expect(week.byCounty).toEqual([{ name: '（未分派）', late: 0, overdue: 1 }]);
    const xlsx = await city.call('GET', '/api/reports/weekly.xlsx?weekOf=2024-09-25');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '概况',
      '新增线索',
      '超时与逾期',
      '按责任人',
      '按县区',
      '分派与签约',
    ]);
    // Every sheet: the title, then a bold frozen header with filters; dates are date cells.
    for (const ws of wb.worksheets) {
      expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(ws.getRow(3).font?.bold, ws.name).toBe(true);
      expect(ws.autoFilter, ws.name).toBeTruthy();
    }
    const overdue = wb.getWorksheet('超时与逾期')!;
    expect(overdue.getRow(4).getCell(4).value).toBeInstanceOf(Date);
    expect(overdue.getRow(4).getCell(4).numFmt).toBe('yyyy-mm-dd');
    const sla = (await city.call('GET', '/api/reports/sla?from=2024-09-01&to=2024-09-30')).json();
    expect(sla.byStep[0]).toMatchObject({
      step: 'response',
      completed: 1,
      onTime: 1,
      onTimeRate: 100,
      overdueOpen: 1,
    });
    expect(
      (await heshanOfficer.call('GET', '/api/reports/weekly?weekOf=2024-09-25')).json().newLeads,
    ).toEqual([]);
    expect(
      (await (await login(t.app, 'referrer')).call('GET', '/api/reports/sla?from=2024-09-01&to=2024-09-30'))
        .statusCode,
    ).toBe(403);
  });
});
