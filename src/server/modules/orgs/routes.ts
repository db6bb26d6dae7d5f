import { orgAnswer, orgList } from '../../../core/api/platform.js';
import { createOrgBody, idParam, updateOrgBody } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { contextOf } from '../../http/context.js';
import { createOrg, listOrgs, updateOrg } from './service.js';

export async function orgRoutes(app: App) {
  const { db } = app.services;

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
      const ctx = contextOf(request);
      const org = await createOrg(ctx.db, ctx.actor, ctx.now, request.body);
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
      const ctx = contextOf(request);
      const org = await updateOrg(ctx.db, ctx.actor, ctx.now, request.params.id, request.body);
      return { org };
    },
  );
}
