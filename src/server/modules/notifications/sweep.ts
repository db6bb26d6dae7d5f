/**
 * The deadline sweep: clocks coming due and clocks past due, announced once each to whom they
 * concern. It reads only the open clocks not yet announced as overdue that fall due by the last
 * due-soon day, through migration 0014's partial index (completed clocks, and those announced,
 * are not in it): a sweep never scans the leads, and once a clock is announced it drops out.
 */
import type { Kysely } from 'kysely';
import { shanghaiInstant } from '../../../core/calendar/dates.js';
import { lastDueSoonDate, stepLabel } from '../../../core/sla.js';
import { can } from '../../auth/policies.js';
import type { Database } from '../../db/tables.js';
import { currentCalendar } from '../calendar/store.js';
import { countiesOf } from '../leads/queries.js';
import { leadResource } from '../leads/store.js';
import { readPolicies } from '../sla/policies.js';
import {
  mayReadLead,
  mayReadProject,
  type Notice,
  notifyMany,
  principalsOf,
  type Recipient,
  usersWithRole,
} from './notify.js';

/** Clocks read per round; a sweep goes round until none is left to announce. */
const SWEEP_BATCH = 2000;

/**
 * A step overdue longer than this when first seen (a ledger just imported, a server long stopped)
 * is marked announced without a notice: its owner would get a flood of old news; the daily
 * overdue lists carry it.
 */
export const STALE_OVERDUE_DAYS = 7;

/** Due-soon notices wait for the working morning (08:00 in Jiangmen), not the stroke of midnight. */
export const MORNING_HOUR = 8;

export interface SweepResult {
  clocks: number;
  dueSoon: number;
  overdue: number;
  /** Overdue longer than STALE_OVERDUE_DAYS when first seen: marked without a notice. */
  stale: number;
  notifications: number;
}

type ClockCandidate = {
  id: number;
  entity_type: string;
  entity_id: number;
  step: string;
  due_at: string;
  due_date: string;
  announced: number;
};

export async function sweepDeadlines(trx: Kysely<Database>, now: Date): Promise<SweepResult> {
  const [calendar, policies] = await Promise.all([currentCalendar(trx), readPolicies(trx)]);
  const until = lastDueSoonDate(now, calendar, policies.dueSoonWorkingHours);
  const nowAt = Date.parse(shanghaiInstant(now));
  const staleBefore = nowAt - STALE_OVERDUE_DAYS * 86_400_000;
  const morning = Number(shanghaiInstant(now).slice(11, 13)) >= MORNING_HOUR;
  const result: SweepResult = { clocks: 0, dueSoon: 0, overdue: 0, stale: 0, notifications: 0 };
  const cityOfficers = await usersWithRole(trx, ['city_officer']);
  // Keyset pages in the index's own order (due date, then id): each page an index range.
  let after = { date: '', id: 0 };
  for (;;) {
    const clocks: ClockCandidate[] = await trx
      .selectFrom('sla_clocks')
      .select(['id', 'entity_type', 'entity_id', 'step', 'due_at', 'due_date', 'announced'])
      .where('completed_at', 'is', null)
      .where('announced', '<', 2)
      .where('due_date', '<=', until)
      .where('due_date', '>=', after.date)
      .where((eb) => eb.or([eb('due_date', '>', after.date), eb('id', '>', after.id)]))
      .orderBy('due_date')
      .orderBy('id')
      .limit(SWEEP_BATCH)
      .execute();
    if (!clocks.length) break;
    const last = clocks[clocks.length - 1]!;
    after = { date: last.due_date, id: last.id };
    const late = clocks.filter((c) => Date.parse(c.due_at) <= nowAt);
    const overdue = late.filter((c) => Date.parse(c.due_at) > staleBefore);
    const dueSoon = morning ? clocks.filter((c) => c.announced === 0 && Date.parse(c.due_at) > nowAt) : [];
    result.clocks += clocks.length;
    if (!late.length && !dueSoon.length) continue;
    const items = [
      ...(await leadNotices(trx, overdue, dueSoon, cityOfficers)),
      ...(await issueNotices(trx, overdue, dueSoon, cityOfficers)),
      ...(await monthNotices(trx, overdue, dueSoon)),
      ...(await tripNotices(trx, overdue, dueSoon)),
    ];
    result.notifications += await notifyMany(trx, items, now);
    for (const [list, announced] of [
      [late, 2],
      [dueSoon, 1],
    ] as const) {
      for (let i = 0; i < list.length; i += 500)
        await trx
          .updateTable('sla_clocks')
          .set({ announced })
          .where(
            'id',
            'in',
            list.slice(i, i + 500).map((c) => c.id),
          )
          .execute();
    }
    result.overdue += overdue.length;
    result.stale += late.length - overdue.length;
    result.dueSoon += dueSoon.length;
  }
  return result;
}

/** The clocks of one kind of record, each with whether it is overdue (else due soon). */
const ofType = (type: string, overdue: ClockCandidate[], dueSoon: ClockCandidate[]) => [
  ...overdue.filter((c) => c.entity_type === type).map((c) => ({ c, late: true })),
  ...dueSoon.filter((c) => c.entity_type === type).map((c) => ({ c, late: false })),
];

const stepName = (step: string) => stepLabel(step, 'zh');

async function leadNotices(
  trx: Kysely<Database>,
  overdue: ClockCandidate[],
  dueSoon: ClockCandidate[],
  cityOfficers: Recipient[],
) {
  const clocks = ofType('lead', overdue, dueSoon);
  if (!clocks.length) return [];
  const ids = [...new Set(clocks.map((x) => x.c.entity_id))];
  const leads = new Map(
    (
      await trx
        .selectFrom('leads')
        .select(['id', 'code', 'project_name', 'owner_user_id', 'owner_org_id'])
        .where('id', 'in', ids)
        .execute()
    ).map((l) => [l.id, l]),
  );
  const counties = await countiesOf(trx, ids);
  const countyOrgs = [...new Set([...counties.values()].flat())];
  const countyOfficers = await usersWithRole(trx, ['county_officer'], countyOrgs);
  const owners = new Map(
    (
      await principalsOf(
        trx,
        [...leads.values()].flatMap((l) => (l.owner_user_id ? [l.owner_user_id] : [])),
      )
    ).map((p) => [p.id, p]),
  );
  const items: { person: Recipient; notice: Notice }[] = [];
  for (const { c, late } of clocks) {
    const lead = leads.get(c.entity_id);
    if (!lead) continue;
    const dispatched = counties.get(lead.id) ?? [];
    const owner = lead.owner_user_id ? owners.get(lead.owner_user_id) : undefined;
    // The progress report is the dispatched counties' work; every other step the owner's, or the
    // city center's while the lead has no owner yet.
    const candidates =
      c.step === 'progress'
        ? [...countyOfficers.filter((p) => dispatched.includes(p.orgId)), ...(owner ? [owner] : [])]
        : owner
          ? [owner]
          : cityOfficers;
    const kind = late ? 'step.overdue' : c.step === 'progress' ? 'progress.due' : 'step.due_soon';
    const notice: Notice = {
      kind,
      title: late
        ? `超期：${lead.code} ${stepName(c.step)}`
        : `${c.step === 'progress' ? '进展报送' : stepName(c.step)}临期：${lead.code}`,
      body: `${lead.project_name}：${stepName(c.step)}时限 ${shanghaiInstant(c.due_at).slice(0, 16).replace('T', ' ')}${late ? '，已超期' : '，即将到期'}`,
      link: `/leads/${lead.id}`,
      entityType: 'lead',
      entityId: lead.id,
      dedupeKey: `clock:${c.id}:${late ? 'overdue' : 'soon'}`,
    };
    for (const person of mayReadLead(candidates, leadResource(lead, dispatched)))
      items.push({ person, notice });
  }
  return items;
}

async function issueNotices(
  trx: Kysely<Database>,
  overdue: ClockCandidate[],
  dueSoon: ClockCandidate[],
  cityOfficers: Recipient[],
) {
  const clocks = ofType('issue', overdue, dueSoon);
  if (!clocks.length) return [];
  const issues = new Map(
    (
      await trx
        .selectFrom('coordination_issues')
        .innerJoin('projects', 'projects.id', 'coordination_issues.project_id')
        .select([
          'coordination_issues.id',
          'coordination_issues.raised_by_user_id',
          'coordination_issues.description',
          'projects.id as project_id',
          'projects.code',
          'projects.name',
          'projects.county_org_id',
          'projects.park_org_id',
        ])
        .where(
          'coordination_issues.id',
          'in',
          clocks.map((x) => x.c.entity_id),
        )
        .execute()
    ).map((i) => [i.id, i]),
  );
  const raisers = new Map(
    (
      await principalsOf(
        trx,
        [...issues.values()].flatMap((i) => (i.raised_by_user_id ? [i.raised_by_user_id] : [])),
      )
    ).map((p) => [p.id, p]),
  );
  const items: { person: Recipient; notice: Notice }[] = [];
  for (const { c, late } of clocks) {
    const issue = issues.get(c.entity_id);
    if (!issue) continue;
    const raiser = issue.raised_by_user_id ? raisers.get(issue.raised_by_user_id) : undefined;
    // The city center answers coordination issues; whoever raised it follows it.
    const candidates = [...cityOfficers, ...(raiser ? [raiser] : [])];
    const notice: Notice = {
      kind: late ? 'issue.overdue' : 'step.due_soon',
      title: `${late ? '协调事项超期' : '协调事项临期'}：${issue.code}`,
      body: `${issue.name}：${issue.description.slice(0, 80)}（答复时限 ${c.due_date}）`,
      link: `/projects/${issue.project_id}`,
      entityType: 'issue',
      entityId: issue.id,
      dedupeKey: `clock:${c.id}:${late ? 'overdue' : 'soon'}`,
    };
    const project = { countyOrgId: issue.county_org_id, parkOrgId: issue.park_org_id };
    for (const person of mayReadProject(candidates, project)) items.push({ person, notice });
  }
  return items;
}

/** A project's monthly report: the officers of its county (or park) report it. */
async function monthNotices(trx: Kysely<Database>, overdue: ClockCandidate[], dueSoon: ClockCandidate[]) {
  const clocks = ofType('project', overdue, dueSoon);
  if (!clocks.length) return [];
  const projects = new Map(
    (
      await trx
        .selectFrom('projects')
        .select(['id', 'code', 'name', 'county_org_id', 'park_org_id'])
        .where(
          'id',
          'in',
          clocks.map((x) => x.c.entity_id),
        )
        .execute()
    ).map((p) => [p.id, p]),
  );
  const orgs = [
    ...new Set([...projects.values()].flatMap((p) => [p.county_org_id, p.park_org_id ?? p.county_org_id])),
  ];
  const officers = await usersWithRole(trx, ['county_officer'], orgs);
  const items: { person: Recipient; notice: Notice }[] = [];
  for (const { c, late } of clocks) {
    const project = projects.get(c.entity_id);
    if (!project) continue;
    const notice: Notice = {
      kind: late ? 'step.overdue' : 'month.due',
      title: `${stepName(c.step)}${late ? '超期' : '临期'}：${project.code}`,
      body: `${project.name}：${stepName(c.step)}时限 ${c.due_date}${late ? '，已超期' : '，即将到期'}`,
      link: `/projects/${project.id}`,
      entityType: 'project',
      entityId: project.id,
      dedupeKey: `clock:${c.id}:${late ? 'overdue' : 'soon'}`,
    };
    const resource = { countyOrgId: project.county_org_id, parkOrgId: project.park_org_id };
    for (const person of mayReadProject(officers, resource)) items.push({ person, notice });
  }
  return items;
}

/** A trip's report: whoever planned it and the officers of its organisation who may log into it. */
async function tripNotices(trx: Kysely<Database>, overdue: ClockCandidate[], dueSoon: ClockCandidate[]) {
  const clocks = ofType('trip', overdue, dueSoon);
  if (!clocks.length) return [];
  const trips = new Map(
    (
      await trx
        .selectFrom('trips')
        .select(['id', 'title', 'org_id', 'created_by_user_id'])
        .where(
          'id',
          'in',
          clocks.map((x) => x.c.entity_id),
        )
        .execute()
    ).map((t) => [t.id, t]),
  );
  const officers = await usersWithRole(
    trx,
    ['county_officer', 'referrer', 'city_officer'],
    [...new Set([...trips.values()].map((t) => t.org_id))],
  );
  const items: { person: Recipient; notice: Notice }[] = [];
  for (const { c, late } of clocks) {
    const trip = trips.get(c.entity_id);
    if (!trip) continue;
    const notice: Notice = {
      kind: late ? 'step.overdue' : 'step.due_soon',
      title: `${stepName(c.step)}${late ? '超期' : '临期'}：${trip.title}`,
      body: `${trip.title}：${stepName(c.step)}时限 ${c.due_date}${late ? '，已超期' : '，即将到期'}`,
      link: `/trips/${trip.id}`,
      entityType: 'trip',
      entityId: trip.id,
      dedupeKey: `clock:${c.id}:${late ? 'overdue' : 'soon'}`,
    };
    for (const person of officers.filter((p) => can(p, 'visit.record', { orgId: trip.org_id })))
      items.push({ person, notice });
  }
  return items;
}
