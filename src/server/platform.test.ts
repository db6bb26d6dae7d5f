import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from './app.js';
import { hashPassword } from './auth/passwords.js';
import { readConfig } from './config.js';
import { createDb } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { initializeDatabase } from './setup.js';
import { buildTestApp, dialects, freshDb, login, type TestApp } from './test/helpers.js';

// The real hashing, counted: a start on an initialised database hashes nothing.
vi.mock('./auth/passwords.js', async (original) => {
  const real = await original<typeof import('./auth/passwords.js')>();
  return { ...real, hashPassword: vi.fn(real.hashPassword) };
});

describe.each(dialects())('platform plumbing (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /api/health names the database and the demo flag', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: dialect, demo: true });
  });

  it('publishes OpenAPI 3 generated from the validating schemas, and a docs page', async () => {
    const s = await login(t.app, 'city');
    const doc = (await s.call('GET', '/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/users', '/api/orgs', '/api/audit', '/api/health']),
    );
    const body = doc.paths['/api/users'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['username', 'orgId', 'roles', 'password']));
    const docs = await s.call('GET', '/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('sends security headers and never caches API answers', async () => {
    const s = await login(t.app, 'city');
    const res = await s.call('GET', '/api/orgs');
    expect(res.headers['cache-control']).toBe('no-store');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers every error in the one shape, with nothing internal', async () => {
    const s = await login(t.app, 'city');
    const unknown = await s.call('GET', '/api/nothing-here');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: { code: 'NOT_FOUND', message: '记录不存在' } });
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('VALIDATION_FAILED');
    expect(malformed.body).not.toMatch(/at .*\.js:\d+/);
    const missing = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: {} });
    expect(missing.json().error.details).toEqual([
      { path: 'username', message: '请填写用户名' },
      { path: 'password', message: '请填写密码' },
    ]);
    const english = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: {},
      headers: { 'accept-language': 'en' },
    });
    expect(english.json().error.message).toBe(
      'The request has invalid fields: Username is required (2 problems)',
    );
  });
});

describe('serving the web app', () => {
  it('serves index.html for client routes, assets as files, 404 JSON for the API', async () => {
    const web = mkdtempSync(join(tmpdir(), 'it-web-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
    const { db, close } = await freshDb('sqlite');
    const app = await buildApp({ db, webRoot: web });
    try {
      const page = await app.inject({ method: 'GET', url: '/system/users' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('id="root"');
      const asset = await app.inject({ method: 'GET', url: '/assets/app.js' });
      expect(asset.headers['cache-control']).toContain('immutable');
      expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/api/missing' })).statusCode).toBe(401);
    } finally {
      await app.close();
      await close();
      rmSync(web, { recursive: true, force: true });
    }
  });
});

describe.each(dialects())('first start (%s)', (dialect) => {
  it('initialises once: a second start does not duplicate the demo', async () => {
    const { db, close } = await freshDb(dialect);
    try {
      const now = new Date('2026-01-05T02:00:00Z');
      const first = await initializeDatabase(db.kysely, now, { demo: true });
      expect(first.created).toBe(true);
      expect(first.generatedAdminPassword).toMatch(/^.{10,}$/);
      const hashed = vi.mocked(hashPassword).mock.calls.length;
      const second = await initializeDatabase(db.kysely, now, {
        demo: true,
        adminPassword: 'Other#Pass2026',
      });
      expect(second).toEqual({ created: false, demo: true });
      expect(vi.mocked(hashPassword).mock.calls.length).toBe(hashed);
      const orgs = await db.kysely.selectFrom('orgs').select('id').execute();
      const users = await db.kysely.selectFrom('users').select('id').execute();
      expect(orgs).toHaveLength(18);
      expect(users).toHaveLength(9);
    } finally {
      await close();
    }
  });

  it('INVESTTRACK_DEMO=off gives one city and the admin, and no demo banner', async () => {
    const { db, close } = await freshDb(dialect);
    try {
      await initializeDatabase(db.kysely, new Date(), {
        demo: false,
        adminPassword: 'Admin#Test2024',
        cityName: '佛山市',
        cityRegionCode: '440600',
      });
      const orgs = await db.kysely.selectFrom('orgs').selectAll().execute();
      expect(orgs.map((o) => [o.name, o.region_code])).toEqual([['佛山市', '440600']]);
      const app = await buildApp({ db });
      expect((await app.inject({ method: 'GET', url: '/api/health' })).json().demo).toBe(false);
      await app.close();
    } finally {
      await close();
    }
  });

  it('several processes starting at once migrate and initialise exactly once', async () => {
    const { db, close } = await freshDb(dialect);
    try {
      // freshDb already migrated; run migrations and set-up again from concurrent callers.
      await Promise.all([migrateToLatest(db.kysely), migrateToLatest(db.kysely)]);
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          initializeDatabase(db.kysely, new Date(), { demo: true, adminPassword: 'Admin#Test2024' }),
        ),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(await db.kysely.selectFrom('users').select('id').execute()).toHaveLength(9);
    } finally {
      await close();
    }
  });
});

describe('configuration', () => {
  it('defaults to SQLite in ./data, port 3000, demo on', () => {
    expect(readConfig({})).toMatchObject({
      port: 3000,
      databaseUrl: 'sqlite:./data/investtrack.db',
      demo: true,
    });
  });
  it('fails loudly on bad values', () => {
    expect(() => readConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => readConfig({ INVESTTRACK_DEMO: 'maybe' })).toThrow(/INVESTTRACK_DEMO/);
    expect(() => readConfig({ INVESTTRACK_SESSION_IDLE_MINUTES: '1' })).toThrow(/3 to 480/);
    expect(readConfig({ INVESTTRACK_SESSION_IDLE_MINUTES: '15' }).sessionIdleMinutes).toBe(15);
    expect(() => createDb('mysql://x')).toThrow(/DATABASE_URL/);
  });
});
