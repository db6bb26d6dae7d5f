import { z } from 'zod';
import { createOrgBody, idParam, updateOrgBody } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { authorize } from '../../auth/policies.js';
import { actorOf, currentUser } from '../../http/context.js';
import { orgDto } from './presenter.js';
import { createOrg, listOrgs, updateOrg } from './service.js';

export async function orgRoutes(app: App) {
  const { db, clock } = app.services;

  app.get(
    '/api/orgs',
    {
      schema: {
        tags: ['orgs'],
        summary: 'All organisations (a tree through parentId)',
        response: { 200: z.object({ items: z.array(orgDto), total: z.number() }) },
      },
    },
    async (request) => {
      authorize(currentUser(request), 'org.read');
      const items = await listOrgs(db.kysely);
      return { items, total: items.length };
    },
  );

  app.post(
    '/api/orgs',
    {
      schema: {
        tags: ['orgs'],
        summary: 'Add an organisation (admin)',
        body: createOrgBody,
        response: { 201: z.object({ org: orgDto }) },
      },
    },
    async (request, reply) => {
      authorize(currentUser(request), 'org.manage');
      const org = await createOrg(db.kysely, actorOf(request), clock.now(), request.body);
      return reply.status(201).send({ org });
    },
  );

  app.patch(
    '/api/orgs/:id',
    {
      schema: {
        tags: ['orgs'],
        summary: 'Rename, move or deactivate an organisation (admin)',
        params: idParam,
        body: updateOrgBody,
        response: { 200: z.object({ org: orgDto }) },
      },
    },
    async (request) => {
      authorize(currentUser(request), 'org.manage');
      const org = await updateOrg(db.kysely, actorOf(request), clock.now(), request.params.id, request.body);
      return { org };
    },
  );
}
