import { z } from 'zod';
import { createClusterBody, updateClusterBody } from '../../../core/clusterSchemas.js';
import { idParam } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { authorize } from '../../auth/policies.js';
import { actorOf, currentUser } from '../../http/context.js';
import { createCluster, listClusters, updateCluster } from './service.js';

export async function clusterRoutes(app: App) {
  const { db, clock } = app.services;

  app.get(
    '/api/clusters',
    {
      schema: {
        tags: ['industries'],
        summary: 'Industrial clusters and emerging industries with their codes',
      },
    },
    async (request) => {
      authorize(currentUser(request), 'industry.read');
      return { items: await listClusters(db.kysely) };
    },
  );

  app.post(
    '/api/clusters',
    {
      schema: {
        tags: ['industries'],
        summary: 'Add a cluster (admin or city officer)',
        body: createClusterBody,
      },
    },
    async (request, reply) => {
      authorize(currentUser(request), 'cluster.manage');
      return reply
        .status(201)
        .send({ cluster: await createCluster(db.kysely, actorOf(request), clock.now(), request.body) });
    },
  );

  app.patch(
    '/api/clusters/:id',
    {
      schema: {
        tags: ['industries'],
        summary: 'Rename, remap or deactivate a cluster (admin or city officer)',
        params: idParam,
        body: updateClusterBody,
        response: { 200: z.object({ cluster: z.unknown() }) },
      },
    },
    async (request) => {
      authorize(currentUser(request), 'cluster.manage');
      return {
        cluster: await updateCluster(
          db.kysely,
          actorOf(request),
          clock.now(),
          request.params.id,
          request.body,
        ),
      };
    },
  );
}
