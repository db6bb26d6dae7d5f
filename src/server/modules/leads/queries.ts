import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import { addDays, shanghaiDate, shanghaiInstant, startOfShanghaiDay } from '../../../core/calendar/dates.js';
import { normalizeInvestorName, sameInvestorName } from '../../../core/leads/normalize.js';
import type { ListLeadsQuery } from '../../../core/leads/schemas.js';
import type { Scope } from '../../auth/policies.js';
import type { Database, LeadRow, SlaClockRow } from '../../db/tables.js';
import { inClusterSql } from '../clusters/service.js';
import { industryUnder } from '../industries/catalogue.js';
import { cachedStats } from '../stats/cache.js';
import { keptCount } from '../stats/recordCounts.js';

type LeadQuery = SelectQueryBuilder<Database, 'leads', object>;

/** Restricts a query to the leads a user may see (policies.leadVisibility decides who sees what). */
export function visibleTo<Q extends LeadQuery>(q: Q, visibility: Scope, stages?: readonly string[]): Q {
  if ('all' in visibility) return q;
  const orgId = visibility.orgId;
  // One set of ids from two index ranges — owned (owner_org_id) and dispatched (lead_counties,
  // which keeps a copy of the stage) — with the stage filter inside, not a test of every lead.
  return q.where((eb: ExpressionBuilder<Database, 'leads'>) =>
    eb(
      'leads.id',
      'in',
      eb
        .selectFrom('leads as owned')
        .select('owned.id')
        .where('owned.owner_org_id', '=', orgId)
        .$if(Boolean(stages?.length), (s) => s.where('owned.stage', 'in', stages!))
        .union(
          eb
            .selectFrom('lead_counties')
            .select('lead_id as id')
            .where('org_id', '=', orgId)
            .$if(Boolean(stages?.length), (s) => s.where('lead_counties.stage', 'in', stages!)),
        ),
    ),
  ) as Q;
}

/**
 * The ledger's filters, in SQL. `now` decides what is overdue or due soon. With a county filter the
 * query is driven from lead_counties (org_id, stage, received_at), so a county's page and count are
 * index ranges rather than a probe per lead.
 */
/** The ledger's filters plus, for the due-soon filter, the last due date that counts as soon. */
export type LeadFilters = Partial<ListLeadsQuery> & { dueSoonUntil?: string };

export function filtered(db: Kysely<Database>, visibility: Scope, f: LeadFilters, now: Date) {
  const county = f.countyOrgId;
  let q = (
    county === undefined
      ? db.selectFrom('leads')
      : db
          .selectFrom('lead_counties as lc')
          .innerJoin('leads', 'leads.id', 'lc.lead_id')
          .where('lc.org_id', '=', county)
  ) as LeadQuery;
  q = visibleTo(q, visibility, f.stage);
  if (f.stage?.length)
    q = q.where(county === undefined ? 'leads.stage' : ('lc.stage' as 'leads.stage'), 'in', f.stage);
  if (f.channel?.length) q = q.where('leads.channel', 'in', f.channel);
  if (f.chainId !== undefined) q = q.where('leads.chain_id', '=', f.chainId);
  if (f.chainLinkId !== undefined) q = q.where('leads.chain_link_id', '=', f.chainLinkId);
  if (f.clusterId !== undefined) q = q.where(inClusterSql('lead', f.clusterId));
  if (f.industryCode) q = q.where(industryUnder('leads.industry_code', f.industryCode));
  if (f.minYuan !== undefined) q = q.where('leads.planned_investment_yuan', '>=', f.minYuan);
  if (f.maxYuan !== undefined) q = q.where('leads.planned_investment_yuan', '<=', f.maxYuan);
  const received = county === undefined ? 'leads.received_at' : ('lc.received_at' as 'leads.received_at');
  if (f.receivedFrom) q = q.where(received, '>=', new Date(startOfShanghaiDay(f.receivedFrom)).toISOString());
  if (f.receivedTo)
    q = q.where(received, '<', new Date(startOfShanghaiDay(addDays(f.receivedTo, 1))).toISOString());
  if (f.q) {
    const like = `%${f.q}%`;
    q = q.where((eb) =>
      eb.or([
        eb('leads.project_name', 'like', like),
        eb('leads.investor_name', 'like', like),
        eb('leads.referrer_name', 'like', like),
        eb('leads.code', 'like', like),
      ]),
    );
  }
  if (f.slaStatus) {
    const nowIso = shanghaiInstant(now);
    // Due soon: due by the last date the time-limit settings call "soon" (lastDueSoonDate), today
    // when the caller did not work it out.
    const until = f.dueSoonUntil ?? shanghaiDate(now);
    if (f.slaStatus === 'overdue') q = q.where('leads.waiting_due_at', '<=', nowIso);
    else if (f.slaStatus === 'due_soon')
      q = q.where('leads.waiting_due_at', '>', nowIso).where('leads.waiting_due_date', '<=', until);
    else q = q.where('leads.waiting_due_at', '>', nowIso).where('leads.waiting_due_date', '>', until);
  }
  return q;
}

const SORT_COLUMNS = {
  receivedAt: 'leads.received_at',
  plannedInvestmentYuan: 'leads.planned_investment_yuan',
  code: 'leads.code',
  dueAt: 'leads.waiting_due_at',
} as const;

export async function findLeads(
  db: Kysely<Database>,
  visibility: Scope,
  f: ListLeadsQuery & { dueSoonUntil?: string },
  now: Date,
): Promise<{ rows: LeadRow[]; total: number }> {
  if (!('all' in visibility) && f.countyOrgId === undefined) {
    return findForOrg(db, visibility.orgId, f, now);
  }
  const base = filtered(db, visibility, f, now);
  const byCountyOnly = f.countyOrgId !== undefined && 'all' in visibility && onlyStageAndPeriod(f);
  // With no filter but the stage the count is kept (stats/recordCounts.ts); a county's by stage and
  // period needs no lead rows at all: one index range.
  const total = await ledgerTotal(db, visibility, f, now, async () =>
    'all' in visibility && onlyStage(f)
      ? keptCount(db, f.countyOrgId === undefined ? 'lead' : 'lead_county', f.countyOrgId, f.stage)
      : byCountyOnly
        ? countByCounty(db, f)
        : countOf(base),
  );
  // By receipt or deadline within a county uses the copies in lead_counties: the index gives the order.
  const byCountyOrder = f.countyOrgId !== undefined && COUNTY_COPIES[f.sort] !== undefined;
  const rows = await ordered(base.selectAll('leads'), f, byCountyOrder)
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { rows, total };
}

/** No filter but the stage: the count is kept. */
function onlyStage(f: Partial<ListLeadsQuery>): boolean {
  return onlyStageAndPeriod(f) && !f.receivedFrom && !f.receivedTo;
}

/** No filter but stage and receipt period: a county's count is then an index range of lead_counties. */
function onlyStageAndPeriod(f: Partial<ListLeadsQuery>): boolean {
  return (
    !f.channel?.length &&
    !f.industryCode &&
    f.minYuan === undefined &&
    f.maxYuan === undefined &&
    !f.q &&
    !f.slaStatus &&
    f.clusterId === undefined &&
    f.chainId === undefined &&
    f.chainLinkId === undefined
  );
}

/** Orders a ledger query; leads with no deadline come last either way, on both databases. */
function ordered<Q extends LeadQuery>(
  q: Q,
  f: Pick<ListLeadsQuery, 'sort' | 'order'>,
  fromCounties: boolean,
): Q {
  // From lead_counties, its copies of the receipt and the deadline give the order by index.
  const copy = fromCounties ? COUNTY_COPIES[f.sort] : undefined;
  const column = copy ?? SORT_COLUMNS[f.sort];
  const id = copy ? ('lc.lead_id' as 'leads.id') : 'leads.id';
  const sorted =
    f.sort === 'dueAt'
      ? q.orderBy(column, (ob) => (f.order === 'asc' ? ob.asc() : ob.desc()).nullsLast())
      : q.orderBy(column, f.order);
  return sorted.orderBy(id, f.order) as Q;
}

/** The sort columns lead_counties keeps a copy of (stage and receipt by saveLead, deadline by triggers). */
const COUNTY_COPIES: Partial<
  Record<ListLeadsQuery['sort'], (typeof SORT_COLUMNS)[keyof typeof SORT_COLUMNS]>
> = {
  receivedAt: 'lc.received_at' as 'leads.received_at',
  dueAt: 'lc.waiting_due_at' as 'leads.waiting_due_at',
};

const countOf = async (q: ReturnType<typeof filtered>) =>
  Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

const SORT_VALUE: Record<ListLeadsQuery['sort'], (r: LeadRow) => string | number | null> = {
  receivedAt: (r) => r.received_at,
  plannedInvestmentYuan: (r) => Number(r.planned_investment_yuan),
  code: (r) => r.code,
  dueAt: (r) => r.waiting_due_at,
};

/**
 * One organisation's ledger (a county officer's): the leads it owns, plus those dispatched to it
 * that it does not own — two disjoint reads, each in index order and cut at the page's end, merged.
 * A test of every lead against "owned or dispatched" took 300 ms at a million leads.
 */
async function findForOrg(
  db: Kysely<Database>,
  orgId: number,
  f: ListLeadsQuery & { dueSoonUntil?: string },
  now: Date,
): Promise<{ rows: LeadRow[]; total: number }> {
  const all = { all: true } as const;
  const owned = filtered(db, all, f, now).where('leads.owner_org_id', '=', orgId);
  const dispatched = filtered(db, all, { ...f, countyOrgId: orgId }, now).where(
    'leads.owner_org_id',
    '!=',
    orgId,
  );
  // Dispatched and not owned = the index range of lead_counties less the few it also owns.
  const total = await ledgerTotal(db, { orgId }, f, now, async () =>
    onlyStage(f)
      ? Promise.all(
          (['lead', 'lead_county', 'lead_county_owned'] as const).map((kind) =>
            keptCount(db, kind, orgId, f.stage),
          ),
        ).then(([owned, copies, both]) => owned! + copies! - both!)
      : (await countOf(owned)) +
        (onlyStageAndPeriod(f)
          ? (await countByCounty(db, { ...f, countyOrgId: orgId })) -
            (await countOf(
              owned.where((eb) =>
                eb(
                  'leads.id',
                  'in',
                  eb.selectFrom('lead_counties').select('lead_id').where('org_id', '=', orgId),
                ),
              ),
            ))
          : await countOf(dispatched)),
  );
  const end = f.page * f.pageSize;
  const [a, b] = [
    await ordered(owned.selectAll('leads'), f, false).limit(end).execute(),
    await ordered(dispatched.selectAll('leads'), f, true).limit(end).execute(),
  ];
  // The same order as the SQL: by the sort value (no deadline last), then by id.
  const value = SORT_VALUE[f.sort];
  const sign = f.order === 'asc' ? 1 : -1;
  const rows = [...a, ...b].sort((x, y) => {
    const vx = value(x);
    const vy = value(y);
    if (vx !== vy) {
      if (vx === null) return 1;
      if (vy === null) return -1;
      return (vx < vy ? -1 : 1) * sign;
    }
    return (x.id - y.id) * sign;
  });
  return { rows: rows.slice((f.page - 1) * f.pageSize, end), total };
}

/**
 * A ledger's total (an exact count: 32 ms on PostgreSQL for the unfiltered million-lead ledger, the
 * landing page) from the statistics cache, under the data version every write of leads, their
 * dispatches, clocks and clusters bumps: a repeat view reads one version instead of counting. A
 * filter on the time limits' status moves with the clock, not with writes, so it is counted each time.
 */
async function ledgerTotal(
  db: Kysely<Database>,
  visibility: Scope,
  f: ListLeadsQuery & { dueSoonUntil?: string },
  now: Date,
  count: () => Promise<number>,
): Promise<number> {
  if (f.slaStatus || db.isTransaction) return count();
  const { page: _p, pageSize: _s, sort: _o, order: _d, dueSoonUntil: _u, ...filters } = f;
  return cachedStats(db, ['ledger-total', visibility, filters], now, count);
}

async function countByCounty(db: Kysely<Database>, f: Partial<ListLeadsQuery>): Promise<number> {
  let q = db.selectFrom('lead_counties').where('org_id', '=', f.countyOrgId!);
  if (f.stage?.length) q = q.where('stage', 'in', f.stage);
  if (f.receivedFrom)
    q = q.where('received_at', '>=', new Date(startOfShanghaiDay(f.receivedFrom)).toISOString());
  if (f.receivedTo)
    q = q.where('received_at', '<', new Date(startOfShanghaiDay(addDays(f.receivedTo, 1))).toISOString());
  const row = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countiesOf(db: Kysely<Database>, leadIds: number[]): Promise<Map<number, number[]>> {
  return (await countyCopies(db, leadIds)).counties;
}

/**
 * The leads' county copies in one read: the counties each was dispatched to, and which leads are new
 * to an organisation (dispatched to it and not yet opened there: the 新 mark, and markSeen).
 */
export async function countyCopies(db: Kysely<Database>, leadIds: number[]) {
  const counties = new Map<number, number[]>(leadIds.map((id) => [id, []]));
  const rows = leadIds.length
    ? await db
        .selectFrom('lead_counties')
        .select(['lead_id', 'org_id', 'seen_at'])
        .where('lead_id', 'in', leadIds)
        .orderBy('org_id')
        .execute()
    : [];
  for (const r of rows) counties.get(r.lead_id)?.push(r.org_id);
  return {
    counties,
    unseenBy: (orgId: number) =>
      new Set(rows.filter((r) => r.org_id === orgId && r.seen_at === null).map((r) => r.lead_id)),
  };
}

/**
 * Each lead's latest clock of each step (what a lead shows: its response, assessment, feedback and
 * the running or last progress report), not the history of every fortnight's report before it.
 */
export async function clocksOf(db: Kysely<Database>, leadIds: number[]): Promise<Map<number, SlaClockRow[]>> {
  const map = new Map<number, SlaClockRow[]>(leadIds.map((id) => [id, []]));
  if (!leadIds.length) return map;
  const rows = await db
    .selectFrom('sla_clocks')
    .selectAll()
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('sla_clocks')
        .select((e) => e.fn.max('id').as('id'))
        .where('entity_type', '=', 'lead')
        .where('entity_id', 'in', leadIds)
        .groupBy(['entity_id', 'step']),
    )
    .orderBy('id')
    .execute();
  for (const r of rows) map.get(r.entity_id)?.push(r);
  return map;
}

/**
 * Why a record looks like the registration's investor: the same credit code or the same name
 * (sameInvestorName) is the same investor, and asks before registering; the same trade name in
 * another place is a firm that may be related, shown apart and not blocking.
 */
export type DuplicateReason = 'credit_code' | 'investor_name' | 'related_name';
/** The reasons that make a registration ask before it goes ahead. */
export const SAME_INVESTOR: readonly DuplicateReason[] = ['credit_code', 'investor_name'];

function reasonOf(
  input: { creditCode?: string | null; investorName: string },
  other: { investor_credit_code: string | null; investor_name: string },
): DuplicateReason {
  if (input.creditCode && other.investor_credit_code === input.creditCode) return 'credit_code';
  return sameInvestorName(other.investor_name, input.investorName) ? 'investor_name' : 'related_name';
}

/** Open leads and projects that share the investor's credit code or trade name, each with its reason. */
export async function findDuplicateCandidates(
  db: Kysely<Database>,
  input: { creditCode?: string | null; investorName: string; excludeLeadId?: number },
) {
  const nameNorm = normalizeInvestorName(input.investorName);
  const leads = await db
    .selectFrom('leads')
    .select(['id', 'code', 'project_name', 'investor_name', 'stage', 'owner_org_id', 'investor_credit_code'])
    .where('stage', 'not in', ['signed', 'closed'])
    .where((eb) =>
      eb.or([
        eb('investor_name_norm', '=', nameNorm),
        ...(input.creditCode ? [eb('investor_credit_code', '=', input.creditCode)] : []),
      ]),
    )
    .$if(input.excludeLeadId !== undefined, (q) => q.where('id', '!=', input.excludeLeadId!))
    .limit(50)
    .execute();
  const projects = await db
    .selectFrom('projects')
    .select([
      'id',
      'code',
      'name',
      'investor_name',
      'stage',
      'county_org_id',
      'park_org_id',
      'investor_credit_code',
    ])
    .where((eb) =>
      eb.or([
        eb('investor_name_norm', '=', nameNorm),
        ...(input.creditCode ? [eb('investor_credit_code', '=', input.creditCode)] : []),
      ]),
    )
    .limit(50)
    .execute();
  return [
    ...leads.map((l) => ({
      type: 'lead' as const,
      id: l.id,
      code: l.code,
      name: l.project_name,
      investorName: l.investor_name,
      stage: l.stage,
      reason: reasonOf(input, l),
      ownerOrgId: l.owner_org_id,
    })),
    ...projects.map((p) => ({
      type: 'project' as const,
      id: p.id,
      code: p.code,
      name: p.name,
      investorName: p.investor_name,
      stage: p.stage,
      reason: reasonOf(input, p),
      project: { countyOrgId: p.county_org_id, parkOrgId: p.park_org_id },
    })),
  ];
}
