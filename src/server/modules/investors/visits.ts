/**
 * Visits (拜访 / 来访接待 / 视频洽谈 / 展会洽谈): the field's log. A visit is its organisation's work —
 * the city sees all, a county (platform, resident team) its own — and is also read by whoever reads
 * the lead or project it is about. Its next steps, with a due date, are its recorder's to do.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import type { visitSummary } from '../../../core/api/investors.js';
import { shanghaiDate } from '../../../core/calendar/dates.js';
import type { CreateVisitBody, ListVisitsQuery, UpdateVisitBody } from '../../../core/investors.js';
import type { Context } from '../../auth/context.js';
import {
  authorize,
  can,
  fieldScope,
  leadVisibility,
  type Principal,
  projectVisibility,
} from '../../auth/policies.js';
import type { Database, VisitRow } from '../../db/tables.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError, invalidField, notFound } from '../../errors.js';
import { recordAudit, replacedBy } from '../audit/record.js';
import { visibleTo } from '../leads/queries.js';
import { projectsVisibleTo } from '../projects/queries.js';
import { notAfterToday } from '../system/when.js';
import { resolveInvestor } from './service.js';

type VisitQuery = SelectQueryBuilder<Database, 'visits', object>;
type VisitDto = z.infer<typeof visitSummary>;

/** The visits a user may read: their organisation's (all for the city), and those on records they read. */
export function visitsVisibleTo<Q extends VisitQuery>(q: Q, user: Principal): Q {
  const scope = fieldScope(user);
  if ('all' in scope) return q;
  const leads = leadVisibility(user);
  const projects = projectVisibility(user);
  return q.where((eb) =>
    eb.or([
      eb('visits.org_id', '=', scope.orgId),
      ...(leads
        ? [eb('visits.lead_id', 'in', visibleTo(eb.selectFrom('leads'), leads).select('leads.id'))]
        : []),
      ...(projects
        ? [
            eb(
              'visits.project_id',
              'in',
              projectsVisibleTo(eb.selectFrom('projects'), projects).select('projects.id'),
            ),
          ]
        : []),
    ]),
  ) as Q;
}

export async function presentVisits(
  db: Kysely<Database>,
  user: Principal,
  rows: VisitRow[],
): Promise<VisitDto[]> {
  if (!rows.length) return [];
  const orgIds = [...new Set(rows.map((r) => r.org_id))];
  const investorIds = [...new Set(rows.map((r) => r.investor_id))];
  const orgs = new Map(
    (await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgIds).execute()).map((o) => [
      o.id,
      o.name,
    ]),
  );
  const investors = new Map(
    (await db.selectFrom('investors').select(['id', 'name']).where('id', 'in', investorIds).execute()).map(
      (i) => [i.id, i.name],
    ),
  );
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    kind: r.kind as VisitDto['kind'],
    visitDate: r.visit_date,
    place: r.place,
    orgId: r.org_id,
    orgName: orgs.get(r.org_id) ?? '',
    investorId: r.investor_id,
    investorName: investors.get(r.investor_id) ?? '',
    participants: r.participants,
    discussion: r.discussion,
    nextSteps: r.next_steps,
    nextDueDate: r.next_due_date,
    nextDoneAt: r.next_done_at,
    leadId: r.lead_id,
    projectId: r.project_id,
    tripId: r.trip_id,
    createdByName: r.created_by_name,
    canRecord: can(user, 'visit.record', { orgId: r.org_id }),
  }));
}

/** A visit the user may read, or 404 as if it did not exist. */
export async function loadVisibleVisit(db: Kysely<Database>, user: Principal, id: number): Promise<VisitRow> {
  const row = await visitsVisibleTo(db.selectFrom('visits'), user)
    .selectAll('visits')
    .where('visits.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function getVisit(ctx: Context, id: number): Promise<VisitDto> {
  const [dto] = await presentVisits(ctx.db, ctx.user, [await loadVisibleVisit(ctx.db, ctx.user, id)]);
  return dto!;
}

export async function listVisits(ctx: Context, query: ListVisitsQuery) {
  let q = visitsVisibleTo(ctx.db.selectFrom('visits'), ctx.user);
  if (query.investorId) q = q.where('visits.investor_id', '=', query.investorId);
  if (query.tripId) q = q.where('visits.trip_id', '=', query.tripId);
  if (query.orgId) q = q.where('visits.org_id', '=', query.orgId);
  if (query.from) q = q.where('visits.visit_date', '>=', query.from);
  if (query.to) q = q.where('visits.visit_date', '<=', query.to);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll('visits')
    .orderBy('visits.visit_date', 'desc')
    .orderBy('visits.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return {
    items: await presentVisits(ctx.db, ctx.user, rows),
    total: Number(total),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The links a visit names must be records the user may see, and a trip one the user may log into. */
async function checkLinks(
  trx: Kysely<Database>,
  ctx: Context,
  v: { visitDate: string; leadId?: number | null; projectId?: number | null; tripId?: number | null },
) {
  const leads = leadVisibility(ctx.user);
  if (v.leadId) {
    const lead =
      leads &&
      (await visibleTo(trx.selectFrom('leads'), leads)
        .select(['leads.id', 'leads.investor_id'])
        .where('leads.id', '=', v.leadId)
        .executeTakeFirst());
    if (!lead) throw invalidField('leadId', { zh: '线索不存在', en: 'no such lead' });
  }
  const projects = projectVisibility(ctx.user);
  if (v.projectId) {
    const project =
      projects &&
      (await projectsVisibleTo(trx.selectFrom('projects'), projects)
        .select('projects.id')
        .where('projects.id', '=', v.projectId)
        .executeTakeFirst());
    if (!project) throw invalidField('projectId', { zh: '项目不存在', en: 'no such project' });
  }
  if (v.tripId) {
    const trip = await trx
      .selectFrom('trips')
      .select(['org_id', 'start_date', 'end_date'])
      .where('id', '=', v.tripId)
      .executeTakeFirst();
    if (!trip || !can(ctx.user, 'visit.record', { orgId: trip.org_id }))
      throw invalidField('tripId', { zh: '活动不存在', en: 'no such trip or event' });
    if (v.visitDate < trip.start_date || v.visitDate > trip.end_date)
      throw invalidField('visitDate', {
        zh: `拜访日期应在活动期间（${trip.start_date} 至 ${trip.end_date}）`,
        en: `must be within the trip (${trip.start_date} to ${trip.end_date})`,
      });
  }
}

function checkDates(
  visitDate: string,
  next: { nextSteps?: string | null; nextDueDate?: string | null },
  now: Date,
) {
  notAfterToday('visitDate', visitDate, now);
  if (next.nextDueDate && next.nextDueDate < visitDate)
    throw invalidField('nextDueDate', { zh: '不能早于拜访日期', en: 'cannot be before the visit' });
  if (next.nextDueDate && !next.nextSteps)
    throw invalidField('nextSteps', { zh: '有完成时限时请填写下一步工作', en: 'say what is due' });
}

export async function createVisit(ctx: Context, body: CreateVisitBody): Promise<number> {
  authorize(ctx.user, 'visit.record', { orgId: ctx.user.orgId });
  checkDates(body.visitDate, body, ctx.now);
  return ctx.db.transaction().execute(async (trx) => {
    await checkLinks(trx, ctx, body);
    // The firm: chosen, typed, or that of the lead or project the visit is about.
    let firm: Parameters<typeof resolveInvestor>[2] = body;
    if (body.investorId === undefined && !body.investorName) {
      const linked = body.leadId
        ? await trx.selectFrom('leads').select('investor_id').where('id', '=', body.leadId).executeTakeFirst()
        : body.projectId
          ? await trx
              .selectFrom('projects')
              .select('investor_id')
              .where('id', '=', body.projectId)
              .executeTakeFirst()
          : undefined;
      if (linked?.investor_id) firm = { investorId: linked.investor_id };
    }
    const investorId = await resolveInvestor(trx, ctx, firm);
    const at = ctx.now.toISOString();
    const { id } = await trx
      .insertInto('visits')
      .values({
        version: 1,
        org_id: ctx.user.orgId,
        kind: body.kind,
        visit_date: body.visitDate,
        place: body.place || null,
        participants: body.participants,
        firm_contacts: body.firmContacts || null,
        discussion: body.discussion,
        next_steps: body.nextSteps || null,
        next_due_date: body.nextDueDate ?? null,
        next_done_at: null,
        investor_id: investorId,
        lead_id: body.leadId ?? null,
        project_id: body.projectId ?? null,
        trip_id: body.tripId ?? null,
        created_by_user_id: ctx.user.id,
        created_by_name: ctx.user.displayName,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'visit.created',
      entityType: 'visit',
      entityId: id,
      after: { ...body, investorId },
    });
    return id;
  });
}

export async function updateVisit(ctx: Context, id: number, body: UpdateVisitBody): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadVisibleVisit(trx, ctx.user, id);
    authorize(ctx.user, 'visit.record', { orgId: row.org_id });
    const merged = {
      visitDate: body.visitDate ?? row.visit_date,
      nextSteps: body.nextSteps === undefined ? row.next_steps : body.nextSteps,
      nextDueDate: body.nextDueDate === undefined ? row.next_due_date : body.nextDueDate,
    };
    checkDates(merged.visitDate, merged, ctx.now);
    await checkLinks(trx, ctx, {
      visitDate: merged.visitDate,
      leadId: body.leadId,
      projectId: body.projectId,
      tripId: body.tripId === undefined ? row.trip_id : body.tripId,
    });
    const changes: Partial<VisitRow> = {};
    const set = <K extends keyof VisitRow>(k: K, v: VisitRow[K] | undefined) => {
      if (v !== undefined && v !== row[k]) changes[k] = v;
    };
    set('kind', body.kind);
    set('visit_date', body.visitDate);
    set('place', body.place === undefined ? undefined : body.place || null);
    set('participants', body.participants);
    set('firm_contacts', body.firmContacts === undefined ? undefined : body.firmContacts || null);
    set('discussion', body.discussion);
    set('next_steps', body.nextSteps === undefined ? undefined : body.nextSteps || null);
    set('next_due_date', body.nextDueDate);
    set('lead_id', body.leadId);
    set('project_id', body.projectId);
    set('trip_id', body.tripId);
    await updateVersioned(trx, 'visits', id, body.version, { ...changes, updated_at: ctx.now.toISOString() });
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'visit.updated',
      entityType: 'visit',
      entityId: id,
      before: replacedBy(row, changes),
      after: changes,
    });
  });
}

/** The next steps are done: they leave my work. */
export async function completeNextSteps(ctx: Context, id: number, version: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadVisibleVisit(trx, ctx.user, id);
    authorize(ctx.user, 'visit.record', { orgId: row.org_id });
    if (!row.next_steps || row.next_done_at)
      throw new AppError('ILLEGAL_TRANSITION', { details: { nextDoneAt: row.next_done_at } });
    const at = ctx.now.toISOString();
    await updateVersioned(trx, 'visits', id, version, { next_done_at: at, updated_at: at });
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'visit.next_done',
      entityType: 'visit',
      entityId: id,
      after: { nextDoneAt: at },
    });
  });
}

/** 我的待办 from the field: the next steps of my visits not yet done, soonest first. */
export async function myVisitSteps(ctx: Context) {
  const today = shanghaiDate(ctx.now);
  const rows = await ctx.db
    .selectFrom('visits')
    .innerJoin('investors', 'investors.id', 'visits.investor_id')
    .select(['visits.id', 'investors.name', 'visits.next_steps', 'visits.next_due_date'])
    .where('visits.created_by_user_id', '=', ctx.user.id)
    .where('visits.next_due_date', 'is not', null)
    .where('visits.next_done_at', 'is', null)
    .orderBy('visits.next_due_date')
    .limit(100)
    .execute();
  return {
    items: rows.map((r) => ({
      visitId: r.id,
      investorName: r.name,
      nextSteps: r.next_steps ?? '',
      nextDueDate: r.next_due_date!,
      overdue: r.next_due_date! < today,
    })),
  };
}

/** The visit a lead is created from: one the user may log into, not yet the source of a lead. */
export async function visitToLead(trx: Kysely<Database>, ctx: Context, id: number): Promise<VisitRow> {
  const row = await visitsVisibleTo(trx.selectFrom('visits'), ctx.user)
    .selectAll('visits')
    .where('visits.id', '=', id)
    .executeTakeFirst();
  if (!row || !can(ctx.user, 'visit.record', { orgId: row.org_id }))
    throw invalidField('sourceVisitId', { zh: '拜访记录不存在', en: 'no such visit' });
  const made = await trx
    .selectFrom('leads')
    .select('code')
    .where('source_visit_id', '=', id)
    .executeTakeFirst();
  if (made)
    throw new AppError('CONFLICT', {
      text: { zh: `该拜访已生成线索 ${made.code}`, en: `This visit already produced lead ${made.code}` },
      details: { field: 'sourceVisitId' },
    });
  return row;
}

/** The visit now points to the lead it produced (when it pointed to none). */
export async function linkVisitToLead(trx: Kysely<Database>, visit: VisitRow, leadId: number, now: Date) {
  if (visit.lead_id !== null) return;
  await trx
    .updateTable('visits')
    .set({ lead_id: leadId, version: visit.version + 1, updated_at: now.toISOString() })
    .where('id', '=', visit.id)
    .execute();
}
