import { z } from 'zod';
import { putPoliciesBody } from '../../../core/calendar/schemas.js';
import { DEADLINE_UNITS, SLA_STEPS } from '../../../core/sla.js';
import type { App } from '../../app.js';
import { authorize } from '../../auth/policies.js';
import { actorOf, currentUser } from '../../http/context.js';
import { readPolicies, updatePolicies } from './policies.js';

const policySet = z.object({
  items: z.array(
    z.object({
      step: z.enum(SLA_STEPS),
      amount: z.number(),
      unit: z.enum(DEADLINE_UNITS),
      version: z.number(),
      updatedAt: z.string(),
    }),
  ),
  dueSoonWorkingHours: z.number(),
});

export async function slaRoutes(app: App) {
  const { db, clock } = app.services;

  app.get(
    '/api/sla/policies',
    { schema: { tags: ['sla'], summary: 'Time-limit policy per step', response: { 200: policySet } } },
    async (request) => {
      authorize(currentUser(request), 'sla.read');
      return readPolicies(db.kysely);
    },
  );

  app.put(
    '/api/sla/policies',
    {
      schema: {
        tags: ['sla'],
        summary: 'Change time limits (admin); applies to clocks started afterwards',
        body: putPoliciesBody,
        response: { 200: policySet },
      },
    },
    async (request) => {
      authorize(currentUser(request), 'sla.manage');
      return updatePolicies(db.kysely, actorOf(request), clock.now(), request.body);
    },
  );
}
