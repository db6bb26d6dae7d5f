import { clusterAnswer, clusterList } from '../../../core/api/industries.js';
import { createClusterBody, updateClusterBody } from '../../../core/clusterSchemas.js';
import { idParam } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { contextOf } from '../../http/context.js';
import { createCluster, listClusters, updateCluster } from './service.js';

export async function clusterRoutes(app: App) {
  const { db } = app.services;

  app.get(
    '/api/clusters',
    {
      config: { ability: 'industry.read' },
      schema: {
        tags: ['industries'],
        summary: 'Industrial clusters and emerging industries with their codes',
        response: { 200: clusterList },
      },
    },
    async (_request) => {
      return { items: await listClusters(db.kysely) };
    },
  );

  app.post(
    '/api/clusters',
    {
      config: { ability: 'cluster.manage' },
      schema: {
        tags: ['industries'],
        summary: 'Add a cluster (admin or city officer)',
        body: createClusterBody,
        response: { 201: clusterAnswer },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return reply
        .status(201)
        .send({ cluster: await createCluster(ctx.db, ctx.actor, ctx.now, request.body) });
    },
  );

  app.patch(
    '/api/clusters/:id',
    {
      config: { ability: 'cluster.manage' },
      schema: {
        tags: ['industries'],
        summary: 'Rename, remap or deactivate a cluster (admin or city officer)',
        params: idParam,
        body: updateClusterBody,
        response: { 200: clusterAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return {
        cluster: await updateCluster(ctx.db, ctx.actor, ctx.now, request.params.id, request.body),
      };
    },
  );
}
