/**
 * The investor register (客商库): one record per firm, shared city-wide (一盘棋: whoever opens a firm
 * sees who already follows it), with its contacts — personal information, masked unless the reader
 * follows the firm and asks, each reveal audited — and the firm's leads, projects and visits as far
 * as the reader may see them. Duplicates are merged by the city center, as leads are.
 */
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import type { follower, investorDetail, investorSummary } from '../../../core/api/investors.js';
import {
  type ContactBody,
  type CreateInvestorBody,
  type ListInvestorsQuery,
  maskEmail,
  type UpdateInvestorBody,
} from '../../../core/investors.js';
import { normalizeInvestorName } from '../../../core/leads/normalize.js';
import { maskPhone } from '../../../core/phone.js';
import type { Context } from '../../auth/context.js';
import {
  authorize,
  can,
  type InvestorResource,
  leadVisibility,
  type Principal,
  projectVisibility,
} from '../../auth/policies.js';
import type { Database, InvestorRow } from '../../db/tables.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError, invalidField, notFound } from '../../errors.js';
import { recordAudit, replacedBy } from '../audit/record.js';
import { checkIndustryCode } from '../industries/catalogue.js';
import { visibleTo } from '../leads/queries.js';
import { projectsVisibleTo } from '../projects/queries.js';
import { presentVisits, visitsVisibleTo } from './visits.js';

type Follower = z.infer<typeof follower>;
type Summary = z.infer<typeof investorSummary>;

/** Who follows each firm: the organisations of its leads (owner, dispatched), projects and visits. */
export async function followersOf(db: Kysely<Database>, ids: number[]): Promise<Map<number, Follower[]>> {
  const out = new Map<number, Follower[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const pairs: { investor: number; org: number; person: string | null }[] = [];
  const leads = await db
    .selectFrom('leads')
    .leftJoin('users', 'users.id', 'leads.owner_user_id')
    .select(['leads.id', 'leads.investor_id', 'leads.owner_org_id', 'users.display_name'])
    .where('leads.investor_id', 'in', ids)
    .where('leads.merged_into_id', 'is', null)
    .execute();
  for (const l of leads)
    pairs.push({ investor: l.investor_id!, org: l.owner_org_id, person: l.display_name });
  const dispatched = await db
    .selectFrom('lead_counties')
    .innerJoin('leads', 'leads.id', 'lead_counties.lead_id')
    .select(['leads.investor_id', 'lead_counties.org_id'])
    .where('leads.investor_id', 'in', ids)
    .where('leads.merged_into_id', 'is', null)
    .execute();
  for (const d of dispatched) pairs.push({ investor: d.investor_id!, org: d.org_id, person: null });
  const projects = await db
    .selectFrom('projects')
    .select(['investor_id', 'county_org_id', 'park_org_id'])
    .where('investor_id', 'in', ids)
    .execute();
  for (const p of projects) {
    pairs.push({ investor: p.investor_id!, org: p.county_org_id, person: null });
    if (p.park_org_id != null) pairs.push({ investor: p.investor_id!, org: p.park_org_id, person: null });
  }
  const visits = await db
    .selectFrom('visits')
    .select(['investor_id', 'org_id', 'created_by_name'])
    .where('investor_id', 'in', ids)
    .execute();
  for (const v of visits) pairs.push({ investor: v.investor_id, org: v.org_id, person: v.created_by_name });
  const orgIds = [...new Set(pairs.map((p) => p.org))];
  const names = new Map(
    orgIds.length
      ? (await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgIds).execute()).map((o) => [
          o.id,
          o.name,
        ])
      : [],
  );
  for (const id of ids) {
    const byOrg = new Map<number, Set<string>>();
    for (const p of pairs.filter((x) => x.investor === id)) {
      const people = byOrg.get(p.org) ?? new Set<string>();
      if (p.person) people.add(p.person);
      byOrg.set(p.org, people);
    }
    out.set(
      id,
      [...byOrg].map(([orgId, people]) => ({ orgId, orgName: names.get(orgId) ?? '', people: [...people] })),
    );
  }
  return out;
}

export async function investorResource(db: Kysely<Database>, id: number): Promise<InvestorResource> {
  const followers = (await followersOf(db, [id])).get(id) ?? [];
  return { followerOrgIds: followers.map((f) => f.orgId) };
}

const aliasesOf = (row: Pick<InvestorRow, 'aliases'>): string[] => JSON.parse(row.aliases);

async function summaries(db: Kysely<Database>, user: Principal, rows: InvestorRow[]): Promise<Summary[]> {
  const ids = rows.map((r) => r.id);
  const followers = await followersOf(db, ids);
  const last = new Map(
    ids.length
      ? (
          await visitsVisibleTo(db.selectFrom('visits'), user)
            .select(['visits.investor_id', (eb) => eb.fn.max('visits.visit_date').as('last')])
            .where('visits.investor_id', 'in', ids)
            .groupBy('visits.investor_id')
            .execute()
        ).map((r) => [r.investor_id, r.last as string])
      : [],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    creditCode: r.credit_code,
    aliases: aliasesOf(r),
    kind: r.kind as Summary['kind'],
    hqRegion: r.hq_region,
    industryCode: r.industry_code,
    chainRole: r.chain_role as Summary['chainRole'],
    followers: followers.get(r.id) ?? [],
    lastVisitDate: last.get(r.id) ?? null,
  }));
}

/** Characters LIKE treats specially, escaped so a search for "50%" finds "50%". */
const likeText = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The register: by name, former name or credit code in part; the newest firms first. */
export async function listInvestors(ctx: Context, query: ListInvestorsQuery) {
  let q = ctx.db.selectFrom('investors').where('merged_into_id', 'is', null);
  if (query.q) {
    const like = likeText(query.q);
    const code = query.q.toUpperCase();
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`name LIKE ${like} ESCAPE '\\'`,
        sql<boolean>`aliases LIKE ${like} ESCAPE '\\'`,
        eb('credit_code', '=', code),
        eb('name_norm', '=', normalizeInvestorName(query.q!)),
      ]),
    );
  }
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.chainRole) q = q.where('chain_role', '=', query.chainRole);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    // Newest first, in the primary key's order: no sort of the whole register on each page.
    .orderBy('id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return {
    items: await summaries(ctx.db, ctx.user, rows),
    total: Number(total),
    page: query.page,
    pageSize: query.pageSize,
  };
}

async function loadInvestor(db: Kysely<Database>, id: number): Promise<InvestorRow> {
  const row = await db.selectFrom('investors').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** The firm's page: what the reader may see of it. Leaders get no contacts at all. */
export async function getInvestor(ctx: Context, id: number): Promise<z.infer<typeof investorDetail>> {
  const { db, user } = ctx;
  const row = await loadInvestor(db, id);
  const [summary] = await summaries(db, user, [row]);
  const resource = { followerOrgIds: summary!.followers.map((f) => f.orgId) };
  const seesContacts = can(user, 'investor.manage');
  const contacts = seesContacts
    ? (
        await db
          .selectFrom('investor_contacts')
          .selectAll()
          .where('investor_id', '=', id)
          .orderBy('id')
          .execute()
      ).map((c) => ({
        id: c.id,
        name: c.name,
        title: c.title,
        phone: c.phone === null ? null : maskPhone(c.phone),
        email: c.email === null ? null : maskEmail(c.email),
        addedByName: c.added_by_name,
        createdAt: c.created_at,
      }))
    : null;
  const orgNames = new Map(
    (await db.selectFrom('orgs').select(['id', 'name']).execute()).map((o) => [o.id, o.name]),
  );
  const leadScope = leadVisibility(user);
  const leads = leadScope
    ? await visibleTo(db.selectFrom('leads'), leadScope)
        .select([
          'id',
          'code',
          'project_name',
          'stage',
          'owner_org_id',
          'planned_investment_yuan',
          'chain_id',
        ])
        .where('investor_id', '=', id)
        .where('merged_into_id', 'is', null)
        .orderBy('received_at', 'desc')
        .limit(100)
        .execute()
    : [];
  const projectScope = projectVisibility(user);
  const projects = projectScope
    ? await projectsVisibleTo(db.selectFrom('projects'), projectScope)
        .select(['id', 'code', 'name', 'stage', 'county_org_id', 'total_investment_yuan', 'chain_id'])
        .where('investor_id', '=', id)
        .orderBy('signed_on', 'desc')
        .limit(100)
        .execute()
    : [];
  const visits = await visitsVisibleTo(db.selectFrom('visits'), user)
    .selectAll('visits')
    .where('visits.investor_id', '=', id)
    .orderBy('visits.visit_date', 'desc')
    .orderBy('visits.id', 'desc')
    .limit(100)
    .execute();
  const chainIds = [
    ...new Set(
      [...leads.map((l) => l.chain_id), ...projects.map((p) => p.chain_id)].filter((c) => c != null),
    ),
  ];
  const chains = await db
    .selectFrom('chains')
    .select(['chains.id', 'chains.name'])
    .where((eb) =>
      eb.or([
        ...(chainIds.length ? [eb('chains.id', 'in', chainIds)] : []),
        eb(
          'chains.id',
          'in',
          eb
            .selectFrom('chain_firms')
            .innerJoin('chain_links', 'chain_links.id', 'chain_firms.link_id')
            .select('chain_links.chain_id')
            .where('chain_firms.name', '=', row.name),
        ),
      ]),
    )
    .orderBy('chains.id')
    .execute();
  return {
    ...summary!,
    version: row.version,
    notes: row.notes,
    mergedIntoId: row.merged_into_id,
    contacts,
    contactRevealable: contacts !== null && can(user, 'investor.contact', resource),
    leads: leads.map((l) => ({
      id: l.id,
      code: l.code,
      name: l.project_name,
      stage: l.stage,
      orgName: orgNames.get(l.owner_org_id) ?? '',
      amountYuan: Number(l.planned_investment_yuan),
    })),
    projects: projects.map((p) => ({
      id: p.id,
      code: p.code,
      name: p.name,
      stage: p.stage,
      orgName: orgNames.get(p.county_org_id) ?? '',
      amountYuan: Number(p.total_investment_yuan),
    })),
    visits: await presentVisits(db, user, visits),
    chains,
  };
}

/** A credit code given is the firm's alone: another live record with it is 409 naming the field. */
async function checkCodeFree(db: Kysely<Database>, code: string | null | undefined, self?: number) {
  if (!code) return;
  const other = await db
    .selectFrom('investors')
    .select(['id', 'name'])
    .where('credit_code', '=', code)
    .$if(self !== undefined, (q) => q.where('id', '!=', self!))
    .executeTakeFirst();
  if (other)
    throw new AppError('CONFLICT', {
      text: {
        zh: `统一社会信用代码已属于客商「${other.name}」`,
        en: `That credit code already belongs to investor ${other.name}`,
      },
      details: { field: 'creditCode', investorId: other.id },
    });
}

/** A new firm's row: its name (and normalised name), everything else empty until given. */
function newInvestorRow(name: string, userId: number, at: string) {
  return {
    version: 1,
    name,
    name_norm: normalizeInvestorName(name),
    credit_code: null,
    aliases: '[]',
    kind: null,
    hq_region: null,
    industry_code: null,
    chain_role: null,
    notes: null,
    merged_into_id: null,
    created_by_user_id: userId,
    created_at: at,
    updated_at: at,
  };
}

const columnsOf = (b: Partial<CreateInvestorBody>) => {
  const c: Partial<InvestorRow> = {};
  if (b.name !== undefined) {
    c.name = b.name;
    c.name_norm = normalizeInvestorName(b.name);
  }
  if (b.creditCode !== undefined) c.credit_code = b.creditCode;
  if (b.aliases !== undefined) c.aliases = JSON.stringify([...new Set(b.aliases)]);
  if (b.kind !== undefined) c.kind = b.kind;
  if (b.hqRegion !== undefined) c.hq_region = b.hqRegion || null;
  if (b.industryCode !== undefined) c.industry_code = b.industryCode;
  if (b.chainRole !== undefined) c.chain_role = b.chainRole;
  if (b.notes !== undefined) c.notes = b.notes || null;
  return c;
};

export async function createInvestor(ctx: Context, body: CreateInvestorBody): Promise<number> {
  checkIndustryCode(body.industryCode ?? undefined);
  return ctx.db.transaction().execute(async (trx) => {
    await checkCodeFree(trx, body.creditCode);
    const at = ctx.now.toISOString();
    const { id } = await trx
      .insertInto('investors')
      .values({ ...newInvestorRow(body.name, ctx.user.id, at), ...columnsOf(body) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'investor.created',
      entityType: 'investor',
      entityId: id,
      after: body,
    });
    return id;
  });
}

export async function updateInvestor(ctx: Context, id: number, body: UpdateInvestorBody): Promise<void> {
  checkIndustryCode(body.industryCode ?? undefined);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadInvestor(trx, id);
    if (row.merged_into_id !== null)
      throw new AppError('ILLEGAL_TRANSITION', { details: { mergedIntoId: row.merged_into_id } });
    await checkCodeFree(trx, body.creditCode, id);
    const changes = columnsOf(body);
    await updateVersioned(trx, 'investors', id, body.version, {
      ...changes,
      updated_at: ctx.now.toISOString(),
    });
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'investor.updated',
      entityType: 'investor',
      entityId: id,
      before: replacedBy(row, changes),
      after: changes,
    });
  });
}

export async function addContact(ctx: Context, investorId: number, body: ContactBody): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await loadInvestor(trx, investorId);
    if (row.merged_into_id !== null)
      throw new AppError('ILLEGAL_TRANSITION', { details: { mergedIntoId: row.merged_into_id } });
    const { id } = await trx
      .insertInto('investor_contacts')
      .values({
        investor_id: investorId,
        name: body.name,
        title: body.title ?? null,
        phone: body.phone || null,
        email: body.email || null,
        added_by_user_id: ctx.user.id,
        added_by_name: ctx.user.displayName,
        created_at: ctx.now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The audit log keeps who added whom, not the number itself.
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'investor.contact_added',
      entityType: 'investor',
      entityId: investorId,
      after: {
        contactId: id,
        name: body.name,
        phone: body.phone ? maskPhone(body.phone) : null,
        email: body.email ? maskEmail(body.email) : null,
      },
    });
    return id;
  });
}

/** A contact in full, for one who follows the firm (policies 'investor.contact'); audited. */
export async function revealInvestorContact(ctx: Context, investorId: number, contactId: number) {
  const contact = await ctx.db
    .selectFrom('investor_contacts')
    .selectAll()
    .where('id', '=', contactId)
    .where('investor_id', '=', investorId)
    .executeTakeFirst();
  if (!contact) throw notFound();
  authorize(ctx.user, 'investor.contact', await investorResource(ctx.db, investorId));
  await ctx.db.transaction().execute((trx) =>
    recordAudit(trx, ctx.actor, ctx.now, {
      action: 'investor.contact_revealed',
      entityType: 'investor',
      entityId: investorId,
      after: { contactId, name: contact.name },
    }),
  );
  return { phone: contact.phone, email: contact.email };
}

/**
 * Two records of one firm become one: the leads, projects, visits, trip plans and contacts of the
 * duplicate move to the one kept, its names join the aliases, its credit code moves when the kept
 * one has none; the duplicate stays, marked merged, so links and history still resolve. Audited.
 */
export async function mergeInvestor(ctx: Context, id: number, intoId: number, reason: string): Promise<void> {
  if (id === intoId) throw invalidField('intoId', { zh: '不能合并到自身', en: 'cannot merge into itself' });
  await ctx.db.transaction().execute(async (trx) => {
    const from = await loadInvestor(trx, id);
    const into = await trx.selectFrom('investors').selectAll().where('id', '=', intoId).executeTakeFirst();
    if (!into) throw invalidField('intoId', { zh: '要合并到的客商不存在', en: 'no such investor' });
    for (const r of [from, into])
      if (r.merged_into_id !== null)
        throw new AppError('ILLEGAL_TRANSITION', { details: { id: r.id, mergedIntoId: r.merged_into_id } });
    const counts: Record<string, number> = {};
    for (const table of ['leads', 'projects', 'visits', 'investor_contacts'] as const) {
      const res = await trx
        .updateTable(table)
        .set({ investor_id: intoId })
        .where('investor_id', '=', id)
        .executeTakeFirst();
      counts[table] = Number(res.numUpdatedRows);
    }
    // A trip that planned both keeps one row.
    await trx
      .deleteFrom('trip_targets')
      .where('investor_id', '=', id)
      .where('trip_id', 'in', (eb) =>
        eb.selectFrom('trip_targets as t').select('t.trip_id').where('t.investor_id', '=', intoId),
      )
      .execute();
    await trx
      .updateTable('trip_targets')
      .set({ investor_id: intoId })
      .where('investor_id', '=', id)
      .execute();
    await trx
      .updateTable('investors')
      .set({ merged_into_id: intoId })
      .where('merged_into_id', '=', id)
      .execute();
    const aliases = [...new Set([...aliasesOf(into), from.name, ...aliasesOf(from)])].filter(
      (a) => a !== into.name,
    );
    const moveCode = into.credit_code === null && from.credit_code !== null;
    await trx
      .updateTable('investors')
      .set({
        merged_into_id: intoId,
        credit_code: moveCode ? null : from.credit_code,
        updated_at: ctx.now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
    await updateVersioned(trx, 'investors', intoId, into.version, {
      aliases: JSON.stringify(aliases),
      ...(moveCode ? { credit_code: from.credit_code } : {}),
      kind: into.kind ?? from.kind,
      hq_region: into.hq_region ?? from.hq_region,
      industry_code: into.industry_code ?? from.industry_code,
      chain_role: into.chain_role ?? from.chain_role,
      updated_at: ctx.now.toISOString(),
    });
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'investor.merged',
      entityType: 'investor',
      entityId: id,
      before: { name: from.name, creditCode: from.credit_code },
      after: { intoId, reason, moved: counts, creditCodeMoved: moveCode },
    });
  });
}

/**
 * The investor of a visit or a registration: the record chosen (one merged away answers for the
 * one it was merged into), else the one with the credit code, else with the same normalised name,
 * else a new record added to the register.
 */
export async function resolveInvestor(
  trx: Kysely<Database>,
  ctx: Context,
  firm: { investorId?: number; investorName?: string; investorCreditCode?: string | null },
): Promise<number> {
  if (firm.investorId !== undefined) {
    const row = await trx
      .selectFrom('investors')
      .select(['id', 'merged_into_id'])
      .where('id', '=', firm.investorId)
      .executeTakeFirst();
    if (!row) throw invalidField('investorId', { zh: '客商不存在', en: 'no such investor' });
    return row.merged_into_id ?? row.id;
  }
  if (!firm.investorName)
    throw invalidField('investorName', { zh: '请填写企业名称或选择客商', en: 'name the firm' });
  const live = sql<number>`COALESCE(merged_into_id, id)`;
  if (firm.investorCreditCode) {
    const byCode = await trx
      .selectFrom('investors')
      .select(live.as('id'))
      .where('credit_code', '=', firm.investorCreditCode)
      .executeTakeFirst();
    if (byCode) return Number(byCode.id);
  }
  const byName = await trx
    .selectFrom('investors')
    .select(live.as('id'))
    .where('name_norm', '=', normalizeInvestorName(firm.investorName))
    // A firm of another credit code is another legal entity, whatever its name.
    .$if(Boolean(firm.investorCreditCode), (q) => q.where('credit_code', 'is', null))
    .orderBy('id')
    .executeTakeFirst();
  if (byName) return Number(byName.id);
  const at = ctx.now.toISOString();
  const { id } = await trx
    .insertInto('investors')
    .values({
      ...newInvestorRow(firm.investorName, ctx.user.id, at),
      credit_code: firm.investorCreditCode ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, ctx.actor, ctx.now, {
    action: 'investor.created',
    entityType: 'investor',
    entityId: id,
    after: { name: firm.investorName, creditCode: firm.investorCreditCode ?? null },
  });
  return id;
}
