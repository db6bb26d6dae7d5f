/**
 * Backup and restore of a SQLite install (`investtrack backup` / `investtrack restore`). A backup is
 * SQLite's online backup: consistent while the server keeps serving and writing. A copy counts only
 * when its audit chain verifies in the copy itself; a restore refuses a copy that does not, and keeps
 * the file it replaces beside it. PostgreSQL installs use pg_dump / pg_restore (README).
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { writeCheckpoint } from '../modules/audit/integrity.js';
import { type ChainReport, recordAudit, verifyAuditChain } from '../modules/audit/record.js';
import { sqliteDb } from './index.js';

export function sqliteFileOf(databaseUrl: string): string {
  if (!databaseUrl.startsWith('sqlite:') || databaseUrl === 'sqlite::memory:')
    throw new Error(
      'backup and restore work on a SQLite file (DATABASE_URL=sqlite:<file>); for PostgreSQL use pg_dump and pg_restore (see README)',
    );
  return resolve(databaseUrl.slice('sqlite:'.length));
}

const stamp = (now: Date) => now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');

/** The audit chain of a database file, checked in that file. */
export async function verifyFile(file: string): Promise<ChainReport> {
  const db = sqliteDb(new SqliteDatabase(file, { fileMustExist: true }));
  try {
    return await verifyAuditChain(db.kysely);
  } finally {
    await db.destroy();
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  entriesVerified: number;
}

/** Copies the live database to `to` (default: backups/investtrack-<stamp>.db beside it), then verifies the copy. */
export async function backupSqlite(databaseUrl: string, now: Date, to?: string): Promise<BackupResult> {
  const source = sqliteFileOf(databaseUrl);
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  const target = resolve(to ?? join(dirname(source), 'backups', `investtrack-${stamp(now)}.db`));
  if (existsSync(target)) throw new Error(`${target} exists already; choose another name`);
  mkdirSync(dirname(target), { recursive: true });
  const live = new SqliteDatabase(source, { fileMustExist: true });
  try {
    live.pragma('busy_timeout = 5000');
    await live.backup(target);
  } finally {
    live.close();
  }
  const report = await verifyFile(target);
  if (!report.ok) {
    rmSync(target, { force: true });
    throw new Error(
      `the copy's audit chain does not verify (${describe(report)}); no backup was kept — run audit:verify on the live database`,
    );
  }
  return { file: target, bytes: statSync(target).size, entriesVerified: report.checked };
}

export interface RestoreResult {
  restored: string;
  previous: string | null;
  entriesVerified: number;
}

/**
 * Puts a backup in place of the database (the server must be stopped). Refuses a copy whose audit
 * chain does not verify; the database it replaces is kept beside it as <name>.before-restore-<stamp>.
 */
export async function restoreSqlite(
  databaseUrl: string,
  from: string,
  now: Date,
  checkpointFile?: string,
): Promise<RestoreResult> {
  const target = sqliteFileOf(databaseUrl);
  const copy = resolve(from);
  if (!existsSync(copy)) throw new Error(`no backup at ${copy}`);
  const report = await verifyFile(copy);
  if (!report.ok)
    throw new Error(
      `refused: the backup's audit chain does not verify (${describe(report)}); nothing was changed`,
    );
  let previous: string | null = null;
  if (existsSync(target)) {
    previous = join(dirname(target), `${basename(target)}.before-restore-${stamp(now)}`);
    renameSync(target, previous);
    // The write-ahead log belongs to the file it was written for.
    for (const suffix of ['-wal', '-shm'])
      if (existsSync(target + suffix)) renameSync(target + suffix, previous + suffix);
  }
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(copy, target);
  // The restored log says it was restored, and the checkpoints start again from it.
  const db = sqliteDb(new SqliteDatabase(target, { fileMustExist: true }));
  try {
    await db.kysely.transaction().execute((trx) =>
      recordAudit(trx, { userId: null, username: 'cli', ip: null }, now, {
        action: 'system.restored',
        entityType: 'database',
        after: { from: copy, previous, entries: report.checked },
      }),
    );
    if (checkpointFile) await writeCheckpoint(db.kysely, checkpointFile, now);
  } finally {
    await db.destroy();
  }
  return { restored: target, previous, entriesVerified: report.checked };
}

function describe(report: ChainReport): string {
  if (report.brokenAt) return `broken at entry ${report.brokenAt.id}, ${report.brokenAt.reason}`;
  if (!report.triggersInPlace) return 'the append-only triggers are missing';
  return 'not intact';
}
