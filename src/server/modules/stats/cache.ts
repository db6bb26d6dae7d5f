/**
 * Statistics answers (the dashboard, the pipeline, the period report, the targets) cached under the
 * data version that triggers bump in every transaction writing what they read (migration 0012),
 * and under the Shanghai date, since what is overdue and the share of the year gone change at
 * midnight without any write. An answer is never stale: a write moves the version, the cached
 * answer is no longer asked for. Each process keeps its own answers but reads the one version
 * from the database, so no process answers from what another has seen change.
 */
import { type Kysely, sql } from 'kysely';
import { shanghaiDate } from '../../../core/calendar/dates.js';
import { leadVisibility, type Principal, projectVisibility, targetScope } from '../../auth/policies.js';
import { isPostgres } from '../../db/dialect.js';
import { oncePerRequest } from '../../db/perRequest.js';
import type { Database } from '../../db/tables.js';

/** Answers kept per database, the most recently used last. */
const MAX_ANSWERS = 200;
const answersOf = new WeakMap<object, Map<string, unknown>>();

/** PostgreSQL: data_changes rows beyond this are folded into data_version.version. */
const FOLD_AT = 1000;

/** The data version as committed now (migration 0012), read once per reading request (db/perRequest.ts). */
export function dataVersion(db: Kysely<Database>): Promise<number> {
  return oncePerRequest(db, 'data_version', () => readDataVersion(db));
}

async function readDataVersion(db: Kysely<Database>): Promise<number> {
  if (!isPostgres(db)) {
    const row = await db
      .selectFrom('data_version')
      .select('version')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(row.version);
  }
  const { rows } = await sql<{ version: string; changes: string }>`
    SELECT version, (SELECT count(*) FROM data_changes) AS changes FROM data_version WHERE id = 1`.execute(
    db,
  );
  const { version, changes } = rows[0]!;
  if (Number(changes) <= FOLD_AT) return Number(version) + Number(changes);
  // Folded in one statement, so the sum a reader sees never moves back; rows of transactions
  // still open are not seen by the DELETE and count when they commit.
  await sql`WITH folded AS (DELETE FROM data_changes RETURNING 1)
    UPDATE data_version SET version = version + (SELECT count(*) FROM folded) WHERE id = 1`.execute(db);
  return readDataVersion(db);
}

/**
 * What a user's statistics depend on besides the request: the scopes the policies give them. Two
 * users with the same scopes read the same answers (the city's leaders share theirs).
 */
export function readerKey(user: Principal): unknown[] {
  return [projectVisibility(user), leadVisibility(user), targetScope(user)];
}

/** The answer of `compute` for `key` as the records stand now, from the cache when they have not changed. */
export async function cachedStats<T>(
  db: Kysely<Database>,
  key: unknown[],
  now: Date,
  compute: () => Promise<T>,
): Promise<T> {
  // The same cache for the database's transactions as for the database itself.
  const home = db.getExecutor().adapter;
  let answers = answersOf.get(home);
  if (!answers) {
    answers = new Map();
    answersOf.set(home, answers);
  }
  const id = JSON.stringify([...key, shanghaiDate(now), await dataVersion(db)]);
  if (answers.has(id)) {
    const hit = answers.get(id) as T;
    answers.delete(id);
    answers.set(id, hit);
    return hit;
  }
  const answer = await compute();
  answers.set(id, answer);
  if (answers.size > MAX_ANSWERS) answers.delete(answers.keys().next().value!);
  return answer;
}

/** Reference data kept per database: its name → the data version it was read under, and it. */
const referencesOf = new WeakMap<object, Map<string, { version: number; value: unknown }>>();

/**
 * Reference data (the time-limit policies, the clusters and their codes) read once per data
 * version (migrations 0012 and 0016 version every table it comes from): one version read in place
 * of the tables' own queries on every request. Inside a transaction it is read directly (a version
 * seen there may yet roll back). The value is frozen: callers share it.
 */
export async function referenceData<T>(
  db: Kysely<Database>,
  name: string,
  load: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return load(db);
  const home = db.getExecutor().adapter;
  let kept = referencesOf.get(home);
  if (!kept) {
    kept = new Map();
    referencesOf.set(home, kept);
  }
  const version = await dataVersion(db);
  const hit = kept.get(name);
  if (hit && hit.version === version) return hit.value as T;
  const value = deepFreeze(await load(db));
  kept.set(name, { version, value });
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
