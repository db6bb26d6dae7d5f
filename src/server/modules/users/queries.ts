import type { Kysely } from 'kysely';
import type { Role } from '../../../core/roles.js';
import type { Database, UserRow } from '../../db/tables.js';

export interface UserFilter {
  q?: string;
  orgId?: number;
  role?: Role;
  page: number;
  pageSize: number;
}

export async function findUsers(db: Kysely<Database>, f: UserFilter) {
  let q = db.selectFrom('users');
  if (f.q) {
    const like = `%${f.q.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['username']), 'like', like),
        eb(eb.fn('lower', ['display_name']), 'like', like),
      ]),
    );
  }
  if (f.orgId) q = q.where('org_id', '=', f.orgId);
  if (f.role) {
    const role = f.role;
    q = q.where('id', 'in', (eb) => eb.selectFrom('user_roles').select('user_id').where('role', '=', role));
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('id')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { rows, total: Number(total.n) };
}

export async function rolesByUser(db: Kysely<Database>, userIds: number[]): Promise<Map<number, Role[]>> {
  const map = new Map<number, Role[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return map;
  const rows = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where('user_id', 'in', userIds)
    .orderBy('role')
    .execute();
  for (const r of rows) map.get(r.user_id)?.push(r.role as Role);
  return map;
}

export function findUserById(db: Kysely<Database>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Active administrators other than the given user. */
export async function countOtherActiveAdmins(db: Kysely<Database>, exceptUserId: number): Promise<number> {
  const row = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_roles.role', '=', 'admin')
    .where('users.active', '=', 1)
    .where('users.id', '!=', exceptUserId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
