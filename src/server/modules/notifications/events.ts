/**
 * The notices of things people do, written in the transaction of the doing: a lead registered,
 * assigned, dispatched, re-dispatched or merged; a coordination issue raised or answered; a
 * project milestone moved back by the city. Who hears of it is decided here, and narrowed to who
 * may read the record by policies.ts.
 */
import type { Kysely } from 'kysely';
import { formatYuan } from '../../../core/money.js';
import type { Context } from '../../auth/context.js';
import { can } from '../../auth/policies.js';
import type { Database, LeadRow } from '../../db/tables.js';
import { leadResource } from '../leads/store.js';
import { enqueueForOrgs } from './deliveries.js';
import { groupReader } from './digests.js';
import { mayReadLead, mayReadProject, notify, principalsOf, usersWithRole } from './notify.js';

type Lead = Pick<
  LeadRow,
  'id' | 'code' | 'project_name' | 'planned_investment_yuan' | 'owner_org_id' | 'owner_user_id'
>;

const leadLine = (l: Lead) => `${l.project_name}（${formatYuan(l.planned_investment_yuan)}）`;

/** A new lead: the city center responds within a working day. */
export async function leadRegistered(
  trx: Kysely<Database>,
  ctx: Context,
  lead: Lead,
  countyOrgIds: number[],
) {
  const people = mayReadLead(await usersWithRole(trx, ['city_officer']), leadResource(lead, countyOrgIds));
  await notify(
    trx,
    people,
    {
      kind: 'lead.registered',
      title: `新线索：${lead.code} ${lead.project_name}`,
      body: `${ctx.user.displayName} 登记了 ${leadLine(lead)}，请在 1 个工作日内响应`,
      link: `/leads/${lead.id}`,
      entityType: 'lead',
      entityId: lead.id,
      dedupeKey: `lead:${lead.id}:registered`,
    },
    ctx.now,
    ctx.user.id,
  );
}

/** The response named an owner. */
export async function leadAssigned(
  trx: Kysely<Database>,
  ctx: Context,
  lead: Lead,
  countyOrgIds: number[],
  ownerUserId: number,
) {
  const people = mayReadLead(await principalsOf(trx, [ownerUserId]), leadResource(lead, countyOrgIds));
  await notify(
    trx,
    people,
    {
      kind: 'lead.assigned',
      title: `指定您跟进：${lead.code} ${lead.project_name}`,
      body: `${ctx.user.displayName} 指定您为 ${leadLine(lead)} 的跟进责任人`,
      link: `/leads/${lead.id}`,
      entityType: 'lead',
      entityId: lead.id,
      dedupeKey: null,
    },
    ctx.now,
    ctx.user.id,
  );
}

/**
 * Dispatched (or re-dispatched): the officers of every county it now goes to and its owner are
 * told; the counties newly given it also hear in their group, if their channel takes dispatches
 * and their group may read the lead.
 */
export async function leadDispatched(
  trx: Kysely<Database>,
  ctx: Context,
  lead: Lead,
  countyOrgIds: number[],
  added: number[],
  redispatch: boolean,
) {
  const resource = leadResource(lead, countyOrgIds);
  const officers = await usersWithRole(trx, ['county_officer'], countyOrgIds);
  const owner = lead.owner_user_id ? await principalsOf(trx, [lead.owner_user_id]) : [];
  const names = await orgNames(trx, countyOrgIds);
  const kind = redispatch ? 'lead.redispatched' : 'lead.dispatched';
  const title = `${redispatch ? '线索重新分派' : '线索分派'}：${lead.code} ${lead.project_name}`;
  const body = `${leadLine(lead)} 已分派至 ${names}，请按期报送跟进进展`;
  await notify(
    trx,
    mayReadLead([...officers, ...owner], resource),
    { kind, title, body, link: `/leads/${lead.id}`, entityType: 'lead', entityId: lead.id, dedupeKey: null },
    ctx.now,
    ctx.user.id,
  );
  for (const orgId of added) {
    if (!can(await groupReader(trx, orgId), 'lead.read', resource)) continue;
    await enqueueForOrgs(trx, [orgId], 'dispatch', {
      title,
      markdown: `**${lead.code}** ${body}`,
      link: `/leads/${lead.id}`,
      dedupeKey: `dispatch:${lead.id}:${ctx.now.toISOString()}`,
      now: ctx.now,
    });
  }
}

/** Merged into another lead: the owners and counties of both. */
export async function leadMerged(
  trx: Kysely<Database>,
  ctx: Context,
  lead: Lead,
  into: Lead,
  countyOrgIds: number[],
  intoCountyOrgIds: number[],
) {
  const officers = await usersWithRole(
    trx,
    ['county_officer'],
    [...new Set([...countyOrgIds, ...intoCountyOrgIds])],
  );
  const owners = await principalsOf(
    trx,
    [lead.owner_user_id, into.owner_user_id].filter((x): x is number => x !== null),
  );
  const people = mayReadLead([...officers, ...owners], leadResource(into, intoCountyOrgIds));
  await notify(
    trx,
    people,
    {
      kind: 'lead.merged',
      title: `线索合并：${lead.code} 并入 ${into.code}`,
      body: `${lead.project_name} 已并入 ${into.project_name}，后续在 ${into.code} 跟进`,
      link: `/leads/${into.id}`,
      entityType: 'lead',
      entityId: into.id,
      dedupeKey: null,
    },
    ctx.now,
    ctx.user.id,
  );
}

interface ProjectRef {
  id: number;
  code: string;
  name: string;
  county_org_id: number;
  park_org_id: number | null;
}

const projectResourceOf = (p: ProjectRef) => ({ countyOrgId: p.county_org_id, parkOrgId: p.park_org_id });

/** The project's own officers: its county's and its park's. */
async function projectOfficers(trx: Kysely<Database>, p: ProjectRef) {
  const orgs = [p.county_org_id, ...(p.park_org_id ? [p.park_org_id] : [])];
  return mayReadProject(await usersWithRole(trx, ['county_officer'], orgs), projectResourceOf(p));
}

/** A coordination issue raised: the city center answers it. */
export async function issueRaised(
  trx: Kysely<Database>,
  ctx: Context,
  p: ProjectRef,
  issueId: number,
  text: string,
  dueDate: string,
) {
  const people = mayReadProject(await usersWithRole(trx, ['city_officer']), projectResourceOf(p));
  await notify(
    trx,
    [...people, ...(await projectOfficers(trx, p))],
    {
      kind: 'issue.raised',
      title: `协调事项：${p.code} ${p.name}`,
      body: `${ctx.user.displayName}：${text.slice(0, 120)}（答复时限 ${dueDate}）`,
      link: `/projects/${p.id}`,
      entityType: 'issue',
      entityId: issueId,
      dedupeKey: `issue:${issueId}:raised`,
    },
    ctx.now,
    ctx.user.id,
  );
}

/** Answered: whoever raised it and the project's officers. */
export async function issueAnswered(
  trx: Kysely<Database>,
  ctx: Context,
  p: ProjectRef,
  issueId: number,
  raisedByUserId: number,
  answer: string,
) {
  const raiser = mayReadProject(await principalsOf(trx, [raisedByUserId]), projectResourceOf(p));
  await notify(
    trx,
    [...raiser, ...(await projectOfficers(trx, p))],
    {
      kind: 'issue.answered',
      title: `协调事项已答复：${p.code} ${p.name}`,
      body: answer.slice(0, 160),
      link: `/projects/${p.id}`,
      entityType: 'issue',
      entityId: issueId,
      dedupeKey: `issue:${issueId}:answered`,
    },
    ctx.now,
    ctx.user.id,
  );
}

/** The city moved a milestone back: the project's officers hear why. */
export async function milestoneReverted(
  trx: Kysely<Database>,
  ctx: Context,
  p: ProjectRef,
  from: string,
  to: string,
  reason: string,
) {
  await notify(
    trx,
    await projectOfficers(trx, p),
    {
      kind: 'milestone.reverted',
      title: `项目节点被退回：${p.code} ${p.name}`,
      body: `${ctx.user.displayName} 将阶段由“${from}”退回“${to}”，原因：${reason}`,
      link: `/projects/${p.id}`,
      entityType: 'project',
      entityId: p.id,
      dedupeKey: null,
    },
    ctx.now,
    ctx.user.id,
  );
}

async function orgNames(trx: Kysely<Database>, ids: number[]) {
  if (!ids.length) return '';
  const rows = await trx.selectFrom('orgs').select(['id', 'name']).where('id', 'in', ids).execute();
  return ids.map((id) => rows.find((r) => r.id === id)?.name ?? String(id)).join('、');
}
