/**
 * `npm run bench -- recompute`: a calendar edit on BENCH_LEADS (1,000,000) leads' open clocks. A day
 * a week ahead is marked a rest day (a typhoon closure) through the calendar service, as the
 * administrator does; the open clocks it moves are recomputed set-wise, only those due on or after
 * it read. Baselines in the same run: the plain SELECT of those clocks (the floor), and the former
 * way — every open clock read, each moved one written by its own UPDATE — undoing the same edit.
 */

import { rmSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { DeadlineUnit, WorkCalendar } from '../src/core/calendar/calendar.js';
import { userContext } from '../src/server/auth/context.js';
import type { Database } from '../src/server/db/tables.js';
import { setDay } from '../src/server/modules/calendar/service.js';
import { bumpCalendarVersion, loadCalendar } from '../src/server/modules/calendar/store.js';
import { recomputeOpenClocks } from '../src/server/modules/sla/clocks.js';
import { benchDb, loadCity } from './data.js';

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000);

/** The former recomputation: every open clock read, each one that moved written on its own. */
async function oneByOne(trx: Kysely<Database>, calendar: WorkCalendar): Promise<number> {
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
    if (clock.entity_type === 'lead')
      await trx
        .updateTable('leads')
        .set({ waiting_due_at: due.dueAt, waiting_due_date: due.dueDate })
        .where('id', '=', clock.entity_id)
        .where('waiting_step', '=', clock.step)
        .execute();
    changed++;
  }
  return changed;
}

export async function recomputeBench() {
  const now = new Date('2026-11-27T10:00:00+08:00');
  const { dir, db, sqlite, refs } = await benchDb(now);
  try {
    await loadCity(sqlite, refs, LEADS, 0);
    const open = sqlite.prepare('SELECT count(*) AS n FROM sla_clocks WHERE completed_at IS NULL').get() as {
      n: number;
    };
    // The generated clocks' due dates are not their policies': bring every one in line first.
    let t = performance.now();
    const aligned = await db.kysely
      .transaction()
      .execute(async (trx) => recomputeOpenClocks(trx, await loadCalendar(trx), '2000-01-01'));
    const alignMs = performance.now() - t;
    const day = '2026-12-04';
    const floor = sqlite.prepare(
      `SELECT id, started_at, amount, unit, due_date, provisional FROM sla_clocks WHERE completed_at IS NULL AND due_date >= ?`,
    );
    t = performance.now();
    const read = floor.all(day).length;
    const floorMs = performance.now() - t;

    const ctx = await userContext(db.kysely, 'city', now, 'bench');
    t = performance.now();
    const closed = await setDay(db.kysely, ctx.actor, now, day, { workday: false, name: '台风停工' });
    const editMs = performance.now() - t;

    // The former way, undoing the same edit: the day back to a working day, every open clock read.
    sqlite.prepare('DELETE FROM calendar_days WHERE date = ?').run(day);
    t = performance.now();
    const undone = await db.kysely.transaction().execute(async (trx) => {
      await bumpCalendarVersion(trx);
      return oneByOne(trx, await loadCalendar(trx));
    });
    const formerMs = performance.now() - t;
    console.log(
      `${LEADS.toLocaleString('en-US')} leads, ${open.n.toLocaleString('en-US')} open clocks; aligning all of them set-wise: ${aligned.toLocaleString('en-US')} moved in ${(alignMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `marking ${day} a rest day (calendar service, set-wise, clocks due from that day): ${closed.clocksMoved.toLocaleString('en-US')} clocks moved in ${editMs.toFixed(0)} ms`,
    );
    console.log(
      `  floor: plain SELECT of the ${read.toLocaleString('en-US')} open clocks due from that day: ${floorMs.toFixed(0)} ms (${(editMs / floorMs).toFixed(1)}×)`,
    );
    console.log(
      `  former way, undoing it (every open clock read, one UPDATE per moved clock): ${undone.toLocaleString('en-US')} moved in ${formerMs.toFixed(0)} ms (${(formerMs / editMs).toFixed(1)}× the set-wise edit)`,
    );
  } finally {
    sqlite.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
