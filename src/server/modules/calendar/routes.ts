import { z } from 'zod';
import { yearOf } from '../../../core/calendar/dates.js';
import {
  calendarDateParam,
  calendarDaysQuery,
  deadlineQuery,
  loadYearBody,
  putCalendarDayBody,
} from '../../../core/calendar/schemas.js';
import type { App } from '../../app.js';
import { authorize } from '../../auth/policies.js';
import { actorOf, currentUser } from '../../http/context.js';
import { listYears, loadYear, setDay } from './service.js';
import { currentCalendar } from './store.js';

const calendarDay = z.object({
  date: z.string(),
  workday: z.boolean(),
  kind: z.enum(['workday', 'weekend', 'holiday', 'adjusted_workday']),
  name: z.string().optional(),
});

export async function calendarRoutes(app: App) {
  const { db, clock } = app.services;

  app.get(
    '/api/calendar/days',
    {
      schema: {
        tags: ['calendar'],
        summary:
          'Every day in a range with its kind; years with no State Council arrangement in missingYears',
        querystring: calendarDaysQuery,
        response: { 200: z.object({ items: z.array(calendarDay), missingYears: z.array(z.number()) }) },
      },
    },
    async (request) => {
      authorize(currentUser(request), 'calendar.read');
      const calendar = await currentCalendar(db.kysely);
      const { from, to } = request.query;
      return { items: calendar.days(from, to), missingYears: calendar.missingYears(from, to) };
    },
  );

  app.put(
    '/api/calendar/days/:date',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Mark one day as working or not (admin); open deadlines are recomputed',
        params: calendarDateParam,
        body: putCalendarDayBody,
        response: { 200: z.object({ day: calendarDay, clocksMoved: z.number() }) },
      },
    },
    async (request) => {
      authorize(currentUser(request), 'calendar.manage');
      return setDay(db.kysely, actorOf(request), clock.now(), request.params.date, request.body);
    },
  );

  app.get(
    '/api/calendar/years',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Years whose arrangement is loaded, and the missing ones around today',
        response: {
          200: z.object({
            items: z.array(z.object({ year: z.number(), source: z.string(), loadedAt: z.string() })),
            missingYears: z.array(z.number()),
          }),
        },
      },
    },
    async (request) => {
      authorize(currentUser(request), 'calendar.read');
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
      schema: {
        tags: ['calendar'],
        summary: "Load a year's State Council arrangement (admin): holiday ranges and adjusted working days",
        body: loadYearBody,
        response: {
          200: z.object({
            year: z.number(),
            holidays: z.number(),
            adjustedWorkdays: z.number(),
            clocksMoved: z.number(),
          }),
        },
      },
    },
    async (request) => {
      authorize(currentUser(request), 'calendar.manage');
      return loadYear(db.kysely, actorOf(request), clock.now(), request.body);
    },
  );

  app.get(
    '/api/calendar/deadline',
    {
      schema: {
        tags: ['calendar'],
        summary: 'The deadline of a period started at an instant (DOMAIN.md §2)',
        querystring: deadlineQuery,
        response: {
          200: z.object({
            startDate: z.string(),
            dueDate: z.string(),
            dueAt: z.string(),
            provisional: z.boolean(),
          }),
        },
      },
    },
    async (request) => {
      authorize(currentUser(request), 'calendar.read');
      const calendar = await currentCalendar(db.kysely);
      const { start, amount, unit } = request.query;
      return calendar.deadline(start, amount, unit);
    },
  );
}
