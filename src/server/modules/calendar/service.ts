import type { Kysely } from 'kysely';
import type { CalendarDay, WorkCalendar } from '../../../core/calendar/calendar.js';
import { fromDayNumber, toDayNumber, weekday } from '../../../core/calendar/dates.js';
import type { LoadYearBody } from '../../../core/calendar/schemas.js';
import type { Actor } from '../../auth/context.js';
import type { Database } from '../../db/tables.js';
import { recordAudit } from '../audit/record.js';
import { recomputeOpenClocks } from '../sla/clocks.js';
import { bumpCalendarVersion, loadCalendar } from './store.js';

/**
 * After any calendar write, in the same transaction: new version, and the open clocks the change
 * can move (those due on or after `since`, the first day changed) recomputed.
 */
async function afterCalendarChange(
  trx: Kysely<Database>,
  since: string,
): Promise<{ calendar: WorkCalendar; clocksMoved: number }> {
  await bumpCalendarVersion(trx);
  const calendar = await loadCalendar(trx);
  return { calendar, clocksMoved: await recomputeOpenClocks(trx, calendar, since) };
}

/**
 * Marks one day as working or not. A day that ends up as the plain Monday-to-Friday rule with no
 * name keeps no row.
 */
export async function setDay(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  date: string,
  input: { workday: boolean; name?: string | null },
): Promise<{ day: CalendarDay; clocksMoved: number }> {
  return db.transaction().execute(async (trx) => {
    const beforeCalendar = await loadCalendar(trx);
    const before = beforeCalendar.day(date);
    const w = weekday(date);
    const plain = input.workday === (w !== 0 && w !== 6) && !input.name;
    if (plain) await trx.deleteFrom('calendar_days').where('date', '=', date).execute();
    else {
      const values = {
        workday: input.workday ? 1 : 0,
        name: input.name || null,
        source: 'manual',
        updated_at: now.toISOString(),
      };
      await trx
        .insertInto('calendar_days')
        .values({ date, ...values })
        .onConflict((oc) => oc.column('date').doUpdateSet(values))
        .execute();
    }
    const { calendar, clocksMoved } = await afterCalendarChange(trx, date);
    const day = calendar.day(date);
    await recordAudit(trx, actor, now, {
      action: 'calendar.day_changed',
      entityType: 'calendar_day',
      entityId: date,
      before,
      after: { ...day, clocksMoved },
    });
    return { day, clocksMoved };
  });
}

/** Loads (or replaces) a year's State Council arrangement: its holidays and adjusted working days. */
export async function loadYear(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  input: LoadYearBody,
): Promise<{ year: number; holidays: number; adjustedWorkdays: number; clocksMoved: number }> {
  return db.transaction().execute(async (trx) => {
    const previous = await trx
      .selectFrom('calendar_years')
      .selectAll()
      .where('year', '=', input.year)
      .executeTakeFirst();
    const at = now.toISOString();
    // Replace the notice-derived days of that year; days the admin marked by hand stay.
    await trx
      .deleteFrom('calendar_days')
      .where('date', '>=', `${input.year}-01-01`)
      .where('date', '<=', `${input.year}-12-31`)
      .where('source', '=', 'notice')
      .execute();
    const rows = new Map<string, { workday: number; name: string }>();
    for (const h of input.holidays) {
      for (let d = toDayNumber(h.from); d <= toDayNumber(h.to); d++)
        rows.set(fromDayNumber(d), { workday: 0, name: h.name });
    }
    for (const w of input.adjustedWorkdays) rows.set(w.date, { workday: 1, name: w.name });
    if (rows.size) {
      await trx
        .insertInto('calendar_days')
        .values([...rows].map(([date, r]) => ({ date, ...r, source: 'notice', updated_at: at })))
        .onConflict((oc) =>
          oc.column('date').doUpdateSet((eb) => ({
            workday: eb.ref('excluded.workday'),
            name: eb.ref('excluded.name'),
            source: eb.ref('excluded.source'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
    await trx
      .insertInto('calendar_years')
      .values({ year: input.year, source: input.source, loaded_at: at })
      .onConflict((oc) => oc.column('year').doUpdateSet({ source: input.source, loaded_at: at }))
      .execute();
    const { clocksMoved } = await afterCalendarChange(trx, `${input.year}-01-01`);
    const holidays = [...rows.values()].filter((r) => r.workday === 0).length;
    const summary = { year: input.year, holidays, adjustedWorkdays: rows.size - holidays, clocksMoved };
    await recordAudit(trx, actor, now, {
      action: previous ? 'calendar.year_replaced' : 'calendar.year_loaded',
      entityType: 'calendar_year',
      entityId: input.year,
      before: previous ? { source: previous.source } : undefined,
      after: { ...input, clocksMoved },
    });
    return summary;
  });
}

export async function listYears(db: Kysely<Database>) {
  const years = await db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
  return years.map((y) => ({ year: y.year, source: y.source, loadedAt: y.loaded_at }));
}
