import {
  calendarDayAnswer,
  calendarDays,
  calendarYears,
  deadline,
  loadedYear,
} from '../../../core/api/platform.js';
import { yearOf } from '../../../core/calendar/dates.js';
import {
  calendarDateParam,
  calendarDaysQuery,
  deadlineQuery,
  loadYearBody,
  putCalendarDayBody,
} from '../../../core/calendar/schemas.js';
import type { App } from '../../app.js';
import { invalidField } from '../../errors.js';
import { contextOf } from '../../http/context.js';
import { listYears, loadYear, setDay } from './service.js';
import { currentCalendar } from './store.js';

export async function calendarRoutes(app: App) {
  const { db, clock } = app.services;

  app.get(
    '/api/calendar/days',
    {
      config: { ability: 'calendar.read' },
      schema: {
        tags: ['calendar'],
        summary:
          'Every day in a range with its kind; years with no State Council arrangement in missingYears',
        querystring: calendarDaysQuery,
        response: { 200: calendarDays },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const calendar = await currentCalendar(ctx.db);
      const { from, to } = request.query;
      return { items: calendar.days(from, to), missingYears: calendar.missingYears(from, to) };
    },
  );

  app.put(
    '/api/calendar/days/:date',
    {
      config: { ability: 'calendar.manage' },
      schema: {
        tags: ['calendar'],
        summary: 'Mark one day as working or not (admin); open deadlines are recomputed',
        params: calendarDateParam,
        body: putCalendarDayBody,
        response: { 200: calendarDayAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return setDay(ctx.db, ctx.actor, ctx.now, request.params.date, request.body);
    },
  );

  app.get(
    '/api/calendar/years',
    {
      config: { ability: 'calendar.read' },
      schema: {
        tags: ['calendar'],
        summary: 'Years whose arrangement is loaded, and the missing ones around today',
        response: {
          200: calendarYears,
        },
      },
    },
    async (_request) => {
      const items = await listYears(db.kysely);
      const thisYear = yearOf(clock.now().toISOString());
      const loaded = new Set(items.map((i) => i.year));
      // Deadlines run a few weeks ahead: this year and the next must be loaded.
      const missingYears = [thisYear, thisYear + 1].filter((y) => !loaded.has(y));
      return { items, missingYears };
    },
  );

  app.post(
    '/api/calendar/years',
    {
      config: { ability: 'calendar.manage' },
      schema: {
        tags: ['calendar'],
        summary: "Load a year's State Council arrangement (admin): holiday ranges and adjusted working days",
        body: loadYearBody,
        response: {
          200: loadedYear,
        },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return loadYear(ctx.db, ctx.actor, ctx.now, request.body);
    },
  );

  app.get(
    '/api/calendar/deadline',
    {
      config: { ability: 'calendar.read' },
      schema: {
        tags: ['calendar'],
        summary: 'The deadline of a period started at an instant (DOMAIN.md §2)',
        querystring: deadlineQuery,
        response: {
          200: deadline,
        },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const calendar = await currentCalendar(ctx.db);
      const { start, amount, unit } = request.query;
      try {
        return calendar.deadline(start, amount, unit);
      } catch (e) {
        // Only a deadline past the calendar's end gets here; the start was checked by the schema.
        if (!(e instanceof RangeError)) throw e;
        throw invalidField('amount', {
          zh: '期限超出日历范围（2000 至 2100 年），请缩短期限',
          en: 'The deadline falls outside the calendar (2000–2100); shorten the period',
        });
      }
    },
  );
}
