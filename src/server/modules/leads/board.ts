/** 一盘棋 (the city as one board): merging duplicates, deciding ownership, dismissing a flagged pair; clusters by hand. */
import { sql } from 'kysely';
import type { Context } from '../../auth/context.js';
import { AppError, invalidField, notFound } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { setRecordClusters } from '../clusters/service.js';
import { leadMerged } from '../notifications/events.js';
import { completeClock } from '../sla/clocks.js';
import { requireActiveOrg } from '../system/references.js';
import { countiesOf } from './queries.js';
import { addEvent, loadVisible, NOT_WAITING, saveLead } from './store.js';

/** 一盘棋: the city officer merges a duplicate into another lead; both histories stay. */
export async function mergeLead(ctx: Context, id: number, intoId: number, note?: string) {
  return ctx.db.transaction().execute(async (trx) => {
    if (id === intoId)
      throw invalidField('intoLeadId', { zh: '不能合并到自身', en: 'cannot merge a lead into itself' });
    const { row, countyOrgIds } = await loadVisible(trx, ctx.user, id, true);
    const { row: into } = await loadVisible(trx, ctx.user, intoId, true);
    for (const r of [row, into]) {
      if (r.stage === 'signed' || r.stage === 'closed') {
        throw new AppError('ILLEGAL_TRANSITION', { details: { leadId: r.id, stage: r.stage } });
      }
    }
    if (row.waiting_step)
      await completeClock(trx, {
        entityType: 'lead',
        entityId: id,
        step: row.waiting_step,
        completedAt: ctx.now,
      });
    await saveLead(
      trx,
      row,
      { stage: 'closed', closed_reason: `已合并至 ${into.code}`, merged_into_id: intoId, ...NOT_WAITING },
      ctx.now,
    );
    // The surviving lead also follows the counties the merged one was dispatched to.
    await sql`INSERT INTO lead_counties (lead_id, org_id, stage, received_at)
      SELECT ${intoId}, org_id, ${into.stage}, ${into.received_at} FROM lead_counties WHERE lead_id = ${id}
      AND org_id NOT IN (SELECT org_id FROM lead_counties WHERE lead_id = ${intoId})`.execute(trx);
    await saveLead(trx, into, {}, ctx.now);
    await trx
      .updateTable('lead_links')
      .set({ resolution: 'merged', resolved_at: ctx.now.toISOString() })
      .where((eb) =>
        eb.or([
          eb.and([eb('lead_id', '=', id), eb('other_type', '=', 'lead'), eb('other_id', '=', intoId)]),
          eb.and([eb('lead_id', '=', intoId), eb('other_type', '=', 'lead'), eb('other_id', '=', id)]),
        ]),
      )
      .execute();
    await addEvent(trx, ctx, id, 'merged_away', ctx.now, { intoLeadId: intoId, intoCode: into.code, note });
    await addEvent(trx, ctx, intoId, 'merged_in', ctx.now, { fromLeadId: id, fromCode: row.code, note });
    await leadMerged(
      trx,
      ctx,
      row,
      into,
      countyOrgIds,
      // The surviving lead now also goes to the merged one's counties.
      (await countiesOf(trx, [intoId])).get(intoId) ?? [],
    );
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'lead.merged',
      entityType: 'lead',
      entityId: id,
      after: { intoLeadId: intoId, note },
    });
  });
}

/** 一盘棋: the city officer decides which organisation owns a contested lead. */
export async function decideOwner(ctx: Context, id: number, ownerOrgId: number, note?: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const { row } = await loadVisible(trx, ctx.user, id, true);
    await requireActiveOrg(trx, ownerOrgId, 'ownerOrgId');
    await saveLead(trx, row, { owner_org_id: ownerOrgId }, ctx.now);
    await trx
      .updateTable('lead_links')
      .set({ resolution: 'owner_decided', resolved_at: ctx.now.toISOString() })
      .where('lead_id', '=', id)
      .where('resolution', 'is', null)
      .execute();
    await addEvent(trx, ctx, id, 'owner_decided', ctx.now, { from: row.owner_org_id, to: ownerOrgId, note });
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'lead.owner_decided',
      entityType: 'lead',
      entityId: id,
      before: { ownerOrgId: row.owner_org_id },
      after: { ownerOrgId, note },
    });
  });
}

/** The city officer decides a flagged pair is not the same investor after all. */
export async function dismissLink(ctx: Context, linkId: number) {
  return ctx.db.transaction().execute(async (trx) => {
    const link = await trx.selectFrom('lead_links').selectAll().where('id', '=', linkId).executeTakeFirst();
    if (!link || link.resolution) throw notFound();
    await trx
      .updateTable('lead_links')
      .set({ resolution: 'not_duplicate', resolved_at: ctx.now.toISOString() })
      .where('id', '=', linkId)
      .execute();
    await addEvent(trx, ctx, link.lead_id, 'duplicate_dismissed', ctx.now, {
      otherType: link.other_type,
      otherId: link.other_id,
    });
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'lead.duplicate_dismissed',
      entityType: 'lead',
      entityId: link.lead_id,
      after: { linkId },
    });
  });
}

/** The city officer corrects which clusters a lead belongs to. */
export async function setLeadClusters(ctx: Context, id: number, clusterIds: number[]) {
  return ctx.db.transaction().execute(async (trx) => {
    const { row, countyOrgIds } = await loadVisible(trx, ctx.user, id, true);
    const change = await setRecordClusters(
      trx,
      'lead',
      { id, industryCode: row.industry_code, orgIds: [row.owner_org_id, ...countyOrgIds] },
      clusterIds,
      ctx.now,
    );
    await saveLead(trx, row, {}, ctx.now);
    await addEvent(trx, ctx, id, 'clusters_set', ctx.now, change);
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'lead.clusters_set',
      entityType: 'lead',
      entityId: id,
      before: { clusterIds: change.before },
      after: { clusterIds: change.after },
    });
  });
}
