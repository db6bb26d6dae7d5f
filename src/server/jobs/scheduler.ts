/**
 * The scheduler inside the server: cron expressions (croner) in Asia/Shanghai, narrowed by the
 * statutory calendar (a working day; the first working day of a week or month), each run claimed
 * through the database so that with several processes on one database each slot runs once:
 *  - a slot is claimed by inserting its job_runs row (the primary key lets one process in), or by
 *    taking over a row whose lease ran out unfinished (a process killed mid-job);
 *  - the job's writes and the row's finished_at commit in one transaction, so a killed run leaves
 *    nothing behind, and the run that takes it over writes everything once;
 *  - after downtime only the latest slot due is run: missed runs are caught up once.
 * Sending to chat services is not a job's work: jobs queue messages; the delivery worker sends.
 */

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Cron } from 'croner';
import type { Kysely } from 'kysely';
import type { WorkCalendar } from '../../core/calendar/calendar.js';
import { addDays, shanghaiDate, weekday } from '../../core/calendar/dates.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/tables.js';
import { currentCalendar } from '../modules/calendar/store.js';

export const SHANGHAI = 'Asia/Shanghai';

/** Which of the cron's instants count, by the statutory calendar of the day they fall on. */
export type DayRule = 'any' | 'workday' | 'firstWorkdayOfWeek' | 'firstWorkdayOfMonth';

export interface JobDef {
  name: string;
  /** Five-field cron expression, in Asia/Shanghai. */
  cron: string;
  days: DayRule;
  /** Runs inside the transaction that marks the slot done; answers a summary for the log. */
  run(trx: Kysely<Database>, now: Date, slot: Date): Promise<Record<string, number>>;
}

/** Whether a day passes the rule. */
export function dayPasses(calendar: WorkCalendar, date: string, rule: DayRule): boolean {
  if (rule === 'any') return true;
  if (!calendar.isWorkday(date)) return false;
  if (rule === 'workday') return true;
  // The first working day of the Monday–Sunday week, or of the month: no working day before it.
  const first =
    rule === 'firstWorkdayOfWeek' ? addDays(date, -((weekday(date) + 6) % 7)) : `${date.slice(0, 8)}01`;
  for (let d = first; d < date; d = addDays(d, 1)) if (calendar.isWorkday(d)) return false;
  return true;
}

/** The latest instant at or before `now` the job is due, or null (none in the last 40 days). */
export function latestSlot(
  job: Pick<JobDef, 'cron' | 'days'>,
  calendar: WorkCalendar,
  now: Date,
): Date | null {
  const cron = new Cron(job.cron, { timezone: SHANGHAI, paused: true });
  const horizon = now.getTime() - 40 * 86_400_000;
  let from = new Date(now.getTime() + 1);
  for (;;) {
    const runs = cron.previousRuns(50, from);
    if (!runs.length) return null;
    for (const r of runs) {
      if (r.getTime() < horizon) return null;
      if (dayPasses(calendar, shanghaiDate(r), job.days)) return r;
    }
    from = runs[runs.length - 1]!;
  }
}

export interface SchedulerOptions {
  owner?: string;
  /** A claimed run not finished in this time may be taken over by another process. */
  leaseMs?: number;
  /** Attempts of one slot before it is given up (its error stays on the row). */
  maxAttempts?: number;
  /** Tests: called inside the job's transaction, after the job ran and before it commits. */
  beforeCommit?: (job: string) => Promise<void>;
  log?: (line: string, error?: unknown) => void;
}

export const processOwner = () => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export class Scheduler {
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private running = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    readonly jobs: readonly JobDef[],
    private readonly options: SchedulerOptions = {},
  ) {
    this.owner = options.owner ?? processOwner();
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  /** Runs every job whose latest slot is due and not yet done (one tick; overlapping ticks skip). */
  async tick(): Promise<{ job: string; slot: string; summary?: Record<string, number>; error?: string }[]> {
    if (this.running) return [];
    this.running = true;
    try {
      const now = this.clock.now();
      const calendar = await currentCalendar(this.db);
      const done: { job: string; slot: string; summary?: Record<string, number>; error?: string }[] = [];
      for (const job of this.jobs) {
        const slot = latestSlot(job, calendar, now);
        if (!slot) continue;
        const slotIso = slot.toISOString();
        if (!(await this.claim(job.name, slotIso, now))) continue;
        try {
          const summary = await this.db.transaction().execute(async (trx) => {
            const summary = await job.run(trx, now, slot);
            await this.options.beforeCommit?.(job.name);
            const finished = await trx
              .updateTable('job_runs')
              .set({
                finished_at: this.clock.now().toISOString(),
                summary: JSON.stringify(summary),
                error: null,
              })
              .where('job', '=', job.name)
              .where('slot', '=', slotIso)
              .where('owner', '=', this.owner)
              .where('finished_at', 'is', null)
              .executeTakeFirst();
            // Our lease ran out and another process took the slot: its run stands, ours rolls back.
            if (Number(finished.numUpdatedRows) !== 1) throw new Error('lease lost');
            return summary;
          });
          done.push({ job: job.name, slot: slotIso, summary });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          this.options.log?.(`job ${job.name} (${slotIso}) failed: ${message}`, error);
          await this.release(job.name, slotIso, message);
          done.push({ job: job.name, slot: slotIso, error: message });
        }
      }
      return done;
    } finally {
      this.running = false;
    }
  }

  /** Ours when we insert the slot's row, or take over one whose lease ran out unfinished. */
  private async claim(job: string, slot: string, now: Date): Promise<boolean> {
    const nowIso = now.toISOString();
    const until = new Date(now.getTime() + this.leaseMs).toISOString();
    const inserted = await this.db
      .insertInto('job_runs')
      .values({
        job,
        slot,
        owner: this.owner,
        lease_until: until,
        started_at: nowIso,
        finished_at: null,
        attempts: 1,
        error: null,
        summary: null,
      })
      .onConflict((oc) => oc.columns(['job', 'slot']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
    const taken = await this.db
      .updateTable('job_runs')
      .set((eb) => ({
        owner: this.owner,
        lease_until: until,
        started_at: nowIso,
        attempts: eb('attempts', '+', 1),
      }))
      .where('job', '=', job)
      .where('slot', '=', slot)
      .where('finished_at', 'is', null)
      .where('lease_until', '<', nowIso)
      .where('attempts', '<', this.maxAttempts)
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1;
  }

  /** A failed run: its lease ends now, so the next tick may try again (up to maxAttempts). */
  private async release(job: string, slot: string, error: string) {
    await this.db
      .updateTable('job_runs')
      .set({ lease_until: this.clock.now().toISOString(), error: error.slice(0, 500) })
      .where('job', '=', job)
      .where('slot', '=', slot)
      .where('owner', '=', this.owner)
      .where('finished_at', 'is', null)
      .execute()
      .catch(() => {});
  }
}
