import { z } from 'zod';
import { listAuditQuery } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { authorize } from '../../auth/policies.js';
import { currentUser } from '../../http/context.js';
import { findAuditEntries } from './queries.js';
import { verifyAuditChain } from './record.js';

const auditEntry = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.number().nullable(),
  username: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});

export async function auditRoutes(app: App) {
  const { db } = app.services;

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log (auditor), newest first',
        querystring: listAuditQuery,
        response: {
          200: z.object({
            items: z.array(auditEntry),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (request) => {
      authorize(currentUser(request), 'audit.read');
      const { rows, total } = await findAuditEntries(db.kysely, request.query);
      return {
        items: rows.map((r) => ({
          id: r.id,
          at: r.at,
          userId: r.user_id,
          username: r.username,
          ip: r.ip,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          before: r.before_json === null ? null : JSON.parse(r.before_json),
          after: r.after_json === null ? null : JSON.parse(r.after_json),
          hash: r.hash,
        })),
        total,
        page: request.query.page,
        pageSize: request.query.pageSize,
      };
    },
  );

  app.get(
    '/api/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Recompute the SHA-256 chain (auditor)',
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number(),
            brokenAt: z.object({ id: z.number(), reason: z.enum(['hash', 'link']) }).nullable(),
          }),
        },
      },
    },
    async (request) => {
      authorize(currentUser(request), 'audit.read');
      return verifyAuditChain(db.kysely);
    },
  );
}
