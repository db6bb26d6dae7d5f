/** SQLite statements compiled once and run again (db/index.ts withStatementCache). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { sqliteDb, withStatementCache } from './index.js';

describe('the SQLite statement cache', () => {
  it('hands out the compiled statement again for the same SQL, and a new one for other SQL', () => {
    const database = new SqliteDatabase(':memory:');
    const cache = withStatementCache(database);
    const a = cache.prepare('SELECT 1 AS n');
    expect(cache.prepare('SELECT 1 AS n')).toBe(a);
    expect(cache.prepare('SELECT 2 AS n')).not.toBe(a);
    database.close();
  });

  it('never hands out a statement a stream is still reading: that query gets its own', () => {
    const database = new SqliteDatabase(':memory:');
    database.exec('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3)');
    const cache = withStatementCache(database);
    const text = 'SELECT n FROM t ORDER BY n';
    const reading = cache.prepare(text);
    const rows = reading.iterate();
    expect((rows.next().value as { n: number }).n).toBe(1);
    const other = cache.prepare(text);
    expect(other).not.toBe(reading);
    expect(other.all()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...rows].map((r) => (r as { n: number }).n)).toEqual([2, 3]);
    // Once the stream is done, the kept statement serves again.
    expect(cache.prepare(text)).toBe(reading);
    database.close();
  });

  it('answers through Kysely as before: reads, writes with their changes, a stream and the same query after it', async () => {
    const db = sqliteDb(new SqliteDatabase(':memory:'));
    await sql`CREATE TABLE t (n INTEGER)`.execute(db.kysely);
    for (const n of [1, 2, 3]) await sql`INSERT INTO t VALUES (${n})`.execute(db.kysely);
    const update = await sql`UPDATE t SET n = n * 10 WHERE n >= ${2}`.execute(db.kysely);
    expect(Number(update.numAffectedRows)).toBe(2);
    const query = () => db.kysely.selectFrom('t' as never).select('n' as never);
    const seen: number[] = [];
    for await (const row of query().stream()) seen.push((row as { n: number }).n);
    expect(seen).toEqual([1, 20, 30]);
    await expect(query().execute()).resolves.toEqual([{ n: 1 }, { n: 20 }, { n: 30 }]);
    await sql`INSERT INTO t VALUES (${4})`.execute(db.kysely);
    await expect(query().execute()).resolves.toHaveLength(4);
    await db.destroy();
  });

  it('a transaction takes the write lock when it begins: another process cannot commit between its read and its write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'it-begin-'));
    try {
      const file = join(dir, 'db.sqlite');
      const db = sqliteDb(new SqliteDatabase(file));
      await sql`CREATE TABLE t (n INTEGER)`.execute(db.kysely);
      // Another process's connection, which does not wait for the lock.
      const other = new SqliteDatabase(file);
      other.pragma('busy_timeout = 0');
      await db.kysely.transaction().execute(async (trx) => {
        await sql`SELECT count(*) FROM t`.execute(trx);
        // With a deferred BEGIN this write would commit, and ours below would fail (SQLITE_BUSY).
        expect(() => other.prepare('INSERT INTO t VALUES (99)').run()).toThrow(/locked|busy/i);
        await sql`INSERT INTO t VALUES (1)`.execute(trx);
      });
      other.prepare('INSERT INTO t VALUES (2)').run();
      expect(other.prepare('SELECT n FROM t ORDER BY n').all()).toEqual([{ n: 1 }, { n: 2 }]);
      other.close();
      await db.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
