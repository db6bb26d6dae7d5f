import type { Kysely } from 'kysely';
import type { OrgDto } from '../../../core/api/platform.js';
import type { CreateOrgBody, UpdateOrgBody } from '../../../core/schemas.js';
import type { Actor } from '../../auth/context.js';
import type { Database } from '../../db/tables.js';
import { AppError, invalidField, notFound, staleVersion } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { presentOrg } from './presenter.js';

const findOrg = (db: Kysely<Database>, id: number) =>
  db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();

export async function listOrgs(db: Kysely<Database>): Promise<OrgDto[]> {
  const rows = await db.selectFrom('orgs').selectAll().orderBy('id').execute();
  return rows.map(presentOrg);
}

async function assertParent(trx: Kysely<Database>, parentId: number, selfId?: number) {
  // Walk up from the proposed parent: meeting ourselves would make a cycle.
  let cursor: number | null = parentId;
  for (let depth = 0; cursor !== null && depth < 50; depth++) {
    if (cursor === selfId) {
      throw invalidField('parentId', {
        zh: '上级组织不能是自身或其下级',
        en: 'A parent cannot be the organisation itself or below it',
      });
    }
    const row = await findOrg(trx, cursor);
    if (!row) throw invalidField('parentId', { zh: '上级组织不存在', en: 'No such parent organisation' });
    cursor = row.parent_id;
  }
}

export async function createOrg(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  input: CreateOrgBody,
): Promise<OrgDto> {
  return db.transaction().execute(async (trx) => {
    if (input.parentId) await assertParent(trx, input.parentId);
    const at = now.toISOString();
    const { id } = await trx
      .insertInto('orgs')
      .values({
        name: input.name,
        kind: input.kind,
        region_code: input.regionCode ?? null,
        parent_id: input.parentId ?? null,
        active: 1,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const org = presentOrg((await findOrg(trx, id))!);
    await recordAudit(trx, actor, now, {
      action: 'org.created',
      entityType: 'org',
      entityId: id,
      after: org,
    });
    return org;
  });
}

export async function updateOrg(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  id: number,
  input: UpdateOrgBody,
): Promise<OrgDto> {
  return db.transaction().execute(async (trx) => {
    const row = await findOrg(trx, id);
    if (!row) throw notFound();
    if (row.version !== input.version) throw staleVersion();
    if (input.parentId) await assertParent(trx, input.parentId, id);
    const deactivating = input.active === false && row.active === 1;
    if (deactivating) {
      const users = await trx
        .selectFrom('users')
        .select('id')
        .where('org_id', '=', id)
        .where('active', '=', 1)
        .limit(1)
        .executeTakeFirst();
      const children = await trx
        .selectFrom('orgs')
        .select('id')
        .where('parent_id', '=', id)
        .where('active', '=', 1)
        .limit(1)
        .executeTakeFirst();
      if (users || children) throw new AppError('ORG_IN_USE');
    }
    const before = presentOrg(row);
    await trx
      .updateTable('orgs')
      .set({
        name: input.name ?? row.name,
        region_code: input.regionCode === undefined ? row.region_code : input.regionCode,
        parent_id: input.parentId === undefined ? row.parent_id : input.parentId,
        active: input.active === undefined ? row.active : input.active ? 1 : 0,
        require_totp: input.requireTotp === undefined ? row.require_totp : input.requireTotp ? 1 : 0,
        version: row.version + 1,
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
    const after = presentOrg((await findOrg(trx, id))!);
    const action = deactivating
      ? 'org.deactivated'
      : before.name !== after.name
        ? 'org.renamed'
        : 'org.updated';
    await recordAudit(trx, actor, now, { action, entityType: 'org', entityId: id, before, after });
    return after;
  });
}
