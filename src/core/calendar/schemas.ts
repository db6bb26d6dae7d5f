import { z } from 'zod';
import { DEADLINE_UNITS, SLA_STEPS } from '../sla.js';
import { MAX_DEADLINE_AMOUNT, MAX_YEAR, MIN_YEAR } from './calendar.js';
import { isDateString, toDayNumber } from './dates.js';

const inCalendar = (d: string) => {
  const y = Number(d.slice(0, 4));
  return y >= MIN_YEAR && y <= MAX_YEAR;
};

/**
 * A day (YYYY-MM-DD) that exists and lies in the calendar's years (2000–2100): every date the
 * product takes is counted on that calendar, so a day outside it is the client's error (400), not
 * a deadline nobody can compute.
 */
export const dateString = z.string().superRefine((s, ctx) => {
  if (!isDateString(s)) ctx.addIssue({ code: 'custom', message: 'date_format' });
  else if (!inCalendar(s)) ctx.addIssue({ code: 'custom', message: 'date_range' });
});

export const instantString = z.string().refine(
  (s) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
    // A day that exists (2024-02-30 is not 1 March).
    isDateString(s.slice(0, 10)) &&
    !Number.isNaN(Date.parse(s)),
  {
    message: 'instant_format',
  },
);

/** Object-level checks run even when a field failed, so they must not trust the fields. */
const bothDates = (q: { from: unknown; to: unknown }) =>
  typeof q.from === 'string' && typeof q.to === 'string' && isDateString(q.from) && isDateString(q.to);

export const calendarDaysQuery = z
  .object({
    from: dateString,
    to: dateString,
  })
  .refine((q) => !bothDates(q) || toDayNumber(q.to) >= toDayNumber(q.from), {
    message: 'range_order',
    path: ['to'],
  })
  .refine((q) => !bothDates(q) || toDayNumber(q.to) - toDayNumber(q.from) <= 800, {
    message: 'range_too_long',
    path: ['to'],
  });

export const calendarDateParam = z.object({ date: dateString });

export const putCalendarDayBody = z.object({
  workday: z.boolean(),
  name: z.string().trim().max(20).nullable().optional(),
});

export const deadlineQuery = z.object({
  start: instantString.refine((s) => inCalendar(s.slice(0, 10)), { message: 'date_range' }),
  amount: z.coerce.number().int().min(1).max(MAX_DEADLINE_AMOUNT),
  unit: z.enum(DEADLINE_UNITS),
});

export const putPoliciesBody = z.object({
  items: z
    .array(
      z.object({
        step: z.enum(SLA_STEPS),
        amount: z.number().int().min(1).max(365),
        unit: z.enum(DEADLINE_UNITS),
      }),
    )
    .min(1)
    .refine((items) => new Set(items.map((i) => i.step)).size === items.length, { message: 'steps_repeat' }),
  dueSoonWorkingHours: z.number().int().min(0).max(240).optional(),
});

const holidayName = z.string().trim().min(1).max(20);

export const loadYearBody = z
  .object({
    year: z.number().int().min(MIN_YEAR).max(MAX_YEAR),
    source: z.string().trim().min(1).max(100),
    holidays: z
      .array(z.object({ name: holidayName, from: dateString, to: dateString }))
      .max(20)
      .refine(
        (hs) =>
          hs.every((h) => !bothDates(h) || (h.from <= h.to && toDayNumber(h.to) - toDayNumber(h.from) < 15)),
        {
          message: 'holiday_range',
        },
      ),
    adjustedWorkdays: z.array(z.object({ date: dateString, name: holidayName })).max(20),
  })
  .superRefine((body, ctx) => {
    const yearOk = Number.isInteger(body.year) && body.year >= MIN_YEAR && body.year <= MAX_YEAR;
    if (!Array.isArray(body.holidays) || !Array.isArray(body.adjustedWorkdays) || !yearOk) return;
    // Ranges may start in the last days of the year before (元旦 sometimes does), never elsewhere.
    const first = toDayNumber(`${body.year}-01-01`) - 7;
    const last = toDayNumber(`${body.year}-12-31`);
    body.holidays.forEach((h, i) => {
      for (const key of ['from', 'to'] as const) {
        if (typeof h[key] !== 'string' || !isDateString(h[key])) continue;
        const d = toDayNumber(h[key]);
        if (d < first || d > last)
          ctx.addIssue({ code: 'custom', message: 'date_outside_year', path: ['holidays', i, key] });
      }
    });
    body.adjustedWorkdays.forEach((w, i) => {
      if (typeof w.date !== 'string' || !isDateString(w.date)) return;
      const d = toDayNumber(w.date);
      if (d < first || d > last)
        ctx.addIssue({ code: 'custom', message: 'date_outside_year', path: ['adjustedWorkdays', i, 'date'] });
      const wd = (((d + 4) % 7) + 7) % 7;
      if (wd !== 0 && wd !== 6)
        ctx.addIssue({
          code: 'custom',
          message: 'adjusted_not_weekend',
          path: ['adjustedWorkdays', i, 'date'],
        });
    });
  });

export type LoadYearBody = z.infer<typeof loadYearBody>;
export type PutPoliciesBody = z.infer<typeof putPoliciesBody>;
