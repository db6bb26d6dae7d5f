import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../auth/policies.js';
import { lookupSession, SESSION_COOKIE } from '../auth/sessions.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import { AppError } from '../errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/**
 * Default deny: every /api route needs a valid session unless marked public (the API docs: by setting). Then CSRF for every
 * state-changing call, then the forced password change, then the route's ability.
 */
/** Sent by the web app on requests nobody asked for (the bell's count every half minute). */
export const BACKGROUND_HEADER = 'x-investtrack-background';

export function registerAuthHook(
  app: FastifyInstance,
  db: Db,
  clock: Clock,
  idleMs: number,
  docsPublic: boolean,
) {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const config = request.routeOptions.config ?? {};
    const raw = request.cookies[SESSION_COOKIE];
    let expired = false;
    if (raw) {
      // A request the web app makes on its own (polling) leaves the idle timeout running.
      const background = request.headers[BACKGROUND_HEADER] === '1';
      const found = await lookupSession(db.kysely, raw, clock.now(), idleMs, !background);
      if (found.state === 'valid') request.auth = { user: found.user, session: found.session };
      else {
        expired = found.state === 'expired';
        clearSessionCookie(reply);
      }
    }
    // The API's description is for signed-in users unless the deployment publishes it.
    const docs = request.url.startsWith('/api/docs') || request.url.split('?')[0] === '/api/openapi.json';
    if (docs ? docsPublic : config.public) return;
    if (!request.auth) throw new AppError(expired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !sameToken(header, request.auth.session.csrfToken))
        throw new AppError('CSRF');
    }
    if (request.auth.user.mustChangePassword && !config.duringPasswordChange) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
    }
    // Administrators, the auditor and organisations that require it: a second factor first.
    if (request.auth.user.mustEnrolTotp && !config.duringPasswordChange && !config.duringTotpEnrolment)
      throw new AppError('TOTP_ENROLMENT_REQUIRED');
    // The one door: the route's ability, by the caller's role (records are the use case's to check).
    if (config.ability && !can(request.auth.user, config.ability)) throw new AppError('FORBIDDEN');
  });
}
