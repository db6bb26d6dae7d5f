import { createdId, noContent } from '../../../core/api/common.js';
import {
  chainList,
  chainMap as chainMapAnswer,
  linkRecords as linkRecordsAnswer,
} from '../../../core/api/industries.js';
import {
  chainFirmBody,
  chainLinkBody,
  createChainBody,
  updateChainBody,
} from '../../../core/leads/schemas.js';
import { idParam } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { contextOf } from '../../http/context.js';
import {
  addFirm,
  addLink,
  chainMap,
  createChain,
  linkRecords,
  listChains,
  removeFirm,
  updateChain,
  updateLink,
} from './service.js';

export async function chainRoutes(app: App) {
  const { db } = app.services;

  app.get(
    '/api/chains',
    {
      config: { ability: 'industry.read' },
      schema: { tags: ['industries'], summary: 'Industry chains', response: { 200: chainList } },
    },
    async (_request) => {
      return { items: await listChains(db.kysely) };
    },
  );

  app.get(
    '/api/chains/:id',
    {
      config: { ability: 'lead.list' },
      schema: {
        tags: ['industries'],
        summary: 'The chain map: links, firms, and coverage from the records you may see',
        params: idParam,
        response: { 200: chainMapAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return chainMap(ctx.db, ctx.user, request.params.id);
    },
  );

  app.get(
    '/api/chain-links/:id/records',
    {
      config: { ability: 'lead.list' },
      schema: {
        tags: ['industries'],
        summary: 'Leads and projects of one link (visible to you)',
        params: idParam,
        response: { 200: linkRecordsAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return linkRecords(ctx.db, ctx.user, request.params.id);
    },
  );

  app.post(
    '/api/chains',
    {
      config: { ability: 'chain.manage' },
      schema: {
        tags: ['industries'],
        summary: 'Add a chain',
        body: createChainBody,
        response: { 201: createdId },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const id = await createChain(ctx.db, ctx.actor, ctx.now, request.body);
      return reply.status(201).send({ id });
    },
  );

  app.post(
    '/api/chains/:id/links',
    {
      config: { ability: 'chain.manage' },
      schema: {
        tags: ['industries'],
        summary: 'Add a link to a chain',
        params: idParam,
        body: chainLinkBody,
        response: { 201: createdId },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const id = await addLink(ctx.db, ctx.actor, ctx.now, request.params.id, request.body);
      return reply.status(201).send({ id });
    },
  );

  app.post(
    '/api/chain-links/:id/firms',
    {
      config: { ability: 'chain.manage' },
      schema: {
        tags: ['industries'],
        summary: 'Add a local or target firm to a link',
        params: idParam,
        body: chainFirmBody,
        response: { 201: createdId },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const id = await addFirm(ctx.db, ctx.actor, ctx.now, request.params.id, request.body);
      return reply.status(201).send({ id });
    },
  );

  app.delete(
    '/api/chain-firms/:id',
    {
      config: { ability: 'chain.manage' },
      schema: {
        tags: ['industries'],
        summary: 'Remove a firm from a link',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await removeFirm(ctx.db, ctx.actor, ctx.now, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/api/chains/:id',
    {
      config: { ability: 'chain.manage' },
      schema: {
        tags: ['industries'],
        summary: 'Rename a chain or change its description; send the version you read',
        params: idParam,
        body: updateChainBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await updateChain(ctx.db, ctx.actor, ctx.now, request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/chain-links/:id',
    {
      config: { ability: 'chain.manage' },
      schema: {
        tags: ['industries'],
        summary: 'Rename or move a link, or change its products',
        params: idParam,
        body: chainLinkBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await updateLink(ctx.db, ctx.actor, ctx.now, request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );
}
