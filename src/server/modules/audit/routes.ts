import { auditPage, auditVerify } from '../../../core/api/platform.js';
import { listAuditQuery } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { latestCheckpoint } from './integrity.js';
import { findAuditEntries, namesFor } from './queries.js';
import { verifyAuditChain } from './record.js';

export async function auditRoutes(app: App) {
  const { db } = app.services;

  app.get(
    '/api/audit',
    {
      config: { ability: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log (auditor), newest first',
        querystring: listAuditQuery,
        response: {
          200: auditPage,
        },
      },
    },
    async (request) => {
      const { rows, total } = await findAuditEntries(db.kysely, request.query);
      const names = await namesFor(db.kysely, rows);
      return {
        items: rows.map((r) => ({
          id: r.id,
          at: r.at,
          userId: r.user_id,
          username: r.username,
          userDisplayName: names.userName(r.user_id),
          ip: r.ip,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          entityName: names.entityName(r.entity_type, r.entity_id),
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
      config: { ability: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary:
          'Recompute the keyed chain (HMAC-SHA256), hold the newest checkpoint kept outside the database against it, and check the append-only triggers (auditor)',
        response: {
          200: auditVerify,
        },
      },
    },
    async (request) => {
      const file = request.server.services.auditCheckpointFile;
      return verifyAuditChain(db.kysely, file ? latestCheckpoint(file) : null);
    },
  );
}
