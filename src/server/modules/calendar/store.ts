import type { Kysely } from 'kysely';
import { type DayOverride, statutoryOverrides, WorkCalendar } from '../../../core/calendar/calendar.js';
import { STATUTORY_ARRANGEMENTS } from '../../../core/calendar/statutory.js';
import { oncePerRequest } from '../../db/perRequest.js';
import type { Database } from '../../db/tables.js';
import { getSetting, setSetting } from '../system/settings.js';

const VERSION_KEY = 'calendar_version';
/** Built calendars by database instance and version; a handful at most. */
const cache = new Map<string, WorkCalendar>();

/** Builds the calendar from the database as it is now (inside a transaction: as that transaction sees it). */
export async function loadCalendar(db: Kysely<Database>): Promise<WorkCalendar> {
  const years = await db.selectFrom('calendar_years').select('year').execute();
  const days = await db.selectFrom('calendar_days').select(['date', 'workday', 'name']).execute();
  const overrides: DayOverride[] = days.map((d) => ({
    date: d.date,
    workday: d.workday === 1,
    name: d.name,
  }));
  return new WorkCalendar({ loadedYears: years.map((y) => y.year), overrides });
}

/**
 * The calendar for reads, rebuilt only when its version changed. The version lives in the database,
 * so an edit made by one server process is seen by the others at their next request.
 */
export async function currentCalendar(db: Kysely<Database>): Promise<WorkCalendar> {
  const rows = await oncePerRequest(db, 'calendar_version', () =>
    db
      .selectFrom('settings')
      .select(['key', 'value'])
      .where('key', 'in', [VERSION_KEY, 'instance_id'])
      .execute(),
  );
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  const key = `${get('instance_id') ?? 'none'}:${get(VERSION_KEY) ?? '0'}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const calendar = await loadCalendar(db);
  if (cache.size > 20) cache.clear();
  cache.set(key, calendar);
  return calendar;
}

export async function bumpCalendarVersion(trx: Kysely<Database>): Promise<void> {
  const current = Number((await getSetting(trx, VERSION_KEY)) ?? '0');
  await setSetting(trx, VERSION_KEY, String(current + 1));
}

/**
 * Loads the State Council arrangements the product ships with, once per installation. Later
 * installs of a newer release add the years they ship that the database has never seen.
 */
export async function ensureShippedCalendar(trx: Kysely<Database>, now: Date): Promise<number[]> {
  const known = new Set((await trx.selectFrom('calendar_years').select('year').execute()).map((r) => r.year));
  const seen = new Set(
    ((await getSetting(trx, 'calendar_shipped_years')) ?? '').split(',').filter(Boolean).map(Number),
  );
  const added: number[] = [];
  for (const a of STATUTORY_ARRANGEMENTS) {
    if (known.has(a.year) || seen.has(a.year)) continue;
    const rows = statutoryOverrides([a.year]);
    await trx
      .insertInto('calendar_days')
      .values(
        rows.map((r) => ({
          date: r.date,
          workday: r.workday ? 1 : 0,
          name: r.name ?? null,
          source: 'notice',
          updated_at: now.toISOString(),
        })),
      )
      .onConflict((oc) => oc.column('date').doNothing())
      .execute();
    await trx
      .insertInto('calendar_years')
      .values({ year: a.year, source: a.source, loaded_at: now.toISOString() })
      .execute();
    added.push(a.year);
  }
  if (added.length) {
    await setSetting(trx, 'calendar_shipped_years', [...seen, ...added].sort().join(','));
    await bumpCalendarVersion(trx);
  }
  return added;
}
