import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Actor } from './auth/context.js';
import { generatePassword, hashPassword } from './auth/passwords.js';
import { isPostgres } from './db/dialect.js';
import type { Database } from './db/tables.js';
import { DEMO_CHAINS } from './demo/chains.js';
import { DEMO_CLUSTERS } from './demo/clusters.js';
import { DEMO_ORGS, DEMO_PASSWORD, DEMO_USERS } from './demo/orgs.js';
import { recordAudit } from './modules/audit/record.js';
import { ensureShippedCalendar } from './modules/calendar/store.js';
import { EXAMPLE_STANDARDS, standardRow } from './modules/projects/standards.js';
import { ensureDefaultPolicies } from './modules/sla/policies.js';
import { getSetting, setSetting } from './modules/system/settings.js';

export interface SetupOptions {
  demo: boolean;
  adminPassword?: string;
  /** The city's own organisation when not in demo mode. */
  cityName?: string;
  cityRegionCode?: string;
}

export interface SetupResult {
  created: boolean;
  demo: boolean;
  /** Only when the password was generated here; print it once and never again. */
  generatedAdminPassword?: string;
}

const SYSTEM: Actor = { userId: null, username: 'system', ip: null };

/**
 * First start only: the organisation tree, the first administrator and (in demo mode) the demo
 * accounts, in one transaction. A second start finds `initialized` and does nothing.
 */
export async function initializeDatabase(
  db: Kysely<Database>,
  now: Date,
  options: SetupOptions,
): Promise<SetupResult> {
  // An initialised database (every start but the first) needs no password hashed (scrypt, ~120 ms each).
  if (await getSetting(db, 'initialized'))
    return { created: false, demo: (await getSetting(db, 'demo')) === 'on' };
  const generated = options.adminPassword ? undefined : generatePassword();
  const adminHash = await hashPassword(options.adminPassword ?? generated!);
  const demoHash = options.demo ? await hashPassword(DEMO_PASSWORD) : '';
  return db.transaction().execute(async (trx) => {
    // Several processes may start at once on one PostgreSQL database: one initialises, the rest wait and see it done.
    if (isPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(734202)`.execute(trx);
    const existing = await getSetting(trx, 'initialized');
    if (existing) return { created: false, demo: (await getSetting(trx, 'demo')) === 'on' };

    const at = now.toISOString();
    const ids = new Map<string, number>();
    const orgs = options.demo
      ? DEMO_ORGS
      : [
          {
            key: 'city',
            name: options.cityName ?? '江门市',
            kind: 'city' as const,
            regionCode: options.cityRegionCode ?? '440700',
          },
        ];
    for (const org of orgs) {
      const parentId = 'parent' in org && org.parent ? ids.get(org.parent) : undefined;
      const { id } = await trx
        .insertInto('orgs')
        .values({
          name: org.name,
          kind: org.kind,
          region_code: org.regionCode ?? null,
          parent_id: parentId ?? null,
          active: 1,
          version: 1,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(org.key, id);
    }

    const addUser = async (
      username: string,
      displayName: string,
      orgId: number,
      roles: string[],
      hash: string,
    ) => {
      const { id } = await trx
        .insertInto('users')
        .values({
          username,
          display_name: displayName,
          org_id: orgId,
          password_hash: hash,
          must_change_password: 0,
          active: 1,
          active_since: at,
          version: 1,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('user_roles')
        .values(roles.map((role) => ({ user_id: id, role })))
        .execute();
    };

    await addUser('admin', '系统管理员', ids.get('city')!, ['admin'], adminHash);
    if (options.demo) {
      for (const u of DEMO_USERS)
        await addUser(u.username, u.displayName, ids.get(u.org)!, u.roles, demoHash);
    }
    if (options.demo) {
      for (const c of DEMO_CLUSTERS) {
        const { id } = await trx
          .insertInto('clusters')
          .values({
            kind: c.kind,
            name: c.name,
            description: null,
            org_id: c.org ? (ids.get(DEMO_ORGS.find((o) => o.name === c.org)!.key) ?? null) : null,
            active: 1,
            version: 1,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('cluster_codes')
          .values(c.codes.map((code) => ({ cluster_id: id, code })))
          .execute();
      }
    }
    if (options.demo) {
      const clusterIds = new Map(
        (await trx.selectFrom('clusters').select(['id', 'name']).execute()).map((c) => [c.name, c.id]),
      );
      const orgId = (name?: string) =>
        name ? (ids.get(DEMO_ORGS.find((o) => o.name === name)!.key) ?? null) : null;
      for (const chain of DEMO_CHAINS) {
        const { id: chainId } = await trx
          .insertInto('chains')
          .values({
            name: chain.name,
            cluster_id: clusterIds.get(chain.cluster) ?? null,
            description: chain.description,
            version: 1,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        let order = 0;
        for (const link of chain.links) {
          const { id: linkId } = await trx
            .insertInto('chain_links')
            .values({
              chain_id: chainId,
              position: link.position,
              name: link.name,
              products: link.products,
              sort_order: ++order,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          const firms = [
            ...(link.local ?? []).map((f) => ({
              name: f.name,
              kind: 'local',
              is_leader: f.leader ? 1 : 0,
              org_id: orgId(f.org),
              note: null,
            })),
            ...(link.targets ?? []).map((name) => ({
              name,
              kind: 'target',
              is_leader: 0,
              org_id: null,
              note: null,
            })),
          ];
          if (firms.length)
            await trx
              .insertInto('chain_firms')
              .values(firms.map((f) => ({ ...f, link_id: linkId })))
              .execute();
        }
      }
    }
    if (options.demo)
      // The land-use standards agreements and reviews are checked against: examples, to be replaced.
      await trx
        .insertInto('land_standards')
        .values(EXAMPLE_STANDARDS.map((x) => ({ ...standardRow(x, 'system', at), version: 1 })))
        .execute();
    await setSetting(trx, 'demo', options.demo ? 'on' : 'off');
    await setSetting(trx, 'initialized', at);
    await recordAudit(trx, SYSTEM, now, {
      action: 'system.initialized',
      after: {
        demo: options.demo,
        organisations: orgs.length,
        users: 1 + (options.demo ? DEMO_USERS.length : 0),
      },
    });
    return { created: true, demo: options.demo, generatedAdminPassword: generated };
  });
}

/**
 * Every start: reference data a release ships (State Council arrangements it knows, default time
 * limits) is added where the database lacks it. Idempotent; never overwrites an admin's edits.
 */
export async function ensureReferenceData(
  db: Kysely<Database>,
  now: Date,
): Promise<{ calendarYearsAdded: number[] }> {
  return db.transaction().execute(async (trx) => {
    if (isPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(734203)`.execute(trx);
    // Identifies this database in in-process caches (several test databases share one process).
    if (!(await getSetting(trx, 'instance_id'))) await setSetting(trx, 'instance_id', randomUUID());
    await ensureDefaultPolicies(trx, now);
    const calendarYearsAdded = await ensureShippedCalendar(trx, now);
    if (calendarYearsAdded.length) {
      await recordAudit(trx, SYSTEM, now, {
        action: 'calendar.shipped_years_loaded',
        entityType: 'calendar_year',
        after: { years: calendarYearsAdded },
      });
    }
    return { calendarYearsAdded };
  });
}
