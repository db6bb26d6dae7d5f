import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { shippedCalendar, statutoryOverrides, WorkCalendar } from './calendar.js';
import {
  addDays,
  fromDayNumber,
  parseInstant,
  shanghaiDate,
  shanghaiInstant,
  startOfShanghaiDay,
  toDayNumber,
} from './dates.js';
import { STATUTORY_ARRANGEMENTS } from './statutory.js';

const cal = shippedCalendar();

describe('the shipped 2024–2026 arrangements', () => {
  it('agree date by date with a second source (the chinese-days package data)', () => {
    const require = createRequire(import.meta.url);
    const other: {
      holidays: Record<string, string>;
      workdays: Record<string, string>;
    } = require('chinese-days/dist/chinese-days.json');
    const inYears = (d: string) => /^202[456]-/.test(d);
    const theirHolidays = Object.keys(other.holidays).filter(inYears).sort();
    const theirWorkdays = Object.keys(other.workdays).filter(inYears).sort();
    const ours = statutoryOverrides();
    expect(
      ours
        .filter((o) => !o.workday)
        .map((o) => o.date)
        .sort(),
    ).toEqual(theirHolidays);
    expect(
      ours
        .filter((o) => o.workday)
        .map((o) => o.date)
        .sort(),
    ).toEqual(theirWorkdays);
  });

  it('has each year’s seven festivals and only weekend days as adjusted working days', () => {
    for (const a of STATUTORY_ARRANGEMENTS) {
      const names = new Set(a.holidays.flatMap((h) => h.name.split('、')));
      expect([...names].sort()).toEqual(
        ['中秋节', '元旦', '劳动节', '国庆节', '春节', '清明节', '端午节'].sort(),
      );
      for (const w of a.adjustedWorkdays) expect(cal.day(w.date).kind).toBe('adjusted_workday');
    }
  });

  it('counts each year’s working days as checked by hand (weekdays − weekday holidays + adjusted days)', () => {
    // 2024: 262 − 19 + 8 = 251; 2025: 261 − 18 + 5 = 248; 2026: 261 − 19 + 6 = 248.
    expect(cal.workdaysBetween('2023-12-31', '2024-12-31')).toBe(251);
    expect(cal.workdaysBetween('2024-12-31', '2025-12-31')).toBe(248);
    expect(cal.workdaysBetween('2025-12-31', '2026-12-31')).toBe(248);
  });
});

describe('kinds of day', () => {
  it.each([
    ['2024-09-27', 'workday', true, undefined], // Friday
    ['2024-09-28', 'weekend', false, undefined], // Saturday
    ['2024-09-29', 'adjusted_workday', true, '国庆节'], // Sunday worked for National Day
    ['2024-10-01', 'holiday', false, '国庆节'],
    ['2024-10-05', 'holiday', false, '国庆节'], // a Saturday inside the holiday
    ['2025-01-28', 'holiday', false, '春节'], // 除夕, a holiday from 2025
    ['2025-10-06', 'holiday', false, '国庆节、中秋节'],
    ['2026-01-04', 'adjusted_workday', true, '元旦'],
  ])('%s is %s', (date, kind, workday, name) => {
    expect(cal.day(date)).toEqual({ date, kind, workday, ...(name ? { name } : {}) });
  });
  // 2027 is not loaded: the holidays fixed by date (全国年节及纪念日放假办法) are known, the rest is
  // Monday-to-Friday, and every day says it is provisional.
  it.each([
    ['2027-01-01', 'holiday', false, '元旦'], // a Friday
    ['2027-01-04', 'workday', true, undefined],
    ['2027-05-01', 'holiday', false, '劳动节'], // a Saturday
    ['2027-05-03', 'workday', true, undefined], // only 1–2 May are fixed; any bridge day comes with the notice
    ['2027-10-01', 'holiday', false, '国庆节'],
    ['2027-10-03', 'holiday', false, '国庆节'],
    ['2027-10-04', 'workday', true, undefined],
  ])('%s is %s (provisional)', (date, kind, workday, name) => {
    expect(cal.day(date)).toEqual({ date, kind, workday, provisional: true, ...(name ? { name } : {}) });
  });
});

describe('deadlines, DOMAIN.md §2', () => {
  const at = (iso: string) => new Date(iso);

  it('the example: received Friday 2024-09-27, 1 working day → due end of Sunday 2024-09-29', () => {
    expect(cal.deadline(at('2024-09-27T10:00:00+08:00'), 1, 'workday')).toEqual({
      startDate: '2024-09-27',
      dueDate: '2024-09-29',
      dueAt: '2024-09-30T00:00:00+08:00',
      provisional: false,
    });
  });

  it('a lead received just before National Day 2024: 3 working days skip the whole holiday', () => {
    // 09-29 (Sun, worked), 09-30 (Mon), then 10-01…07 off, 10-08 (Tue)
    expect(cal.deadline(at('2024-09-28T16:00:00+08:00'), 3, 'workday').dueDate).toBe('2024-10-08');
    expect(cal.deadline(at('2024-09-30T18:00:00+08:00'), 1, 'workday').dueDate).toBe('2024-10-08');
  });

  it('starting on a holiday or an adjusted working day: the start day never counts', () => {
    expect(cal.deadline(at('2024-10-03T09:00:00+08:00'), 1, 'workday').dueDate).toBe('2024-10-08');
    expect(cal.deadline(at('2024-09-29T09:00:00+08:00'), 1, 'workday').dueDate).toBe('2024-09-30');
    expect(cal.deadline(at('2024-10-12T09:00:00+08:00'), 1, 'workday').dueDate).toBe('2024-10-14'); // Sat worked
  });

  it('the day is the Asia/Shanghai day, whatever the instant’s own offset', () => {
    // 2024-09-27 17:30 UTC is already Saturday 01:30 in Shanghai.
    expect(cal.deadline('2024-09-27T17:30:00Z', 1, 'workday').startDate).toBe('2024-09-28');
    expect(cal.deadline('2024-09-27T15:59:59Z', 1, 'workday').startDate).toBe('2024-09-27');
  });

  it('across a year boundary: Spring Festival 2025 and New Year 2026', () => {
    expect(cal.deadline(at('2024-12-31T09:00:00+08:00'), 1, 'workday').dueDate).toBe('2025-01-02');
    expect(cal.deadline(at('2025-01-24T09:00:00+08:00'), 3, 'workday').dueDate).toBe('2025-02-05'); // 26 (Sun), 27, 02-05
    expect(cal.deadline(at('2025-12-31T09:00:00+08:00'), 1, 'workday').dueDate).toBe('2026-01-04'); // a Sunday
  });

  it('natural days: the period ends on its last day, moved past rest days', () => {
    // Received Monday 2024-09-23 + 7 days = Monday 09-30, a working day.
    expect(cal.deadline(at('2024-09-23T09:00:00+08:00'), 7, 'natural').dueDate).toBe('2024-09-30');
    // Received 2024-09-26 + 7 = 10-03, inside National Day → first working day after: 10-08.
    expect(cal.deadline(at('2024-09-26T09:00:00+08:00'), 7, 'natural').dueDate).toBe('2024-10-08');
    // Ending on an adjusted working Sunday stays there.
    expect(cal.deadline(at('2024-09-22T09:00:00+08:00'), 7, 'natural').dueDate).toBe('2024-09-29');
    // Ending on an ordinary Saturday moves to Monday.
    expect(cal.deadline(at('2024-11-02T09:00:00+08:00'), 7, 'natural').dueDate).toBe('2024-11-11');
  });

  it('marks deadlines that reach into a year with no arrangement as provisional', () => {
    expect(cal.deadline(at('2026-12-30T09:00:00+08:00'), 1, 'workday')).toMatchObject({
      dueDate: '2026-12-31',
      provisional: false,
    });
    // 元旦 2027 is a holiday by the regulation even before the notice: Friday 1 January is skipped.
    expect(cal.deadline(at('2026-12-31T09:00:00+08:00'), 1, 'workday')).toMatchObject({
      dueDate: '2027-01-04',
      provisional: true,
    });
    expect(cal.missingYears('2025-06-01', '2028-01-01')).toEqual([2027, 2028]);
  });

  it('refuses nonsense amounts and dates', () => {
    expect(() => cal.deadline(new Date(), 0, 'workday')).toThrow(RangeError);
    expect(() => cal.deadline(new Date(), 1.5, 'natural')).toThrow(RangeError);
    expect(() => cal.deadline(new Date(), 100_000, 'workday')).toThrow(RangeError);
    expect(() => toDayNumber('2024-02-30')).toThrow(RangeError);
  });

  it('an edited day moves the deadline', () => {
    const edited = new WorkCalendar({
      loadedYears: [2024, 2025, 2026],
      overrides: [...statutoryOverrides(), { date: '2024-09-29', workday: false, name: '临时休假' }],
    });
    expect(edited.deadline(at('2024-09-27T10:00:00+08:00'), 1, 'workday').dueDate).toBe('2024-09-30');
  });
});

const loadedDate = fc
  .integer({ min: toDayNumber('2024-01-01'), max: toDayNumber('2026-12-31') })
  .map((d) => fromDayNumber(d));

describe('properties over every date of the loaded years', () => {
  it('adding N working days lands on a working day, with exactly N−1 working days strictly between', () => {
    fc.assert(
      fc.property(loadedDate, fc.integer({ min: 1, max: 60 }), (start, n) => {
        const due = cal.addWorkdays(start, n);
        expect(cal.isWorkday(due)).toBe(true);
        expect(cal.workdaysBetween(start, addDays(due, -1))).toBe(n - 1);
        expect(cal.workdaysBetween(start, due)).toBe(n);
      }),
      { numRuns: 3000 },
    );
  });

  it('every start date of 2024–2026 with 1, 3, 5 and 10 working days', () => {
    for (let d = toDayNumber('2024-01-01'); d <= toDayNumber('2026-12-31'); d++) {
      const start = fromDayNumber(d);
      for (const n of [1, 3, 5, 10]) {
        const due = cal.addWorkdays(start, n);
        if (!cal.isWorkday(due) || cal.workdaysBetween(start, due) !== n)
          throw new Error(`${start} + ${n} → ${due}`);
      }
    }
  });

  it('natural-day deadlines are never earlier than start + N days, and land on a working day', () => {
    fc.assert(
      fc.property(loadedDate, fc.integer({ min: 1, max: 60 }), (start, n) => {
        const { dueDate } = cal.deadline(`${start}T12:00:00+08:00`, n, 'natural');
        expect(toDayNumber(dueDate)).toBeGreaterThanOrEqual(toDayNumber(start) + n);
        expect(cal.isWorkday(dueDate)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('independent of the server’s time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });
  const sample = () =>
    [
      '2024-09-27T23:30:00+08:00',
      '2024-12-31T00:05:00+08:00',
      '2025-01-27T16:00:00Z',
      '2026-02-13T20:00:00+08:00',
    ].map((iso) => [
      shanghaiDate(iso),
      cal.deadline(iso, 3, 'workday'),
      cal.deadline(new Date(iso), 7, 'natural'),
    ]);
  it('gives the same answers under UTC, America/Los_Angeles and Asia/Shanghai', () => {
    process.env.TZ = 'Asia/Shanghai';
    const reference = sample();
    for (const tz of ['UTC', 'America/Los_Angeles']) {
      process.env.TZ = tz;
      expect(new Date('2024-01-01T00:00:00Z').getTimezoneOffset()).not.toBe(-480);
      expect(sample()).toEqual(reference);
    }
  });
});

describe('date helpers', () => {
  it('round-trip every day from 1990 to 2110 and agree with Date.UTC', () => {
    for (let day = toDayNumber('1990-01-01'); day <= toDayNumber('2110-12-31'); day++) {
      const s = fromDayNumber(day);
      if (toDayNumber(s) !== day || new Date(day * 86_400_000).toISOString().slice(0, 10) !== s) {
        throw new Error(`mismatch at ${day} (${s})`);
      }
    }
  });
  it('rejects malformed and impossible dates', () => {
    for (const bad of [
      '2024-02-30',
      '2023-02-29',
      '2024-00-10',
      '2024-1-01',
      '2024/01/01',
      'abcd-ef-gh',
      '',
    ]) {
      expect(() => toDayNumber(bad)).toThrow(RangeError);
    }
    expect(toDayNumber('2024-02-29')).toBe(toDayNumber('2024-03-01') - 1);
  });
});

describe('shanghaiInstant', () => {
  it('writes an instant as stored deadlines are written', () => {
    expect(shanghaiInstant(new Date('2024-09-27T16:30:00.250Z'))).toBe('2024-09-28T00:30:00+08:00');
    expect(shanghaiInstant('2024-09-28T00:00:00+08:00')).toBe('2024-09-28T00:00:00+08:00');
  });

  it('compares with a stored deadline (next day 00:00 +08:00) as the instants compare, at every hour', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2026, 11, 31) }),
        fc.integer({ min: 0, max: 1095 }),
        (ms, day) => {
          const due = startOfShanghaiDay(addDays('2024-01-01', day));
          const now = shanghaiInstant(new Date(ms));
          return due <= now === Date.parse(due) <= Math.floor(ms / 1000) * 1000;
        },
      ),
    );
  });
});

describe('parseInstant', () => {
  it('reads every instant as Date.parse does, in range or out, in the stored forms or not', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 1999, max: 2101 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 61 }),
        fc.option(fc.integer({ min: 0, max: 999 })),
        fc.constantFrom('Z', '+08:00', '-05:30', '+24:00', '+08:60', '+0800', ' ', ''),
        (y, mo, d, h, mi, se, ms, zone) => {
          const text = `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(se)}${ms === null ? '' : `.${String(ms).padStart(3, '0')}`}${zone}`;
          return Object.is(parseInstant(text), Date.parse(text));
        },
      ),
      { numRuns: 5000 },
    );
    for (const text of ['2024-09-27', 'yesterday', '2024-09-27T10:00', '2024-09-27T10:00:00.5Z', ''])
      expect(Object.is(parseInstant(text), Date.parse(text))).toBe(true);
  });
});
