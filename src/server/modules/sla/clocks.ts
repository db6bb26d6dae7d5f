/**
 * Running time limits. A clock copies the policy in force when it starts, so a later policy change
 * never rewrites history; a calendar edit recomputes open clocks only; a completed clock keeps the
 * verdict it had when it was completed.
 */
import { type Kysely, sql } from 'kysely';
import type { DeadlineUnit, WorkCalendar } from '../../../core/calendar/calendar.js';
import { type ClockState, type SlaStep, type StepView, stepStatus } from '../../../core/sla.js';
import { isPostgres } from '../../db/dialect.js';
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

/** Rows per statement of a recomputation's writes (4 parameters a row, under both databases' limits). */
const RECOMPUTE_ROWS = 1000;

/**
 * After a calendar edit: the deadline of every open clock the edit can move, from its own start and
 * policy. A day's kind only matters to a clock due on or after it, so `since` (the edited day, or
 * the first day of a year loaded) bounds what is read; what changed is written set-wise, a
 * thousand clocks a statement, with the copies kept for list filters (leads, coordination issues).
 */
export async function recomputeOpenClocks(
  trx: Kysely<Database>,
  calendar: WorkCalendar,
  since: string,
): Promise<number> {
  const open = await trx
    .selectFrom('sla_clocks')
    .select([
      'id',
      'entity_type',
      'entity_id',
      'step',
      'started_at',
      'amount',
      'unit',
      'due_date',
      'provisional',
    ])
    .where('completed_at', 'is', null)
    .where('due_date', '>=', since)
    .execute();
  const moved: { clock: (typeof open)[number]; dueDate: string; dueAt: string; provisional: number }[] = [];
  for (const clock of open) {
    const due = calendar.deadline(clock.started_at, clock.amount, clock.unit as DeadlineUnit);
    const provisional = due.provisional ? 1 : 0;
    if (due.dueDate === clock.due_date && provisional === clock.provisional) continue;
    moved.push({ clock, dueDate: due.dueDate, dueAt: due.dueAt, provisional });
  }
  const pg = isPostgres(trx);
  const int = (n: number) => (pg ? sql`CAST(${n} AS integer)` : sql`${n}`);
  for (let i = 0; i < moved.length; i += RECOMPUTE_ROWS) {
    const part = moved.slice(i, i + RECOMPUTE_ROWS);
    const values = (rows: typeof part) =>
      sql.join(rows.map((m) => sql`(${int(m.clock.id)}, ${m.dueDate}, ${m.dueAt}, ${int(m.provisional)})`));
    await sql`WITH v(id, due_date, due_at, provisional) AS (VALUES ${values(part)})
      UPDATE sla_clocks SET due_date = v.due_date, due_at = v.due_at, provisional = v.provisional,
        announced = 0
      FROM v WHERE sla_clocks.id = v.id`.execute(trx);
    // A moved deadline is announced afresh by the sweep (each notice still once per person).
    // The copies kept for list filters follow their clocks.
    const copies = (type: string) => part.filter((m) => m.clock.entity_type === type);
    const leads = copies('lead');
    if (leads.length)
      await sql`WITH v(id, step, due_date, due_at) AS (VALUES ${sql.join(
        leads.map((m) => sql`(${int(m.clock.entity_id)}, ${m.clock.step}, ${m.dueDate}, ${m.dueAt})`),
      )})
        UPDATE leads SET waiting_due_at = v.due_at, waiting_due_date = v.due_date
        FROM v WHERE leads.id = v.id AND leads.waiting_step = v.step`.execute(trx);
    const issues = copies('issue');
    if (issues.length)
      await sql`WITH v(id, due_date, due_at) AS (VALUES ${sql.join(
        issues.map((m) => sql`(${int(m.clock.entity_id)}, ${m.dueDate}, ${m.dueAt})`),
      )})
        UPDATE coordination_issues SET due_at = v.due_at, due_date = v.due_date
        FROM v WHERE coordination_issues.id = v.id`.execute(trx);
  }
  return moved.length;
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
