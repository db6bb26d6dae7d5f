/**
 * Who does something, and the one context every use case receives: the database (or the open
 * transaction), the signed-in user, the actor the audit log names, the injected now, the language.
 * Routes build it once with http/context.ts contextOf(request).
 */
import type { Kysely } from 'kysely';
import type { Lang } from '../../core/messages.js';
import type { Database } from '../db/tables.js';
import { type AuthUser, loadAuthUser } from './sessions.js';

/** Whom the audit log names: a signed-in user, or the system (userId null) at start-up. */
export interface Actor {
  userId: number | null;
  username: string | null;
  ip: string | null;
}

export interface Context {
  db: Kysely<Database>;
  user: AuthUser;
  actor: Actor;
  now: Date;
  lang: Lang;
}

/**
 * The context of a named user acting outside a request (the shell's import, benchmarks): the audit
 * log names them, marked with where they acted from (`cli:city`).
 */
export async function userContext(
  db: Kysely<Database>,
  username: string,
  now: Date,
  via: string,
): Promise<Context> {
  const user = await loadAuthUser(db, username);
  return {
    db,
    user,
    actor: { userId: user.id, username: `${via}:${user.username}`, ip: null },
    now,
    lang: 'zh',
  };
}
