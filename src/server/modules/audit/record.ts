import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../auth/context.js';
import { type Principal, readsAudited } from '../../auth/policies.js';
import { isPostgres } from '../../db/dialect.js';
import type { AuditRow, Database } from '../../db/tables.js';
import { appendOnlyTriggersInPlace } from './triggers.js';

export interface AuditEvent {
  action: string;
  entityType?: string;
  entityId?: string | number;
  before?: unknown;
  after?: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);
const SECRET_KEYS =
  /^(password|passwordHash|password_hash|newPassword|currentPassword|csrfToken|csrf_token|idHash|id_hash|token|secret)$/;

/** Any secret-looking field is dropped before it reaches the log. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!SECRET_KEYS.test(k)) out[k] = redact(v);
    return out;
  }
  return value;
}

/** JSON with keys sorted, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

type HashedFields = Omit<AuditRow, 'id' | 'hash'>;

function hashedBody(entry: HashedFields): string {
  return canonicalJson({
    at: entry.at,
    userId: entry.user_id,
    username: entry.username,
    ip: entry.ip,
    action: entry.action,
    entityType: entry.entity_type,
    entityId: entry.entity_id,
    before: entry.before_json,
    after: entry.after_json,
  });
}

let auditKey: Buffer | undefined;

/** The key of the chain's HMAC; set once at start (integrity.ts loadAuditKey), never stored in the database. */
export function setAuditKey(key: Buffer): void {
  auditKey = key;
}

/** A key for another purpose (TOTP secrets' encryption), derived from the audit key: never in the database. */
export function derivedKey(purpose: string): Buffer {
  if (!auditKey) throw new Error('the audit key is not loaded (integrity.ts loadAuditKey)');
  return Buffer.from(hkdfSync('sha256', auditKey, Buffer.alloc(0), purpose, 32));
}

/** HMAC-SHA256 under the audit key of the previous hash and the entry: nobody without the key can forge it. */
export function entryHash(entry: HashedFields): string {
  if (!auditKey) throw new Error('the audit key is not loaded (integrity.ts loadAuditKey)');
  return createHmac('sha256', auditKey)
    .update(entry.prev_hash)
    .update('\n')
    .update(hashedBody(entry))
    .digest('hex');
}

/** The chain as it was written before it was keyed (plain SHA-256); read once, to re-chain it. */
export function legacyEntryHash(entry: HashedFields): string {
  return createHash('sha256').update(entry.prev_hash).update('\n').update(hashedBody(entry)).digest('hex');
}

/**
 * Appends one entry, chained to the previous one. Call it inside the use case's transaction, so the
 * entry exists exactly when the change does. On PostgreSQL an advisory lock serialises writers across
 * processes; SQLite has one writer at a time anyway.
 */
export async function recordAudit(
  trx: Kysely<Database>,
  actor: Actor,
  now: Date,
  event: AuditEvent,
): Promise<void> {
  if (isPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(734201)`.execute(trx);
  const last = await trx
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const entry: HashedFields = {
    at: now.toISOString(),
    user_id: actor.userId,
    username: actor.username,
    ip: actor.ip,
    action: event.action,
    entity_type: event.entityType ?? null,
    entity_id: event.entityId === undefined ? null : String(event.entityId),
    before_json: event.before === undefined ? null : canonicalJson(redact(event.before)),
    after_json: event.after === undefined ? null : canonicalJson(redact(event.after)),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  await trx
    .insertInto('audit_log')
    .values({ ...entry, hash: entryHash(entry) })
    .execute();
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** The first entry whose hash or link does not match, if any. */
  brokenAt: { id: number; reason: 'hash' | 'link' } | null;
  /**
   * The newest checkpoint kept outside the database, against the log: `ok`, `missing` (the log ends
   * before it: entries were deleted) or `mismatch` (its entry was rewritten). Null without one.
   */
  checkpoint: { id: number; at: string; status: 'ok' | 'missing' | 'mismatch' } | null;
  /** The database still refuses updates and deletes of the log. */
  triggersInPlace: boolean;
}

/**
 * Walks the whole log in id order, recomputing each keyed hash, then holds the newest checkpoint
 * against it (the chain alone cannot tell that its newest entries were cut off).
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  checkpoint: { id: number; at: string; hash: string } | null = null,
): Promise<ChainReport> {
  const chain = await walkChain(db);
  let found: ChainReport['checkpoint'] = null;
  if (checkpoint) {
    const row = await db
      .selectFrom('audit_log')
      .select('hash')
      .where('id', '=', checkpoint.id)
      .executeTakeFirst();
    found = {
      id: checkpoint.id,
      at: checkpoint.at,
      status: !row ? 'missing' : row.hash === checkpoint.hash ? 'ok' : 'mismatch',
    };
  }
  const triggersInPlace = await appendOnlyTriggersInPlace(db);
  return {
    ...chain,
    ok: chain.ok && (found === null || found.status === 'ok') && triggersInPlace,
    checkpoint: found,
    triggersInPlace,
  };
}

async function walkChain(db: Kysely<Database>): Promise<Pick<ChainReport, 'ok' | 'checked' | 'brokenAt'>> {
  let prev = GENESIS_HASH;
  let checked = 0;
  let afterId = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(5000)
      .execute();
    if (rows.length === 0) return { ok: true, checked, brokenAt: null };
    for (const row of rows) {
      if (row.prev_hash !== prev) return { ok: false, checked, brokenAt: { id: row.id, reason: 'link' } };
      if (entryHash(row) !== row.hash)
        return { ok: false, checked, brokenAt: { id: row.id, reason: 'hash' } };
      prev = row.hash;
      checked++;
      afterId = row.id;
    }
  }
}

/** Records that someone read a record's page, when their reading is audited (policies.readsAudited). */
export async function auditRead(
  db: Kysely<Database>,
  ctx: { user: Principal; actor: Actor; now: Date },
  entityType: 'lead' | 'project',
  entityId: number,
): Promise<void> {
  if (!readsAudited(ctx.user)) return;
  await db
    .transaction()
    .execute((trx) =>
      recordAudit(trx, ctx.actor, ctx.now, { action: `${entityType}.viewed`, entityType, entityId }),
    );
}

/** What an edit replaced: the row's values of the columns it changed (an audit entry's `before`). */
export function replacedBy<R extends object>(row: R, changes: Partial<R>): Partial<R> {
  return Object.fromEntries(Object.keys(changes).map((k) => [k, row[k as keyof R]])) as Partial<R>;
}
