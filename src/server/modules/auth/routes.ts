import { z } from 'zod';
import { changePasswordBody, loginBody } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { abilities } from '../../auth/policies.js';
import { ABSOLUTE_TIMEOUT_MS, lookupSession, SESSION_COOKIE } from '../../auth/sessions.js';
import { clearSessionCookie } from '../../http/authHook.js';
import { actorOf, currentUser } from '../../http/context.js';
import { isDemo } from '../system/settings.js';
import { changePassword, login, logout } from './service.js';

const sessionUser = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.number(),
  roles: z.array(z.string()),
  mustChangePassword: z.boolean(),
});

const meResponse = z.object({
  user: sessionUser,
  csrfToken: z.string(),
  abilities: z.record(z.string(), z.boolean()),
  session: z.object({
    idleExpiresAt: z.string(),
    absoluteExpiresAt: z.string(),
    idleTimeoutMinutes: z.number(),
    absoluteTimeoutHours: z.number(),
  }),
  demo: z.boolean(),
});

export async function authRoutes(app: App, options: { loginRateLimit: number }) {
  const { db, clock, sessionIdleMs } = app.services;

  async function me(rawId: string) {
    const found = await lookupSession(db.kysely, rawId, clock.now(), sessionIdleMs);
    if (found.state !== 'valid') throw new Error('session vanished right after it was created');
    return {
      user: found.user,
      csrfToken: found.session.csrfToken,
      abilities: abilities(found.user),
      session: {
        idleExpiresAt: found.session.idleExpiresAt,
        absoluteExpiresAt: found.session.absoluteExpiresAt,
        idleTimeoutMinutes: sessionIdleMs / 60000,
        absoluteTimeoutHours: ABSOLUTE_TIMEOUT_MS / 3600000,
      },
      demo: await isDemo(db.kysely),
    };
  }

  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: { max: options.loginRateLimit, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Sign in', body: loginBody, response: { 200: meResponse } },
    },
    async (request, reply) => {
      const result = await login(db.kysely, clock.now(), {
        username: request.body.username,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, result.rawId, {
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        path: '/',
      });
      return me(result.rawId);
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { duringPasswordChange: true }, schema: { tags: ['auth'], summary: 'Sign out' } },
    async (request, reply) => {
      currentUser(request);
      await logout(db.kysely, actorOf(request), clock.now(), request.auth!.session.idHash);
      clearSessionCookie(reply);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { duringPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, CSRF token and abilities',
        response: { 200: meResponse },
      },
    },
    async (request) => me(request.cookies[SESSION_COOKIE]!),
  );

  app.post(
    '/api/auth/password',
    {
      config: { duringPasswordChange: true },
      schema: { tags: ['auth'], summary: 'Change my password', body: changePasswordBody },
    },
    async (request, reply) => {
      const user = currentUser(request);
      await changePassword(db.kysely, { ...actorOf(request), userId: user.id }, clock.now(), {
        ...request.body,
        keepSession: request.auth!.session.idHash,
      });
      return reply.status(204).send();
    },
  );
}
