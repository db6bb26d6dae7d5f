import { beforeEach, describe, expect, it } from 'vitest';
import {
  appForFile,
  buildTestApp,
  DEMO_PASSWORD,
  dialects,
  lastAudit,
  login,
  type TestApp,
} from '../../test/helpers.js';

describe.each(dialects())('sign-in and sessions (%s)', (dialect) => {
  let t: TestApp;
  const file = appForFile(dialect);
  beforeEach(async () => {
    t = await file.fresh();
  });

  const attempt = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  it('logs in with an HttpOnly SameSite=Lax cookie, a CSRF token and the user', async () => {
    const res = await attempt('city', DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'it_sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy(); // plain HTTP in tests; Secure when served over HTTPS
    expect(Buffer.from(cookie.value, 'base64url').length).toBeGreaterThanOrEqual(16);
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'city', roles: ['city_officer'], mustChangePassword: false });
    expect(Object.keys(body.user).sort()).toEqual(
      ['displayName', 'id', 'mustChangePassword', 'orgId', 'roles', 'username'].sort(),
    );
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const [entry] = await lastAudit(t.db);
    expect(entry).toMatchObject({ action: 'auth.login', username: 'city', entity_type: 'user' });
    // The raw session id never reaches the database.
    const stored = await t.db.kysely.selectFrom('sessions').select('id_hash').execute();
    expect(stored.map((s) => s.id_hash)).not.toContain(cookie.value);
  });

  it('gives a new session id at every login', async () => {
    const a = await login(t.app, 'city');
    const b = await login(t.app, 'city');
    expect(a.cookie).not.toBe(b.cookie);
  });

  it('says the same thing for a wrong password and an unknown user, and audits both', async () => {
    const wrong = await attempt('city', 'Wrong#pass123');
    const unknown = await attempt('nobody', 'Wrong#pass123');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('BAD_CREDENTIALS');
    const entries = await lastAudit(t.db, 2);
    expect(entries.map((e) => e.action)).toEqual(['auth.login_failed', 'auth.login_failed']);
    expect(entries.map((e) => e.entity_id)).toEqual(['nobody', 'city']);
  });

  it('locks an account for 15 minutes after five failures in a row, saying until when', async () => {
    for (let i = 1; i <= 4; i++) expect((await attempt('taishan', `Wrong#pass${i}x`)).statusCode).toBe(401);
    const fifth = await attempt('taishan', 'Wrong#pass5x');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error.code).toBe('ACCOUNT_LOCKED');
    // 09:00 Beijing time + 15 minutes
    expect(fifth.json().error.message).toContain('2026-03-02 09:15');
    // Even the right password is refused while locked.
    expect((await attempt('taishan', DEMO_PASSWORD)).statusCode).toBe(429);
    const actions = (await lastAudit(t.db, 3)).map((e) => e.action);
    expect(actions).toEqual(['auth.login_refused_locked', 'auth.lockout', 'auth.login_failed']);
    // Other accounts are not affected.
    expect((await attempt('heshan', DEMO_PASSWORD)).statusCode).toBe(200);
    t.clock.advance(15 * 60 * 1000 + 1000);
    expect((await attempt('taishan', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('locks unknown usernames the same way, so lockout reveals nothing', async () => {
    let last = await attempt('ghost', 'Wrong#pass0x');
    for (let i = 1; i < 5; i++) last = await attempt('ghost', `Wrong#pass${i}x`);
    expect(last.statusCode).toBe(429);
    expect(last.json().error.code).toBe('ACCOUNT_LOCKED');
  });

  it('a success resets the failure count', async () => {
    for (let i = 0; i < 4; i++) await attempt('xinhui', `Wrong#pass${i}x`);
    expect((await attempt('xinhui', DEMO_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt('xinhui', `Wrong#pass${i}x`)).statusCode).toBe(401);
  });

  /** The passwords checked for an account: each failure and each success is audited once. */
  const checked = async (username: string) =>
    (
      await t.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where((eb) =>
          eb.or([
            eb.and([eb('action', '=', 'auth.login_failed'), eb('entity_id', '=', username)]),
            eb.and([eb('action', '=', 'auth.login'), eb('username', '=', username)]),
          ]),
        )
        .execute()
    ).map((e) => e.action);

  it('checks at most five passwords from a burst of 25 parallel wrong ones, then locks', async () => {
    const burst = await Promise.all(
      Array.from({ length: 25 }, (_, i) => attempt('taishan', `Wrong#pass${i}x`)),
    );
    const codes = burst.map((r) => r.json().error.code);
    expect(codes.filter((c) => c === 'BAD_CREDENTIALS')).toHaveLength(4);
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(21);
    expect(await checked('taishan')).toHaveLength(5);
    expect((await attempt('taishan', DEMO_PASSWORD)).json().error.code).toBe('ACCOUNT_LOCKED');
  });

  it('a burst of 19 wrong guesses and the right one checks at most five, right one included or not', async () => {
    const guesses = Array.from({ length: 20 }, (_, i) => (i === 19 ? DEMO_PASSWORD : `Wrong#pass${i}x`));
    const burst = await Promise.all(guesses.map((g) => attempt('heshan', g)));
    const seen = await checked('heshan');
    expect(seen.length).toBeLessThanOrEqual(5);
    // The right password got in only if it was among the five checked.
    expect(burst[19]!.statusCode === 200).toBe(seen.includes('auth.login'));
    if (!seen.includes('auth.login')) expect(burst[19]!.json().error.code).toBe('ACCOUNT_LOCKED');
  });

  it('refuses anonymous calls with 401 and stale sessions with SESSION_EXPIRED', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('UNAUTHENTICATED');
    const s = await login(t.app, 'leader');
    t.clock.advance(29 * 60 * 1000);
    expect((await s.call('GET', '/api/auth/me')).statusCode).toBe(200);
    t.clock.advance(29 * 60 * 1000); // active 29 minutes ago: still alive
    expect((await s.call('GET', '/api/auth/me')).statusCode).toBe(200);
    t.clock.advance(31 * 60 * 1000); // idle 31 minutes
    const expired = await s.call('GET', '/api/auth/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('SESSION_EXPIRED');
  });

  it('ends every session after 12 hours however active', async () => {
    const s = await login(t.app, 'leader');
    for (let minutes = 0; minutes < 12 * 60; minutes += 20) {
      t.clock.advance(20 * 60 * 1000);
      const res = await s.call('GET', '/api/auth/me');
      if (minutes + 20 < 12 * 60) expect(res.statusCode).toBe(200);
      else expect(res.statusCode).toBe(401);
    }
    expect((await s.call('GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('requires the CSRF header on state-changing calls made with the cookie', async () => {
    const s = await login(t.app, 'city');
    const without = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: s.cookie },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('CSRF');
    const wrong = await s.call('POST', '/api/auth/logout', undefined, { 'x-csrf-token': 'nope' });
    expect(wrong.json().error.code).toBe('CSRF');
    expect((await s.call('GET', '/api/auth/me')).statusCode).toBe(200);
  });

  it('destroys the session at logout', async () => {
    const s = await login(t.app, 'city');
    expect((await s.call('POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await s.call('GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await lastAudit(t.db))[0]!.action).toBe('auth.logout');
  });

  it('changes one’s own password, ending the other sessions', async () => {
    const a = await login(t.app, 'heshan');
    const b = await login(t.app, 'heshan');
    const weak = await a.call('POST', '/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'short',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details[0].path).toBe('newPassword');
    const bad = await a.call('POST', '/api/auth/password', {
      currentPassword: 'Wrong#pass1',
      newPassword: 'New#Password2026',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details[0].path).toBe('currentPassword');
    const ok = await a.call('POST', '/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'New#Password2026',
    });
    expect(ok.statusCode).toBe(204);
    expect((await a.call('GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await b.call('GET', '/api/auth/me')).statusCode).toBe(401);
    const [entry] = await lastAudit(t.db);
    expect(entry!.action).toBe('auth.password_changed');
    expect(entry!.after_json).not.toContain('New#Password2026');
    expect((await attempt('heshan', DEMO_PASSWORD)).statusCode).toBe(401);
    expect((await attempt('heshan', 'New#Password2026')).statusCode).toBe(200);
  });

  it('answers in English when asked', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'city', password: 'x' },
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(res.json().error.message).toBe('Wrong username or password');
  });
});

describe('per-IP throttling of sign-in', () => {
  it('answers 429 RATE_LIMITED past the limit', async () => {
    const t = await buildTestApp('sqlite', { loginRateLimit: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: `u${i}`, password: 'x' },
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429) expect(res.json().error.code).toBe('RATE_LIMITED');
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await t.close();
    }
  });
});
