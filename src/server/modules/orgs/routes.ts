import { orgAnswer, orgList } from '../../../core/api/platform.js';
import { createOrgBody, idParam, updateOrgBody } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { actorOf } from '../../http/context.js';
import { createOrg, listOrgs, updateOrg } from './service.js';

export async function orgRoutes(app: App) {
  const { db, clock } = app.services;

  app.get(
    '/api/orgs',
    {
      config: { ability: 'org.read' },
      schema: {
        tags: ['orgs'],
        summary: 'All organisations (a tree through parentId)',
        response: { 200: orgList },
      },
    },
    async (_request) => {
      const items = await listOrgs(db.kysely);
      return { items, total: items.length };
    },
  );

  app.post(
    '/api/orgs',
    {
      config: { ability: 'org.manage' },
      schema: {
        tags: ['orgs'],
        summary: 'Add an organisation (admin)',
        body: createOrgBody,
        response: { 201: orgAnswer },
      },
    },
    async (request, reply) => {
      const org = await createOrg(db.kysely, actorOf(request), clock.now(), request.body);
      return reply.status(201).send({ org });
    },
  );

  app.patch(
    '/api/orgs/:id',
    {
      config: { ability: 'org.manage' },
      schema: {
        tags: ['orgs'],
        summary: 'Rename, move or deactivate an organisation (admin)',
        params: idParam,
        body: updateOrgBody,
        response: { 200: orgAnswer },
      },
    },
    async (request) => {
      const org = await updateOrg(db.kysely, actorOf(request), clock.now(), request.params.id, request.body);
      return { org };
    },
  );
}
