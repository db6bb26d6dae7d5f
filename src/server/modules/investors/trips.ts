/**
 * Trips and events (外出招商 / 驻点招商 / 招商推介会): dates, city, team, the firms planned; the visits
 * made within it; outcomes counted from the records; and a report due within the `trip_report`
 * time limit after the last day — a clock like any other (entity `trip`, step `trip_report`).
 */
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import type { tripDetail, tripOutcome, tripSummary } from '../../../core/api/investors.js';
import type { CreateTripBody, UpdateTripBody } from '../../../core/investors.js';
import type { Context } from '../../auth/context.js';
import { authorize, can, fieldScope, type Principal } from '../../auth/policies.js';
import type { Database, TripRow } from '../../db/tables.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError, invalidField, notFound } from '../../errors.js';
import { recordAudit, replacedBy } from '../audit/record.js';
import { currentCalendar } from '../calendar/store.js';
import { completeClock, presentClock, startClock } from '../sla/clocks.js';
import { readPolicies } from '../sla/policies.js';
import { presentVisits, visitsVisibleTo } from './visits.js';

type Outcome = z.infer<typeof tripOutcome>;
type Summary = z.infer<typeof tripSummary>;

const REPORT = { entityType: 'trip', step: 'trip_report' } as const;

/** The report's clock starts at the end of the trip's last day. */
const returnedAt = (endDate: string) => new Date(`${endDate}T00:00:00+08:00`);

/** Outcomes counted from the records: visits, firms, leads created from them, those signed. */
export async function outcomesOf(db: Kysely<Database>, ids: number[]): Promise<Map<number, Outcome>> {
  const out = new Map<number, Outcome>(
    ids.map((id) => [
      id,
      { visits: 0, firmsVisited: 0, plannedVisited: 0, leads: 0, signed: 0, signedYuan: 0 },
    ]),
  );
  if (!ids.length) return out;
  const visits = await db
    .selectFrom('visits')
    .select([
      'trip_id',
      (eb) => eb.fn.countAll<number>().as('visits'),
      (eb) => eb.fn.count<number>('investor_id').distinct().as('firms'),
    ])
    .where('trip_id', 'in', ids)
    .groupBy('trip_id')
    .execute();
  for (const v of visits)
    Object.assign(out.get(v.trip_id!)!, { visits: Number(v.visits), firmsVisited: Number(v.firms) });
  const planned = await db
    .selectFrom('trip_targets')
    .select(['trip_targets.trip_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('trip_targets.trip_id', 'in', ids)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('visits')
          .select('visits.id')
          .whereRef('visits.trip_id', '=', 'trip_targets.trip_id')
          .whereRef('visits.investor_id', '=', 'trip_targets.investor_id'),
      ),
    )
    .groupBy('trip_targets.trip_id')
    .execute();
  for (const p of planned) out.get(p.trip_id)!.plannedVisited = Number(p.n);
  const leads = await db
    .selectFrom('leads')
    .innerJoin('visits', 'visits.id', 'leads.source_visit_id')
    .leftJoin('projects', 'projects.id', 'leads.project_id')
    .select([
      'visits.trip_id',
      (eb) => eb.fn.countAll<number>().as('leads'),
      (eb) => eb.fn.count<number>('projects.id').as('signed'),
      (eb) => eb.fn.coalesce(eb.fn.sum<number>('projects.total_investment_yuan'), sql<number>`0`).as('yuan'),
    ])
    .where('visits.trip_id', 'in', ids)
    .groupBy('visits.trip_id')
    .execute();
  for (const l of leads)
    Object.assign(out.get(l.trip_id!)!, {
      leads: Number(l.leads),
      signed: Number(l.signed),
      signedYuan: Number(l.yuan),
    });
  return out;
}

async function summaries(ctx: Context, rows: TripRow[]): Promise<Summary[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [outcomes, calendar, policies] = await Promise.all([
    outcomesOf(ctx.db, ids),
    currentCalendar(ctx.db),
    readPolicies(ctx.db),
  ]);
  const clocks = await ctx.db
    .selectFrom('sla_clocks')
    .selectAll()
    .where('entity_type', '=', REPORT.entityType)
    .where('entity_id', 'in', ids)
    .orderBy('id')
    .execute();
  const clockOf = new Map(clocks.map((c) => [c.entity_id, c]));
  const orgs = new Map(
    (
      await ctx.db
        .selectFrom('orgs')
        .select(['id', 'name'])
        .where('id', 'in', [...new Set(rows.map((r) => r.org_id))])
        .execute()
    ).map((o) => [o.id, o.name]),
  );
  return rows.map((r) => {
    const clock = clockOf.get(r.id);
    const view = presentClock(clock, calendar, ctx.now, policies.dueSoonWorkingHours);
    return {
      id: r.id,
      version: r.version,
      kind: r.kind as Summary['kind'],
      title: r.title,
      city: r.city,
      startDate: r.start_date,
      endDate: r.end_date,
      team: r.team,
      orgId: r.org_id,
      orgName: orgs.get(r.org_id) ?? '',
      reportDueDate: view.dueDate,
      reportStatus: view.status,
      reportedAt: r.reported_at,
      outcome: outcomes.get(r.id)!,
      canRecord: can(ctx.user, 'visit.record', { orgId: r.org_id }),
    };
  });
}

function tripsVisibleTo(db: Kysely<Database>, user: Principal) {
  const scope = fieldScope(user);
  const q = db.selectFrom('trips');
  return 'all' in scope ? q : q.where('trips.org_id', '=', scope.orgId);
}

async function loadVisibleTrip(db: Kysely<Database>, user: Principal, id: number): Promise<TripRow> {
  const row = await tripsVisibleTo(db, user).selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function listTrips(
  ctx: Context,
  query: { page: number; pageSize: number; orgId?: number; year?: number },
) {
  let q = tripsVisibleTo(ctx.db, ctx.user);
  if (query.orgId) q = q.where('org_id', '=', query.orgId);
  if (query.year)
    q = q.where('start_date', '>=', `${query.year}-01-01`).where('start_date', '<=', `${query.year}-12-31`);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('start_date', 'desc')
    .orderBy('id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return {
    items: await summaries(ctx, rows),
    total: Number(total),
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getTrip(ctx: Context, id: number): Promise<z.infer<typeof tripDetail>> {
  const row = await loadVisibleTrip(ctx.db, ctx.user, id);
  const [summary] = await summaries(ctx, [row]);
  const planned = await ctx.db
    .selectFrom('trip_targets')
    .innerJoin('investors', 'investors.id', 'trip_targets.investor_id')
    .select(['investors.id', 'investors.name'])
    .where('trip_targets.trip_id', '=', id)
    .orderBy('investors.id')
    .execute();
  const visits = await visitsVisibleTo(ctx.db.selectFrom('visits'), ctx.user)
    .selectAll('visits')
    .where('visits.trip_id', '=', id)
    .orderBy('visits.visit_date')
    .orderBy('visits.id')
    .execute();
  const visited = new Set(visits.map((v) => v.investor_id));
  return {
    ...summary!,
    report: row.report,
    reportedByName: row.reported_by_name,
    createdByName: row.created_by_name,
    planned: planned.map((p) => ({ id: p.id, name: p.name, visited: visited.has(p.id) })),
    visits: await presentVisits(ctx.db, ctx.user, visits),
  };
}

function checkTripDates(startDate: string, endDate: string) {
  if (endDate < startDate)
    throw invalidField('endDate', { zh: '不能早于开始日期', en: 'cannot be before the start' });
}

async function setPlanned(trx: Kysely<Database>, tripId: number, investorIds: number[]) {
  const ids = [...new Set(investorIds)];
  if (ids.length) {
    const found = await trx.selectFrom('investors').select('id').where('id', 'in', ids).execute();
    if (found.length !== ids.length)
      throw invalidField('plannedInvestorIds', { zh: '有客商不存在', en: 'an investor does not exist' });
  }
  await trx.deleteFrom('trip_targets').where('trip_id', '=', tripId).execute();
  if (ids.length)
    await trx
      .insertInto('trip_targets')
      .values(ids.map((investor_id) => ({ trip_id: tripId, investor_id })))
      .execute();
}

async function startReportClock(trx: Kysely<Database>, tripId: number, endDate: string) {
  await trx
    .deleteFrom('sla_clocks')
    .where('entity_type', '=', REPORT.entityType)
    .where('entity_id', '=', tripId)
    .where('completed_at', 'is', null)
    .execute();
  await startClock(trx, await currentCalendar(trx), {
    ...REPORT,
    entityId: tripId,
    policyStep: 'trip_report',
    startedAt: returnedAt(endDate),
  });
}

export async function createTrip(ctx: Context, body: CreateTripBody): Promise<number> {
  authorize(ctx.user, 'visit.record', { orgId: ctx.user.orgId });
  checkTripDates(body.startDate, body.endDate);
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.now.toISOString();
    const { id } = await trx
      .insertInto('trips')
      .values({
        version: 1,
        org_id: ctx.user.orgId,
        kind: body.kind,
        title: body.title,
        city: body.city,
        start_date: body.startDate,
        end_date: body.endDate,
        team: body.team,
        report: null,
        reported_at: null,
        reported_by_name: null,
        created_by_user_id: ctx.user.id,
        created_by_name: ctx.user.displayName,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setPlanned(trx, id, body.plannedInvestorIds ?? []);
    await startReportClock(trx, id, body.endDate);
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'trip.created',
      entityType: 'trip',
      entityId: id,
      after: body,
    });
    return id;
  });
}

export async function updateTrip(ctx: Context, id: number, body: UpdateTripBody): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadVisibleTrip(trx, ctx.user, id);
    authorize(ctx.user, 'visit.record', { orgId: row.org_id });
    const startDate = body.startDate ?? row.start_date;
    const endDate = body.endDate ?? row.end_date;
    checkTripDates(startDate, endDate);
    const outside = await trx
      .selectFrom('visits')
      .select('visit_date')
      .where('trip_id', '=', id)
      .where((eb) => eb.or([eb('visit_date', '<', startDate), eb('visit_date', '>', endDate)]))
      .executeTakeFirst();
    if (outside)
      throw invalidField(body.startDate && outside.visit_date < startDate ? 'startDate' : 'endDate', {
        zh: `活动中已有 ${outside.visit_date} 的拜访`,
        en: `a visit of the trip is on ${outside.visit_date}`,
      });
    const changes: Partial<TripRow> = {};
    if (body.kind !== undefined) changes.kind = body.kind;
    if (body.title !== undefined) changes.title = body.title;
    if (body.city !== undefined) changes.city = body.city;
    if (body.team !== undefined) changes.team = body.team;
    if (startDate !== row.start_date) changes.start_date = startDate;
    if (endDate !== row.end_date) changes.end_date = endDate;
    await updateVersioned(trx, 'trips', id, body.version, { ...changes, updated_at: ctx.now.toISOString() });
    if (body.plannedInvestorIds) await setPlanned(trx, id, body.plannedInvestorIds);
    // A new last day moves the report's deadline, unless it was already reported.
    if (changes.end_date && row.reported_at === null) await startReportClock(trx, id, endDate);
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'trip.updated',
      entityType: 'trip',
      entityId: id,
      before: replacedBy(row, changes),
      after: { ...changes, plannedInvestorIds: body.plannedInvestorIds },
    });
  });
}

/** The trip's report: once the trip has begun; the first one stops the clock with its verdict. */
export async function reportTrip(ctx: Context, id: number, report: string, version: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadVisibleTrip(trx, ctx.user, id);
    authorize(ctx.user, 'visit.record', { orgId: row.org_id });
    if (ctx.now.getTime() < Date.parse(`${row.start_date}T00:00:00+08:00`))
      throw new AppError('RULE_VIOLATION', {
        text: { zh: '活动尚未开始，不能提交报告', en: 'The trip has not begun' },
        details: { startDate: row.start_date },
      });
    const at = ctx.now.toISOString();
    await updateVersioned(trx, 'trips', id, version, {
      report,
      reported_at: row.reported_at ?? at,
      reported_by_name: ctx.user.displayName,
      updated_at: at,
    });
    const clock = await completeClock(trx, { ...REPORT, entityId: id, completedAt: ctx.now });
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'trip.reported',
      entityType: 'trip',
      entityId: id,
      before: row.report === null ? undefined : { report: row.report },
      after: { report, verdict: clock?.verdict ?? null },
    });
  });
}
