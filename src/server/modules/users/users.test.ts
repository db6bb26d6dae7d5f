import { beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  appForFile,
  DEMO_PASSWORD,
  dialects,
  lastAudit,
  login,
  orgIdByName,
  type Session,
  type TestApp,
} from '../../test/helpers.js';
import { updateUser } from './service.js';

describe.each(dialects())('accounts (%s)', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let taishan: number;
  const file = appForFile(dialect);
  beforeEach(async () => {
    t = await file.fresh();
    admin = await login(t.app, 'admin');
    taishan = await orgIdByName(t.db, '台山市');
  });

  const newOfficer = (over: Record<string, unknown> = {}) => ({
    username: 'ts_officer2',
    displayName: '新专员',
    orgId: taishan,
    roles: ['county_officer'],
    password: 'Init#Pass2026',
    ...over,
  });

  it('the admin creates a county officer, who must change the password before anything else', async () => {
    const res = await admin.call('POST', '/api/users', newOfficer());
    expect(res.statusCode).toBe(201);
    const { user } = res.json();
    expect(user).toMatchObject({ username: 'ts_officer2', orgId: taishan, roles: ['county_officer'] });
    expect(user.mustChangePassword).toBe(true);
    expect(JSON.stringify(user)).not.toMatch(/password_hash|scrypt/);
    const [entry] = await lastAudit(t.db);
    expect(entry).toMatchObject({ action: 'user.created', entity_type: 'user', entity_id: String(user.id) });
    expect(entry!.after_json).not.toContain('Init#Pass2026');

    const officer = await login(t.app, 'ts_officer2', 'Init#Pass2026');
    expect(officer.user.mustChangePassword).toBe(true);
    const blocked = await officer.call('GET', '/api/orgs');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await officer.call('GET', '/api/auth/me')).statusCode).toBe(200);
    const changed = await officer.call('POST', '/api/auth/password', {
      currentPassword: 'Init#Pass2026',
      newPassword: 'Mine#Pass2026',
    });
    expect(changed.statusCode).toBe(204);
    expect((await officer.call('GET', '/api/orgs')).statusCode).toBe(200);
  });

  it('names each bad field, and creates nothing', async () => {
    const before = await t.db.kysely.selectFrom('users').select('id').execute();
    const res = await admin.call('POST', '/api/users', {
      username: 'a b',
      displayName: '',
      orgId: 'x',
      roles: ['admin', 'leader'],
      password: 'weakpassword',
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    const paths = body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['displayName', 'orgId', 'password', 'roles', 'username']);
    const roles = body.error.details.find((d: { path: string }) => d.path === 'roles');
    expect(roles.message).toContain('三权分立');
    expect(await t.db.kysely.selectFrom('users').select('id').execute()).toHaveLength(before.length);
  });

  it('says what to fix in words, naming the field as people know it', async () => {
    const res = await admin.call('POST', '/api/users', newOfficer({ username: 'ab' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      message: '请求参数有误：用户名至少 3 个字符',
      details: [{ path: 'username', message: '用户名至少 3 个字符' }],
    });
    const en = await admin.call('POST', '/api/users', newOfficer({ username: 'ab' }), {
      'accept-language': 'en',
    });
    expect(en.json().error.details).toEqual([
      { path: 'username', message: 'Username needs at least 3 characters' },
    ]);
    const noName = await admin.call('POST', '/api/users', newOfficer({ displayName: undefined, orgId: 'x' }));
    expect(noName.json().error.details).toEqual([
      { path: 'displayName', message: '请填写姓名' },
      { path: 'orgId', message: '组织应为数字' },
    ]);
  });

  it('refuses an unknown organisation and a taken username', async () => {
    const org = await admin.call('POST', '/api/users', newOfficer({ orgId: 9999 }));
    expect(org.statusCode).toBe(400);
    expect(org.json().error.details[0].path).toBe('orgId');
    const taken = await admin.call('POST', '/api/users', newOfficer({ username: 'TAISHAN' }));
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('USERNAME_TAKEN');
  });

  it('only the admin manages accounts', async () => {
    for (const who of ['city', 'leader', 'taishan', 'auditor', 'referrer']) {
      const s = await login(t.app, who);
      expect((await s.call('GET', '/api/users')).statusCode).toBe(403);
      expect((await s.call('POST', '/api/users', newOfficer())).statusCode).toBe(403);
    }
  });

  it('lists with filters and pagination', async () => {
    const all = (await admin.call('GET', '/api/users?pageSize=2&page=1')).json();
    expect(all.total).toBe(9);
    expect(all.items).toHaveLength(2);
    const byOrg = (await admin.call('GET', `/api/users?orgId=${taishan}`)).json();
    expect(byOrg.items.map((u: { username: string }) => u.username).sort()).toEqual([
      'taishan',
      'taishan_leader',
    ]);
    const byRole = (await admin.call('GET', '/api/users?role=leader')).json();
    expect(byRole.total).toBe(2);
    const byText = (await admin.call('GET', '/api/users?q=HESHAN')).json();
    expect(byText.items.map((u: { username: string }) => u.username)).toEqual(['heshan']);
    expect((await admin.call('GET', '/api/users?pageSize=501')).statusCode).toBe(400);
  });

  it('changes roles with version control, audits it and ends the user’s sessions', async () => {
    const list = (await admin.call('GET', '/api/users?q=referrer')).json();
    const target = list.items[0];
    const theirs = await login(t.app, 'referrer');
    const res = await admin.call('PATCH', `/api/users/${target.id}`, {
      version: target.version,
      roles: ['county_officer', 'referrer'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.version).toBe(target.version + 1);
    const [entry] = await lastAudit(t.db);
    expect(entry!.action).toBe('user.roles_changed');
    expect(JSON.parse(entry!.before_json!).roles).toEqual(['referrer']);
    expect(JSON.parse(entry!.after_json!).roles).toEqual(['county_officer', 'referrer']);
    expect((await theirs.call('GET', '/api/auth/me')).statusCode).toBe(401);

    const stale = await admin.call('PATCH', `/api/users/${target.id}`, {
      version: target.version,
      displayName: 'X',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');
  });

  it('deactivating an account stops its sign-in', async () => {
    const target = (await admin.call('GET', '/api/users?q=xinhui')).json().items[0];
    const res = await admin.call('PATCH', `/api/users/${target.id}`, {
      version: target.version,
      active: false,
    });
    expect(res.statusCode).toBe(200);
    expect((await lastAudit(t.db))[0]!.action).toBe('user.deactivated');
    const attempt = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'xinhui', password: DEMO_PASSWORD },
    });
    expect(attempt.statusCode).toBe(401);
  });

  it('never removes the last admin, and an admin cannot lock themselves out', async () => {
    const me = (await admin.call('GET', '/api/users?role=admin')).json().items[0];
    const self = await admin.call('PATCH', `/api/users/${me.id}`, { version: me.version, active: false });
    expect(self.statusCode).toBe(422);
    expect(self.json().error.code).toBe('SELF_LOCKOUT');
    const selfRole = await admin.call('PATCH', `/api/users/${me.id}`, {
      version: me.version,
      roles: ['leader'],
    });
    expect(selfRole.json().error.code).toBe('SELF_LOCKOUT');

    // A second admin cannot remove the first when the first is the last other one… but can while two remain.
    const second = (
      await admin.call(
        'POST',
        '/api/users',
        newOfficer({ username: 'admin2', roles: ['admin'], orgId: me.orgId }),
      )
    ).json().user;
    const other = await login(t.app, 'admin2', 'Init#Pass2026');
    await other.call('POST', '/api/auth/password', {
      currentPassword: 'Init#Pass2026',
      newPassword: 'Other#Keeper26',
    });
    const demote = await other.call('PATCH', `/api/users/${me.id}`, { version: me.version, active: false });
    expect(demote.statusCode).toBe(200);
    // Now admin2 is the last active admin: nobody may remove them, not even themselves.
    const again = await other.call('PATCH', `/api/users/${second.id}`, {
      version: second.version + 1,
      roles: ['leader'],
    });
    expect(again.json().error.code).toBe('SELF_LOCKOUT');
  });

  it('LAST_ADMIN: no use case may leave the system without an active administrator', async () => {
    // Through the API the acting admin is always another active admin, so SELF_LOCKOUT answers first;
    // the service still guards the invariant for any other caller (CLI, future jobs).
    const me = (await admin.call('GET', '/api/users?role=admin')).json().items[0];
    const system = { userId: 0, username: 'system', ip: null };
    await expect(
      updateUser(t.db.kysely, system, t.clock.now(), me.id, { version: me.version, active: false }),
    ).rejects.toMatchObject({
      code: 'LAST_ADMIN',
    });
    const still = (await admin.call('GET', '/api/users?role=admin')).json().items[0];
    expect(still).toMatchObject({ active: true, version: me.version });
  });

  it('resets a password: forced change, sessions end, lockout lifted; and unlocks', async () => {
    const target = (await admin.call('GET', '/api/users?q=heshan')).json().items[0];
    const theirs = await login(t.app, 'heshan');
    for (let i = 0; i < 5; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'heshan', password: `x${i}` },
      });
    }
    const locked = (await admin.call('GET', '/api/users?q=heshan')).json().items[0];
    expect(locked.lockedUntil).not.toBeNull();
    const weak = await admin.call('POST', `/api/users/${target.id}/reset-password`, { password: 'short' });
    expect(weak.statusCode).toBe(400);
    const res = await admin.call('POST', `/api/users/${target.id}/reset-password`, {
      password: 'Reset#Pass2026',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.mustChangePassword).toBe(true);
    expect((await lastAudit(t.db))[0]!.action).toBe('user.password_reset');
    expect((await theirs.call('GET', '/api/auth/me')).statusCode).toBe(401);
    const again = await login(t.app, 'heshan', 'Reset#Pass2026');
    expect(again.user.mustChangePassword).toBe(true);

    for (let i = 0; i < 5; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'heshan', password: `x${i}` },
      });
    }
    expect((await admin.call('POST', `/api/users/${target.id}/unlock`)).statusCode).toBe(204);
    expect((await lastAudit(t.db))[0]!.action).toBe('user.unlocked');
    expect((await login(t.app, 'heshan', 'Reset#Pass2026')).user.username).toBe('heshan');
  });

  it('404 for an unknown user id; 400 for a malformed one', async () => {
    expect((await admin.call('POST', '/api/users/999/unlock')).statusCode).toBe(404);
    expect((await admin.call('POST', '/api/users/abc/unlock')).statusCode).toBe(400);
  });

  it('keeps admin password out of every response and log', async () => {
    const entries = await t.db.kysely.selectFrom('audit_log').select(['before_json', 'after_json']).execute();
    expect(JSON.stringify(entries)).not.toContain(ADMIN_PASSWORD);
  });
});
