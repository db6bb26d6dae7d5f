import { policySet } from '../../../core/api/platform.js';
import { putPoliciesBody } from '../../../core/calendar/schemas.js';
import type { App } from '../../app.js';
import { contextOf } from '../../http/context.js';
import { readPolicies, updatePolicies } from './policies.js';

export async function slaRoutes(app: App) {
  const { db } = app.services;

  app.get(
    '/api/sla/policies',
    {
      config: { ability: 'sla.read' },
      schema: { tags: ['sla'], summary: 'Time-limit policy per step', response: { 200: policySet } },
    },
    async (_request) => {
      return readPolicies(db.kysely);
    },
  );

  app.put(
    '/api/sla/policies',
    {
      config: { ability: 'sla.manage' },
      schema: {
        tags: ['sla'],
        summary: 'Change time limits (admin); applies to clocks started afterwards',
        body: putPoliciesBody,
        response: { 200: policySet },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return updatePolicies(ctx.db, ctx.actor, ctx.now, request.body);
    },
  );
}
