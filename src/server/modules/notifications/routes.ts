import { createdId, noContent } from '../../../core/api/common.js';
import {
  channel,
  channelList,
  deliveryPage,
  jobStatus,
  notificationPage,
  preferences,
  readCount,
  testSend,
  unreadCount,
} from '../../../core/api/notifications.js';
import {
  createChannelBody,
  deliveryListQuery,
  notificationListQuery,
  putPreferencesBody,
  readAllBody,
  updateChannelBody,
} from '../../../core/notificationSchemas.js';
import { idParam } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { notFound } from '../../errors.js';
import { contextOf } from '../../http/context.js';
import { JOBS } from '../../jobs/index.js';
import {
  createChannel,
  deleteChannel,
  getChannel,
  listChannels,
  listDeliveries,
  testChannel,
  updateChannel,
} from './channels.js';
import {
  listNotifications,
  markAllRead,
  markRead,
  putPreferences,
  readPreferences,
  unreadOf,
} from './service.js';

export async function notificationRoutes(app: App) {
  const { db, publicUrl } = app.services;

  app.get(
    '/api/notifications',
    {
      config: { ability: 'notification.own' },
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first (filter by kind, read or unread)',
        querystring: notificationListQuery,
        response: { 200: notificationPage },
      },
    },
    async (request) => listNotifications(db.kysely, contextOf(request).user, request.query),
  );

  app.get(
    '/api/notifications/unread',
    {
      config: { ability: 'notification.own' },
      schema: {
        tags: ['notifications'],
        summary: 'My unread count (the bell), in all and by kind',
        response: { 200: unreadCount },
      },
    },
    async (request) => unreadOf(db.kysely, contextOf(request).user.id),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      config: { ability: 'notification.own' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of my notifications read',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      if (!(await markRead(contextOf(request), request.params.id))) throw notFound();
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/notifications/read-all',
    {
      config: { ability: 'notification.own' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark all my notifications read (of one kind, when given)',
        body: readAllBody,
        response: { 200: readCount },
      },
    },
    async (request) => ({ marked: await markAllRead(contextOf(request), request.body.kind) }),
  );

  app.get(
    '/api/notifications/preferences',
    {
      config: { ability: 'notification.own' },
      schema: {
        tags: ['notifications'],
        summary: 'Which kinds reach me in the product, and which also go to my organisation’s group',
        response: { 200: preferences },
      },
    },
    async (request) => readPreferences(db.kysely, contextOf(request).user),
  );

  app.put(
    '/api/notifications/preferences',
    {
      config: { ability: 'notification.own' },
      schema: {
        tags: ['notifications'],
        summary: 'Change my choices per kind',
        body: putPreferencesBody,
        response: { 200: preferences },
      },
    },
    async (request) => putPreferences(contextOf(request), request.body),
  );

  app.get(
    '/api/channels',
    {
      config: { ability: 'channel.manage' },
      schema: {
        tags: ['channels'],
        summary: 'Work-group chat channels (admin); keys and secrets are never answered',
        response: { 200: channelList },
      },
    },
    async () => listChannels(db.kysely),
  );

  app.post(
    '/api/channels',
    {
      config: { ability: 'channel.manage' },
      schema: {
        tags: ['channels'],
        summary: 'Add a chat channel for an organisation (admin)',
        body: createChannelBody,
        response: { 201: createdId },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ id: await createChannel(contextOf(request), request.body) }),
  );

  app.get(
    '/api/channels/:id',
    {
      config: { ability: 'channel.manage' },
      schema: {
        tags: ['channels'],
        summary: 'One chat channel (admin)',
        params: idParam,
        response: { 200: channel },
      },
    },
    async (request) => getChannel(db.kysely, request.params.id),
  );

  app.put(
    '/api/channels/:id',
    {
      config: { ability: 'channel.manage' },
      schema: {
        tags: ['channels'],
        summary: 'Change a chat channel (admin); a blank address or secret keeps the stored one',
        params: idParam,
        body: updateChannelBody,
        response: { 200: channel },
      },
    },
    async (request) => {
      await updateChannel(contextOf(request), request.params.id, request.body);
      return getChannel(db.kysely, request.params.id);
    },
  );

  app.delete(
    '/api/channels/:id',
    {
      config: { ability: 'channel.manage' },
      schema: {
        tags: ['channels'],
        summary: 'Remove a chat channel and its delivery log (admin)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await deleteChannel(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/channels/:id/test',
    {
      config: { ability: 'channel.manage' },
      schema: {
        tags: ['channels'],
        summary: 'Send a test message now and answer what the chat service said (admin)',
        params: idParam,
        response: { 200: testSend },
      },
    },
    async (request) => testChannel(contextOf(request), request.params.id, publicUrl),
  );

  app.get(
    '/api/deliveries',
    {
      config: { ability: 'channel.manage' },
      schema: {
        tags: ['channels'],
        summary: 'The delivery log: every message, queued, sent or failed with the reason (admin)',
        querystring: deliveryListQuery,
        response: { 200: deliveryPage },
      },
    },
    async (request) => listDeliveries(db.kysely, request.query),
  );

  app.get(
    '/api/jobs',
    {
      config: { ability: 'channel.manage' },
      schema: {
        tags: ['channels'],
        summary: 'The scheduled jobs and their last runs (admin)',
        response: { 200: jobStatus },
      },
    },
    async () => {
      const runs = await db.kysely.selectFrom('job_runs').selectAll().orderBy('slot', 'desc').execute();
      return {
        items: JOBS.map((j) => {
          const last = runs.find((r) => r.job === j.name);
          return {
            job: j.name,
            cron: j.cron,
            days: j.days,
            lastSlot: last?.slot ?? null,
            lastFinishedAt: last?.finished_at ?? null,
            lastError: last?.error ?? null,
            summary: last?.summary ? (JSON.parse(last.summary) as Record<string, number>) : null,
          };
        }),
      };
    },
  );
}
