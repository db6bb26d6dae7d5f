/**
 * Test helpers that read like the domain: build the real app on a real database (in-memory SQLite,
 * and PostgreSQL in a fresh schema when TEST_DATABASE_URL is set), sign in as a demo role, call the API.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import type { LightMyRequestResponse } from 'fastify';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll } from 'vitest';
import { type App, type AppDeps, buildApp } from '../app.js';
import { setPasswordHashCost } from '../auth/passwords.js';
import { setTotpMode } from '../auth/totp.js';
import { fixedClock } from '../clock.js';
import { createDb, type Db, type DialectName, sqliteDb } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/tables.js';
import { DEMO_PASSWORD } from '../demo/orgs.js';
import { setAuditKey } from '../modules/audit/record.js';
import { setSetting } from '../modules/system/settings.js';
import { ensureReferenceData, initializeDatabase } from '../setup.js';

/** Test databases' audit chains are keyed like a server's, with a key of the tests. */
export const TEST_AUDIT_KEY = Buffer.alloc(32, 7);
setAuditKey(TEST_AUDIT_KEY);
// Tests sign the demo's administrator and auditor in freely; totp.test.ts requires the second factor.
setTotpMode('optional');

export const ADMIN_PASSWORD = 'Admin#Test2024';
export { DEMO_PASSWORD };

/** sqlite always; postgres too when TEST_DATABASE_URL is set. */
export function dialects(): DialectName[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDb {
  db: Db;
  close(): Promise<void>;
}

/** A fresh, migrated, empty database. */
export async function freshDb(dialect: DialectName): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const db = createDb('sqlite::memory:');
    await migrateToLatest(db.kysely);
    return { db, close: () => db.destroy() };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = createDb(url, { schema });
  await migrateToLatest(db.kysely);
  return {
    db,
    async close() {
      await db.destroy();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: App;
  db: Db;
  clock: ReturnType<typeof fixedClock>;
  close(): Promise<void>;
}

export async function buildTestApp(
  dialect: DialectName,
  options: {
    demo?: boolean;
    now?: string;
    loginRateLimit?: number;
    /** More of the app's settings (proxies, docs, timeouts), as main.ts passes them. */
    app?: Partial<
      Pick<
        AppDeps,
        | 'trustProxy'
        | 'apiDocsPublic'
        | 'idleTimeoutSeconds'
        | 'approverRole'
        | 'maxSessions'
        | 'attachmentsDir'
      >
    >;
  } = {},
): Promise<TestApp> {
  setPasswordHashCost(2 ** 10);
  const clock = fixedClock(options.now ?? '2026-03-02T09:00:00+08:00');
  const { db, close } = await freshDb(dialect);
  await initializeDatabase(db.kysely, clock.now(), {
    demo: options.demo ?? true,
    adminPassword: ADMIN_PASSWORD,
  });
  await ensureReferenceData(db.kysely, clock.now());
  const app = await buildApp({
    db,
    clock,
    loginRateLimit: options.loginRateLimit ?? 10_000,
    // Tests sign the same demo user in many times; the limit itself is tested on its own.
    maxSessions: 10_000,
    strictResponses: true,
    ...options.app,
  });
  await app.ready();
  return {
    app,
    db,
    clock,
    async close() {
      await app.close();
      await close();
    },
  };
}

/** The app's database, swapped for a fresh one before each test (see appForFile). */
class SwappableDb implements Db {
  constructor(public current: Db) {}
  get kysely() {
    return this.current.kysely;
  }
  get dialect() {
    return this.current.dialect;
  }
  destroy() {
    return this.current.destroy();
  }
}

/**
 * One app for a whole test file (Fastify, plugins and routes built once); each test gets a fresh
 * database in the state buildTestApp leaves — on SQLite a copy of one prepared once, on
 * PostgreSQL a new schema — and the clock back at `now`. Call fresh() in beforeEach.
 */
export function appForFile(
  dialect: DialectName,
  options: {
    now?: string;
    loginRateLimit?: number;
    app?: Partial<
      Pick<
        AppDeps,
        | 'trustProxy'
        | 'apiDocsPublic'
        | 'idleTimeoutSeconds'
        | 'approverRole'
        | 'maxSessions'
        | 'attachmentsDir'
      >
    >;
  } = {},
): { fresh(): Promise<TestApp> } {
  const now = options.now ?? '2026-03-02T09:00:00+08:00';
  const clock = fixedClock(now);
  let app: App | undefined;
  let db: SwappableDb | undefined;
  let closeDb: (() => Promise<void>) | undefined;
  let template: Buffer | undefined;

  async function prepared(): Promise<TestDb> {
    if (dialect === 'sqlite' && template) {
      const copy = sqliteDb(new SqliteDatabase(template));
      // A calendar cached for another copy must not be taken for this one's.
      await setSetting(copy.kysely, 'instance_id', randomUUID());
      return { db: copy, close: () => copy.destroy() };
    }
    let raw: SqliteDatabase.Database | undefined;
    let testDb: TestDb;
    if (dialect === 'sqlite') {
      raw = new SqliteDatabase(':memory:');
      const made = sqliteDb(raw);
      await migrateToLatest(made.kysely);
      testDb = { db: made, close: () => made.destroy() };
    } else testDb = await freshDb(dialect);
    await initializeDatabase(testDb.db.kysely, clock.now(), { demo: true, adminPassword: ADMIN_PASSWORD });
    await ensureReferenceData(testDb.db.kysely, clock.now());
    if (raw) template = raw.serialize();
    return testDb;
  }

  afterAll(async () => {
    await app?.close();
    await closeDb?.();
  });

  return {
    async fresh() {
      setPasswordHashCost(2 ** 10);
      clock.set(now);
      await closeDb?.();
      const next = await prepared();
      closeDb = next.close;
      if (!db) db = new SwappableDb(next.db);
      else db.current = next.db;
      if (!app) {
        app = await buildApp({
          db,
          clock,
          loginRateLimit: options.loginRateLimit ?? 10_000,
          maxSessions: 10_000,
          strictResponses: true,
          ...options.app,
        });
        await app.ready();
      }
      return { app, db, clock, close: async () => {} };
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  user: { id: number; username: string; orgId: number; roles: string[]; mustChangePassword: boolean };
  call(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
}

export async function login(app: App, username: string, password?: string): Promise<Session> {
  const pw = password ?? (username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: pw },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === 'it_sid')!;
  const cookie = `it_sid=${setCookie.value}`;
  const body = res.json();
  return {
    cookie,
    csrf: body.csrfToken,
    user: body.user,
    call: (method, url, payload, headers = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
        headers: { cookie, 'x-csrf-token': body.csrfToken, ...headers },
      }),
  };
}

/** The newest audit entries, newest first, read straight from the table. */
export async function lastAudit(db: Db, count = 1) {
  return db.kysely.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(count).execute();
}

export async function orgIdByName(db: Db, name: string): Promise<number> {
  const row = await db.kysely
    .selectFrom('orgs')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * What `read` gives once `statements` (a kept table's rebuild from the records) have run: what the
 * triggers must have kept. The rebuild is committed, so a later comparison starts from the truth.
 */
export async function afterRebuild<T>(
  db: Kysely<Database>,
  statements: string[],
  read: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    for (const statement of statements) await sql.raw(statement).execute(trx);
    return read(trx);
  });
}
