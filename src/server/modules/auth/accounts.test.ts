/**
 * Account rules of 等保 level 3: dormant accounts disabled, common and context passwords refused,
 * the last five passwords not reused, a limit of sessions per account, one's sessions listed and
 * ended elsewhere.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { passwordProblem } from '../../auth/passwordRules.js';
import { appForFile, DEMO_PASSWORD, dialects, lastAudit, login, type TestApp } from '../../test/helpers.js';

describe('passwords people would guess', () => {
  it('refuses common words with digits and symbols around them, the username, the city and the product', () => {
    const taishan = { username: 'taishan', displayName: '黄专员（台山）' };
    for (const p of ['Password12', 'Qwerty1234', 'P@ssw0rd!2026', 'Welcome#2026', 'Admin@12345'])
      expect(passwordProblem(p, taishan)?.en, p).toMatch(/too common/);
    expect(passwordProblem('Taishan#2026', taishan)?.en).toMatch(/username/);
    expect(passwordProblem('Jiangmen2024!', taishan)?.en).toMatch(/city/);
    expect(passwordProblem('江门Abc#2024x', taishan)?.en).toMatch(/city/);
    expect(passwordProblem('InvestTrack#1', taishan)?.en).toMatch(/product/);
    // Passwords of no such pattern pass.
    for (const p of ['Mine#Kaiping26', 'Tea&Lychee-2031', 'Orchid7#Harbour'])
      expect(passwordProblem(p, taishan), p).toBeNull();
  });
});

describe.each(dialects())('account rules (%s)', (dialect) => {
  let t: TestApp;
  const file = appForFile(dialect, { app: { maxSessions: 2 } });
  beforeEach(async () => {
    t = await file.fresh();
  });
  const signIn = (username: string, password = DEMO_PASSWORD) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  it('an account unused for 90 days is disabled at its next sign-in, audited, until re-activated', async () => {
    await login(t.app, 'heshan');
    t.clock.advance(91 * 86_400_000);
    const refused = await signIn('heshan');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('ACCOUNT_DORMANT');
    expect((await lastAudit(t.db))[0]).toMatchObject({ action: 'user.dormant_disabled' });
    expect((await signIn('heshan')).statusCode).toBe(401); // now simply inactive
    // The administrator — used within 90 days of nothing, but the last one — is never locked out.
    const admin = await login(t.app, 'admin');
    const row = (await admin.call('GET', '/api/users?q=heshan')).json().items[0];
    expect(row.active).toBe(false);
    await admin.call('PATCH', `/api/users/${row.id}`, { version: row.version, active: true });
    // Re-activated: its 90 days count from now.
    expect((await signIn('heshan')).statusCode).toBe(200);
    // Used within 90 days: fine.
    t.clock.advance(89 * 86_400_000);
    expect((await signIn('heshan')).statusCode).toBe(200);
  });

  it('the last five passwords cannot be used again, nor a common or personal one', async () => {
    const s = await login(t.app, 'taishan');
    const change = (currentPassword: string, newPassword: string) =>
      s.call('POST', '/api/auth/password', { currentPassword, newPassword });
    const common = await change(DEMO_PASSWORD, 'Qwerty1234');
    expect(common.statusCode).toBe(400);
    expect(common.json().error.details[0]).toMatchObject({ path: 'newPassword' });
    expect((await change(DEMO_PASSWORD, 'Taishan#2031')).json().error.details[0].message).toContain('用户名');
    // Through five passwords, then back to the first: refused; a sixth new one is fine.
    const chosen = ['Orchid7#Harbour', 'Tea&Lychee-2031', 'Kapok#Blossom9', 'Banyan!Shade42'];
    let current = DEMO_PASSWORD;
    for (const next of chosen) {
      expect((await change(current, next)).statusCode, next).toBe(204);
      current = next;
    }
    for (const old of [DEMO_PASSWORD, ...chosen.slice(0, -1)]) {
      const again = await change(current, old);
      expect(again.statusCode, old).toBe(400);
      expect(again.json().error.details[0].message).toContain('最近 5 次');
    }
    expect((await change(current, 'Longan%River77')).statusCode).toBe(204);
    // The demo password was six changes ago: allowed again.
    expect((await change('Longan%River77', DEMO_PASSWORD)).statusCode).toBe(204);
  });

  it('holds at most the configured number of sessions; signing in again ends the oldest', async () => {
    const first = await login(t.app, 'city');
    t.clock.advance(1000);
    const second = await login(t.app, 'city');
    expect((await first.call('GET', '/api/auth/me')).statusCode).toBe(200);
    t.clock.advance(1000);
    const third = await login(t.app, 'city');
    expect((await first.call('GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await second.call('GET', '/api/auth/me')).statusCode).toBe(200);
    const listed = (await third.call('GET', '/api/auth/sessions')).json();
    expect(listed.limit).toBe(2);
    expect(listed.items).toHaveLength(2);
    expect(listed.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    // The cookie never appears in the list.
    expect(JSON.stringify(listed)).not.toContain(third.cookie.split('=')[1]);
  });

  it('signs out everywhere else, keeping this session, audited', async () => {
    const phone = await login(t.app, 'city');
    const desk = await login(t.app, 'city');
    const ended = await desk.call('POST', '/api/auth/sessions/end-others');
    expect(ended.json()).toEqual({ ended: 1 });
    expect((await phone.call('GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await desk.call('GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await lastAudit(t.db))[0]).toMatchObject({ action: 'auth.sessions_ended' });
  });
});
