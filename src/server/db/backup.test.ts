/**
 * The backup and restore drill: SQLite through the CLI while the server keeps writing, and
 * PostgreSQL through pg_dump / pg_restore (the README's commands), each restored copy then serving a
 * sign-in and the ledger.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { fixedClock } from '../clock.js';
import { seedDemoLeads } from '../demo/leads.js';
import { verifyAuditChain } from '../modules/audit/record.js';
import { ensureReferenceData, initializeDatabase } from '../setup.js';
import { ADMIN_PASSWORD, dialects, freshDb, login, TEST_AUDIT_KEY } from '../test/helpers.js';
import { createDb, type Db } from './index.js';
import { migrateToLatest } from './migrate.js';

const exec = promisify(execFile);
const NOW = '2026-03-02T09:00:00+08:00';

async function prepare(db: Db, migrate = true) {
  if (migrate) await migrateToLatest(db.kysely);
  await initializeDatabase(db.kysely, new Date(NOW), { demo: true, adminPassword: ADMIN_PASSWORD });
  await ensureReferenceData(db.kysely, new Date(NOW));
  await seedDemoLeads(db.kysely, new Date(NOW), { count: 40 });
}

/** The restored database serves: the city officer signs in and reads the ledger. */
async function smoke(db: Db): Promise<number> {
  const app = await buildApp({ db, clock: fixedClock(NOW), loginRateLimit: 10_000 });
  try {
    const city = await login(app, 'city');
    const ledger = await city.call('GET', '/api/leads?pageSize=5');
    expect(ledger.statusCode).toBe(200);
    return ledger.json().total;
  } finally {
    await app.close();
  }
}

const leadCount = async (db: Db) =>
  Number(
    (
      await db.kysely
        .selectFrom('leads')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('investtrack backup / restore (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'it-backup-'));
  const url = `sqlite:${join(dir, 'investtrack.db')}`;
  const env = {
    ...process.env,
    DATABASE_URL: url,
    INVESTTRACK_AUDIT_KEY: TEST_AUDIT_KEY.toString('hex'),
    INVESTTRACK_AUDIT_CHECKPOINTS: join(dir, 'audit-checkpoints.jsonl'),
  };
  const cli = (...args: string[]): Promise<{ code?: number; stdout: string; stderr: string }> =>
    exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env }).catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('copies while the server writes, verifies the copy, restores it and keeps the old file beside', async () => {
    const live = createDb(url);
    await prepare(live);
    const app = await buildApp({ db: live, clock: fixedClock(NOW), loginRateLimit: 10_000 });
    // The server keeps writing (sign-ins are audited) while the backup runs.
    let writing = true;
    const writes = (async () => {
      let n = 0;
      while (writing) {
        await login(app, n % 2 ? 'city' : 'taishan');
        n++;
      }
      return n;
    })();
    const backup = await cli('backup', '--to', join(dir, 'copy.db'));
    writing = false;
    expect(await writes).toBeGreaterThan(0);
    expect(backup.stdout).toMatch(
      /backup written: .*copy\.db .*audit chain verified in the copy: \d+ entries/,
    );
    const leadsAtBackup = await leadCount(live);
    // More work after the backup, which a restore takes back.
    await login(app, 'city');
    await app.close();
    await live.destroy();

    // A copy whose chain was tampered with is refused, and nothing changes.
    const bad = join(dir, 'bad.db');
    await cli('backup', '--to', bad);
    const tamper = createDb(`sqlite:${bad}`);
    await sql`DROP TRIGGER audit_log_no_update`.execute(tamper.kysely);
    await sql`UPDATE audit_log SET username = 'nobody' WHERE id = 2`.execute(tamper.kysely);
    await tamper.destroy();
    const refused = await cli('restore', '--from', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused: the backup's audit chain does not verify .*nothing was changed/);
    expect(readdirSync(dir).some((f) => f.includes('before-restore'))).toBe(false);

    const restored = await cli('restore', '--from', join(dir, 'copy.db'));
    expect(restored.stdout).toMatch(/restored .* the previous database is kept as .*before-restore-/);
    const previous = readdirSync(dir).find((f) => f.startsWith('investtrack.db.before-restore-'));
    expect(previous && existsSync(join(dir, previous))).toBeTruthy();

    const back = createDb(url);
    try {
      expect(await leadCount(back)).toBe(leadsAtBackup);
      const report = await verifyAuditChain(back.kysely);
      expect(report).toMatchObject({ ok: true, triggersInPlace: true });
      const last = await back.kysely
        .selectFrom('audit_log')
        .select('action')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(last.action).toBe('system.restored');
      expect(await smoke(back)).toBe(leadsAtBackup);
    } finally {
      await back.destroy();
    }
    // The checkpoints start again from the restored log.
    expect((await cli('audit:verify')).stdout).toMatch(/audit chain intact: .*matches the checkpoint/);
  });

  it('backup on PostgreSQL says to use pg_dump', async () => {
    const r = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'backup'], {
      // Nothing listens there: the answer comes before any connection.
      env: { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in r && r.code).toBe(1);
    expect('stderr' in r && r.stderr).toMatch(/pg_dump/);
  });
});

// PostgreSQL only (where TEST_DATABASE_URL names one, as in CI).
describe.each(dialects().filter((d) => d === 'postgres'))('pg_dump / pg_restore drill (%s)', () => {
  it('a dump restored into a new database verifies and serves', async () => {
    const url = process.env.TEST_DATABASE_URL!;
    const { db, close } = await freshDb('postgres');
    const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db.kysely)).rows[0]!.s;
    const name = `it_restore_${randomBytes(4).toString('hex')}`;
    const dir = mkdtempSync(join(tmpdir(), 'it-pgdump-'));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await prepare(db, false); // freshDb has migrated it
      const leads = await leadCount(db);
      const dump = join(dir, 'investtrack.dump');
      // The README's commands.
      await exec('pg_dump', ['--format=custom', `--schema=${schema}`, `--file=${dump}`, url]);
      await admin.query(`CREATE DATABASE ${name}`);
      const target = url.replace(/\/[^/]*$/, `/${name}`);
      await exec('pg_restore', ['--no-owner', `--dbname=${target}`, dump]);
      const restored = createDb(target, { schema });
      try {
        expect(await verifyAuditChain(restored.kysely)).toMatchObject({ ok: true, triggersInPlace: true });
        expect(await smoke(restored)).toBe(leads);
      } finally {
        await restored.destroy();
      }
    } finally {
      await close();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
