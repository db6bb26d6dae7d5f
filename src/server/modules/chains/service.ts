/** Chains, their links and firms, and how each link is covered by the city's records. */
import type { Kysely } from 'kysely';
import { type ChainPosition, type Coverage, coverageOf } from '../../../core/chains.js';
import { OPEN_STAGES } from '../../../core/leads/stages.js';
import type { Actor } from '../../auth/context.js';
import { leadScope, type Principal } from '../../auth/policies.js';
import type { Database } from '../../db/tables.js';
import { updateVersioned } from '../../db/versioned.js';
import { invalidField, notFound } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { visibleTo } from '../leads/queries.js';
import { projectsVisibleTo } from '../projects/queries.js';
import { requireActiveOrg, requireCluster } from '../system/references.js';

export async function listChains(db: Kysely<Database>) {
  const chains = await db.selectFrom('chains').selectAll().orderBy('id').execute();
  const links = await db.selectFrom('chain_links').select(['id', 'chain_id']).execute();
  return chains.map((c) => ({
    id: c.id,
    name: c.name,
    clusterId: c.cluster_id,
    description: c.description,
    version: c.version,
    links: links.filter((l) => l.chain_id === c.id).length,
  }));
}

/** The chain map: links in order with their firms and coverage, counted over what the user may see. */
export async function chainMap(db: Kysely<Database>, user: Principal, chainId: number) {
  const v = leadScope(user);
  const chain = await db.selectFrom('chains').selectAll().where('id', '=', chainId).executeTakeFirst();
  if (!chain) throw notFound();
  const links = await db
    .selectFrom('chain_links')
    .selectAll()
    .where('chain_id', '=', chainId)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  const ids = links.map((l) => l.id);
  const firms = ids.length
    ? await db.selectFrom('chain_firms').selectAll().where('link_id', 'in', ids).orderBy('id').execute()
    : [];
  const projectCounts = ids.length
    ? await projectsVisibleTo(db.selectFrom('projects'), v)
        .select([
          'chain_link_id',
          (eb) => eb.fn.countAll<number>().as('n'),
          (eb) => eb.fn.sum<number>('total_investment_yuan').as('yuan'),
        ])
        .where('chain_link_id', 'in', ids)
        .groupBy('chain_link_id')
        .execute()
    : [];
  const leadCounts = ids.length
    ? await visibleTo(db.selectFrom('leads'), v)
        .select(['leads.chain_link_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('leads.chain_link_id', 'in', ids)
        .where('leads.stage', 'in', OPEN_STAGES)
        .groupBy('leads.chain_link_id')
        .execute()
    : [];
  return {
    id: chain.id,
    name: chain.name,
    clusterId: chain.cluster_id,
    description: chain.description,
    links: links.map((l) => {
      const mine = firms.filter((f) => f.link_id === l.id);
      const p = projectCounts.find((x) => x.chain_link_id === l.id);
      const counts = {
        projects: Number(p?.n ?? 0),
        projectInvestmentYuan: Number(p?.yuan ?? 0),
        localFirms: mine.filter((f) => f.kind === 'local').length,
        openLeads: Number(leadCounts.find((x) => x.chain_link_id === l.id)?.n ?? 0),
      };
      return {
        id: l.id,
        position: l.position as ChainPosition,
        name: l.name,
        products: l.products,
        firms: mine.map((f) => ({
          id: f.id,
          name: f.name,
          kind: f.kind as 'local' | 'target',
          isLeader: f.is_leader === 1,
          orgId: f.org_id,
          note: f.note,
        })),
        ...counts,
        coverage: coverageOf(counts) as Coverage,
      };
    }),
  };
}

/** The leads and projects of one link that the user may see (an empty list for a gap). */
export async function linkRecords(db: Kysely<Database>, user: Principal, linkId: number) {
  const v = leadScope(user);
  const link = await db.selectFrom('chain_links').selectAll().where('id', '=', linkId).executeTakeFirst();
  if (!link) throw notFound();
  const leads = await visibleTo(db.selectFrom('leads'), v)
    .select([
      'leads.id',
      'leads.code',
      'leads.project_name as name',
      'leads.stage',
      'leads.planned_investment_yuan as investmentYuan',
    ])
    .where('leads.chain_link_id', '=', linkId)
    .orderBy('leads.received_at', 'desc')
    .limit(200)
    .execute();
  const projects = await projectsVisibleTo(db.selectFrom('projects'), v)
    .select([
      'id',
      'code',
      'name',
      'stage',
      'total_investment_yuan as investmentYuan',
      'county_org_id as countyOrgId',
      'signed_on as signedOn',
    ])
    .where('chain_link_id', '=', linkId)
    .orderBy('signed_on', 'desc')
    .limit(200)
    .execute();
  return {
    link: { id: link.id, name: link.name, position: link.position as ChainPosition },
    leads,
    projects,
  };
}

export async function createChain(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  input: { name: string; clusterId?: number; description?: string },
) {
  return db.transaction().execute(async (trx) => {
    if (input.clusterId !== undefined) await requireCluster(trx, input.clusterId, 'clusterId');
    const at = now.toISOString();
    const { id } = await trx
      .insertInto('chains')
      .values({
        name: input.name,
        cluster_id: input.clusterId ?? null,
        description: input.description ?? null,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, now, {
      action: 'chain.created',
      entityType: 'chain',
      entityId: id,
      after: input,
    });
    return id;
  });
}

export async function addLink(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  chainId: number,
  input: { position: ChainPosition; name: string; products?: string },
) {
  return db.transaction().execute(async (trx) => {
    const chain = await trx.selectFrom('chains').select('id').where('id', '=', chainId).executeTakeFirst();
    if (!chain) throw notFound();
    const last = await trx
      .selectFrom('chain_links')
      .select((eb) => eb.fn.max<number>('sort_order').as('m'))
      .where('chain_id', '=', chainId)
      .executeTakeFirst();
    const { id } = await trx
      .insertInto('chain_links')
      .values({
        chain_id: chainId,
        position: input.position,
        name: input.name,
        products: input.products ?? null,
        sort_order: Number(last?.m ?? 0) + 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, now, {
      action: 'chain.link_added',
      entityType: 'chain_link',
      entityId: id,
      after: { chainId, ...input },
    });
    return id;
  });
}

export async function addFirm(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  linkId: number,
  input: { name: string; kind: 'local' | 'target'; isLeader?: boolean; orgId?: number; note?: string },
) {
  return db.transaction().execute(async (trx) => {
    const link = await trx.selectFrom('chain_links').select('id').where('id', '=', linkId).executeTakeFirst();
    if (!link) throw notFound();
    if (input.isLeader && input.kind !== 'local') {
      throw invalidField('isLeader', { zh: '链主须为本地企业', en: 'A chain leader must be a local firm' });
    }
    if (input.orgId !== undefined) await requireActiveOrg(trx, input.orgId, 'orgId');
    const { id } = await trx
      .insertInto('chain_firms')
      .values({
        link_id: linkId,
        name: input.name,
        kind: input.kind,
        is_leader: input.isLeader ? 1 : 0,
        org_id: input.orgId ?? null,
        note: input.note ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, now, {
      action: 'chain.firm_added',
      entityType: 'chain_firm',
      entityId: id,
      after: { linkId, ...input },
    });
    return id;
  });
}

export async function removeFirm(db: Kysely<Database>, actor: Actor, now: Date, firmId: number) {
  return db.transaction().execute(async (trx) => {
    const firm = await trx.selectFrom('chain_firms').selectAll().where('id', '=', firmId).executeTakeFirst();
    if (!firm) throw notFound();
    await trx.deleteFrom('chain_firms').where('id', '=', firmId).execute();
    await recordAudit(trx, actor, now, {
      action: 'chain.firm_removed',
      entityType: 'chain_firm',
      entityId: firmId,
      before: firm,
    });
  });
}

/** Renames or moves a link, or changes its products; audited with the values before. */
export async function updateLink(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  linkId: number,
  input: { position: ChainPosition; name: string; products?: string },
) {
  return db.transaction().execute(async (trx) => {
    const link = await trx.selectFrom('chain_links').selectAll().where('id', '=', linkId).executeTakeFirst();
    if (!link) throw notFound();
    await trx
      .updateTable('chain_links')
      .set({ position: input.position, name: input.name, products: input.products ?? null })
      .where('id', '=', linkId)
      .execute();
    await recordAudit(trx, actor, now, {
      action: 'chain.link_updated',
      entityType: 'chain_link',
      entityId: linkId,
      before: { position: link.position, name: link.name, products: link.products },
      after: input,
    });
  });
}

/** Renames a chain or changes its description; the version read must still be current. */
export async function updateChain(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  chainId: number,
  input: { version: number; name?: string; description?: string },
) {
  return db.transaction().execute(async (trx) => {
    const chain = await trx.selectFrom('chains').selectAll().where('id', '=', chainId).executeTakeFirst();
    if (!chain) throw notFound();
    await updateVersioned(trx, 'chains', chainId, input.version, {
      name: input.name ?? chain.name,
      description: input.description ?? chain.description,
      updated_at: now.toISOString(),
    });
    await recordAudit(trx, actor, now, {
      action: 'chain.updated',
      entityType: 'chain',
      entityId: chainId,
      before: { name: chain.name, description: chain.description },
      after: { name: input.name, description: input.description },
    });
  });
}

/** The chain a link belongs to; 400 naming chainLinkId when there is no such link. */
export async function chainOfLink(db: Kysely<Database>, linkId: number | null | undefined) {
  if (linkId == null) return null;
  const link = await db
    .selectFrom('chain_links')
    .select(['id', 'chain_id'])
    .where('id', '=', linkId)
    .executeTakeFirst();
  if (!link) throw invalidField('chainLinkId', { zh: '产业链环节不存在', en: 'No such chain link' });
  return { linkId: link.id, chainId: link.chain_id };
}

/** The chain link a record names, as its page shows it: 新型储能 · 电芯制造（中游）. */
export async function chainLinkLabel(db: Kysely<Database>, linkId: number | null | undefined) {
  if (linkId == null) return null;
  const row = await db
    .selectFrom('chain_links')
    .innerJoin('chains', 'chains.id', 'chain_links.chain_id')
    .select([
      'chain_links.id',
      'chain_links.name',
      'chain_links.position',
      'chains.id as chainId',
      'chains.name as chainName',
    ])
    .where('chain_links.id', '=', linkId)
    .executeTakeFirst();
  return row ? { ...row, position: row.position as ChainPosition } : null;
}
