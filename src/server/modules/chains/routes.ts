import {
  chainFirmBody,
  chainLinkBody,
  createChainBody,
  updateChainBody,
} from '../../../core/leads/schemas.js';
import { idParam } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { authorize } from '../../auth/policies.js';
import { actorOf, currentUser } from '../../http/context.js';
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
  const { db, clock } = app.services;

  app.get(
    '/api/chains',
    { schema: { tags: ['industries'], summary: 'Industry chains' } },
    async (request) => {
      authorize(currentUser(request), 'industry.read');
      return { items: await listChains(db.kysely) };
    },
  );

  app.get(
    '/api/chains/:id',
    {
      schema: {
        tags: ['industries'],
        summary: 'The chain map: links, firms, and coverage from the records you may see',
        params: idParam,
      },
    },
    async (request) => {
      authorize(currentUser(request), 'lead.list');
      return chainMap(db.kysely, currentUser(request), request.params.id);
    },
  );

  app.get(
    '/api/chain-links/:id/records',
    {
      schema: {
        tags: ['industries'],
        summary: 'Leads and projects of one link (visible to you)',
        params: idParam,
      },
    },
    async (request) => {
      authorize(currentUser(request), 'lead.list');
      return linkRecords(db.kysely, currentUser(request), request.params.id);
    },
  );

  app.post(
    '/api/chains',
    { schema: { tags: ['industries'], summary: 'Add a chain', body: createChainBody } },
    async (request, reply) => {
      authorize(currentUser(request), 'chain.manage');
      const id = await createChain(db.kysely, actorOf(request), clock.now(), request.body);
      return reply.status(201).send({ id });
    },
  );

  app.post(
    '/api/chains/:id/links',
    {
      schema: {
        tags: ['industries'],
        summary: 'Add a link to a chain',
        params: idParam,
        body: chainLinkBody,
      },
    },
    async (request, reply) => {
      authorize(currentUser(request), 'chain.manage');
      const id = await addLink(db.kysely, actorOf(request), clock.now(), request.params.id, request.body);
      return reply.status(201).send({ id });
    },
  );

  app.post(
    '/api/chain-links/:id/firms',
    {
      schema: {
        tags: ['industries'],
        summary: 'Add a local or target firm to a link',
        params: idParam,
        body: chainFirmBody,
      },
    },
    async (request, reply) => {
      authorize(currentUser(request), 'chain.manage');
      const id = await addFirm(db.kysely, actorOf(request), clock.now(), request.params.id, request.body);
      return reply.status(201).send({ id });
    },
  );

  app.delete(
    '/api/chain-firms/:id',
    {
      schema: {
        tags: ['industries'],
        summary: 'Remove a firm from a link',
        params: idParam,
      },
    },
    async (request, reply) => {
      authorize(currentUser(request), 'chain.manage');
      await removeFirm(db.kysely, actorOf(request), clock.now(), request.params.id);
      return reply.status(204).send();
    },
  );

  app.patch(
    '/api/chains/:id',
    {
      schema: {
        tags: ['industries'],
        summary: 'Rename a chain or change its description; send the version you read',
        params: idParam,
        body: updateChainBody,
      },
    },
    async (request, reply) => {
      authorize(currentUser(request), 'chain.manage');
      await updateChain(db.kysely, actorOf(request), clock.now(), request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  app.put(
    '/api/chain-links/:id',
    {
      schema: {
        tags: ['industries'],
        summary: 'Rename or move a link, or change its products',
        params: idParam,
        body: chainLinkBody,
      },
    },
    async (request, reply) => {
      authorize(currentUser(request), 'chain.manage');
      await updateLink(db.kysely, actorOf(request), clock.now(), request.params.id, request.body);
      return reply.status(204).send();
    },
  );
}
