import type { FastifyRequest } from 'fastify';
import type { Lang } from '../../core/messages.js';
import type { AuthUser, SessionInfo } from '../auth/sessions.js';
import { AppError } from '../errors.js';
import type { Actor } from '../modules/audit/record.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: { user: AuthUser; session: SessionInfo } | null;
  }
  interface FastifyContextConfig {
    /** No session needed (login, health, docs). */
    public?: boolean;
    /** Allowed while the user must change their password (me, password, logout). */
    duringPasswordChange?: boolean;
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
