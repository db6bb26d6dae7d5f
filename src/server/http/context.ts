import type { FastifyRequest } from 'fastify';
import type { Lang } from '../../core/messages.js';
import type { Actor, Context } from '../auth/context.js';
import type { Action } from '../auth/policies.js';
import type { AuthUser, SessionInfo } from '../auth/sessions.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: { user: AuthUser; session: SessionInfo } | null;
  }
  interface FastifyContextConfig {
    /** No session needed (login, health, docs). */
    public?: boolean;
    /** Allowed while the user must change their password (me, password, logout). */
    duringPasswordChange?: boolean;
    /** Allowed while the user must still enrol a second factor (the enrolment itself). */
    duringTotpEnrolment?: boolean;
    /**
     * The ability the caller's role needs (auth/policies.ts), checked at the door for every route
     * before validation; rules about one record are the use case's, after it loads the record.
     */
    ability?: Action;
  }
}

/** The signed-in user; the auth hook has already refused anonymous calls to non-public routes. */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.auth) throw new AppError('UNAUTHENTICATED');
  return request.auth.user;
}

export function actorOf(request: FastifyRequest): Actor {
  return {
    userId: request.auth?.user.id ?? null,
    username: request.auth?.user.username ?? null,
    ip: request.ip ?? null,
  };
}

/** Chinese unless the client asks for English first. */
export function langOf(request: FastifyRequest): Lang {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string') return 'zh';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

/** The one request context a use case receives: user, actor, now and language, read once. */
export function contextOf(request: FastifyRequest): Context {
  const { db, clock } = request.server.services;
  return {
    db: db.kysely,
    user: currentUser(request),
    actor: actorOf(request),
    now: clock.now(),
    lang: langOf(request),
  };
}
