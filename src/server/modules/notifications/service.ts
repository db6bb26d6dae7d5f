/** A person's own notifications: the page, the unread count, marking read, their choices per kind. */
import type { Kysely } from 'kysely';
import type { NotificationDto } from '../../../core/api/notifications.js';
import type { NotificationListQuery, PutPreferencesBody } from '../../../core/notificationSchemas.js';
import { type ChannelKind, kindsFor, type NotificationKind } from '../../../core/notifications.js';
import type { Context } from '../../auth/context.js';
import type { Principal } from '../../auth/policies.js';
import type { Database, NotificationRow } from '../../db/tables.js';
import { recordAudit } from '../audit/record.js';
import { channelsTaking } from './deliveries.js';
import { preferencesOf } from './notify.js';

function present(r: NotificationRow): NotificationDto {
  return {
    id: r.id,
    kind: r.kind as NotificationKind,
    title: r.title,
    body: r.body,
    link: r.link,
    createdAt: r.created_at,
    readAt: r.read_at,
  };
}

export async function unreadOf(db: Kysely<Database>, userId: number) {
  const rows = await db
    .selectFrom('notifications')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .groupBy('kind')
    .execute();
  const byKind = Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
  return { unread: rows.reduce((s, r) => s + Number(r.n), 0), byKind };
}

export async function listNotifications(db: Kysely<Database>, user: Principal, q: NotificationListQuery) {
  let base = db.selectFrom('notifications').where('user_id', '=', user.id);
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.unread === 'true') base = base.where('read_at', 'is', null);
  if (q.unread === 'false') base = base.where('read_at', 'is not', null);
  const [rows, total, unread] = await Promise.all([
    base
      .selectAll()
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    unreadOf(db, user.id),
  ]);
  return {
    items: rows.map(present),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
    unread: unread.unread,
  };
}

/** Marks one of the user's notifications read; someone else's is 404 like a missing one. */
export async function markRead(ctx: Context, id: number): Promise<boolean> {
  const res = await ctx.db
    .updateTable('notifications')
    .set({ read_at: ctx.now.toISOString() })
    .where('id', '=', id)
    .where('user_id', '=', ctx.user.id)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 1) return true;
  const mine = await ctx.db
    .selectFrom('notifications')
    .select('id')
    .where('id', '=', id)
    .where('user_id', '=', ctx.user.id)
    .executeTakeFirst();
  return mine !== undefined;
}

export async function markAllRead(ctx: Context, kind?: NotificationKind): Promise<number> {
  let q = ctx.db
    .updateTable('notifications')
    .set({ read_at: ctx.now.toISOString() })
    .where('user_id', '=', ctx.user.id)
    .where('read_at', 'is', null);
  if (kind) q = q.where('kind', '=', kind);
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

export async function readPreferences(db: Kysely<Database>, user: Principal) {
  const prefs = await preferencesOf(db, [user.id]);
  const channels = await channelsTaking(db, 'notices', [user.orgId]);
  return {
    items: kindsFor(user.roles).map((kind) => {
      const p = prefs.get(`${user.id}:${kind}`);
      return { kind, inApp: p?.inApp ?? true, toGroup: p?.toGroup ?? false };
    }),
    groups: channels.map((c) => ({ id: c.id, name: c.name, kind: c.kind as ChannelKind })),
  };
}

export async function putPreferences(ctx: Context, input: PutPreferencesBody) {
  await ctx.db.transaction().execute(async (trx) => {
    for (const item of input.items) {
      const values = { in_app: item.inApp ? 1 : 0, to_group: item.toGroup ? 1 : 0 };
      await trx
        .insertInto('notification_preferences')
        .values({ user_id: ctx.user.id, kind: item.kind, ...values })
        .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet(values))
        .execute();
    }
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'notification.preferences',
      entityType: 'user',
      entityId: ctx.user.id,
      after: { items: input.items },
    });
  });
  return readPreferences(ctx.db, ctx.user);
}
