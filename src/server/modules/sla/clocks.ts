/**
 * Running time limits. A clock copies the policy in force when it starts, so a later policy change
 * never rewrites history; a calendar edit recomputes open clocks only; a completed clock keeps the
 * verdict it had when it was completed.
 */
import type { Kysely } from 'kysely';
import type { DeadlineUnit, WorkCalendar } from '../../../core/calendar/calendar.js';
import { type ClockState, type SlaStep, type StepView, stepStatus } from '../../../core/sla.js';
import type { Database, SlaClockRow } from '../../db/tables.js';
import { policyFor } from './policies.js';

export interface ClockRef {
  entityType: string;
  entityId: number;
  /** The step the record is in (assessment for a major lead uses the assessment_major policy). */
  step: string;
}

export async function startClock(
  trx: Kysely<Database>,
  calendar: WorkCalendar,
  ref: ClockRef & { policyStep: SlaStep; startedAt: Date },
): Promise<SlaClockRow> {
  const policy = await policyFor(trx, ref.policyStep);
  const due = calendar.deadline(ref.startedAt, policy.amount, policy.unit);
  return trx
    .insertInto('sla_clocks')
    .values({
      entity_type: ref.entityType,
      entity_id: ref.entityId,
      step: ref.step,
      policy_step: ref.policyStep,
      amount: policy.amount,
      unit: policy.unit,
      started_at: ref.startedAt.toISOString(),
      due_date: due.dueDate,
      due_at: due.dueAt,
      provisional: due.provisional ? 1 : 0,
      completed_at: null,
      verdict: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Stops the open clock of a step and fixes its verdict. Returns null when none was running. */
export async function completeClock(
  trx: Kysely<Database>,
  ref: ClockRef & { completedAt: Date },
): Promise<SlaClockRow | null> {
  const open = await trx
    .selectFrom('sla_clocks')
    .selectAll()
    .where('entity_type', '=', ref.entityType)
    .where('entity_id', '=', ref.entityId)
    .where('step', '=', ref.step)
    .where('completed_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!open) return null;
  const verdict = ref.completedAt.getTime() < Date.parse(open.due_at) ? 'met' : 'met_late';
  await trx
    .updateTable('sla_clocks')
    .set({ completed_at: ref.completedAt.toISOString(), verdict })
    .where('id', '=', open.id)
    .execute();
  return { ...open, completed_at: ref.completedAt.toISOString(), verdict };
}

/** After a calendar edit: every open clock's deadline again, from its own start and policy. */
export async function recomputeOpenClocks(trx: Kysely<Database>, calendar: WorkCalendar): Promise<number> {
  const open = await trx.selectFrom('sla_clocks').selectAll().where('completed_at', 'is', null).execute();
  let changed = 0;
  for (const clock of open) {
    const due = calendar.deadline(clock.started_at, clock.amount, clock.unit as DeadlineUnit);
    if (due.dueDate === clock.due_date && (due.provisional ? 1 : 0) === clock.provisional) continue;
    await trx
      .updateTable('sla_clocks')
      .set({ due_date: due.dueDate, due_at: due.dueAt, provisional: due.provisional ? 1 : 0 })
      .where('id', '=', clock.id)
      .execute();
    // The copies kept for list filters follow the clock.
    if (clock.entity_type === 'lead') {
      await trx
        .updateTable('leads')
        .set({ waiting_due_at: due.dueAt, waiting_due_date: due.dueDate })
        .where('id', '=', clock.entity_id)
        .where('waiting_step', '=', clock.step)
        .execute();
    } else if (clock.entity_type === 'issue') {
      await trx
        .updateTable('coordination_issues')
        .set({ due_at: due.dueAt, due_date: due.dueDate })
        .where('id', '=', clock.entity_id)
        .execute();
    }
    changed++;
  }
  return changed;
}

export interface ClockView extends StepView {
  startedAt: string | null;
  dueDate: string | null;
  dueAt: string | null;
  completedAt: string | null;
  provisional: boolean;
  policy: { step: string; amount: number; unit: string } | null;
}

export function presentClock(
  row: SlaClockRow | undefined,
  calendar: WorkCalendar,
  now: Date,
  dueSoonWorkingHours: number,
): ClockView {
  const state: ClockState = {
    startedAt: row?.started_at ?? null,
    dueDate: row?.due_date ?? null,
    dueAt: row?.due_at ?? null,
    completedAt: row?.completed_at ?? null,
    verdict: (row?.verdict as ClockState['verdict']) ?? null,
  };
  return {
    startedAt: state.startedAt,
    dueDate: state.dueDate,
    dueAt: state.dueAt,
    completedAt: state.completedAt,
    provisional: row?.provisional === 1,
    policy: row ? { step: row.policy_step, amount: row.amount, unit: row.unit } : null,
    ...stepStatus(state, now, calendar, dueSoonWorkingHours),
  };
}
