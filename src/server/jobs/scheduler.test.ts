import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shippedCalendar } from '../../core/calendar/calendar.js';
import { fixedClock } from '../clock.js';
import { dialects, freshDb, type TestDb } from '../test/helpers.js';
import { dayPasses, type JobDef, latestSlot, Scheduler } from './scheduler.js';

const cal = shippedCalendar();
const at = (s: string) => new Date(s);

describe('schedules on the statutory calendar', () => {
  const weekly = { cron: '0 9 * * *', days: 'firstWorkdayOfWeek' as const };
  const daily = { cron: '30 8 * * *', days: 'workday' as const };

  it('the Monday report moves to the first working day when Monday is a holiday', () => {
    // 2025: National Day and Mid-Autumn off 1–8 October; the week of Monday 6 October starts on Thursday 9.
    expect(dayPasses(cal, '2025-10-06', 'firstWorkdayOfWeek')).toBe(false);
    expect(dayPasses(cal, '2025-10-09', 'firstWorkdayOfWeek')).toBe(true);
    expect(latestSlot(weekly, cal, at('2025-10-08T12:00:00+08:00'))?.toISOString()).toBe(
      at('2025-09-29T09:00:00+08:00').toISOString(),
    );
    expect(latestSlot(weekly, cal, at('2025-10-09T09:00:00+08:00'))?.toISOString()).toBe(
      at('2025-10-09T09:00:00+08:00').toISOString(),
    );
    // An ordinary week: Monday.
    expect(latestSlot(weekly, cal, at('2025-10-17T18:00:00+08:00'))?.toISOString()).toBe(
      at('2025-10-13T09:00:00+08:00').toISOString(),
    );
  });

  it('the daily list skips rest days and is sent on a 调休 working Saturday', () => {
    // Saturday 11 October 2025 is a working day (调休); Sunday 12 is not.
    expect(latestSlot(daily, cal, at('2025-10-11T09:00:00+08:00'))?.toISOString()).toBe(
      at('2025-10-11T08:30:00+08:00').toISOString(),
    );
    expect(latestSlot(daily, cal, at('2025-10-12T20:00:00+08:00'))?.toISOString()).toBe(
      at('2025-10-11T08:30:00+08:00').toISOString(),
    );
    // Through the holiday: the last slot before it.
    expect(latestSlot(daily, cal, at('2025-10-05T10:00:00+08:00'))?.toISOString()).toBe(
      at('2025-09-30T08:30:00+08:00').toISOString(),
    );
    // Before 08:30 Shanghai time, yesterday's (a UTC clock would say otherwise).
    expect(latestSlot(daily, cal, at('2025-10-14T08:29:00+08:00'))?.toISOString()).toBe(
      at('2025-10-13T08:30:00+08:00').toISOString(),
    );
  });

  it('the first working day of the month', () => {
    expect(dayPasses(cal, '2025-10-09', 'firstWorkdayOfMonth')).toBe(true);
    expect(dayPasses(cal, '2025-10-10', 'firstWorkdayOfMonth')).toBe(false);
    expect(dayPasses(cal, '2025-11-03', 'firstWorkdayOfMonth')).toBe(true);
  });
});

describe.each(dialects())('the scheduler claims each slot once (%s)', (dialect) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await freshDb(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const counting = (runs: string[], name = 'count'): JobDef => ({
    name,
    cron: '30 8 * * *',
    days: 'workday',
    async run(trx, _now, slot) {
      runs.push(slot.toISOString());
      await trx
        .insertInto('settings')
        .values({ key: `ran:${slot.toISOString()}`, value: '1' })
        .execute();
      return { ran: 1 };
    },
  });

  it('after downtime, the missed runs are caught up once, not once per missed tick', async () => {
    const runs: string[] = [];
    const clock = fixedClock('2025-10-13T09:00:00+08:00');
    const s = new Scheduler(t.db.kysely, clock, [counting(runs)]);
    expect((await s.tick()).map((r) => r.slot)).toEqual([at('2025-10-13T08:30:00+08:00').toISOString()]);
    // Down from Monday to Friday: one run, Friday's.
    clock.set('2025-10-17T11:00:00+08:00');
    await s.tick();
    await s.tick();
    expect(runs).toEqual([
      at('2025-10-13T08:30:00+08:00').toISOString(),
      at('2025-10-17T08:30:00+08:00').toISOString(),
    ]);
  });

  it('two schedulers on one database at the same instant: the job runs once', async () => {
    const runs: string[] = [];
    const clock = fixedClock('2025-10-13T09:00:00+08:00');
    const a = new Scheduler(t.db.kysely, clock, [counting(runs)], { owner: 'a' });
    const b = new Scheduler(t.db.kysely, clock, [counting(runs)], { owner: 'b' });
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect(runs).toHaveLength(1);
    expect(ra.length + rb.length).toBe(1);
    const rows = await t.db.kysely.selectFrom('job_runs').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.finished_at).not.toBeNull();
  });

  it('a failed run rolls back, is retried after its lease, and gives up after the last attempt', async () => {
    let calls = 0;
    const clock = fixedClock('2025-10-13T09:00:00+08:00');
    const failing: JobDef = {
      name: 'failing',
      cron: '30 8 * * *',
      days: 'workday',
      async run(trx) {
        calls++;
        await trx
          .insertInto('settings')
          .values({ key: `half:${calls}`, value: '1' })
          .execute();
        throw new Error('boom');
      },
    };
    const s = new Scheduler(t.db.kysely, clock, [failing], { maxAttempts: 2 });
    expect((await s.tick())[0]!.error).toBe('boom');
    clock.advance(1000);
    await s.tick();
    clock.advance(1000);
    await s.tick();
    expect(calls).toBe(2);
    // Nothing of a failed run stays.
    expect(
      await t.db.kysely.selectFrom('settings').select('key').where('key', 'like', 'half:%').execute(),
    ).toEqual([]);
    const row = await t.db.kysely.selectFrom('job_runs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 2, error: 'boom', finished_at: null });
  });
});
