import { beforeEach, describe, expect, it } from 'vitest';
import { clusterAppliesTo, codeInCluster } from '../../../core/clusters.js';
import { DEMO_CLUSTERS } from '../../demo/clusters.js';
import { appForFile, dialects, lastAudit, login, type Session, type TestApp } from '../../test/helpers.js';
import { industryCatalogue } from '../industries/catalogue.js';
import { effectiveClusters, listClusters } from './service.js';

describe('demo clusters', () => {
  it('are Guangdong’s 20 (10 pillar + 10 emerging) and the city’s lists, every code in GB/T 4754-2017', () => {
    expect(DEMO_CLUSTERS.filter((c) => c.kind === 'gd_pillar')).toHaveLength(10);
    expect(DEMO_CLUSTERS.filter((c) => c.kind === 'gd_emerging')).toHaveLength(10);
    expect(DEMO_CLUSTERS.filter((c) => c.kind === 'city_emerging')).toHaveLength(10);
    for (const c of DEMO_CLUSTERS)
      for (const code of c.codes) expect([c.name, industryCatalogue().has(code)]).toEqual([c.name, true]);
  });
});

describe.each(dialects())('clusters (%s)', (dialect) => {
  let t: TestApp;
  let city: Session;
  const file = appForFile(dialect, { now: '2024-09-27T11:00:00+08:00' });
  beforeEach(async () => {
    t = await file.fresh();
    city = await login(t.app, 'city');
  });

  const clusterId = async (name: string) =>
    (await city.call('GET', '/api/clusters')).json().items.find((c: { name: string }) => c.name === name)
      .id as number;

  it('puts every code of the catalogue into the clusters the rule names (a cluster code prefixing it, the county matching)', async () => {
    const clusters = await listClusters(t.db.kysely, true);
    const orgIds = [...new Set(clusters.map((c) => c.orgId).filter((o) => o !== null))];
    const records = industryCatalogue()
      .entries.map((e) => e.code)
      .flatMap((code, i) => [
        { id: 2 * i + 1, industryCode: code, orgIds: [] },
        { id: 2 * i + 2, industryCode: code, orgIds: [orgIds[i % orgIds.length]!] },
      ]);
    const found = await effectiveClusters(t.db.kysely, 'lead', records);
    const expected = (r: (typeof records)[number]) =>
      clusters
        .filter((c) => codeInCluster(r.industryCode, c.codes) && clusterAppliesTo(c, r.orgIds))
        .map((c) => c.id)
        .sort((a, b) => a - b);
    for (const r of records)
      expect([r.industryCode, r.orgIds, found.get(r.id)]).toEqual([r.industryCode, r.orgIds, expected(r)]);
    expect(records.filter((r) => found.get(r.id)!.length > 0).length).toBeGreaterThan(100);
  });

  it('maps an industry code to every cluster it falls into', async () => {
    const res = (await city.call('GET', '/api/industries/3841')).json();
    expect(res.clusters.map((c: { name: string }) => c.name).sort()).toEqual(
      ['新会新能源电池', '新型储能', '新能源', '新能源（培育）'].sort(),
    );
  });

  it('the city officer or admin edits clusters, audited, codes checked; a county officer may not', async () => {
    const created = await city.call('POST', '/api/clusters', {
      kind: 'city_emerging',
      name: '氢能',
      codes: ['4419', '2619'],
    });
    expect(created.statusCode).toBe(201);
    const cluster = created.json().cluster;
    expect((await lastAudit(t.db))[0]).toMatchObject({
      action: 'cluster.created',
      entity_id: String(cluster.id),
    });
    const bad = await city.call('PATCH', `/api/clusters/${cluster.id}`, {
      version: 1,
      codes: ['4419', '9998'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('codes.1');
    const ok = await city.call('PATCH', `/api/clusters/${cluster.id}`, {
      version: 1,
      name: '氢能与燃料电池',
      codes: ['4419', '3849'],
    });
    expect(ok.json().cluster).toMatchObject({ name: '氢能与燃料电池', codes: ['3849', '4419'], version: 2 });
    expect(
      (await city.call('PATCH', `/api/clusters/${cluster.id}`, { version: 1, name: 'x' })).json().error.code,
    ).toBe('STALE_VERSION');
    const county = await login(t.app, 'taishan');
    expect(
      (await county.call('POST', '/api/clusters', { kind: 'city_emerging', name: 'x', codes: ['39'] }))
        .statusCode,
    ).toBe(403);
    expect((await county.call('GET', '/api/clusters')).statusCode).toBe(200);
  });

  it('a lead falls into its clusters by code; the city officer adjusts by hand; the ledger filters by cluster', async () => {
    const lead = (
      await city.call('POST', '/api/leads', {
        projectName: '储能电芯项目',
        investorName: '某储能公司',
        industryCode: '3841',
        plannedInvestmentYuan: 300_000_000,
        referrer: { name: '某商会', kind: 'enterprise' },
        channel: 'society',
      })
    ).json().lead;
    const storage = await clusterId('新型储能');
    const silicon = await clusterId('硅能源');
    expect(lead.clusterIds).toContain(storage);
    expect(lead.clusterIds).not.toContain(silicon);
    const inCluster = async (id: number) =>
      (await city.call('GET', `/api/leads?clusterId=${id}`)).json().items.map((l: { id: number }) => l.id);
    expect(await inCluster(storage)).toEqual([lead.id]);
    expect(await inCluster(silicon)).toEqual([]);

    const wanted = [...lead.clusterIds.filter((id: number) => id !== storage), silicon];
    const res = await city.call('POST', `/api/leads/${lead.id}/clusters`, { clusterIds: wanted });
    expect(res.statusCode).toBe(200);
    expect(res.json().lead.clusterIds).toEqual([...wanted].sort((a, b) => a - b));
    expect(await inCluster(storage)).toEqual([]);
    expect(await inCluster(silicon)).toEqual([lead.id]);
    expect((await lastAudit(t.db))[0]!.action).toBe('lead.clusters_set');
    const county = await login(t.app, 'taishan');
    expect((await county.call('POST', `/api/leads/${lead.id}/clusters`, { clusterIds: [] })).statusCode).toBe(
      403,
    );
    expect(
      (await city.call('POST', `/api/leads/${lead.id}/clusters`, { clusterIds: [99999] })).json().error
        .details[0].path,
    ).toBe('clusterIds.0');
  });

  it("a county's speciality applies to that county's records only: lists, pages and statistics", async () => {
    const orgs = (await city.call('GET', '/api/orgs')).json().items as { id: number; name: string }[];
    const org = (name: string) => orgs.find((o) => o.name === name)!.id;
    const enpingSpeciality = await clusterId('恩平智能装备');
    const project = async (county: string, name: string) => {
      const res = await city.call('POST', '/api/projects', {
        name,
        investorName: `${name}有限公司`,
        countyOrgId: org(county),
        industryCode: '3421',
        totalInvestmentYuan: 300_000_000,
        signedOn: '2024-05-10',
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().project;
    };
    // 3421 (金属切削机床制造) is in 恩平智能装备 (codes 34, 35), but only 恩平's project is 恩平's.
    const inPengjiang = await project('蓬江区', '蓬江数控机床项目');
    const inEnping = await project('恩平市', '恩平数控机床项目');
    expect(inPengjiang.clusterIds).not.toContain(enpingSpeciality);
    expect(inEnping.clusterIds).toContain(enpingSpeciality);
    const listed = (await city.call('GET', `/api/projects?clusterId=${enpingSpeciality}`)).json();
    expect(listed.items.map((p: { id: number }) => p.id)).toEqual([inEnping.id]);
    const stats = (
      await city.call('GET', '/api/stats/pipeline?from=2024-01-01&to=2024-06-30&breakdowns=true')
    ).json();
    const row = stats.byCluster.find((c: { clusterId: number }) => c.clusterId === enpingSpeciality);
    expect(row.signed).toEqual({ count: 1, investmentYuan: 300_000_000 });
    // A lead counts as 恩平's once it is 恩平's to follow.
    const lead = (
      await city.call('POST', '/api/leads', {
        projectName: '数控机床整机项目',
        investorName: '某机床公司',
        industryCode: '3421',
        plannedInvestmentYuan: 300_000_000,
        referrer: { name: '某商会', kind: 'enterprise' },
        channel: 'society',
      })
    ).json().lead;
    expect(lead.clusterIds).not.toContain(enpingSpeciality);
    expect((await city.call('GET', `/api/leads?clusterId=${enpingSpeciality}`)).json().total).toBe(0);
  });
});
