import { z } from 'zod';
import { noContent } from '../../../core/api/common.js';
import { me, sessionList } from '../../../core/api/platform.js';
import { changePasswordBody, loginBody, totpDisableBody, totpEnableBody } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { abilities } from '../../auth/policies.js';
import { ABSOLUTE_TIMEOUT_MS, lookupSession, SESSION_COOKIE } from '../../auth/sessions.js';
import { clearSessionCookie } from '../../http/authHook.js';
import { actorOf, currentUser } from '../../http/context.js';
import { isDemo } from '../system/settings.js';
import {
  changePassword,
  disableTotp,
  enableTotp,
  endOtherSessions,
  listSessions,
  login,
  logout,
  startTotpEnrolment,
} from './service.js';

export async function authRoutes(app: App, options: { loginRateLimit: number }) {
  const { db, clock, sessionIdleMs, maxSessions } = app.services;

  async function meOf(rawId: string) {
    const found = await lookupSession(db.kysely, rawId, clock.now(), sessionIdleMs);
    if (found.state !== 'valid') throw new Error('session vanished right after it was created');
    // How far the user reads is in the abilities (project.readAll), not a field of its own.
    const { cityWide: _cityWide, totpEnabled, totpRequired: required, mustEnrolTotp, ...user } = found.user;
    return {
      user,
      totp: { enabled: totpEnabled, required, mustEnrol: mustEnrolTotp },
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
      compress: false,
      config: { public: true, rateLimit: { max: options.loginRateLimit, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Sign in', body: loginBody, response: { 200: me } },
    },
    async (request, reply) => {
      const result = await login(db.kysely, clock.now(), {
        username: request.body.username,
        password: request.body.password,
        otp: request.body.otp,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        maxSessions,
      });
      reply.setCookie(SESSION_COOKIE, result.rawId, {
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        path: '/',
      });
      return meOf(result.rawId);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { ability: 'session.own', duringPasswordChange: true },
      schema: { tags: ['auth'], summary: 'Sign out', response: { 204: noContent } },
    },
    async (request, reply) => {
      currentUser(request);
      await logout(db.kysely, actorOf(request), clock.now(), request.auth!.session.idHash);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      compress: false,
      config: { ability: 'session.own', duringPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, CSRF token and abilities',
        response: { 200: me },
      },
    },
    async (request) => meOf(request.cookies[SESSION_COOKIE]!),
  );

  app.post(
    '/api/auth/totp/setup',
    {
      compress: false,
      config: { ability: 'session.own', duringTotpEnrolment: true },
      schema: {
        tags: ['auth'],
        summary: 'Start enrolling an authenticator: a new secret, its otpauth URI and QR code (PNG data URL)',
        response: { 200: z.object({ secret: z.string(), otpauthUri: z.string(), qrCode: z.string() }) },
      },
    },
    async (request) =>
      startTotpEnrolment(db.kysely, { ...actorOf(request), userId: currentUser(request).id }, clock.now()),
  );

  app.post(
    '/api/auth/totp/enable',
    {
      config: { ability: 'session.own', duringTotpEnrolment: true },
      schema: {
        tags: ['auth'],
        summary:
          'Confirm the authenticator with its current code; answers ten one-time recovery codes, shown once',
        body: totpEnableBody,
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const recoveryCodes = await enableTotp(
        db.kysely,
        { ...actorOf(request), userId: user.id },
        clock.now(),
        request.body.code,
      );
      return { recoveryCodes };
    },
  );

  app.post(
    '/api/auth/totp/disable',
    {
      config: { ability: 'session.own' },
      schema: {
        tags: ['auth'],
        summary:
          'Turn the second factor off (with the password), where the account is not required to have one',
        body: totpDisableBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      await disableTotp(
        db.kysely,
        { ...actorOf(request), userId: user.id },
        clock.now(),
        request.body.password,
        user.totpRequired,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/sessions',
    {
      config: { ability: 'session.own' },
      schema: {
        tags: ['auth'],
        summary: 'My sessions (signed-in browsers), newest first',
        response: { 200: sessionList },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return {
        items: await listSessions(db.kysely, user.id, request.auth!.session.idHash),
        limit: maxSessions,
      };
    },
  );

  app.post(
    '/api/auth/sessions/end-others',
    {
      config: { ability: 'session.own' },
      schema: {
        tags: ['auth'],
        summary: 'Sign out everywhere else: every other session of mine ends',
        response: { 200: z.object({ ended: z.number().int() }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const ended = await endOtherSessions(
        db.kysely,
        { ...actorOf(request), userId: user.id },
        clock.now(),
        request.auth!.session.idHash,
      );
      return { ended };
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { ability: 'account.changePassword', duringPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: 'Change my password',
        body: changePasswordBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      await changePassword(db.kysely, { ...actorOf(request), userId: user.id }, clock.now(), {
        ...request.body,
        keepSession: request.auth!.session.idHash,
      });
      return reply.status(204).send(null);
    },
  );
}
