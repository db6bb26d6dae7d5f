/** Read models over leads: the ledger page, my work, the summary, the conflicts list. */
import type { Kysely } from 'kysely';
import type { ConflictDto, LeadDto, MyWorkItem } from '../../../core/api/leads.js';
import { shanghaiDate } from '../../../core/calendar/dates.js';
import type { ListLeadsQuery } from '../../../core/leads/schemas.js';
import { stepFor } from '../../../core/leads/stages.js';
import { describeStep, lastDueSoonDate } from '../../../core/sla.js';
import { can, leadScope, type Principal, type Scope } from '../../auth/policies.js';
import type { Database, LeadRow } from '../../db/tables.js';
import { currentCalendar } from '../calendar/store.js';
import { effectiveClusters } from '../clusters/service.js';
import { readPolicies } from '../sla/policies.js';
import { presentLead } from './presenter.js';
import { clocksOf, countyCopies, filtered, findLeads } from './queries.js';

export async function presentRows(db: Kysely<Database>, rows: LeadRow[], now: Date) {
  return (await presentWithCopies(db, rows, now)).leads;
}

/** The leads presented, and their county copies (which are new to whom). */
async function presentWithCopies(db: Kysely<Database>, rows: LeadRow[], now: Date) {
  const ids = rows.map((r) => r.id);
  // One batch: the clusters' corrections are read with the counties, not after them.
  const copiesRead = countyCopies(db, ids);
  const [copies, clocks, policies, calendar, clusters] = await Promise.all([
    copiesRead,
    clocksOf(db, ids),
    readPolicies(db),
    currentCalendar(db),
    effectiveClusters(db, 'lead', {
      ids,
      records: copiesRead.then(({ counties }) =>
        rows.map((r) => ({
          id: r.id,
          industryCode: r.industry_code,
          orgIds: [r.owner_org_id, ...(counties.get(r.id) ?? [])],
        })),
      ),
    }),
  ]);
  const leads = rows.map((r) =>
    presentLead(r, {
      clusterIds: clusters.get(r.id) ?? [],
      countyOrgIds: copies.counties.get(r.id) ?? [],
      clocks: clocks.get(r.id) ?? [],
      calendar,
      now,
      dueSoonWorkingHours: policies.dueSoonWorkingHours,
    }),
  );
  return { leads, copies };
}

/** The leads as a list shows them to this user: marked 新 where just dispatched to their county. */
async function presentForUser(
  db: Kysely<Database>,
  user: Principal,
  rows: LeadRow[],
  now: Date,
): Promise<(LeadDto & { isNew?: true })[]> {
  const { leads, copies } = await presentWithCopies(db, rows, now);
  const unseen = copies.unseenBy(user.orgId);
  return leads.map((l) => (unseen.has(l.id) ? { ...l, isNew: true as const } : l));
}

/** The last due date that counts as due soon now, by the calendar and the time-limit settings. */
export async function dueSoonUntil(db: Kysely<Database>, now: Date): Promise<string> {
  const [calendar, policies] = await Promise.all([currentCalendar(db), readPolicies(db)]);
  return lastDueSoonDate(now, calendar, policies.dueSoonWorkingHours);
}

export async function listLeads(db: Kysely<Database>, user: Principal, query: ListLeadsQuery, now: Date) {
  const visibility = leadScope(user);
  const f = query.slaStatus ? { ...query, dueSoonUntil: await dueSoonUntil(db, now) } : query;
  const { rows, total } = await findLeads(db, visibility, f, now);
  return {
    items: await presentForUser(db, user, rows, now),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** How many lead steps of a scope are past their time limit (an index range on waiting_due_at). */
export async function overdueLeadSteps(db: Kysely<Database>, visibility: Scope, now: Date): Promise<number> {
  const row = await filtered(db, visibility, { slaStatus: 'overdue' }, now)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Counts by stage and by time-limit state, over what the user may see. */
export async function leadSummary(db: Kysely<Database>, user: Principal, now: Date) {
  const visibility = leadScope(user);
  const byStage = await filtered(db, visibility, {}, now)
    .select(['leads.stage', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('leads.stage')
    .execute();
  const overdue = await overdueLeadSteps(db, visibility, now);
  const dueSoon = await filtered(
    db,
    visibility,
    { slaStatus: 'due_soon', dueSoonUntil: await dueSoonUntil(db, now) },
    now,
  )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    byStage: Object.fromEntries(byStage.map((r) => [r.stage, Number(r.n)])),
    overdue,
    dueSoon: Number(dueSoon.n),
  };
}

/**
 * 我的待办: the steps waiting on this user, soonest deadline first. City officers: unassigned new
 * leads and the leads they own; county officers: progress reports of leads dispatched to them.
 */
export async function myWork(db: Kysely<Database>, user: Principal, now: Date, lang: 'zh' | 'en') {
  const visibility = leadScope(user);
  let q = filtered(db, visibility, {}, now).selectAll('leads').where('leads.waiting_step', 'is not', null);
  const isCity = user.roles.includes('city_officer');
  const isCounty = user.roles.includes('county_officer');
  q = q.where((eb) => {
    const mine = [];
    if (isCity) {
      mine.push(eb.and([eb('leads.stage', '=', 'registered'), eb('leads.owner_user_id', 'is', null)]));
      mine.push(eb('leads.owner_user_id', '=', user.id));
    }
    if (isCounty) {
      mine.push(
        eb.and([
          eb('leads.stage', '=', 'following'),
          eb(
            'leads.id',
            'in',
            eb.selectFrom('lead_counties').select('lead_id').where('org_id', '=', user.orgId),
          ),
        ]),
      );
    }
    return mine.length ? eb.or(mine) : eb.val(false);
  });
  const rows = await q.orderBy('leads.waiting_due_at', 'asc').limit(200).execute();
  const leads = await presentForUser(db, user, rows, now);
  return {
    items: leads.flatMap((l): MyWorkItem[] => {
      const step = l.waiting!.step;
      const view = l.sla[step];
      const action = stepFor(l.stage, step);
      if (!action) return [];
      return [
        {
          leadId: l.id,
          code: l.code,
          projectName: l.projectName,
          investorName: l.investorName,
          plannedInvestmentYuan: l.plannedInvestmentYuan,
          stage: l.stage,
          step,
          action,
          dueDate: view.dueDate,
          dueAt: view.dueAt,
          status: view.status,
          provisional: view.provisional,
          remaining: describeStep(view, lang),
          ...(l.isNew ? { isNew: true as const } : {}),
        },
      ];
    }),
    today: shanghaiDate(now),
  };
}

/** Leads waiting for dispatch (feedback given) are the city's work too, with no clock. */
export async function awaitingDispatch(db: Kysely<Database>, user: Principal, now: Date) {
  if (!can(user, 'lead.handle')) return [];
  const rows = await filtered(db, { all: true }, { stage: ['feedback_given'] }, now)
    .selectAll('leads')
    .orderBy('leads.updated_at', 'asc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    leadId: r.id,
    code: r.code,
    projectName: r.project_name,
    plannedInvestmentYuan: r.planned_investment_yuan,
  }));
}

/** 一盘棋: unresolved possible duplicates, for the city officer. */
export async function conflicts(db: Kysely<Database>, _user: Principal) {
  const links = await db
    .selectFrom('lead_links')
    .innerJoin('leads', 'leads.id', 'lead_links.lead_id')
    .select([
      'lead_links.id as linkId',
      'lead_links.other_type as otherType',
      'lead_links.other_id as otherId',
      'lead_links.reason',
      'lead_links.created_at as createdAt',
      'leads.id as leadId',
      'leads.code',
      'leads.project_name as projectName',
      'leads.investor_name as investorName',
      'leads.owner_org_id as ownerOrgId',
      'leads.stage',
    ])
    .where('lead_links.resolution', 'is', null)
    // Firms that only share a trade name are shown on the lead, not listed as conflicts to resolve.
    .where('lead_links.reason', '!=', 'related_name')
    .orderBy('lead_links.id', 'desc')
    .limit(500)
    .execute();
  const out: ConflictDto[] = [];
  for (const l of links) {
    const other =
      l.otherType === 'lead'
        ? await db
            .selectFrom('leads')
            .select([
              'id',
              'code',
              'project_name as name',
              'investor_name as investorName',
              'owner_org_id as orgId',
              'stage',
            ])
            .where('id', '=', l.otherId)
            .executeTakeFirst()
        : await db
            .selectFrom('projects')
            .select([
              'id',
              'code',
              'name',
              'investor_name as investorName',
              'county_org_id as orgId',
              'stage',
            ])
            .where('id', '=', l.otherId)
            .executeTakeFirst();
    if (other) out.push({ ...l, other: { type: l.otherType, ...other } } as ConflictDto);
  }
  return { items: out };
}
