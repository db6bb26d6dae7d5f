import { beforeEach, describe, expect, it } from 'vitest';
import { coverageOf } from '../../../core/chains.js';
import {
  appForFile,
  dialects,
  lastAudit,
  login,
  orgIdByName,
  type Session,
  type TestApp,
} from '../../test/helpers.js';

describe('coverage of a chain link', () => {
  it('is the strongest of projects, local firms, open leads; nothing is a gap', () => {
    expect(coverageOf({ projects: 1, localFirms: 0, openLeads: 0 })).toBe('projects');
    expect(coverageOf({ projects: 0, localFirms: 2, openLeads: 5 })).toBe('firms');
    expect(coverageOf({ projects: 0, localFirms: 0, openLeads: 1 })).toBe('leads');
    expect(coverageOf({ projects: 0, localFirms: 0, openLeads: 0 })).toBe('gap');
  });
});

describe.each(dialects())('chains (%s)', (dialect) => {
  let t: TestApp;
  let city: Session;
  const file = appForFile(dialect, { now: '2024-09-27T11:00:00+08:00' });
  beforeEach(async () => {
    t = await file.fresh();
    city = await login(t.app, 'city');
  });

  const storageChain = async () =>
    (await city.call('GET', '/api/chains'))
      .json()
      .items.find((c: { name: string }) => c.name === '新型储能产业链');

  it('the demo has three chains worked out link by link', async () => {
    const chains = (await city.call('GET', '/api/chains')).json().items;
    expect(chains.map((c: { name: string }) => c.name)).toEqual([
      '新型储能产业链',
      '硅能源（光伏）产业链',
      '低空经济产业链',
    ]);
    const map = (await city.call('GET', `/api/chains/${chains[0].id}`)).json();
    expect(map.links.map((l: { position: string }) => l.position)).toEqual([
      'upstream',
      'upstream',
      'midstream',
      'midstream',
      'midstream',
      'downstream',
      'downstream',
    ]);
    const cell = map.links.find((l: { name: string }) => l.name === '储能电芯制造');
    expect(cell.firms).toEqual([expect.objectContaining({ kind: 'local', isLeader: true })]);
    expect(cell.coverage).toBe('firms');
    const gap = map.links.find((l: { name: string }) => l.name === '储能电站建设运营');
    expect(gap.coverage).toBe('gap');
  });

  it('coverage follows the records: an open lead, then a signed project; a county sees only its own', async () => {
    const chain = await storageChain();
    let map = (await city.call('GET', `/api/chains/${chain.id}`)).json();
    const link = map.links.find((l: { name: string }) => l.name === '储能电站建设运营');
    const lead = (
      await city.call('POST', '/api/leads', {
        projectName: '用户侧储能电站',
        investorName: '某能源服务公司',
        chainLinkId: link.id,
        plannedInvestmentYuan: 200_000_000,
        referrer: { name: '某商会', kind: 'enterprise' },
        channel: 'society',
      })
    ).json().lead;
    expect(lead).toMatchObject({ chainId: chain.id, chainLinkId: link.id });
    // The lead's page names the link as people read it.
    expect(lead.chainLink).toEqual({
      id: link.id,
      name: '储能电站建设运营',
      position: 'downstream',
      chainId: chain.id,
      chainName: chain.name,
    });
    map = (await city.call('GET', `/api/chains/${chain.id}`)).json();
    expect(map.links.find((l: { id: number }) => l.id === link.id)).toMatchObject({
      openLeads: 1,
      coverage: 'leads',
    });
    expect((await city.call('GET', `/api/leads?chainLinkId=${link.id}`)).json().total).toBe(1);

    const taishan = await orgIdByName(t.db, '台山市');
    const at = '2024-09-27T11:00:00+08:00'; // now: received now, handled now
    await city.call('POST', `/api/leads/${lead.id}/respond`, {
      ownerUserId: city.user.id,
      contactNote: 'x',
      keyInfo: {
        investorProfile: 'x',
        investmentContent: 'x',
        benefits: 'x',
        siteRequirements: 'x',
        coordinationNeeds: 'x',
      },
      at,
    });
    const aspects = Object.fromEntries(
      [
        'industryDirection',
        'industryPull',
        'marketProspects',
        'technologyRoute',
        'environment',
        'energy',
        'benefits',
      ].map((k) => [k, 'x']),
    );
    await city.call('POST', `/api/leads/${lead.id}/assess`, {
      decision: 'follow',
      aspects,
      proposals: 'x',
      at,
    });
    await city.call('POST', `/api/leads/${lead.id}/feedback`, { to: 'x', channel: 'phone', note: 'x', at });
    await city.call('POST', `/api/leads/${lead.id}/dispatch`, { countyOrgIds: [taishan], at });
    const signed = await city.call('POST', `/api/leads/${lead.id}/sign`, { at });
    expect(signed.statusCode).toBe(200);
    // The project copies the link and its page names it too.
    const project = (await city.call('GET', `/api/projects/${signed.json().projectId}`)).json().project;
    expect(project.chainLink).toMatchObject({ id: link.id, name: '储能电站建设运营', chainName: chain.name });

    map = (await city.call('GET', `/api/chains/${chain.id}`)).json();
    expect(map.links.find((l: { id: number }) => l.id === link.id)).toMatchObject({
      projects: 1,
      openLeads: 0,
      coverage: 'projects',
    });
    const records = (await city.call('GET', `/api/chain-links/${link.id}/records`)).json();
    expect(records.projects.map((p: { name: string }) => p.name)).toEqual(['用户侧储能电站']);
    const gap = map.links.find((l: { name: string }) => l.name === '梯次利用与回收');
    expect((await city.call('GET', `/api/chain-links/${gap.id}/records`)).json()).toMatchObject({
      leads: [],
      projects: [],
    });

    // 鹤山 sees the chain but none of 台山's records in it.
    const heshan = await login(t.app, 'heshan');
    const theirs = (await heshan.call('GET', `/api/chains/${chain.id}`)).json();
    expect(theirs.links.find((l: { id: number }) => l.id === link.id)).toMatchObject({
      projects: 0,
      coverage: 'gap',
    });
    expect((await heshan.call('GET', `/api/chain-links/${link.id}/records`)).json().projects).toEqual([]);
    expect((await (await login(t.app, 'admin')).call('GET', `/api/chains/${chain.id}`)).statusCode).toBe(403);
  });

  it('links and firms are edited by the city officer, audited; a chain leader must be local', async () => {
    const chain = await storageChain();
    const link = await city.call('POST', `/api/chains/${chain.id}/links`, {
      position: 'downstream',
      name: '储能安全检测',
      products: '热失控检测',
    });
    expect(link.statusCode).toBe(201);
    const linkId = link.json().id;
    expect((await lastAudit(t.db))[0]!.action).toBe('chain.link_added');
    const bad = await city.call('POST', `/api/chain-links/${linkId}/firms`, {
      name: '外地某检测公司',
      kind: 'target',
      isLeader: true,
    });
    expect(bad.json().error.details[0].path).toBe('isLeader');
    const firm = await city.call('POST', `/api/chain-links/${linkId}/firms`, {
      name: '外地某检测公司',
      kind: 'target',
    });
    expect(firm.statusCode).toBe(201);
    expect((await city.call('DELETE', `/api/chain-firms/${firm.json().id}`)).statusCode).toBe(204);
    expect((await lastAudit(t.db))[0]!.action).toBe('chain.firm_removed');
    const county = await login(t.app, 'taishan');
    expect(
      (await county.call('POST', `/api/chains/${chain.id}/links`, { position: 'upstream', name: 'x' }))
        .statusCode,
    ).toBe(403);
    expect((await city.call('POST', '/api/leads', { chainLinkId: 99999 })).statusCode).toBe(400);
  });

  it('a chain is renamed and a link renamed or moved, audited; a stale chain version is 409', async () => {
    const chain = await storageChain();
    const map = (await city.call('GET', `/api/chains/${chain.id}`)).json();
    const link = map.links[0];
    const renamed = await city.call('PUT', `/api/chain-links/${link.id}`, {
      position: 'midstream',
      name: '储能电芯（含钠电）',
      products: '磷酸铁锂、钠离子电芯',
    });
    expect(renamed.statusCode).toBe(204);
    expect((await lastAudit(t.db))[0]!.action).toBe('chain.link_updated');
    const after = (await city.call('GET', `/api/chains/${chain.id}`)).json();
    expect(after.links.find((l: { id: number }) => l.id === link.id)).toMatchObject({
      name: '储能电芯（含钠电）',
      position: 'midstream',
    });
    const list = (await city.call('GET', '/api/chains')).json().items;
    const version = list.find((c: { id: number }) => c.id === chain.id).version;
    expect(
      (await city.call('PATCH', `/api/chains/${chain.id}`, { version, name: '新型储能产业链（江门）' }))
        .statusCode,
    ).toBe(204);
    expect((await city.call('PATCH', `/api/chains/${chain.id}`, { version, name: '再改' })).statusCode).toBe(
      409,
    );
    expect(
      (await city.call('PUT', `/api/chain-links/${link.id}`, { position: 'sideways', name: 'x' })).json()
        .error.details[0].path,
    ).toBe('position');
    const county = await login(t.app, 'taishan');
    expect(
      (await county.call('PUT', `/api/chain-links/${link.id}`, { position: 'upstream', name: 'x' }))
        .statusCode,
    ).toBe(403);
  });
});
