import { describe, expect, it } from 'vitest';
import { shippedCalendar } from './calendar/calendar.js';
import { addDays } from './calendar/dates.js';
import { describeStep, lastDueSoonDate, stepStatus } from './sla.js';

const cal = shippedCalendar();
// A response clock started Friday 2024-09-27 10:00, due end of Sunday 09-29 (an adjusted working day).
const clock = {
  startedAt: '2024-09-27T02:00:00.000Z',
  dueDate: '2024-09-29',
  dueAt: '2024-09-30T00:00:00+08:00',
  completedAt: null,
};
const at = (iso: string) => new Date(iso);

describe('step status and its words', () => {
  it('not started', () => {
    const v = stepStatus(
      { startedAt: null, dueDate: null, dueAt: null, completedAt: null },
      at('2024-09-27T10:00:00+08:00'),
      cal,
    );
    expect(v.status).toBe('not_started');
    expect(describeStep(v, 'zh')).toBe('未开始');
  });
  it('pending with working days left (the Saturday does not count)', () => {
    const v = stepStatus(clock, at('2024-09-27T11:00:00+08:00'), cal);
    expect(v).toEqual({ status: 'pending', remainingWorkdays: 1, overdueWorkdays: null });
    expect(describeStep(v, 'zh')).toBe('剩余 1 个工作日');
    expect(describeStep(v, 'en')).toBe('1 working day(s) left');
  });
  it('due soon on the last allowed day, even a Sunday', () => {
    const v = stepStatus(clock, at('2024-09-29T08:00:00+08:00'), cal);
    expect(v.status).toBe('due_soon');
    expect(describeStep(v, 'zh')).toBe('今天到期');
  });
  it('due soon within the configured working hours', () => {
    // Friday 20:00: 4 hours left today + 24 on Sunday = 28 working hours.
    expect(stepStatus(clock, at('2024-09-27T20:00:00+08:00'), cal, 24).status).toBe('pending');
    expect(stepStatus(clock, at('2024-09-27T20:00:00+08:00'), cal, 28).status).toBe('due_soon');
    // Saturday is not a working day: still 24 working hours left.
    expect(stepStatus(clock, at('2024-09-28T12:00:00+08:00'), cal, 24).status).toBe('due_soon');
  });
  it('overdue from 00:00 after the last day, counted in working days', () => {
    const monday = stepStatus(clock, at('2024-09-30T00:00:00+08:00'), cal);
    expect(monday).toEqual({ status: 'overdue', remainingWorkdays: null, overdueWorkdays: 1 });
    expect(describeStep(monday, 'zh')).toBe('已超期 1 个工作日');
    // Past the last day, on a rest day: overdue, by less than a working day.
    const friday = { ...clock, dueDate: '2024-11-01', dueAt: '2024-11-02T00:00:00+08:00' };
    const saturday = stepStatus(friday, at('2024-11-02T10:00:00+08:00'), cal);
    expect(saturday).toMatchObject({ status: 'overdue', overdueWorkdays: 0 });
    expect(describeStep(saturday, 'zh')).toBe('已超期不足 1 个工作日');
    // After National Day: 09-30 and 10-08 are the working days past due.
    expect(stepStatus(clock, at('2024-10-08T09:00:00+08:00'), cal).overdueWorkdays).toBe(2);
  });
  it('met or met late, fixed at completion', () => {
    const met = stepStatus(
      { ...clock, completedAt: '2024-09-29T15:00:00.000Z' },
      at('2024-12-01T00:00:00Z'),
      cal,
    );
    expect(met.status).toBe('met');
    const late = stepStatus(
      { ...clock, completedAt: '2024-09-29T16:00:00.000Z' },
      at('2024-12-01T00:00:00Z'),
      cal,
    );
    expect(late.status).toBe('met_late');
    expect(describeStep(late, 'zh')).toBe('超时完成');
    const kept = stepStatus(
      { ...clock, completedAt: '2024-09-29T16:00:00.000Z', verdict: 'met' },
      at('2024-12-01T00:00:00Z'),
      cal,
    );
    expect(kept.status).toBe('met');
  });
});

describe('lastDueSoonDate: the list filter agrees with the status shown', () => {
  it('for every due date in the next three weeks, at several hours of several days, for 0–72 hours', () => {
    const nows = [
      '2024-09-27T20:00:00+08:00',
      '2024-09-28T09:00:00+08:00',
      '2024-09-30T17:30:00+08:00',
      '2025-01-24T08:00:00+08:00',
    ];
    for (const iso of nows) {
      const now = new Date(iso);
      for (const hours of [0, 8, 24, 28, 48, 72]) {
        const last = lastDueSoonDate(now, cal, hours);
        const today = iso.slice(0, 10);
        for (let k = 0; k < 21; k++) {
          const dueDate = addDays(today, k);
          const dueAt = `${addDays(dueDate, 1)}T00:00:00+08:00`;
          const status = stepStatus(
            { startedAt: iso, dueDate, dueAt, completedAt: null },
            now,
            cal,
            hours,
          ).status;
          expect(status === 'due_soon', `${iso} ${hours}h ${dueDate}`).toBe(dueDate <= last);
        }
      }
    }
  });
});
