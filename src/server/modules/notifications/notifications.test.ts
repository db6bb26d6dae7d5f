import { beforeEach, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../../core/creditCode.js';
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

const code17 = '91440700MA4UJ4XX0';
const lead = (over: Record<string, unknown> = {}) => ({
  projectName: '新型储能电池生产基地',
  investorName: '广东瑞能储能科技有限公司',
  investorCreditCode: `${code17}${creditCodeCheckChar(code17)}`,
  investorType: 'private',
  industryCode: '3841',
  plannedInvestmentYuan: 1_500_000_000,
  referrer: { name: '驻深圳招商组', organization: '江门市投资促进中心', kind: 'resident_team' },
  channel: 'resident_team',
  receivedAt: '2025-10-13T10:00:00+08:00',
  ...over,
});
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

describe.each(dialects())('notifications (%s)', (dialect) => {
  let t: TestApp;
  let city: Session;
  let admin: Session;
  let taishanOfficer: Session;
  let heshanOfficer: Session;
  let taishan: number;
  let heshan: number;
  // Monday 13 October 2025, 10:00 in Jiangmen.
  const file = appForFile(dialect, { now: '2025-10-13T10:00:00+08:00' });
  beforeEach(async () => {
    t = await file.fresh();
    city = await login(t.app, 'city');
    admin = await login(t.app, 'admin');
    taishanOfficer = await login(t.app, 'taishan');
    heshanOfficer = await login(t.app, 'heshan');
    taishan = await orgIdByName(t.db, '台山市');
    heshan = await orgIdByName(t.db, '鹤山市');
  });

  /** Registers a lead as the city center and takes it to dispatch. */
  const dispatched = async (countyOrgIds: number[], over: Record<string, unknown> = {}) => {
    const res = await city.call('POST', '/api/leads', lead(over));
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().lead.id as number;
    const step = async (action: string, body: object) => {
      const r = await city.call('POST', `/api/leads/${id}/${action}`, body);
      expect(r.statusCode, `${action} ${r.body}`).toBe(200);
    };
    await step('respond', { ownerUserId: city.user.id, contactNote: '已沟通', keyInfo });
    await step('assess', { decision: 'follow', aspects, proposals: '分派' });
    await step('feedback', { to: '引荐人', channel: 'phone', note: '同意跟进' });
    await step('dispatch', { countyOrgIds });
    return { id, code: res.json().lead.code as string };
  };
  const mine = async (s: Session, query = '') => (await s.call('GET', `/api/notifications${query}`)).json();
  const unread = async (s: Session) =>
    (await s.call('GET', '/api/notifications/unread')).json().unread as number;

  it('a dispatch reaches the county officers it went to, never another county; read, read all, 404 for another’s', async () => {
    expect(await unread(taishanOfficer)).toBe(0);
    const { id, code } = await dispatched([taishan]);
    const list = await mine(taishanOfficer);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ kind: 'lead.dispatched', link: `/leads/${id}`, readAt: null });
    expect(list.items[0].title).toContain(code);
    expect(list.unread).toBe(1);
    expect(await mine(heshanOfficer)).toMatchObject({ items: [], total: 0, unread: 0 });
    // The city center heard of nothing it did itself.
    expect((await mine(city)).items.map((n: { kind: string }) => n.kind)).not.toContain('lead.dispatched');

    const nid = list.items[0].id;
    expect((await heshanOfficer.call('POST', `/api/notifications/${nid}/read`)).statusCode).toBe(404);
    expect((await taishanOfficer.call('POST', `/api/notifications/${nid}/read`)).statusCode).toBe(204);
    expect(await unread(taishanOfficer)).toBe(0);
    expect((await mine(taishanOfficer, '?unread=true')).items).toEqual([]);

    await dispatched([taishan, heshan], {
      investorName: '江门另一家新能源有限公司',
      investorCreditCode: undefined,
    });
    expect(await unread(taishanOfficer)).toBe(1);
    expect(await unread(heshanOfficer)).toBe(1);
    const all = await taishanOfficer.call('POST', '/api/notifications/read-all', {});
    expect(all.json()).toEqual({ marked: 1 });
    expect(await unread(taishanOfficer)).toBe(0);
    expect(await unread(heshanOfficer)).toBe(1);
  });

  it('the bell’s background polling does not keep an idle session alive; a request the person made does', async () => {
    const poll = (s: Session) =>
      s.call('GET', '/api/notifications/unread', undefined, { 'x-investtrack-background': '1' });
    const polled = await login(t.app, 'taishan');
    const used = await login(t.app, 'heshan');
    t.clock.advance(20 * 60_000);
    expect((await poll(polled)).statusCode).toBe(200);
    expect((await used.call('GET', '/api/notifications/unread')).statusCode).toBe(200);
    t.clock.advance(15 * 60_000);
    // 35 minutes since the last request of the person: the session has ended (30-minute idle timeout).
    const ended = await poll(polled);
    expect(ended.statusCode).toBe(401);
    expect(ended.json().error.code).toBe('SESSION_EXPIRED');
    expect((await poll(used)).statusCode).toBe(200);
  });

  it('the kinds a person turned off do not reach them; a kind forwarded to the group is queued for their channel', async () => {
    const channel = await admin.call('POST', '/api/channels', {
      orgId: taishan,
      kind: 'wecom',
      name: '台山招商工作群',
      url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-secret-key',
      topics: ['notices'],
      enabled: true,
    });
    expect(channel.statusCode, channel.body).toBe(201);
    const prefs = await taishanOfficer.call('PUT', '/api/notifications/preferences', {
      items: [{ kind: 'lead.dispatched', inApp: false, toGroup: true }],
    });
    expect(prefs.statusCode, prefs.body).toBe(200);
    expect(prefs.json().items.find((i: { kind: string }) => i.kind === 'lead.dispatched')).toEqual({
      kind: 'lead.dispatched',
      inApp: false,
      toGroup: true,
    });
    expect(prefs.json().groups).toEqual([{ id: channel.json().id, name: '台山招商工作群', kind: 'wecom' }]);
    await dispatched([taishan]);
    expect(await unread(taishanOfficer)).toBe(0);
    const log = (await admin.call('GET', '/api/deliveries')).json();
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ topic: 'notices', status: 'queued', channelName: '台山招商工作群' });
    // Bad input names the field and changes nothing.
    const bad = await taishanOfficer.call('PUT', '/api/notifications/preferences', {
      items: [{ kind: 'no.such', inApp: true, toGroup: false }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toContain('kind');
  });

  it('channels are the administrator’s; the key and the secret are never answered nor audited', async () => {
    const body = {
      orgId: taishan,
      kind: 'dingtalk',
      name: '台山钉钉群',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=TOKEN-SHOULD-NOT-LEAK',
      secret: 'SECabcdefSHOULDNOTLEAK',
      topics: ['daily', 'dispatch'],
      enabled: true,
    };
    expect((await taishanOfficer.call('POST', '/api/channels', body)).statusCode).toBe(403);
    expect((await city.call('GET', '/api/channels')).statusCode).toBe(403);
    const created = await admin.call('POST', '/api/channels', body);
    expect(created.statusCode, created.body).toBe(201);
    const listed = await admin.call('GET', '/api/channels');
    expect(listed.body).not.toContain('LEAK');
    expect(listed.json().items[0]).toMatchObject({
      kind: 'dingtalk',
      addressHint: 'https://oapi.dingtalk.com/robot/send?…',
      hasSecret: true,
      topics: ['daily', 'dispatch'],
      orgName: '台山市',
    });
    const [entry] = await lastAudit(t.db);
    expect(entry!.action).toBe('channel.created');
    expect(JSON.stringify(entry)).not.toContain('LEAK');

    // A blank address and secret keep the stored ones; a new secret is audited as changed.
    const id = created.json().id;
    const edit = await admin.call('PUT', `/api/channels/${id}`, {
      version: 1,
      name: '台山钉钉工作群',
      url: '',
      secret: 'SECnewSHOULDNOTLEAK',
      topics: ['daily'],
      enabled: true,
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.body).not.toContain('LEAK');
    const [changed] = await lastAudit(t.db);
    expect(JSON.parse(changed!.after_json!)).toMatchObject({ secretChanged: true, addressChanged: false });
    expect(JSON.stringify(changed)).not.toContain('LEAK');
    const stored = await t.db.kysely.selectFrom('chat_channels').selectAll().executeTakeFirstOrThrow();
    expect(stored.url).toBe(body.url);
    expect(stored.secret).toBe('SECnewSHOULDNOTLEAK');

    // The address must be the robot's own.
    const bad = await admin.call('POST', '/api/channels', {
      ...body,
      url: 'https://oapi.dingtalk.com/robot/send',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([expect.objectContaining({ path: 'url' })]);
    expect(bad.json().error.message).toContain('access_token');
    const webhook = await admin.call('POST', '/api/channels', {
      ...body,
      kind: 'webhook',
      url: 'https://example.gov.cn/hook',
      secret: undefined,
    });
    expect(webhook.statusCode).toBe(400);
    expect(webhook.json().error.details).toEqual([expect.objectContaining({ path: 'secret' })]);
    expect((await admin.call('GET', '/api/channels')).json().items).toHaveLength(1);
  });

  it('each county’s group gets its own overdue and due-today list, never another county’s lead', async () => {
    const add = async (orgId: number, name: string) =>
      (
        await admin.call('POST', '/api/channels', {
          orgId,
          kind: 'wecom',
          name,
          url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${orgId}`,
          topics: ['daily', 'dispatch'],
          enabled: true,
        })
      ).json().id as number;
    const taishanChannel = await add(taishan, '台山群');
    const heshanChannel = await add(heshan, '鹤山群');
    const a = await dispatched([taishan]);
    const b = await dispatched([heshan], {
      investorName: '鹤山某精密制造有限公司',
      investorCreditCode: undefined,
    });
    // Each dispatch went to its county's group only.
    const dispatches = await t.db.kysely
      .selectFrom('deliveries')
      .selectAll()
      .where('topic', '=', 'dispatch')
      .execute();
    expect(dispatches.map((d) => [d.channel_id, JSON.parse(d.message).markdown.includes(a.code)])).toEqual([
      [taishanChannel, true],
      [heshanChannel, false],
    ]);
    // Ten working days later both progress reports are overdue: the next working morning's lists.
    t.clock.set('2025-10-29T09:00:00+08:00');
    const scheduler = new Scheduler(t.db.kysely, t.clock, JOBS);
    const ran = await scheduler.tick();
    expect(ran.find((r) => r.job === 'daily-digest')?.summary).toMatchObject({ queued: 2 });
    const daily = await t.db.kysely
      .selectFrom('deliveries')
      .selectAll()
      .where('topic', '=', 'daily')
      .orderBy('channel_id')
      .execute();
    const text = (i: number) => JSON.parse(daily[i]!.message).markdown as string;
    expect(text(0)).toContain(a.code);
    expect(text(0)).not.toContain(b.code);
    expect(text(1)).toContain(b.code);
    expect(text(1)).not.toContain(a.code);
    // The same morning again queues nothing more.
    expect((await scheduler.tick()).length).toBe(0);
  });

  it('the sweep tells the owner once when a step is due soon and once when it is overdue, reading clocks by index', async () => {
    const res = await city.call('POST', '/api/leads', lead());
    const id = res.json().lead.id;
    await city.call('POST', `/api/leads/${id}/respond`, {
      ownerUserId: city.user.id,
      contactNote: '已沟通',
      keyInfo,
    });
    // The assessment (3 working days) is due by the end of Thursday 16 October.
    const scheduler = new Scheduler(
      t.db.kysely,
      t.clock,
      JOBS.filter((j) => j.name === 'deadline-sweep'),
    );
    // Sessions end after 30 idle minutes: sign in again at each new time.
    const kinds = async () =>
      (await mine(await login(t.app, 'city'))).items
        .filter((n: { link: string }) => n.link === `/leads/${id}`)
        .map((n: { kind: string }) => n.kind);
    // Not at midnight: the working morning.
    t.clock.set('2025-10-16T07:05:00+08:00');
    await scheduler.tick();
    expect(await kinds()).toEqual([]);
    t.clock.set('2025-10-16T08:05:00+08:00');
    await scheduler.tick();
    expect(await kinds()).toEqual(['step.due_soon']);
    t.clock.set('2025-10-16T08:15:00+08:00');
    await scheduler.tick();
    expect(await kinds()).toEqual(['step.due_soon']);
    t.clock.set('2025-10-17T00:15:00+08:00');
    await scheduler.tick();
    t.clock.set('2025-10-17T00:25:00+08:00');
    await scheduler.tick();
    expect(await kinds()).toEqual(['step.overdue', 'step.due_soon']);
    // A county officer, who may not see the lead, heard nothing of it.
    expect((await mine(await login(t.app, 'taishan'))).items).toEqual([]);
    const clock = await t.db.kysely
      .selectFrom('sla_clocks')
      .select('announced')
      .where('entity_id', '=', id)
      .where('completed_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(clock.announced).toBe(2);
  });

  it('a step overdue for more than a week when first seen is marked, not announced (an imported ledger)', async () => {
    const res = await city.call('POST', '/api/leads', lead());
    const id = res.json().lead.id;
    const scheduler = new Scheduler(
      t.db.kysely,
      t.clock,
      JOBS.filter((j) => j.name === 'deadline-sweep'),
    );
    // The response was due by the end of Tuesday 14 October; nobody swept until the 29th.
    t.clock.set('2025-10-29T09:00:00+08:00');
    const [run] = await scheduler.tick();
    expect(run!.summary).toMatchObject({ overdue: 0 });
    const city2 = await login(t.app, 'city');
    expect((await mine(city2)).items.filter((n: { link: string }) => n.link === `/leads/${id}`)).toEqual([]);
    const clock = await t.db.kysely
      .selectFrom('sla_clocks')
      .select('announced')
      .where('entity_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(clock.announced).toBe(2);
  });
});
