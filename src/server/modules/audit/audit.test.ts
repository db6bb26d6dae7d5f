import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from '../../../core/audit.js';
import { LEAD_ACTIONS } from '../../../core/leads/stages.js';
import { NOTIFICATION_KINDS } from '../../../core/notifications.js';
import { ACTIONS } from '../../auth/policies.js';
import { createDb } from '../../db/index.js';
import { migrateToLatest } from '../../db/migrate.js';
import { initializeDatabase } from '../../setup.js';
import {
  appForFile,
  dialects,
  lastAudit,
  login,
  type Session,
  TEST_AUDIT_KEY,
  type TestApp,
} from '../../test/helpers.js';
import { latestCheckpoint, secureAuditLog, writeCheckpoint } from './integrity.js';
import {
  canonicalJson,
  GENESIS_HASH,
  legacyEntryHash,
  recordAudit,
  redact,
  verifyAuditChain,
} from './record.js';

describe('audit entry helpers', () => {
  it('canonical JSON sorts keys, so equal entries hash equally', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: null } })).toBe('{"a":{"c":null,"d":[1,2]},"b":1}');
  });
  it('redacts secrets at any depth', () => {
    expect(redact({ username: 'u', password: 'p', nested: [{ csrfToken: 't', ok: 1 }] })).toEqual({
      username: 'u',
      nested: [{ ok: 1 }],
    });
  });
});

describe('audit actions in words', () => {
  it('every action the server records has its words, and every kind of record its name', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? files(join(dir, e.name))
          : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
            ? [join(dir, e.name)]
            : [],
      );
    const source = files('src/server')
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    // Quoted dotted names in the server code: the abilities, and the audit actions.
    const dotted = new Set([...source.matchAll(/'([a-z]+\.[a-z_]+)'/g)].map((m) => m[1]!));
    const families = new Set(Object.keys(AUDIT_ACTION_LABELS).map((a) => a.split('.')[0]));
    const actions = [...dotted].filter(
      (d) =>
        families.has(d.split('.')[0]) &&
        !(ACTIONS as readonly string[]).includes(d) &&
        // The notification centre's kinds are named like actions but are not audited.
        !(NOTIFICATION_KINDS as readonly string[]).includes(d),
    );
    expect(actions.length).toBeGreaterThan(50);
    expect(actions.filter((a) => !AUDIT_ACTION_LABELS[a])).toEqual([]);
    // A lead's steps are recorded as lead.<step> (dispatch also as dispatched / redispatched).
    expect(
      [...LEAD_ACTIONS, 'dispatched', 'redispatched'].filter((a) => !AUDIT_ACTION_LABELS[`lead.${a}`]),
    ).toEqual([]);
    const kinds = new Set([...source.matchAll(/entityType: '([a-z_]+)'/g)].map((m) => m[1]!));
    expect([...kinds].filter((k) => !AUDIT_ENTITY_LABELS[k])).toEqual([]);
  });
});

describe.each(dialects())('audit log (%s)', (dialect) => {
  let t: TestApp;
  let auditor: Session;
  const file = appForFile(dialect);
  beforeEach(async () => {
    t = await file.fresh();
    auditor = await login(t.app, 'auditor');
  });

  it('only the auditor reads it; the admin cannot read the trail of their own work', async () => {
    for (const who of ['admin', 'city', 'leader', 'taishan']) {
      const s = await login(t.app, who);
      expect((await s.call('GET', '/api/audit')).statusCode).toBe(403);
      expect((await s.call('GET', '/api/audit/verify')).statusCode).toBe(403);
    }
    expect((await auditor.call('GET', '/api/audit')).statusCode).toBe(200);
  });

  it('searches by user, action, entity and time, newest first', async () => {
    const admin = await login(t.app, 'admin');
    await admin.call('POST', '/api/orgs', { name: '测试园区', kind: 'platform' });
    t.clock.advance(2 * 86400_000); // two days later: a new day, new sessions
    await login(t.app, 'city');
    auditor = await login(t.app, 'auditor');

    const all = (await auditor.call('GET', '/api/audit?pageSize=500')).json();
    expect(all.items[0].id).toBeGreaterThan(all.items[1].id);
    expect(all.items.at(-1).action).toBe('system.initialized');

    const byUser = (await auditor.call('GET', '/api/audit?username=admin')).json();
    expect(byUser.items.map((e: { action: string }) => e.action)).toEqual(['org.created', 'auth.login']);
    const byAction = (await auditor.call('GET', '/api/audit?action=auth.')).json();
    expect(byAction.items.every((e: { action: string }) => e.action.startsWith('auth.'))).toBe(true);
    const created = byUser.items[0];
    expect(created).toMatchObject({ entityType: 'org', ip: '127.0.0.1' });
    // People and records are named in words, as the log page shows them.
    expect(created).toMatchObject({ userDisplayName: '系统管理员', entityName: '测试园区' });
    const cityLogin = all.items.find((e: { username: string }) => e.username === 'city');
    expect(cityLogin.userDisplayName).toBe('陈招商（市投促中心）');
    expect(created.after).toMatchObject({ name: '测试园区', kind: 'platform' });
    const byEntity = (
      await auditor.call('GET', `/api/audit?entityType=org&entityId=${created.entityId}`)
    ).json();
    expect(byEntity.total).toBe(1);
    // 2026-03-02 is the day of the first events (Beijing time); the city login is on 03-04.
    const day1 = (await auditor.call('GET', '/api/audit?from=2026-03-02&to=2026-03-02&pageSize=500')).json();
    expect(day1.items.some((e: { username: string }) => e.username === 'city')).toBe(false);
    const day3 = (await auditor.call('GET', '/api/audit?from=2026-03-04&to=2026-03-04')).json();
    expect(day3.items.map((e: { username: string }) => e.username)).toEqual(['auditor', 'city']);
    expect((await auditor.call('GET', '/api/audit?from=yesterday')).json().error.details[0].path).toBe(
      'from',
    );
  });

  it('chains every entry by SHA-256 and finds the first broken link', async () => {
    await login(t.app, 'city');
    await login(t.app, 'leader');
    const ok = (await auditor.call('GET', '/api/audit/verify')).json();
    expect(ok).toMatchObject({ ok: true, brokenAt: null });
    expect(ok.checked).toBeGreaterThanOrEqual(4);
    const first = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(first.prev_hash).toBe(GENESIS_HASH);

    // The database refuses edits…
    await expect(
      sql`UPDATE audit_log SET action = 'x' WHERE id = ${first.id}`.execute(t.db.kysely),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE id = ${first.id}`.execute(t.db.kysely)).rejects.toThrow(
      /append-only/,
    );

    // …and a tamperer who gets past that is caught by the chain.
    const victim = await t.db.kysely
      .selectFrom('audit_log')
      .select('id')
      .where('username', '=', 'city')
      .executeTakeFirstOrThrow();
    if (dialect === 'postgres') {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(t.db.kysely);
    } else {
      await sql`DROP TRIGGER audit_log_no_update`.execute(t.db.kysely);
    }
    await sql`UPDATE audit_log SET username = 'someone_else' WHERE id = ${victim.id}`.execute(t.db.kysely);
    const broken = (await auditor.call('GET', '/api/audit/verify')).json();
    expect(broken).toMatchObject({ ok: false, brokenAt: { id: victim.id, reason: 'hash' } });
  });

  it('serialises concurrent writers into one unbroken chain', async () => {
    const actor = { userId: null, username: 'test', ip: null };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.db.kysely
          .transaction()
          .execute((trx) => recordAudit(trx, actor, t.clock.now(), { action: `test.${i}` })),
      ),
    );
    expect(await verifyAuditChain(t.db.kysely)).toMatchObject({ ok: true, brokenAt: null });
  });
});

describe('npm run cli -- audit:verify', () => {
  const exec = promisify(execFile);
  it('reports an intact chain, then the first broken entry with exit code 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'it-audit-'));
    const url = `sqlite:${join(dir, 'db.sqlite')}`;
    try {
      const db = createDb(url);
      await migrateToLatest(db.kysely);
      await initializeDatabase(db.kysely, new Date(), { demo: false, adminPassword: 'Admin#Test2024' });
      await db.destroy();
      const cli = ['--import', 'tsx', 'src/cli/main.ts', 'audit:verify'];
      const env = {
        ...process.env,
        DATABASE_URL: url,
        INVESTTRACK_AUDIT_KEY: TEST_AUDIT_KEY.toString('hex'),
      };
      const good = await exec(process.execPath, cli, { env });
      expect(good.stdout).toMatch(/audit chain intact: 1 entries verified/);

      const raw = createDb(url);
      await sql`DROP TRIGGER audit_log_no_update`.execute(raw.kysely);
      await sql`UPDATE audit_log SET ip = '10.0.0.1' WHERE id = 1`.execute(raw.kysely);
      await raw.destroy();
      const bad = await exec(process.execPath, cli, { env }).catch((e) => e);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/BROKEN at entry id 1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(dialects())('an audit log that cannot be rewritten (%s)', (dialect) => {
  let t: TestApp;
  const file = appForFile(dialect);
  let dir: string;
  beforeEach(async () => {
    t = await file.fresh();
    dir = mkdtempSync(join(tmpdir(), 'it-checkpoint-'));
    // Some history: sign-ins, failures, a few writes.
    for (let i = 0; i < 12; i++) await login(t.app, i % 2 ? 'city' : 'auditor');
  });

  const unlock = async () => {
    if (dialect === 'postgres') await sql`DROP TRIGGER audit_log_no_change ON audit_log`.execute(t.db.kysely);
    else {
      await sql`DROP TRIGGER audit_log_no_update`.execute(t.db.kysely);
      await sql`DROP TRIGGER audit_log_no_delete`.execute(t.db.kysely);
    }
  };
  const rows = () => t.db.kysely.selectFrom('audit_log').selectAll().orderBy('id').execute();

  /** What a tamperer with database access does: edit an entry, then recompute every hash after it. */
  const rewrite = async (hash: (row: Awaited<ReturnType<typeof rows>>[number]) => string) => {
    await unlock();
    const all = await rows();
    const victim = all[3]!;
    await sql`UPDATE audit_log SET username = 'nobody' WHERE id = ${victim.id}`.execute(t.db.kysely);
    let prev = all[2]!.hash;
    for (const row of all.slice(3)) {
      const next = hash({
        ...row,
        username: row.id === victim.id ? 'nobody' : row.username,
        prev_hash: prev,
      });
      await sql`UPDATE audit_log SET prev_hash = ${prev}, hash = ${next} WHERE id = ${row.id}`.execute(
        t.db.kysely,
      );
      prev = next;
    }
    return victim.id;
  };

  it('an entry rewritten and every later hash recomputed with the old unkeyed function is caught', async () => {
    const victim = await rewrite(legacyEntryHash);
    const report = await verifyAuditChain(t.db.kysely);
    expect(report).toMatchObject({ ok: false, brokenAt: { id: victim, reason: 'hash' } });
  });

  it('…and so is one recomputed with the product’s own HMAC under any other key', async () => {
    const victim = await rewrite((row) =>
      createHmac('sha256', Buffer.alloc(32, 9))
        .update(row.prev_hash)
        .update('\n')
        .update(
          canonicalJson({
            at: row.at,
            userId: row.user_id,
            username: row.username,
            ip: row.ip,
            action: row.action,
            entityType: row.entity_type,
            entityId: row.entity_id,
            before: row.before_json,
            after: row.after_json,
          }),
        )
        .digest('hex'),
    );
    expect((await verifyAuditChain(t.db.kysely)).brokenAt).toEqual({ id: victim, reason: 'hash' });
  });

  it('deleting the newest entries keeps an intact-looking chain, which the checkpoint outside catches', async () => {
    const checkpoints = join(dir, 'audit-checkpoints.jsonl');
    const written = await writeCheckpoint(t.db.kysely, checkpoints, t.clock.now());
    expect(written).toMatchObject({ id: expect.any(Number) });
    expect((await verifyAuditChain(t.db.kysely, latestCheckpoint(checkpoints))).ok).toBe(true);
    await unlock();
    const all = await rows();
    const keep = all[all.length - 6]!.id;
    await sql`DELETE FROM audit_log WHERE id > ${keep}`.execute(t.db.kysely);
    const report = await verifyAuditChain(t.db.kysely, latestCheckpoint(checkpoints));
    expect(report.brokenAt).toBeNull(); // the chain alone cannot tell
    expect(report).toMatchObject({ ok: false, checkpoint: { id: written!.id, status: 'missing' } });
  });

  it('missing append-only triggers are reported, then put back at start and audited', async () => {
    await unlock();
    expect(await verifyAuditChain(t.db.kysely)).toMatchObject({ ok: false, triggersInPlace: false });
    expect(await secureAuditLog(t.db.kysely, t.clock.now())).toMatchObject({ triggersRestored: true });
    expect((await lastAudit(t.db))[0]!.action).toBe('audit.triggers_restored');
    expect(await verifyAuditChain(t.db.kysely)).toMatchObject({ ok: true, triggersInPlace: true });
    await expect(sql`DELETE FROM audit_log`.execute(t.db.kysely)).rejects.toThrow(/append-only/);
    expect(await secureAuditLog(t.db.kysely, t.clock.now())).toMatchObject({ triggersRestored: false });
  });

  it('a log written before the chain was keyed is re-chained once, only when it verifies as written', async () => {
    await unlock();
    const all = await rows();
    let prev = GENESIS_HASH;
    for (const row of all) {
      const hash = legacyEntryHash({ ...row, prev_hash: prev });
      await sql`UPDATE audit_log SET prev_hash = ${prev}, hash = ${hash} WHERE id = ${row.id}`.execute(
        t.db.kysely,
      );
      prev = hash;
    }
    expect((await verifyAuditChain(t.db.kysely)).ok).toBe(false);
    const secured = await secureAuditLog(t.db.kysely, t.clock.now());
    expect(secured).toMatchObject({ triggersRestored: true, rekeyed: all.length });
    expect(await verifyAuditChain(t.db.kysely)).toMatchObject({
      ok: true,
      brokenAt: null,
      triggersInPlace: true,
    });
    expect((await secureAuditLog(t.db.kysely, t.clock.now())).rekeyed).toBe(0);
  });
});
