import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const YI = 100_000_000;
const WAN = 10_000;
/** The smallest PNG: a signature and enough of a header to be one. */
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(40, 1),
]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const code17 = '91440700MA4UJ4XX0';
const leadInput = {
  projectName: '新型储能电池生产基地',
  investorName: '广东瑞能储能科技有限公司',
  investorCreditCode: `${code17}${creditCodeCheckChar(code17)}`,
  investorType: 'private',
  industryCode: '3841',
  plannedInvestmentYuan: 15 * YI,
  referrer: { name: '驻深圳招商组', organization: '江门市投资促进中心', kind: 'resident_team' },
  channel: 'resident_team',
  receivedAt: '2024-09-02T10:00:00+08:00',
};
const keyInfo = {
  investorProfile: '储能电池企业',
  investmentContent: '建设储能电池产线',
  benefits: '年产值 60 亿元',
  siteRequirements: '工业用地 300 亩',
  coordinationNeeds: '电力接入',
};
const aspects = {
  industryDirection: '符合',
  industryPull: '补链',
  marketProspects: '旺盛',
  technologyRoute: '磷酸铁锂',
  environment: '可控',
  energy: '统筹',
  benefits: '良好',
};

const fieldsOf = (res: { json(): { error: { details: { path: string }[] } } }) =>
  res.json().error.details.map((d) => d.path);

describe.each(dialects())('agreements, standards, reviews, attachments, lost leads (%s)', (dialect) => {
  let t: TestApp;
  let city: Session;
  let taishanOfficer: Session;
  let heshanOfficer: Session;
  let taishan: number;
  const file = appForFile(dialect, { now: '2024-09-27T10:00:00+08:00' });
  beforeEach(async () => {
    t = await file.fresh();
    city = await login(t.app, 'city');
    taishanOfficer = await login(t.app, 'taishan');
    heshanOfficer = await login(t.app, 'heshan');
    taishan = await orgIdByName(t.db, '台山市');
  });

  const project = async () => {
    const res = await city.call('POST', '/api/projects', {
      name: '储能电池基地',
      investorName: '广东瑞能储能科技有限公司',
      countyOrgId: taishan,
      industryCode: '3841',
      totalInvestmentYuan: 30 * YI,
      signedOn: '2024-01-15',
      plannedStartOn: '2024-05-31',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().project;
  };
  const agreement = {
    signedOn: '2024-01-15',
    zone: '一类地区',
    totalInvestmentYuan: 30 * YI,
    fixedAssetYuan: 24 * YI,
    landMu: 800,
    taxPerMuYuan: 25 * WAN,
    outputYuan: 45 * YI,
    startDeadline: '2024-06-30',
    productionDeadline: '2025-12-31',
    fullProductionYear: 2026,
  };

  it('keeps the agreement and judges each term around its deadline; a breach becomes an owned issue', async () => {
    const p = await project();
    let res = await taishanOfficer.call('PUT', `/api/projects/${p.id}/agreement`, {
      ...agreement,
      fixedAssetYuan: 31 * YI,
    });
    expect(fieldsOf(res)).toContain('fixedAssetYuan');
    res = await taishanOfficer.call('PUT', `/api/projects/${p.id}/agreement`, agreement);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view.agreement).toMatchObject({ version: 1, intensityYuanPerMu: 300 * WAN, landMu: 800 });
    // The demo's example standard for 一类地区: 300万/亩, 25万/亩·年, 5000万 — all met exactly.
    expect(view.standard).toMatchObject({ zone: '一类地区', isExample: true });
    expect(view.standardCheck.map((c: { term: string; verdict: string }) => [c.term, c.verdict])).toEqual([
      ['intensity', 'pass'],
      ['taxPerMu', 'pass'],
      ['minTotal', 'pass'],
    ]);
    const verdicts = (v: { terms: { term: string; verdict: string }[] }) =>
      Object.fromEntries(v.terms.map((x) => [x.term, x.verdict]));
    // 27 September: the start deadline (30 June) passed unmet; production is far; a third of the
    // time to full production gone with nothing in place.
    expect(verdicts(view)).toEqual({
      start: 'breached',
      production: 'on_track',
      investment: 'behind',
      taxPerMu: 'not_due',
      output: 'not_due',
    });
    const breachedIds = async (s: Session) =>
      (await s.call('GET', '/api/projects?agreementBreached=yes&pageSize=100'))
        .json()
        .items.map((x: { id: number }) => x.id);
    expect(await breachedIds(city)).toContain(p.id);
    // Around the start deadline: on track, then within 60 days, on the day, the day after.
    const at = async (day: string, term = 'start') => {
      t.clock.set(`${day}T10:00:00+08:00`);
      const s = await login(t.app, 'taishan');
      return verdicts((await s.call('GET', `/api/projects/${p.id}/agreement`)).json())[term];
    };
    expect(await at('2024-04-30')).toBe('on_track');
    expect(await at('2024-05-01')).toBe('behind');
    expect(await at('2024-06-30')).toBe('behind');
    expect(await at('2024-07-01')).toBe('breached');
    t.clock.set('2024-06-30T10:00:00+08:00');
    expect(await breachedIds(await login(t.app, 'city'))).not.toContain(p.id);
    t.clock.set('2024-09-27T10:00:00+08:00');
    city = await login(t.app, 'city');
    taishanOfficer = await login(t.app, 'taishan');

    // Actuals: 10亿 in place in 2024 puts investment on track; a stale version is refused.
    res = await taishanOfficer.call('PUT', `/api/projects/${p.id}/actuals/2024`, { investedYuan: 10 * YI });
    expect(verdicts(res.json()).investment).toBe('on_track');
    expect(
      (await taishanOfficer.call('PUT', `/api/projects/${p.id}/actuals/2024`, { investedYuan: 11 * YI }))
        .statusCode,
    ).toBe(409);
    expect(
      fieldsOf(await taishanOfficer.call('PUT', `/api/projects/${p.id}/actuals/2023`, { investedYuan: 1 })),
    ).toContain('year');
    expect(
      (await taishanOfficer.call('PUT', `/api/projects/${p.id}/agreement`, { ...agreement, landMu: 900 }))
        .statusCode,
    ).toBe(409);

    // The breached start becomes a coordination issue owned by 台山, once; a term not breached cannot.
    expect(
      fieldsOf(
        await taishanOfficer.call('POST', `/api/projects/${p.id}/agreement/breaches`, { term: 'production' }),
      ),
    ).toContain('term');
    res = await taishanOfficer.call('POST', `/api/projects/${p.id}/agreement/breaches`, { term: 'start' });
    expect(res.statusCode, res.body).toBe(201);
    const issue = res.json().project.issues.find((i: { category: string }) => i.category === 'agreement');
    expect(issue).toMatchObject({ departmentOrgId: taishan, status: 'open' });
    expect(issue.description).toContain('【动工期限】协议约定 2024-06-30');
    expect(
      (await taishanOfficer.call('POST', `/api/projects/${p.id}/agreement/breaches`, { term: 'start' }))
        .statusCode,
    ).toBe(409);
    expect((await city.call('GET', `/api/projects/${p.id}/agreement`)).json().openBreaches).toEqual([
      'start',
    ]);
    // Another county sees none of it.
    expect((await heshanOfficer.call('GET', `/api/projects/${p.id}/agreement`)).statusCode).toBe(404);
    expect((await heshanOfficer.call('PUT', `/api/projects/${p.id}/agreement`, agreement)).statusCode).toBe(
      404,
    );
    expect((await lastAudit(t.db, 40)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['project.agreement_set', 'project.actuals_set', 'issue.raised']),
    );

    // The production deadline and the full-production year around their dates (an account unused
    // for 90 days is dormant, so the clock moves on in steps): production due 25 November 2024,
    // full production in 2024 with 10亿 of 30亿 in place.
    res = await taishanOfficer.call('PUT', `/api/projects/${p.id}/agreement`, {
      ...agreement,
      productionDeadline: '2024-11-25',
      fullProductionYear: 2024,
      version: 1,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await at('2024-09-25', 'production')).toBe('on_track');
    expect(await at('2024-09-26', 'production')).toBe('behind');
    expect(await at('2024-11-25', 'production')).toBe('behind');
    expect(await at('2024-11-26', 'production')).toBe('breached');
    expect(await at('2024-12-31', 'investment')).toBe('behind');
    expect(await at('2025-01-01', 'investment')).toBe('breached');
    // Tax per 亩 is judged on the full-production year's figures, which are not in: asked for, not breached.
    expect(await at('2025-01-01', 'taxPerMu')).toBe('behind');
  });

  it('the land-use standards are the city’s to keep, checked by zone and the most specific industry', async () => {
    const list = async () => (await city.call('GET', '/api/land-standards')).json().items;
    expect((await list()).map((s: { zone: string }) => s.zone)).toEqual(['一类地区', '三类地区', '二类地区']);
    const body = {
      zone: '一类地区',
      industryPrefix: '38',
      minIntensityYuanPerMu: 400 * WAN,
      minTaxPerMuYuan: 30 * WAN,
    };
    expect((await taishanOfficer.call('POST', '/api/land-standards', body)).statusCode).toBe(403);
    expect(
      fieldsOf(await city.call('POST', '/api/land-standards', { ...body, industryPrefix: 'x9' })),
    ).toContain('industryPrefix');
    const res = await city.call('POST', '/api/land-standards', body);
    expect(res.statusCode, res.body).toBe(201);
    expect((await city.call('POST', '/api/land-standards', body)).statusCode).toBe(409);
    // Electrical machinery (38) in 一类地区 now meets the stricter row: 300万/亩 fails.
    const p = await project();
    await city.call('PUT', `/api/projects/${p.id}/agreement`, agreement);
    const view = (await city.call('GET', `/api/projects/${p.id}/agreement`)).json();
    expect(view.standard).toMatchObject({ industryPrefix: '38' });
    expect(view.standardCheck[0]).toMatchObject({ term: 'intensity', required: 400 * WAN, verdict: 'fail' });
    const { id } = res.json();
    expect(
      (
        await city.call('PUT', `/api/land-standards/${id}`, {
          ...body,
          version: 1,
          minIntensityYuanPerMu: 250 * WAN,
        })
      ).statusCode,
    ).toBe(204);
    expect((await city.call('GET', `/api/projects/${p.id}/agreement`)).json().standardCheck[0].verdict).toBe(
      'pass',
    );
    expect((await city.call('DELETE', `/api/land-standards/${id}`)).statusCode).toBe(204);
    expect((await lastAudit(t.db))[0]).toMatchObject({ action: 'standard.deleted' });
  });

  it('at or above the amount the administrator sets, signing needs a decided admission review', async () => {
    const admin = await login(t.app, 'admin', 'Admin#Test2024');
    const reg = await city.call('POST', '/api/leads', leadInput);
    expect(reg.statusCode, reg.body).toBe(201);
    const lead = reg.json().lead;
    const step = async (action: string, body: object) => {
      const res = await city.call('POST', `/api/leads/${lead.id}/${action}`, body);
      expect(res.statusCode, `${action} ${res.body}`).toBe(200);
    };
    await step('respond', { ownerUserId: city.user.id, contactNote: '已沟通', keyInfo });
    await step('assess', { decision: 'follow', aspects, proposals: '分派台山' });
    await step('feedback', { to: '引荐人', channel: 'phone', note: '同意跟进' });
    await step('dispatch', { countyOrgIds: [taishan] });

    expect((await city.call('PUT', '/api/settings/admission-review', { minYuan: 10 * YI })).statusCode).toBe(
      403,
    );
    expect((await admin.call('PUT', '/api/settings/admission-review', { minYuan: 10 * YI })).statusCode).toBe(
      200,
    );
    let res = await taishanOfficer.call('POST', `/api/leads/${lead.id}/sign`, { signedAt: '2024-09-26' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('准入研判');

    // The review: the city opens it, the county may read it but not hold it, another county sees nothing.
    const proposal = {
      zone: '二类地区',
      totalInvestmentYuan: 15 * YI,
      fixedAssetYuan: 12 * YI,
      landMu: 600,
      taxPerMuYuan: 18 * WAN,
    };
    expect((await taishanOfficer.call('POST', `/api/leads/${lead.id}/reviews`, proposal)).statusCode).toBe(
      403,
    );
    res = await city.call('POST', `/api/leads/${lead.id}/reviews`, proposal);
    expect(res.statusCode, res.body).toBe(201);
    const review = res.json().items[0];
    // 200万/亩 against 二类's 250万: fails; 18万 against 20万: fails; 15亿 ≥ 5000万: passes.
    expect(review.checks.map((c: { verdict: string }) => c.verdict)).toEqual(['fail', 'fail', 'pass']);
    expect((await taishanOfficer.call('GET', `/api/leads/${lead.id}/reviews`)).json()).toMatchObject({
      thresholdYuan: 10 * YI,
      canManage: false,
    });
    expect((await heshanOfficer.call('GET', `/api/leads/${lead.id}/reviews`)).statusCode).toBe(404);
    res = await city.call('POST', `/api/reviews/${review.id}/decision`, {
      version: 1,
      decision: 'approved',
      decidedOn: '2024-09-20',
    });
    expect(fieldsOf(res)).toContain('decision');
    for (const [department, stance] of [
      ['市自然资源局', 'conditional'],
      ['市发展改革局', 'agree'],
    ] as const)
      await city.call('POST', `/api/reviews/${review.id}/opinions`, {
        version: department === '市自然资源局' ? 1 : 2,
        department,
        stance,
        opinion: `${department}意见`,
      });
    res = await city.call('POST', `/api/reviews/${review.id}/decision`, {
      version: 3,
      decision: 'conditional',
      decidedOn: '2024-09-25',
      note: '提高投资强度至 250 万元/亩',
    });
    expect(res.json().items[0]).toMatchObject({ decision: 'conditional', decidedOn: '2024-09-25' });
    expect(res.json().items[0].opinions).toHaveLength(2);
    // Decided is final; now the county signs.
    expect(
      (await city.call('PATCH', `/api/reviews/${review.id}`, { ...proposal, version: 4 })).statusCode,
    ).toBe(409);
    res = await taishanOfficer.call('POST', `/api/leads/${lead.id}/sign`, { signedAt: '2024-09-26' });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('records where a lost lead went and why, and counts them', async () => {
    const reg = await city.call('POST', '/api/leads', { ...leadInput, investorCreditCode: undefined });
    const id = reg.json().lead.id;
    let res = await city.call('POST', `/api/leads/${id}/close`, {
      reason: '企业选址佛山',
      lostReason: 'weather',
    });
    expect(fieldsOf(res)).toContain('lostReason');
    res = await city.call('POST', `/api/leads/${id}/close`, {
      reason: '企业选址佛山',
      lostToCity: '佛山市',
      lostReason: 'land',
    });
    expect(res.statusCode, res.body).toBe(200);
    const report = (await city.call('GET', '/api/reports/lost-leads?from=2024-09-01&to=2024-09-30')).json();
    expect(report.lost).toBeGreaterThanOrEqual(1);
    expect(report.byReason.find((r: { reason: string }) => r.reason === 'land')).toMatchObject({
      label: '土地',
    });
    expect(report.byCity.find((c: { city: string }) => c.city === '佛山市').count).toBeGreaterThanOrEqual(1);
    expect(report.items.find((i: { id: number }) => i.id === id)).toMatchObject({
      lostToCity: '佛山市',
      lostReason: 'land',
    });
    // A county sees the losses of its own leads only.
    expect(
      (await heshanOfficer.call('GET', '/api/reports/lost-leads?from=2024-09-01&to=2024-09-30')).json().items,
    ).toEqual([]);
  });

  it('attachments: type by content, safe names, size limit, the record’s visibility, each download audited', async () => {
    const p = await project();
    const upload = (s: Session, name: string, body: Buffer, extra = '') =>
      s.call(
        'POST',
        `/api/attachments?entityType=project&entityId=${p.id}&name=${encodeURIComponent(name)}${extra}`,
        body,
        { 'content-type': 'application/octet-stream' },
      );
    let res = await upload(taishanOfficer, '../../8月形象进度.exe', PNG, '&month=2024-08');
    expect(res.statusCode, res.body).toBe(201);
    const photo = res.json();
    expect(photo).toMatchObject({
      name: '8月形象进度.png',
      mime: 'image/png',
      month: '2024-08',
      size: PNG.length,
    });
    res = await upload(taishanOfficer, '协议.pdf', Buffer.from('MZ\x90\x00 not a pdf'));
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toContain('file');
    res = await upload(taishanOfficer, '协议.pdf', PDF, '&month=2024-10');
    expect(fieldsOf(res)).toContain('month');
    res = await upload(taishanOfficer, '投资协议.PDF', PDF);
    expect(res.json()).toMatchObject({ name: '投资协议.pdf', mime: 'application/pdf' });
    res = await upload(taishanOfficer, 'big.pdf', Buffer.concat([PDF, Buffer.alloc(21 * 1024 * 1024)]));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({
      path: 'file',
      message: expect.stringContaining('20 MB'),
    });

    const list = await taishanOfficer.call('GET', `/api/attachments?entityType=project&entityId=${p.id}`);
    expect(list.json().items.map((a: { name: string }) => a.name)).toEqual([
      '8月形象进度.png',
      '投资协议.pdf',
    ]);
    const get = await taishanOfficer.call('GET', `/api/attachments/${photo.id}/content`);
    expect(get.statusCode).toBe(200);
    expect(get.headers['content-type']).toBe('image/png');
    expect(get.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(get.rawPayload, PNG)).toBe(0);
    expect((await lastAudit(t.db))[0]).toMatchObject({ action: 'attachment.downloaded' });

    // Another county: 404 for the list, the file and the upload; a leader of 台山 reads, not writes.
    expect(
      (await heshanOfficer.call('GET', `/api/attachments?entityType=project&entityId=${p.id}`)).statusCode,
    ).toBe(404);
    expect((await heshanOfficer.call('GET', `/api/attachments/${photo.id}/content`)).statusCode).toBe(404);
    expect((await upload(heshanOfficer, 'x.pdf', PDF)).statusCode).toBe(404);
    const leader = await login(t.app, 'taishan_leader');
    expect(
      (await leader.call('GET', `/api/attachments?entityType=project&entityId=${p.id}`)).statusCode,
    ).toBe(200);
    expect((await upload(leader, 'x.pdf', PDF)).statusCode).toBe(403);
    expect((await heshanOfficer.call('DELETE', `/api/attachments/${photo.id}`)).statusCode).toBe(404);
    expect((await taishanOfficer.call('DELETE', `/api/attachments/${photo.id}`)).statusCode).toBe(204);
    expect((await lastAudit(t.db))[0]).toMatchObject({ action: 'attachment.removed' });
  });
});

describe.each(dialects())('attachments in a shared directory (%s)', (dialect) => {
  const dir = mkdtempSync(join(tmpdir(), 'it-attach-'));
  const file = appForFile(dialect, { now: '2024-09-27T10:00:00+08:00', app: { attachmentsDir: dir } });
  it('keeps the bytes under their SHA-256 in the directory, not in the database', async () => {
    const t = await file.fresh();
    const city = await login(t.app, 'city');
    const p = (
      await city.call('POST', '/api/projects', {
        name: '储能电池基地',
        investorName: '广东瑞能储能科技有限公司',
        countyOrgId: await orgIdByName(t.db, '台山市'),
        totalInvestmentYuan: 30 * YI,
        signedOn: '2024-01-15',
      })
    ).json().project;
    const res = await city.call(
      'POST',
      `/api/attachments?entityType=project&entityId=${p.id}&name=a.pdf`,
      PDF,
      {
        'content-type': 'application/pdf',
      },
    );
    expect(res.statusCode, res.body).toBe(201);
    const row = await t.db.kysely.selectFrom('attachments').selectAll().executeTakeFirstOrThrow();
    expect(row.content).toBeNull();
    expect(existsSync(join(dir, row.sha256))).toBe(true);
    expect(readFileSync(join(dir, row.sha256)).equals(PDF)).toBe(true);
    const get = await city.call('GET', `/api/attachments/${res.json().id}/content`);
    expect(get.rawPayload.equals(PDF)).toBe(true);
  });
});
