/**
 * Separation of duties (三权分立) that cannot be walked around: the administrator cannot take over
 * the auditor's account, make someone the auditor, or reset their own password, without a second
 * person; and the second person is never the one who asked nor the account concerned.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  appForFile,
  DEMO_PASSWORD,
  dialects,
  login,
  type Session,
  type TestApp,
} from '../../test/helpers.js';

const NEW_PASSWORD = 'Taken#Over2026';

/** A second administrator, created by the first (takes effect at once: it is no auditor). */
const secondAdmin = (admin: Session) =>
  admin.call('POST', '/api/users', {
    username: 'admin2',
    displayName: '第二管理员',
    orgId: admin.user.orgId,
    roles: ['admin'],
    password: 'Second#Keeper26',
  });

describe.each(dialects())('two-person approval of privileged accounts (%s)', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let auditor: Session;
  const file = appForFile(dialect);
  beforeEach(async () => {
    t = await file.fresh();
    admin = await login(t.app, 'admin');
    auditor = await login(t.app, 'auditor');
  });

  const userId = async (username: string) =>
    (
      await t.db.kysely
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).id;
  const signIn = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const actions = async () =>
    (await t.db.kysely.selectFrom('audit_log').select('action').orderBy('id').execute()).map((e) => e.action);

  it('the administrator resetting the auditor’s password waits for the auditor; until then the old one holds', async () => {
    const auditorId = await userId('auditor');
    const res = await admin.call('POST', `/api/users/${auditorId}/reset-password`, {
      password: NEW_PASSWORD,
    });
    expect(res.statusCode).toBe(200);
    const { approval } = res.json();
    expect(approval).toMatchObject({ kind: 'password_reset', status: 'pending', targetUserId: auditorId });
    expect(approval.mayDecide).toBe(false); // the administrator asked: not theirs to decide
    // The administrator cannot sign in as the auditor, nor read the audit log.
    expect((await signIn('auditor', NEW_PASSWORD)).statusCode).toBe(401);
    expect((await admin.call('GET', '/api/audit')).statusCode).toBe(403);
    // Nor approve their own request.
    const self = await admin.call('POST', `/api/approvals/${approval.id}/decision`, { decision: 'approve' });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('SECOND_PERSON_REQUIRED');
    // The auditor is the account concerned: they may not approve it either.
    const concerned = await auditor.call('POST', `/api/approvals/${approval.id}/decision`, {
      decision: 'approve',
    });
    expect(concerned.json().error.code).toBe('SECOND_PERSON_REQUIRED');
    expect((await signIn('auditor', DEMO_PASSWORD)).statusCode).toBe(200);
    // The request and the refusals leave the password untouched, and the request is audited.
    expect(await actions()).toContain('approval.requested');
    const audited = await t.db.kysely
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'approval.requested')
      .executeTakeFirstOrThrow();
    expect(audited.after_json).not.toContain(NEW_PASSWORD);
    expect(audited.after_json).not.toMatch(/scrypt|passwordHash/);
  });

  it('an administrator’s password reset is approved by the auditor, then takes effect once', async () => {
    const second = await secondAdmin(admin);
    expect(second.json().approval).toBeUndefined(); // an administrator is no auditor: at once
    const id = second.json().user.id;
    const asked = (
      await admin.call('POST', `/api/users/${id}/reset-password`, { password: NEW_PASSWORD })
    ).json().approval;
    const listed = (await auditor.call('GET', '/api/approvals')).json().items;
    expect(listed[0]).toMatchObject({
      id: asked.id,
      status: 'pending',
      mayDecide: true,
      targetName: '第二管理员',
    });
    const ok = await auditor.call('POST', `/api/approvals/${asked.id}/decision`, { decision: 'approve' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().approval).toMatchObject({ status: 'approved', decidedByName: '孙审计' });
    expect((await signIn('admin2', NEW_PASSWORD)).statusCode).toBe(200);
    expect((await signIn('admin2', 'Second#Keeper26')).statusCode).toBe(401);
    // Decided once.
    const again = await auditor.call('POST', `/api/approvals/${asked.id}/decision`, { decision: 'reject' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('APPROVAL_CLOSED');
    expect(await actions()).toEqual(
      expect.arrayContaining(['approval.requested', 'approval.approved', 'user.password_reset']),
    );
  });

  it('making a city officer the auditor waits; rejected, the roles stay as they were', async () => {
    const cityId = await userId('city');
    const row = (await admin.call('GET', '/api/users?pageSize=100'))
      .json()
      .items.find((u: { id: number }) => u.id === cityId);
    const res = await admin.call('PATCH', `/api/users/${cityId}`, {
      version: row.version,
      roles: ['auditor'],
      displayName: '陈招商（改）',
    });
    expect(res.statusCode).toBe(200);
    // The rest of the edit took effect; the role did not.
    expect(res.json().user).toMatchObject({ roles: ['city_officer'], displayName: '陈招商（改）' });
    expect(res.json().approval).toMatchObject({ kind: 'role_grant', roles: ['auditor'] });
    const no = await auditor.call('POST', `/api/approvals/${res.json().approval.id}/decision`, {
      decision: 'reject',
      note: '无正当理由',
    });
    expect(no.json().approval).toMatchObject({ status: 'rejected', note: '无正当理由' });
    const roles = await t.db.kysely
      .selectFrom('user_roles')
      .select('role')
      .where('user_id', '=', cityId)
      .execute();
    expect(roles.map((r) => r.role)).toEqual(['city_officer']);
    expect(await actions()).toContain('approval.rejected');
  });

  it('a new auditor account is created inactive and without roles until approved', async () => {
    const res = await admin.call('POST', '/api/users', {
      username: 'auditor2',
      displayName: '新审计员',
      orgId: admin.user.orgId,
      roles: ['auditor'],
      password: 'Audit#New2026',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({ active: false, roles: [] });
    expect((await signIn('auditor2', 'Audit#New2026')).statusCode).toBe(401);
    // Turning it on by hand gives it nothing.
    const created = res.json().user;
    await admin.call('PATCH', `/api/users/${created.id}`, { version: created.version, active: true });
    const early = await login(t.app, 'auditor2', 'Audit#New2026');
    expect(early.user.roles).toEqual([]);
    await auditor.call('POST', `/api/approvals/${res.json().approval.id}/decision`, { decision: 'approve' });
    const now = await login(t.app, 'auditor2', 'Audit#New2026');
    expect(now.user.roles).toEqual(['auditor']);
  });

  it('nobody resets their own password without the current one', async () => {
    const res = await admin.call('POST', `/api/users/${admin.user.id}/reset-password`, {
      password: NEW_PASSWORD,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('OWN_PASSWORD_RESET');
    expect((await signIn('admin', ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('a request lapses after 72 hours', async () => {
    const second = await secondAdmin(admin);
    const { approval } = (
      await admin.call('POST', `/api/users/${second.json().user.id}/reset-password`, {
        password: NEW_PASSWORD,
      })
    ).json();
    t.clock.advance(72 * 3600 * 1000 + 1000);
    // Sessions end long before 72 hours: the auditor signs in again, and finds it lapsed.
    const later = await login(t.app, 'auditor');
    expect((await later.call('GET', '/api/approvals')).json().items[0]).toMatchObject({
      id: approval.id,
      mayDecide: false,
    });
    const late = await later.call('POST', `/api/approvals/${approval.id}/decision`, { decision: 'approve' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('APPROVAL_CLOSED');
    expect((await signIn('admin2', NEW_PASSWORD)).statusCode).toBe(401);
  });
});

describe.each(dialects())('with INVESTTRACK_APPROVER=admin (%s)', (dialect) => {
  const file = appForFile(dialect, { app: { approverRole: 'admin' } });
  let t: TestApp;
  beforeEach(async () => {
    t = await file.fresh();
  });

  it('another administrator approves; the auditor may not', async () => {
    const admin = await login(t.app, 'admin');
    const second = (await secondAdmin(admin)).json().user;
    const auditorId = (
      await t.db.kysely
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'auditor')
        .executeTakeFirstOrThrow()
    ).id;
    const { approval } = (
      await admin.call('POST', `/api/users/${auditorId}/reset-password`, { password: NEW_PASSWORD })
    ).json();
    const auditor = await login(t.app, 'auditor');
    expect(
      (await auditor.call('POST', `/api/approvals/${approval.id}/decision`, { decision: 'approve' })).json()
        .error.code,
    ).toBe('SECOND_PERSON_REQUIRED');
    const admin2 = await login(t.app, 'admin2', 'Second#Keeper26');
    await admin2.call('POST', '/api/auth/password', {
      currentPassword: 'Second#Keeper26',
      newPassword: 'Mine#Keeper2026',
    });
    const ok = await admin2.call('POST', `/api/approvals/${approval.id}/decision`, { decision: 'approve' });
    expect(ok.json().approval.status).toBe('approved');
    expect(second.id).toBeGreaterThan(0);
  });
});
