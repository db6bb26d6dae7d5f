/**
 * Personal information on leads (等保 level 3): the referrer's phone masked everywhere, revealed in
 * full only to those who follow the lead and on request, each reveal audited; and who read which
 * lead or project, audited for leaders and county officers.
 */
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

describe.each(dialects())('a referrer’s phone (%s)', (dialect) => {
  let t: TestApp;
  let city: Session;
  let leadId: number;
  const file = appForFile(dialect);
  beforeEach(async () => {
    t = await file.fresh();
    city = await login(t.app, 'city');
    const res = await city.call('POST', '/api/leads', {
      projectName: '联系人测试项目',
      investorName: '联系人测试投资有限公司',
      plannedInvestmentYuan: 300_000_000,
      referrer: { name: '周顾问', phone: '13812345678', kind: 'resident_team' },
      channel: 'resident_team',
    });
    leadId = res.json().lead.id;
  });

  const dispatchToTaishan = async () => {
    const lead = (await city.call('GET', `/api/leads/${leadId}`)).json().lead;
    const me = (await city.call('GET', '/api/auth/me')).json().user;
    await city.call('POST', `/api/leads/${leadId}/respond`, { ownerUserId: me.id, contactNote: '已联系' });
    const aspect = '符合';
    await city.call('POST', `/api/leads/${leadId}/assess`, {
      decision: 'follow',
      aspects: {
        industryDirection: aspect,
        industryPull: aspect,
        marketProspects: aspect,
        technologyRoute: aspect,
        environment: aspect,
        energy: aspect,
        benefits: aspect,
      },
      proposals: '分派',
    });
    await city.call('POST', `/api/leads/${leadId}/feedback`, {
      to: '周顾问',
      channel: 'phone',
      note: '同意',
    });
    const d = await city.call('POST', `/api/leads/${leadId}/dispatch`, {
      countyOrgIds: [await orgIdByName(t.db, '台山市')],
    });
    expect(d.statusCode, d.body).toBe(200);
    return lead;
  };

  it('is masked in the ledger and on the page, for everyone', async () => {
    const leader = await login(t.app, 'leader');
    for (const s of [city, leader]) {
      const page = (await s.call('GET', `/api/leads/${leadId}`)).json().lead;
      expect(page.referrer.phone).toBe('138****5678');
      const listed = (await s.call('GET', '/api/leads?pageSize=50'))
        .json()
        .items.find((l: { id: number }) => l.id === leadId);
      expect(listed.referrer.phone).toBe('138****5678');
    }
    const stored = await t.db.kysely
      .selectFrom('leads')
      .select('referrer_phone')
      .where('id', '=', leadId)
      .executeTakeFirstOrThrow();
    expect(stored.referrer_phone).toBe('13812345678');
  });

  it('is revealed to those who follow the lead, on request, each time audited; leaders and others cannot', async () => {
    expect((await city.call('GET', `/api/leads/${leadId}`)).json().lead.contactRevealable).toBe(true);
    const shown = await city.call('POST', `/api/leads/${leadId}/contact`);
    expect(shown.json()).toEqual({ phone: '13812345678' });
    expect((await lastAudit(t.db))[0]).toMatchObject({
      action: 'lead.contact_revealed',
      entity_type: 'lead',
      entity_id: String(leadId),
      username: 'city',
    });
    const leader = await login(t.app, 'leader');
    expect((await leader.call('GET', `/api/leads/${leadId}`)).json().lead.contactRevealable).toBe(false);
    expect((await leader.call('POST', `/api/leads/${leadId}/contact`)).statusCode).toBe(403);
    // A county the lead is not dispatched to does not even learn that it exists.
    const taishan = await login(t.app, 'taishan');
    expect((await taishan.call('POST', `/api/leads/${leadId}/contact`)).statusCode).toBe(404);
    await dispatchToTaishan();
    expect((await taishan.call('POST', `/api/leads/${leadId}/contact`)).json()).toEqual({
      phone: '13812345678',
    });
    const heshan = await login(t.app, 'heshan');
    expect((await heshan.call('POST', `/api/leads/${leadId}/contact`)).statusCode).toBe(404);
  });

  it('an edit that leaves the phone out keeps it; null clears it', async () => {
    const lead = (await city.call('GET', `/api/leads/${leadId}`)).json().lead;
    const edited = await city.call('PATCH', `/api/leads/${leadId}`, {
      version: lead.version,
      referrer: { name: '周顾问（改）', kind: 'resident_team' },
    });
    expect(edited.json().lead.referrer).toMatchObject({ name: '周顾问（改）', phone: '138****5678' });
    const cleared = await city.call('PATCH', `/api/leads/${leadId}`, {
      version: edited.json().lead.version,
      referrer: { name: '周顾问（改）', kind: 'resident_team', phone: null },
    });
    expect(cleared.json().lead.referrer.phone).toBeUndefined();
  });

  it('leaders’ and county officers’ reading of a lead’s or project’s page is audited; the city center’s is not', async () => {
    const leader = await login(t.app, 'leader');
    await leader.call('GET', `/api/leads/${leadId}`);
    expect((await lastAudit(t.db))[0]).toMatchObject({ action: 'lead.viewed', username: 'leader' });
    const before = (await lastAudit(t.db))[0]!.id;
    await city.call('GET', `/api/leads/${leadId}`);
    expect((await lastAudit(t.db))[0]!.id).toBe(before);
    await dispatchToTaishan();
    const taishan = await login(t.app, 'taishan');
    const lead = (await taishan.call('GET', `/api/leads/${leadId}`)).json().lead;
    expect((await lastAudit(t.db))[0]).toMatchObject({ action: 'lead.viewed', username: 'taishan' });
    const signed = await taishan.call('POST', `/api/leads/${leadId}/sign`, { version: lead.version });
    expect(signed.statusCode, signed.body).toBe(200);
    await taishan.call('GET', `/api/projects/${signed.json().projectId}`);
    expect((await lastAudit(t.db))[0]).toMatchObject({
      action: 'project.viewed',
      entity_id: String(signed.json().projectId),
    });
  });
});
