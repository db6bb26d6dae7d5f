import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { registerSqlite } from './bulk.js';
import type { Database } from './tables.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  destroy(): Promise<void>;
}

// int8 (count(*), sums) would otherwise arrive as strings; yuan amounts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface DbOptions {
  /** PostgreSQL only: use this schema (created if missing) as the search path. Tests use a fresh one per file. */
  schema?: string;
}

/** `sqlite:<path>` (`sqlite::memory:` for tests) or `postgres://…`. */
export function createDb(url: string, options: DbOptions = {}): Db {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: 'postgres', destroy: () => kysely.destroy() };
  }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (!file) throw new Error('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/investtrack.db');
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    return sqliteDb(new SqliteDatabase(file));
  }
  throw new Error(
    `DATABASE_URL must start with sqlite: or postgres://, got "${url.replace(/\/\/[^@]*@/, '//***@')}"`,
  );
}

/** SQLite's page cache per connection, as the pragma takes it (negative: KiB): 32 MB. */
export const SQLITE_CACHE_KIB = -32768;

/** A Db over an open SQLite database (a file, or in tests a copy of a prepared one in memory). */
export function sqliteDb(database: SqliteDatabase.Database): Db {
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  // 32 MB of page cache (the default is 2 MB): an import's inserts touch every index of leads,
  // clocks and events, and with too few pages in memory each insert reads them again.
  database.pragma(`cache_size = ${SQLITE_CACHE_KIB}`);
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
  });
  registerSqlite(kysely, database);
  return { kysely, dialect: 'sqlite', destroy: () => kysely.destroy() };
}

/** Statements kept compiled per SQLite database: the query builder's SQL repeats request after request. */
const STATEMENTS_KEPT = 500;

/**
 * The database as Kysely's SQLite driver sees it, with each statement compiled once and run again
 * (a ledger request ran about ten statements, 0.6 ms of it compiling them). A statement still
 * being read by a stream (`busy`) is not handed out twice: that query gets one of its own.
 */
export function withStatementCache(database: SqliteDatabase.Database) {
  const kept = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string): SqliteDatabase.Statement {
      // Kysely opens a transaction with a plain (deferred) BEGIN: one that reads, then writes, fails
      // at once (SQLITE_BUSY, no waiting) if another process committed in between. Transactions
      // here are for writing, so they take the write lock when they begin and wait for it
      // (busy_timeout) instead; readers are never held up (WAL).
      const sql = text === 'begin' ? 'begin immediate' : text;
      const hit = kept.get(sql);
      if (hit && !hit.busy) {
        kept.delete(sql);
        kept.set(sql, hit);
        return hit;
      }
      const statement = database.prepare(sql);
      if (!hit) {
        kept.set(sql, statement);
        if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
      }
      return statement;
    },
  };
}

export function describeDbUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * Runs `fn` in a transaction: the caller's, when `db` already is one (the demo generates every lead
 * in one), else a new one. Either way all of `fn` is written or none of it.
 */
export function inTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
