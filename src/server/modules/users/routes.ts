import { noContent } from '../../../core/api/common.js';
import { userAnswer, userPage } from '../../../core/api/platform.js';
import {
  createUserBody,
  idParam,
  listUsersQuery,
  resetPasswordBody,
  updateUserBody,
} from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { contextOf } from '../../http/context.js';
import { presentUser } from './presenter.js';
import { findUsers, rolesByUser } from './queries.js';
import { createUser, lockedUntil, resetPassword, unlockUser, updateUser } from './service.js';

export async function userRoutes(app: App) {
  app.get(
    '/api/users',
    {
      config: { ability: 'user.read' },
      schema: {
        tags: ['users'],
        summary: 'List accounts (admin)',
        querystring: listUsersQuery,
        response: {
          200: userPage,
        },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const { rows, total } = await findUsers(ctx.db, request.query);
      const roles = await rolesByUser(
        ctx.db,
        rows.map((r) => r.id),
      );
      const locks = await lockedUntil(
        ctx.db,
        rows.map((r) => r.username),
        ctx.now,
      );
      return {
        items: rows.map((r) => ({
          ...presentUser(r, roles.get(r.id) ?? []),
          lockedUntil: locks.get(r.username.toLowerCase()) ?? null,
        })),
        total,
        page: request.query.page,
        pageSize: request.query.pageSize,
      };
    },
  );

  app.post(
    '/api/users',
    {
      config: { ability: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: 'Create an account (admin); the user must change the password at first sign-in',
        body: createUserBody,
        response: { 201: userAnswer },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const user = await createUser(ctx.db, ctx.actor, ctx.now, request.body);
      return reply.status(201).send({ user });
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { ability: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: 'Change name, organisation, roles or active state (admin)',
        params: idParam,
        body: updateUserBody,
        response: { 200: userAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const me = ctx.user;
      const user = await updateUser(
        ctx.db,
        { ...ctx.actor, userId: me.id },
        ctx.now,
        request.params.id,
        request.body,
      );
      return { user };
    },
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      config: { ability: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: 'Set a new password (admin); forces a change at next sign-in',
        params: idParam,
        body: resetPasswordBody,
        response: { 200: userAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const user = await resetPassword(ctx.db, ctx.actor, ctx.now, request.params.id, request.body.password);
      return { user };
    },
  );

  app.post(
    '/api/users/:id/unlock',
    {
      config: { ability: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: 'Lift a sign-in lockout (admin)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await unlockUser(ctx.db, ctx.actor, ctx.now, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
