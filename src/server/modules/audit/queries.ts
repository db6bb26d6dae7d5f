import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

export interface AuditFilter {
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  page: number;
  pageSize: number;
}

/** A bare date (YYYY-MM-DD) means that day in Asia/Shanghai. */
function bound(value: string, end: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00+08:00`);
    return new Date(end ? start + 86400000 : start).toISOString();
  }
  return new Date(value).toISOString();
}

export async function findAuditEntries(db: Kysely<Database>, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.from) q = q.where('at', '>=', bound(f.from, false));
  if (f.to) q = q.where('at', '<', bound(f.to, true));
  if (f.username) q = q.where('username', '=', f.username);
  if (f.action) q = q.where('action', 'like', `${f.action}%`);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('id', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { rows, total: Number(total.n) };
}
