import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { noContent } from '../../../core/api/common.js';
import { approval, approvalList, userAnswer, userPage } from '../../../core/api/platform.js';
import {
  approvalDecisionBody,
  createUserBody,
  idParam,
  listUsersQuery,
  resetPasswordBody,
  updateUserBody,
} from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { contextOf } from '../../http/context.js';
import { decideApproval, findApproval, listApprovals } from './approvals.js';
import { presentUser } from './presenter.js';
import { findUsers, rolesByUser } from './queries.js';
import {
  type AccountWrite,
  createUser,
  lockedUntil,
  resetPassword,
  resetTotp,
  unlockUser,
  updateUser,
} from './service.js';

/** An account write's answer: the account, and the approval part of the change waits for. */
async function answer(request: FastifyRequest, write: AccountWrite) {
  const ctx = contextOf(request);
  const role = request.server.services.approverRole;
  return write.approvalId
    ? { user: write.user, approval: await findApproval(ctx.db, write.approvalId, ctx.user, role, ctx.now) }
    : { user: write.user };
}

export async function userRoutes(app: App) {
  app.get(
    '/api/approvals',
    {
      config: { ability: 'approval.read' },
      schema: {
        tags: ['users'],
        summary:
          'Changes to privileged accounts waiting for a second person (pending first), and the latest decided',
        response: { 200: approvalList },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return { items: await listApprovals(ctx.db, ctx.user, request.server.services.approverRole, ctx.now) };
    },
  );

  app.post(
    '/api/approvals/:id/decision',
    {
      config: { ability: 'approval.decide' },
      schema: {
        tags: ['users'],
        summary:
          'Approve (the change takes effect) or reject a pending request: a second person of the approving role, not the requester nor the account concerned',
        params: idParam,
        body: approvalDecisionBody,
        response: { 200: z.object({ approval }) },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const decided = await decideApproval(
        ctx.db,
        { user: ctx.user, actor: { ...ctx.actor, userId: ctx.user.id }, now: ctx.now },
        request.server.services.approverRole,
        request.params.id,
        request.body.decision,
        request.body.note,
      );
      return { approval: decided };
    },
  );

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
      return reply
        .status(201)
        .send(await answer(request, await createUser(ctx.db, ctx.actor, ctx.now, request.body)));
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
      return answer(
        request,
        await updateUser(ctx.db, { ...ctx.actor, userId: me.id }, ctx.now, request.params.id, request.body),
      );
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
      return answer(
        request,
        await resetPassword(ctx.db, ctx.actor, ctx.now, request.params.id, request.body.password),
      );
    },
  );

  app.post(
    '/api/users/:id/reset-totp',
    {
      config: { ability: 'user.manage' },
      schema: {
        tags: ['users'],
        summary:
          "Take away an account's authenticator (lost phone); it enrols again at next sign-in. An administrator's or the auditor's waits for a second person",
        params: idParam,
        response: { 200: userAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return answer(
        request,
        await resetTotp(ctx.db, { ...ctx.actor, userId: ctx.user.id }, ctx.now, request.params.id),
      );
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
