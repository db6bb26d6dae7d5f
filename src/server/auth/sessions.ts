import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../core/roles.js';
import type { Database } from '../db/tables.js';
import { totpRequired } from './totp.js';

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
  /** The user's organisation is the city itself or one of its departments (see policies.ts). */
  cityWide: boolean;
  mustChangePassword: boolean;
  /** Signs in with a second factor (TOTP). */
  totpEnabled: boolean;
  /** Must use one (administrators, the auditor, an organisation that requires it). */
  totpRequired: boolean;
  /** Must, and has not enrolled yet. */
  mustEnrolTotp: boolean;
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

/**
 * An organisation at city level: the city itself, or a department directly under it (the
 * investment promotion center, a bureau). A county, a platform, a resident team or a county's own
 * department is not.
 */
export function isCityWide(kind: string, parentKind: string | null): boolean {
  return kind === 'city' || (kind === 'department' && parentKind === 'city');
}

/** The columns an AuthUser is made of: users, its organisation (org) and that one's parent. */
const USER_COLUMNS = [
  'users.id',
  'users.username',
  'users.display_name',
  'users.org_id',
  'users.must_change_password',
  'users.totp_secret',
  'user_org.require_totp as org_requires_totp',
  'user_org.kind as org_kind',
  'parent.kind as parent_kind',
] as const;

type UserColumns = {
  id: number;
  username: string;
  display_name: string;
  org_id: number;
  must_change_password: number;
  totp_secret: string | null;
  org_requires_totp: number;
  org_kind: string;
  parent_kind: string | null;
};

async function toAuthUser(db: Kysely<Database>, row: UserColumns): Promise<AuthUser> {
  const roles = await loadRoles(db, row.id);
  const totpEnabled = row.totp_secret !== null;
  const required = totpRequired(roles, row.org_requires_totp === 1);
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    orgId: row.org_id,
    roles,
    cityWide: isCityWide(row.org_kind, row.parent_kind),
    mustChangePassword: row.must_change_password === 1,
    totpEnabled,
    totpRequired: required,
    mustEnrolTotp: !totpEnabled && required,
  };
}

/** A user as a session would carry them (for work done on their behalf: the demo, the CLI). */
export async function loadAuthUser(db: Kysely<Database>, username: string): Promise<AuthUser> {
  const row = await db
    .selectFrom('users')
    .innerJoin('orgs as user_org', 'user_org.id', 'users.org_id')
    .leftJoin('orgs as parent', 'parent.id', 'user_org.parent_id')
    .select(USER_COLUMNS)
    .where('users.username', '=', username)
    .executeTakeFirstOrThrow();
  return toAuthUser(db, row);
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
  /** False for a request the client made on its own (the bell's polling): not the user's activity. */
  touch = true,
): Promise<SessionLookup> {
  const idHash = hashSessionId(rawId);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('orgs as user_org', 'user_org.id', 'users.org_id')
    .leftJoin('orgs as parent', 'parent.id', 'user_org.parent_id')
    .select(USER_COLUMNS)
    .select(['sessions.csrf_token', 'sessions.created_at', 'sessions.last_seen_at', 'users.active'])
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
  if (touch && t - lastSeen > TOUCH_EVERY_MS) {
    seen = now.toISOString();
    await db.updateTable('sessions').set({ last_seen_at: seen }).where('id_hash', '=', idHash).execute();
  }
  const absoluteEnd = created + ABSOLUTE_TIMEOUT_MS;
  return {
    state: 'valid',
    user: await toAuthUser(db, row),
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
