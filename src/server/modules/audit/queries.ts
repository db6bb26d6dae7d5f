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

/**
 * The people and records a page of entries names, in words: each user's display name, and for a
 * lead or project its code and name, for a user, organisation, cluster or chain its name. What
 * the entries already hold in their before/after, nothing more.
 */
export async function namesFor(
  db: Kysely<Database>,
  rows: { user_id: number | null; entity_type: string | null; entity_id: string | null }[],
) {
  const idsOf = (type: string) =>
    [
      ...new Set(rows.filter((r) => r.entity_type === type && r.entity_id).map((r) => Number(r.entity_id))),
    ].filter(Number.isSafeInteger);
  const userIds = [
    ...new Set([...rows.flatMap((r) => (r.user_id === null ? [] : [r.user_id])), ...idsOf('user')]),
  ];
  const lookup = async <T extends { id: number }>(ids: number[], load: (ids: number[]) => Promise<T[]>) =>
    ids.length ? load(ids) : [];
  const [users, leads, projects, orgs, clusters, chains] = await Promise.all([
    lookup(userIds, (ids) =>
      db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute(),
    ),
    lookup(idsOf('lead'), (ids) =>
      db.selectFrom('leads').select(['id', 'code', 'project_name']).where('id', 'in', ids).execute(),
    ),
    lookup(idsOf('project'), (ids) =>
      db.selectFrom('projects').select(['id', 'code', 'name']).where('id', 'in', ids).execute(),
    ),
    lookup(idsOf('org'), (ids) =>
      db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', ids).execute(),
    ),
    lookup(idsOf('cluster'), (ids) =>
      db.selectFrom('clusters').select(['id', 'name']).where('id', 'in', ids).execute(),
    ),
    lookup(idsOf('chain'), (ids) =>
      db.selectFrom('chains').select(['id', 'name']).where('id', 'in', ids).execute(),
    ),
  ]);
  const userName = new Map(users.map((u) => [u.id, u.display_name]));
  const entity = new Map<string, string>([
    ...users.map((u) => [`user:${u.id}`, u.display_name] as const),
    ...leads.map((l) => [`lead:${l.id}`, `${l.code} ${l.project_name}`] as const),
    ...projects.map((p) => [`project:${p.id}`, `${p.code} ${p.name}`] as const),
    ...orgs.map((o) => [`org:${o.id}`, o.name] as const),
    ...clusters.map((c) => [`cluster:${c.id}`, c.name] as const),
    ...chains.map((c) => [`chain:${c.id}`, c.name] as const),
  ]);
  return {
    userName: (id: number | null) => (id === null ? null : (userName.get(id) ?? null)),
    entityName: (type: string | null, id: string | null) =>
      type && id ? (entity.get(`${type}:${id}`) ?? null) : null,
  };
}
