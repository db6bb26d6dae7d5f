/** One lead as its page shows it: clocks, timeline, the duplicates and the project the reader may see. */
import type { LeadDetailDto } from '../../../core/api/leads.js';
import { type LeadStage, possibleSteps } from '../../../core/leads/stages.js';
import type { Context } from '../../auth/context.js';
import { authorize, can, type LeadResource, type Principal } from '../../auth/policies.js';
import type { LeadRow } from '../../db/tables.js';
import { recordAudit } from '../audit/record.js';
import { currentCalendar } from '../calendar/store.js';
import { chainLinkLabel } from '../chains/service.js';
import { effectiveClusters } from '../clusters/service.js';
import { readPolicies } from '../sla/policies.js';
import { presentLead } from './presenter.js';
import { clocksOf, countiesOf } from './queries.js';
import { leadResource, loadVisible } from './store.js';

export async function getLead(ctx: Pick<Context, 'db' | 'user' | 'now'>, id: number): Promise<LeadDetailDto> {
  const { row, countyOrgIds, resource } = await loadVisible(ctx.db, ctx.user, id);
  const [clocks, events, links, project, policies, calendar, chainLink] = await Promise.all([
    clocksOf(ctx.db, [id]),
    ctx.db.selectFrom('lead_events').selectAll().where('lead_id', '=', id).orderBy('id').execute(),
    ctx.db.selectFrom('lead_links').selectAll().where('lead_id', '=', id).orderBy('id').execute(),
    row.project_id
      ? ctx.db.selectFrom('projects').selectAll().where('id', '=', row.project_id).executeTakeFirst()
      : Promise.resolve(undefined),
    readPolicies(ctx.db),
    currentCalendar(ctx.db),
    chainLinkLabel(ctx.db, row.chain_link_id),
  ]);
  const clusterIds =
    (
      await effectiveClusters(ctx.db, 'lead', [
        { id, industryCode: row.industry_code, orgIds: [row.owner_org_id, ...countyOrgIds] },
      ])
    ).get(id) ?? [];
  const lead = presentLead(row, {
    countyOrgIds,
    clusterIds,
    clocks: clocks.get(id) ?? [],
    calendar,
    now: ctx.now,
    dueSoonWorkingHours: policies.dueSoonWorkingHours,
  });
  // The signed project is shown by the project rule (county or park), not by the lead's.
  const projectVisible =
    project !== undefined &&
    can(ctx.user, 'project.read', { countyOrgId: project.county_org_id, parkOrgId: project.park_org_id });
  return {
    ...lead,
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      at: e.at,
      recordedAt: e.recorded_at,
      userId: e.user_id,
      userName: e.user_name,
      data: JSON.parse(e.data),
    })),
    duplicates: await visibleLinks(ctx, links),
    project: projectVisible
      ? { id: project.id, code: project.code, name: project.name, stage: project.stage }
      : null,
    allowedActions: allowedActions(ctx.user, row, resource),
    chainLink,
    contactRevealable: row.referrer_phone !== null && can(ctx.user, 'lead.contact', resource),
  };
}

/**
 * The referrer's full phone number for one who follows the lead (policies 'lead.contact'); a reader
 * who does not gets 403, one who may not see the lead 404. Every reveal is audited.
 */
export async function revealContact(ctx: Context, id: number): Promise<string | null> {
  const { row, resource } = await loadVisible(ctx.db, ctx.user, id);
  authorize(ctx.user, 'lead.contact', resource);
  await ctx.db.transaction().execute((trx) =>
    recordAudit(trx, ctx.actor, ctx.now, {
      action: 'lead.contact_revealed',
      entityType: 'lead',
      entityId: id,
      after: { field: 'referrer.phone' },
    }),
  );
  return row.referrer_phone;
}

type LinkRow = {
  id: number;
  other_type: string;
  other_id: number;
  reason: string;
  resolution: string | null;
};

/** Links to possible duplicates, showing only what this user may see. */
async function visibleLinks(ctx: Pick<Context, 'db' | 'user'>, links: LinkRow[]) {
  const out: LeadDetailDto['duplicates'] = [];
  for (const l of links) {
    const base = { linkId: l.id, id: l.other_id, reason: l.reason, resolution: l.resolution };
    if (l.other_type === 'lead') {
      const other = await ctx.db
        .selectFrom('leads')
        .select(['id', 'code', 'project_name', 'owner_org_id', 'stage'])
        .where('id', '=', l.other_id)
        .executeTakeFirst();
      if (!other) continue;
      const counties = (await countiesOf(ctx.db, [other.id])).get(other.id) ?? [];
      if (!can(ctx.user, 'lead.read', leadResource(other, counties))) continue;
      out.push({ ...base, type: 'lead', code: other.code, name: other.project_name, stage: other.stage });
    } else {
      const other = await ctx.db
        .selectFrom('projects')
        .select(['id', 'code', 'name', 'county_org_id', 'park_org_id', 'stage'])
        .where('id', '=', l.other_id)
        .executeTakeFirst();
      if (!other) continue;
      if (!can(ctx.user, 'project.read', { countyOrgId: other.county_org_id, parkOrgId: other.park_org_id }))
        continue;
      out.push({ ...base, type: 'project', code: other.code, name: other.name, stage: other.stage });
    }
  }
  return out;
}

/** The steps this user may take now (the state machine of core/leads/stages.ts), and edit. */
export function allowedActions(
  user: Principal,
  row: LeadRow,
  resource: LeadResource,
): LeadDetailDto['allowedActions'] {
  const stage = row.stage as LeadStage;
  const steps = possibleSteps(stage, row.decision === 'decline', (permission) =>
    can(user, permission, resource),
  );
  const editable = can(user, 'lead.update', resource) && stage !== 'signed' && stage !== 'closed';
  return [...steps, ...(editable ? (['edit'] as const) : [])];
}
