/**
 * Telling people: a notification row per person and event, to those the event concerns and who
 * may see its record (policies.ts decides, the same rule as the pages), unless they turned the
 * kind off; those who chose to also forward a kind to their group get it queued for their
 * organisation's channels. Everything here runs inside the writing transaction of the event, so a
 * failed request tells nobody anything.
 */
import type { Kysely } from 'kysely';
import type { NotificationKind } from '../../../core/notifications.js';
import type { Role } from '../../../core/roles.js';
import { can, type LeadResource, type Principal, type ProjectResource } from '../../auth/policies.js';
import { isCityWide } from '../../auth/sessions.js';
import type { Database } from '../../db/tables.js';
import { enqueueForOrgs } from './deliveries.js';

export interface Notice {
  kind: NotificationKind;
  title: string;
  body: string;
  /** A path inside the web app (/leads/12), made absolute for chat messages. */
  link: string | null;
  entityType: 'lead' | 'project' | 'issue' | 'target' | 'calendar' | 'delivery' | 'trip' | null;
  entityId: number | null;
  /** Written once per person: the same key again is skipped (the sweep and the scheduled jobs). */
  dedupeKey: string | null;
}

/** A person as the rules see them. */
export type Recipient = Principal;

const chunks = <T>(list: T[], size: number) =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** The principals of these users (active ones only), as a session would carry them. */
export async function principalsOf(db: Kysely<Database>, userIds: readonly number[]): Promise<Recipient[]> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return [];
  const out: Recipient[] = [];
  for (const part of chunks(ids, 500)) {
    const rows = await db
      .selectFrom('users')
      .innerJoin('orgs as o', 'o.id', 'users.org_id')
      .leftJoin('orgs as parent', 'parent.id', 'o.parent_id')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .select(['users.id', 'users.org_id', 'o.kind', 'parent.kind as parent_kind', 'user_roles.role'])
      .where('users.id', 'in', part)
      .where('users.active', '=', 1)
      .execute();
    const byId = new Map<number, Recipient>();
    for (const r of rows) {
      const p = byId.get(r.id) ?? {
        id: r.id,
        orgId: r.org_id,
        roles: [] as Role[],
        cityWide: isCityWide(r.kind, r.parent_kind),
      };
      (p.roles as Role[]).push(r.role as Role);
      byId.set(r.id, p);
    }
    out.push(...byId.values());
  }
  return out;
}

/** Active users holding one of the roles, in these organisations (every organisation when omitted). */
export async function usersWithRole(
  db: Kysely<Database>,
  roles: readonly Role[],
  orgIds?: readonly number[],
): Promise<Recipient[]> {
  if (orgIds && !orgIds.length) return [];
  let q = db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.id')
    .where('user_roles.role', 'in', [...roles])
    .where('users.active', '=', 1);
  if (orgIds) q = q.where('users.org_id', 'in', [...orgIds]);
  return principalsOf(
    db,
    (await q.execute()).map((r) => r.id),
  );
}

/** Those of `people` who may read the lead, by the lead.read rule itself. */
export const mayReadLead = (people: Recipient[], lead: LeadResource) =>
  people.filter((p) => can(p, 'lead.read', lead));

/** Those of `people` who may read the project, by the project.read rule itself. */
export const mayReadProject = (people: Recipient[], project: ProjectResource) =>
  people.filter((p) => can(p, 'project.read', project));

/** Writes the notice to each person (skipping `exceptUserId`, the one who acted). */
export async function notify(
  trx: Kysely<Database>,
  people: readonly Recipient[],
  notice: Notice,
  now: Date,
  exceptUserId?: number,
): Promise<number> {
  return notifyMany(
    trx,
    people.filter((p) => p.id !== exceptUserId).map((p) => ({ person: p, notice })),
    now,
  );
}

/**
 * Writes many notices at once (the sweep): the preferences of everyone named read once, rows
 * written a few hundred a statement, a repeated dedupe key skipped by the unique index.
 */
export async function notifyMany(
  trx: Kysely<Database>,
  items: readonly { person: Recipient; notice: Notice }[],
  now: Date,
): Promise<number> {
  const unique = new Map<string, { person: Recipient; notice: Notice }>();
  for (const i of items) unique.set(`${i.person.id}\u0000${i.notice.dedupeKey ?? Math.random()}`, i);
  const list = [...unique.values()];
  if (!list.length) return 0;
  const prefs = await preferencesOf(trx, [...new Set(list.map((i) => i.person.id))]);
  const kept = list.filter((i) => prefs.get(`${i.person.id}:${i.notice.kind}`)?.inApp ?? true);
  const at = now.toISOString();
  let written = 0;
  for (const part of chunks(kept, 300)) {
    const res = await trx
      .insertInto('notifications')
      .values(
        part.map(({ person, notice }) => ({
          user_id: person.id,
          kind: notice.kind,
          title: notice.title,
          body: notice.body,
          link: notice.link,
          entity_type: notice.entityType,
          entity_id: notice.entityId,
          dedupe_key: notice.dedupeKey,
          created_at: at,
          read_at: null,
        })),
      )
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    written += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  // Forwarded to the group: once per organisation and event, whoever of it asked.
  const forwarded = new Map<string, { orgId: number; notice: Notice }>();
  for (const i of list) {
    if (!prefs.get(`${i.person.id}:${i.notice.kind}`)?.toGroup) continue;
    const key = `${i.person.orgId}:${i.notice.dedupeKey ?? `${i.notice.kind}:${i.notice.entityId}:${at}`}`;
    forwarded.set(key, { orgId: i.person.orgId, notice: i.notice });
  }
  for (const { orgId, notice } of forwarded.values())
    await enqueueForOrgs(trx, [orgId], 'notices', {
      title: notice.title,
      markdown: notice.body,
      link: notice.link,
      dedupeKey: `notice:${notice.dedupeKey ?? `${notice.kind}:${notice.entityId}:${at}`}`,
      now,
    });
  return written;
}

export interface Preference {
  inApp: boolean;
  toGroup: boolean;
}

/** Stored choices keyed `userId:kind`; a kind without a row is in the product, not to the group. */
export async function preferencesOf(
  db: Kysely<Database>,
  userIds: readonly number[],
): Promise<Map<string, Preference>> {
  const map = new Map<string, Preference>();
  for (const part of chunks([...userIds], 500)) {
    const rows = await db
      .selectFrom('notification_preferences')
      .selectAll()
      .where('user_id', 'in', part)
      .execute();
    for (const r of rows)
      map.set(`${r.user_id}:${r.kind}`, { inApp: r.in_app === 1, toGroup: r.to_group === 1 });
  }
  return map;
}
