import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../core/roles.js';
import type { Database } from '../db/tables.js';

export const SESSION_COOKIE = 'it_sid';
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so reads do not each become a write. */
const TOUCH_EVERY_MS = 15 * 1000;

export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  orgId: number;
  roles: Role[];
  mustChangePassword: boolean;
}

export interface SessionInfo {
  idHash: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
}

export const hashSessionId = (raw: string) => createHash('sha256').update(raw).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

export async function loadRoles(db: Kysely<Database>, userId: number): Promise<Role[]> {
  const rows = await db
    .selectFrom('user_roles')
    .select('role')
    .where('user_id', '=', userId)
    .orderBy('role')
    .execute();
  return rows.map((r) => r.role as Role);
}

/** Creates a session (always a fresh id: login never reuses one) and returns the raw cookie value. */
export async function createSession(
  trx: Kysely<Database>,
  userId: number,
  now: Date,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ rawId: string; csrfToken: string }> {
  const rawId = randomToken();
  const csrfToken = randomToken();
  await trx
    .insertInto('sessions')
    .values({
      id_hash: hashSessionId(rawId),
      user_id: userId,
      csrf_token: csrfToken,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
    })
    .execute();
  return { rawId, csrfToken };
}

export type SessionLookup =
  | { state: 'valid'; user: AuthUser; session: SessionInfo }
  | { state: 'expired' }
  | { state: 'none' };

export async function lookupSession(
  db: Kysely<Database>,
  rawId: string,
  now: Date,
  idleMs = IDLE_TIMEOUT_MS,
): Promise<SessionLookup> {
  const idHash = hashSessionId(rawId);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.csrf_token',
      'sessions.created_at',
      'sessions.last_seen_at',
      'users.id',
      'users.username',
      'users.display_name',
      'users.org_id',
      'users.must_change_password',
      'users.active',
    ])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return { state: 'none' };
  const created = Date.parse(row.created_at);
  const lastSeen = Date.parse(row.last_seen_at);
  const t = now.getTime();
  if (!row.active || t - lastSeen >= idleMs || t - created >= ABSOLUTE_TIMEOUT_MS) {
    await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    return { state: 'expired' };
  }
  let seen = row.last_seen_at;
  if (t - lastSeen > TOUCH_EVERY_MS) {
    seen = now.toISOString();
    await db.updateTable('sessions').set({ last_seen_at: seen }).where('id_hash', '=', idHash).execute();
  }
  const absoluteEnd = created + ABSOLUTE_TIMEOUT_MS;
  return {
    state: 'valid',
    user: {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      orgId: row.org_id,
      roles: await loadRoles(db, row.id),
      mustChangePassword: row.must_change_password === 1,
    },
    session: {
      idHash,
      csrfToken: row.csrf_token,
      createdAt: row.created_at,
      lastSeenAt: seen,
      idleExpiresAt: new Date(Math.min(Date.parse(seen) + idleMs, absoluteEnd)).toISOString(),
      absoluteExpiresAt: new Date(absoluteEnd).toISOString(),
    },
  };
}

export async function destroySession(trx: Kysely<Database>, idHash: string): Promise<void> {
  await trx.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of a user (password reset, deactivation), optionally keeping one. */
export async function destroyUserSessions(
  trx: Kysely<Database>,
  userId: number,
  keepIdHash?: string,
): Promise<void> {
  let q = trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepIdHash) q = q.where('id_hash', '!=', keepIdHash);
  await q.execute();
}
