/**
 * The lead row store: load a lead the user may see (404 otherwise), write its new state under its
 * version, add a timeline event, start the clock of the step it now waits for.
 */
import type { Kysely } from 'kysely';
import { type LeadClock, policyStepOf } from '../../../core/leads/stages.js';
import type { Context } from '../../auth/context.js';
import { can, type LeadResource, type Principal } from '../../auth/policies.js';
import { isPostgres } from '../../db/dialect.js';
import type { Database, LeadRow } from '../../db/tables.js';
import { updateVersioned } from '../../db/versioned.js';
import { notFound } from '../../errors.js';
import { currentCalendar } from '../calendar/store.js';
import { startClock } from '../sla/clocks.js';
import { countiesOf, countyCopies } from './queries.js';

export interface VisibleLead {
  row: LeadRow;
  countyOrgIds: number[];
  resource: LeadResource;
}

/** The lead as the rules see it. */
export function leadResource(
  row: Pick<LeadRow, 'owner_org_id'>,
  countyOrgIds: readonly number[],
): LeadResource {
  return { ownerOrgId: row.owner_org_id, countyOrgIds };
}

/** Loads a lead the user may see, or answers 404 as if it did not exist. */
export async function loadVisible(
  trx: Kysely<Database>,
  user: Principal,
  id: number,
  lock = false,
): Promise<VisibleLead> {
  let q = trx.selectFrom('leads').selectAll().where('id', '=', id);
  if (lock && isPostgres(trx)) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound();
  const countyOrgIds = (await countiesOf(trx, [id])).get(id) ?? [];
  const resource = leadResource(row, countyOrgIds);
  if (!can(user, 'lead.read', resource)) throw notFound();
  return { row, countyOrgIds, resource };
}

export async function addEvent(
  trx: Kysely<Database>,
  ctx: Pick<Context, 'user' | 'now'>,
  leadId: number,
  type: string,
  at: Date,
  data: unknown,
) {
  await trx
    .insertInto('lead_events')
    .values({
      lead_id: leadId,
      type,
      at: at.toISOString(),
      recorded_at: ctx.now.toISOString(),
      user_id: ctx.user.id,
      user_name: ctx.user.displayName,
      data: JSON.stringify(data ?? {}),
    })
    .execute();
}

/** Writes the lead's new state if nobody changed it meanwhile; otherwise 409 and nothing changes. */
export async function saveLead(trx: Kysely<Database>, row: LeadRow, changes: Partial<LeadRow>, now: Date) {
  await updateVersioned(trx, 'leads', row.id, row.version, { ...changes, updated_at: now.toISOString() });
  // The copies in lead_counties follow the stage and receipt only when those change (a progress
  // report, the most common step, changes neither).
  const stageChanged = changes.stage !== undefined && changes.stage !== row.stage;
  const receiptChanged = changes.received_at !== undefined && changes.received_at !== row.received_at;
  if (stageChanged || receiptChanged) {
    await trx
      .updateTable('lead_counties')
      .set({ stage: changes.stage ?? row.stage, received_at: changes.received_at ?? row.received_at })
      .where('lead_id', '=', row.id)
      .execute();
  }
}

/** Starts the clock of the step the lead now waits for and returns its copy for the lead row. */
export async function startWaiting(trx: Kysely<Database>, lead: LeadRow, step: LeadClock, at: Date) {
  const calendar = await currentCalendar(trx);
  const policyStep = policyStepOf(step, lead.is_major === 1);
  const clock = await startClock(trx, calendar, {
    entityType: 'lead',
    entityId: lead.id,
    step,
    policyStep,
    startedAt: at,
  });
  return { waiting_step: step, waiting_due_at: clock.due_at, waiting_due_date: clock.due_date };
}

export const NOT_WAITING = { waiting_step: null, waiting_due_at: null, waiting_due_date: null };

/**
 * The county has now seen the lead dispatched to it: no longer marked 新 (the first opening counts).
 * Read first, so the many openings after the first take no write lock.
 */
export async function markSeen(db: Kysely<Database>, orgId: number, leadId: number, now: Date) {
  if (!(await countyCopies(db, [leadId])).unseenBy(orgId).has(leadId)) return;
  await db
    .updateTable('lead_counties')
    .set({ seen_at: now.toISOString() })
    .where('lead_id', '=', leadId)
    .where('org_id', '=', orgId)
    .where('seen_at', 'is', null)
    .execute();
}
