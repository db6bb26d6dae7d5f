/**
 * What keeps the audit log honest against someone with file or database access (等保 2.0 level 3):
 *
 * - **A keyed chain.** Each entry's hash is an HMAC-SHA256 under a key that is not in the database
 *   (INVESTTRACK_AUDIT_KEY, or a key file beside the data: data/audit-chain.key, created at first start).
 *   Whoever rewrites an entry cannot recompute the chain after it without that key.
 * - **Checkpoints outside the database.** The newest entry's id and hash are appended to a file (and
 *   the server log) at start, on a schedule and on demand; a log cut short or rewritten behind the
 *   newest checkpoint no longer matches it.
 * - **The append-only triggers checked at start.** Missing ones are put back and the gap audited.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../../db/dialect.js';
import type { Database } from '../../db/tables.js';
import { entryHash, GENESIS_HASH, legacyEntryHash, recordAudit, setAuditKey } from './record.js';
import { appendOnlyTriggersInPlace, createTriggers, dropTriggers } from './triggers.js';

/** Where the key and the checkpoints live: beside a SQLite file, else ./data. */
export function auditDir(databaseUrl: string): string {
  if (databaseUrl.startsWith('sqlite:') && databaseUrl !== 'sqlite::memory:')
    return dirname(resolve(databaseUrl.slice('sqlite:'.length)));
  return resolve('data');
}

export interface AuditFiles {
  keyFile: string;
  checkpointFile: string;
}

export function auditFilesOf(env: NodeJS.ProcessEnv, databaseUrl: string): AuditFiles {
  const dir = auditDir(databaseUrl);
  return {
    keyFile: env.INVESTTRACK_AUDIT_KEY_FILE || join(dir, 'audit-chain.key'),
    checkpointFile: env.INVESTTRACK_AUDIT_CHECKPOINTS || join(dir, 'audit-checkpoints.jsonl'),
  };
}

/**
 * The audit key: INVESTTRACK_AUDIT_KEY (hex or base64, at least 32 bytes) or the key file, created
 * once with a random key (mode 0600; several processes starting at once agree on one). Sets it for
 * recordAudit and returns whether the file was created now.
 */
export function loadAuditKey(env: NodeJS.ProcessEnv, files: AuditFiles): { created: boolean } {
  const given = env.INVESTTRACK_AUDIT_KEY?.trim();
  if (given) {
    const key = /^[0-9a-f]+$/i.test(given) ? Buffer.from(given, 'hex') : Buffer.from(given, 'base64');
    if (key.length < 32)
      throw new Error('INVESTTRACK_AUDIT_KEY must be at least 32 bytes (64 hex characters)');
    setAuditKey(key);
    return { created: false };
  }
  let created = false;
  if (!existsSync(files.keyFile)) {
    mkdirSync(dirname(files.keyFile), { recursive: true });
    try {
      const fd = openSync(files.keyFile, 'wx', 0o600);
      writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
      closeSync(fd);
      created = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const text = readFileSync(files.keyFile, 'utf8').trim();
  const key = Buffer.from(text, 'hex');
  if (key.length < 32) throw new Error(`${files.keyFile} does not hold an audit key (64 hex characters)`);
  setAuditKey(key);
  return { created };
}

export interface Checkpoint {
  at: string;
  id: number;
  hash: string;
}

/** Appends the newest entry's id and hash to the checkpoint file; returns it (null: an empty log). */
export async function writeCheckpoint(
  db: Kysely<Database>,
  file: string,
  now: Date,
): Promise<Checkpoint | null> {
  const last = await db
    .selectFrom('audit_log')
    .select(['id', 'hash'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last) return null;
  const checkpoint = { at: now.toISOString(), id: last.id, hash: last.hash };
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
  return checkpoint;
}

/** The newest checkpoint in the file, if any. */
export function latestCheckpoint(file: string): Checkpoint | null {
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const c = JSON.parse(lines[i]!) as Checkpoint;
      if (Number.isInteger(c.id) && typeof c.hash === 'string') return c;
    } catch {
      // A torn last line (a crash mid-write) is skipped; the one before it still counts.
    }
  }
  return null;
}

/**
 * At start: the append-only triggers are put back if someone removed them (and that is audited), and
 * a log written before the chain was keyed (plain SHA-256, intact) is re-chained under the key once.
 */
export async function secureAuditLog(
  db: Kysely<Database>,
  now: Date,
): Promise<{
  triggersRestored: boolean;
  rekeyed: number;
}> {
  const missing = !(await appendOnlyTriggersInPlace(db));
  // Re-chaining first (it recreates the triggers itself), so no keyed entry precedes it.
  const rekeyed = await rekeyLegacyChain(db, now);
  if (missing) {
    await createTriggers(db);
    await db.transaction().execute((trx) =>
      recordAudit(trx, { userId: null, username: 'system', ip: null }, now, {
        action: 'audit.triggers_restored',
        entityType: 'audit_log',
      }),
    );
  }
  return { triggersRestored: missing, rekeyed };
}

async function rekeyLegacyChain(db: Kysely<Database>, now: Date): Promise<number> {
  const first = await db.selectFrom('audit_log').selectAll().orderBy('id').limit(1).executeTakeFirst();
  if (!first || first.prev_hash !== GENESIS_HASH) return 0;
  if (entryHash(first) === first.hash || legacyEntryHash(first) !== first.hash) return 0;
  return db.transaction().execute(async (trx) => {
    if (isPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(734201)`.execute(trx);
    const rows = await trx.selectFrom('audit_log').selectAll().orderBy('id').execute();
    // Only a chain that verifies as it was written is re-chained; anything else stays for the auditor.
    let prev = GENESIS_HASH;
    for (const row of rows) {
      if (row.prev_hash !== prev || legacyEntryHash(row) !== row.hash) return 0;
      prev = row.hash;
    }
    await dropTriggers(trx);
    prev = GENESIS_HASH;
    for (const row of rows) {
      const hash = entryHash({ ...row, prev_hash: prev });
      await trx.updateTable('audit_log').set({ prev_hash: prev, hash }).where('id', '=', row.id).execute();
      prev = hash;
    }
    await createTriggers(trx);
    await recordAudit(trx, { userId: null, username: 'system', ip: null }, now, {
      action: 'audit.rekeyed',
      entityType: 'audit_log',
      after: { entries: rows.length },
    });
    return rows.length;
  });
}
