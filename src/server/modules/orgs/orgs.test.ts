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

describe.each(dialects())('organisations (%s)', (dialect) => {
  let t: TestApp;
  let admin: Session;
  const file = appForFile(dialect);
  beforeEach(async () => {
    t = await file.fresh();
    admin = await login(t.app, 'admin');
  });

  it('every signed-in role reads the tree: the city, seven counties with GB/T 2260 codes, platforms, teams', async () => {
    for (const who of ['admin', 'city', 'taishan', 'leader', 'referrer', 'auditor']) {
      const s = who === 'admin' ? admin : await login(t.app, who);
      const res = await s.call('GET', '/api/orgs');
      expect(res.statusCode).toBe(200);
    }
    const { items } = (await admin.call('GET', '/api/orgs')).json();
    const counties = items.filter((o: { kind: string }) => o.kind === 'county');
    expect(counties.map((c: { regionCode: string }) => c.regionCode).sort()).toEqual([
      '440703',
      '440704',
      '440705',
      '440781',
      '440783',
      '440784',
      '440785',
    ]);
    const city = items.find((o: { kind: string }) => o.kind === 'city');
    expect(city).toMatchObject({ name: '江门市', regionCode: '440700' });
    expect(city.parentId).toBeUndefined();
    expect(counties.every((c: { parentId: number }) => c.parentId === city.id)).toBe(true);
    expect(items.filter((o: { kind: string }) => o.kind === 'resident_team')).toHaveLength(3);
    expect(items.some((o: { kind: string }) => o.kind === 'platform')).toBe(true);
  });

  it('the admin adds, renames and deactivates, each audited', async () => {
    const parentId = await orgIdByName(t.db, '开平市');
    const created = await admin.call('POST', '/api/orgs', { name: '翠山湖新区', kind: 'platform', parentId });
    expect(created.statusCode).toBe(201);
    const org = created.json().org;
    expect((await lastAudit(t.db))[0]).toMatchObject({ action: 'org.created', entity_id: String(org.id) });

    const renamed = await admin.call('PATCH', `/api/orgs/${org.id}`, {
      version: org.version,
      name: '翠山湖科技产业园',
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().org).toMatchObject({ name: '翠山湖科技产业园', version: 2 });
    const [entry] = await lastAudit(t.db);
    expect(entry!.action).toBe('org.renamed');
    expect(JSON.parse(entry!.before_json!).name).toBe('翠山湖新区');

    const off = await admin.call('PATCH', `/api/orgs/${org.id}`, { version: 2, active: false });
    expect(off.json().org.active).toBe(false);
    expect((await lastAudit(t.db))[0]!.action).toBe('org.deactivated');

    const stale = await admin.call('PATCH', `/api/orgs/${org.id}`, { version: 2, name: 'x' });
    expect(stale.json().error.code).toBe('STALE_VERSION');
  });

  it('refuses to deactivate an organisation with active users, or to make a cycle', async () => {
    const taishan = await orgIdByName(t.db, '台山市');
    const res = await admin.call('PATCH', `/api/orgs/${taishan}`, { version: 1, active: false });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('ORG_IN_USE');

    const city = await orgIdByName(t.db, '江门市');
    const cycle = await admin.call('PATCH', `/api/orgs/${city}`, { version: 1, parentId: taishan });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.details[0].path).toBe('parentId');
    const self = await admin.call('PATCH', `/api/orgs/${taishan}`, { version: 1, parentId: taishan });
    expect(self.statusCode).toBe(400);
  });

  it('validates kind and region code, naming the field', async () => {
    const res = await admin.call('POST', '/api/orgs', { name: '某区', kind: 'province', regionCode: '12' });
    expect(res.statusCode).toBe(400);
    const paths = res
      .json()
      .error.details.map((d: { path: string }) => d.path)
      .sort();
    expect(paths).toEqual(['kind', 'regionCode']);
  });

  it('only the admin changes organisations', async () => {
    for (const who of ['city', 'leader', 'taishan', 'auditor']) {
      const s = await login(t.app, who);
      expect((await s.call('POST', '/api/orgs', { name: 'x', kind: 'department' })).statusCode).toBe(403);
    }
  });
});
