import {
  DAY_MS,
  fromDayNumber,
  parseInstant,
  SHANGHAI_OFFSET_MS,
  toDayNumber,
  weekday,
  yearOf,
} from './dates.js';
import { STATUTORY_ARRANGEMENTS } from './statutory.js';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';
export type DeadlineUnit = 'workday' | 'natural';

/** A day that differs from the Monday-to-Friday rule, or carries a holiday name. */
export interface DayOverride {
  date: string;
  workday: boolean;
  name?: string | null;
}

export interface CalendarData {
  /** Years whose State Council arrangement is loaded; other years are provisional. */
  loadedYears: readonly number[];
  overrides: readonly DayOverride[];
}

export interface CalendarDay {
  date: string;
  workday: boolean;
  kind: DayKind;
  name?: string;
  /** In a year whose arrangement is not loaded: the adjusted days (调休) are still to come. */
  provisional?: boolean;
}

/**
 * The holidays 全国年节及纪念日放假办法 fixes by date, known before a year's State Council
 * arrangement: 元旦 1 January, 劳动节 1 May (1–2 May from 2025, 1–3 May before 2008), 国庆节
 * 1–3 October. The lunar ones (春节, 端午, 中秋) and 清明 are left to the arrangement.
 */
export function fixedDateHolidays(year: number): DayOverride[] {
  const mayDays = year >= 2025 ? 2 : year >= 2008 ? 1 : 3;
  return [
    { date: `${year}-01-01`, workday: false, name: '元旦' },
    ...Array.from({ length: mayDays }, (_, i) => ({
      date: `${year}-05-0${i + 1}`,
      workday: false,
      name: '劳动节',
    })),
    ...[1, 2, 3].map((d) => ({ date: `${year}-10-0${d}`, workday: false, name: '国庆节' })),
  ];
}

export interface Deadline {
  /** The start day in Asia/Shanghai (it never counts). */
  startDate: string;
  /** The last allowed day. */
  dueDate: string;
  /** The first instant after the last allowed day: next day 00:00 +08:00. */
  dueAt: string;
  /** True when a year between start and due has no arrangement loaded. */
  provisional: boolean;
}

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
export const MAX_DEADLINE_AMOUNT = 1000;

const isWeekend = (date: string) => {
  const w = weekday(date);
  return w === 0 || w === 6;
};

/**
 * The working-day calendar with a prefix-sum index over 2000–2100: cum[i] is the number of working
 * days from the first indexed day through day i, and workdayAt[k] the index of the k-th working day.
 * Counting working days between two dates is one subtraction; adding N working days is two array
 * lookups — O(1), never a day-by-day walk.
 */
export class WorkCalendar {
  private readonly first = toDayNumber(`${MIN_YEAR}-01-01`);
  private readonly last = toDayNumber(`${MAX_YEAR}-12-31`);
  private readonly cum: Int32Array;
  /** workdayAt[k] is the index of the k-th working day (k ≥ 1): adding N working days is a lookup. */
  private readonly workdayAt: Int32Array;
  /** The date string of every indexed day, so results need no formatting. */
  private readonly dateAt: string[];
  private readonly overrides: Map<string, DayOverride>;
  readonly loadedYears: ReadonlySet<number>;

  constructor(data: CalendarData) {
    this.loadedYears = new Set(data.loadedYears);
    // A year not loaded still has its fixed-date holidays; a day set by hand wins.
    const known: DayOverride[] = [];
    for (let y = MIN_YEAR; y <= MAX_YEAR; y++)
      if (!this.loadedYears.has(y)) known.push(...fixedDateHolidays(y));
    this.overrides = new Map([...known, ...data.overrides].map((o) => [o.date, o]));
    const size = this.last - this.first + 1;
    this.cum = new Int32Array(size);
    this.dateAt = [];
    const byDay = new Map([...this.overrides.values()].map((o) => [toDayNumber(o.date), o.workday]));
    const workdays: number[] = [0];
    let count = 0;
    for (let i = 0; i < size; i++) {
      const day = this.first + i;
      this.dateAt.push(fromDayNumber(day));
      const w = (((day + 4) % 7) + 7) % 7;
      if (byDay.get(day) ?? (w !== 0 && w !== 6)) {
        count++;
        workdays.push(i);
      }
      this.cum[i] = count;
    }
    this.workdayAt = Int32Array.from(workdays);
  }

  private index(date: string): number {
    const i = toDayNumber(date) - this.first;
    if (i < 0 || i > this.last - this.first) {
      throw new RangeError(`date ${date} is outside the calendar (${MIN_YEAR}–${MAX_YEAR})`);
    }
    return i;
  }

  isWorkday(date: string): boolean {
    const o = this.overrides.get(date);
    return o ? o.workday : !isWeekend(date);
  }

  day(date: string): CalendarDay {
    const known = this.knownDay(date);
    return this.loadedYears.has(yearOf(date)) ? known : { ...known, provisional: true };
  }

  private knownDay(date: string): CalendarDay {
    const o = this.overrides.get(date);
    const weekend = isWeekend(date);
    if (!o) return { date, workday: !weekend, kind: weekend ? 'weekend' : 'workday' };
    const name = o.name ?? undefined;
    if (o.workday)
      return {
        date,
        workday: true,
        kind: weekend ? 'adjusted_workday' : 'workday',
        ...(name ? { name } : {}),
      };
    return {
      date,
      workday: false,
      kind: weekend && !name ? 'weekend' : 'holiday',
      ...(name ? { name } : {}),
    };
  }

  days(from: string, to: string): CalendarDay[] {
    const out: CalendarDay[] = [];
    for (let i = this.index(from); i <= this.index(to); i++) out.push(this.day(this.dateAt[i]!));
    return out;
  }

  /** Working days strictly after `from`, up to and including `to` (negative when `to` is earlier). */
  workdaysBetween(from: string, to: string): number {
    return this.cum[this.index(to)]! - this.cum[this.index(from)]!;
  }

  /**
   * The n-th working day after `start` (n ≥ 1); the start day itself never counts. O(1): the count of
   * working days up to the start plus n names the target in workdayAt.
   */
  addWorkdays(start: string, n: number): string {
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`working days must be a positive integer, got ${n}`);
    const target = this.cum[this.index(start)]! + n;
    if (target >= this.workdayAt.length) throw new RangeError(`deadline falls after ${MAX_YEAR}`);
    return this.dateAt[this.workdayAt[target]!]!;
  }

  /** `date` itself when it is a working day, else the first working day after it. */
  workdayOnOrAfter(date: string): string {
    return this.isWorkday(date) ? date : this.addWorkdays(date, 1);
  }

  /** Years in [from, to] with no arrangement loaded. */
  missingYears(from: string, to: string): number[] {
    const out: number[] = [];
    for (let y = yearOf(from); y <= yearOf(to); y++) if (!this.loadedYears.has(y)) out.push(y);
    return out;
  }

  /**
   * DOMAIN.md §2: working days — end of the N-th working day after the start day; natural days —
   * start day excluded, ends at 24:00 of its last day, a last day that is a rest day moves to the
   * first working day after it. All in Asia/Shanghai.
   */
  deadline(start: Date | string, amount: number, unit: DeadlineUnit): Deadline {
    if (!Number.isInteger(amount) || amount < 1 || amount > MAX_DEADLINE_AMOUNT) {
      throw new RangeError(`amount must be an integer from 1 to ${MAX_DEADLINE_AMOUNT}, got ${amount}`);
    }
    const ms = typeof start === 'string' ? parseInstant(start) : start.getTime();
    if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(start)}`);
    // The start day in Asia/Shanghai (UTC+8, no daylight saving), as an index into the calendar.
    const startIdx = Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) - this.first;
    if (startIdx < 0 || startIdx >= this.cum.length - MAX_DEADLINE_AMOUNT * 2) {
      throw new RangeError(`start ${String(start)} is outside the calendar (${MIN_YEAR}–${MAX_YEAR})`);
    }
    let dueIdx: number;
    if (unit === 'workday') dueIdx = this.workdayAt[this.cum[startIdx]! + amount]!;
    else {
      const last = startIdx + amount;
      const lastIsWorkday = this.cum[last]! - this.cum[last - 1]! === 1;
      dueIdx = lastIsWorkday ? last : this.workdayAt[this.cum[last]! + 1]!;
    }
    const dueDate = this.dateAt[dueIdx]!;
    let provisional = false;
    for (let y = yearOf(this.dateAt[startIdx + 1]!); y <= yearOf(dueDate); y++) {
      if (!this.loadedYears.has(y)) provisional = true;
    }
    return {
      startDate: this.dateAt[startIdx]!,
      dueDate,
      dueAt: `${this.dateAt[dueIdx + 1]!}T00:00:00+08:00`,
      provisional,
    };
  }
}

/** Override rows for the shipped State Council arrangements. */
export function statutoryOverrides(years?: readonly number[]): DayOverride[] {
  const out: DayOverride[] = [];
  for (const a of STATUTORY_ARRANGEMENTS) {
    if (years && !years.includes(a.year)) continue;
    for (const h of a.holidays) {
      for (let d = toDayNumber(h.from); d <= toDayNumber(h.to); d++) {
        out.push({ date: fromDayNumber(d), workday: false, name: h.name });
      }
    }
    for (const w of a.adjustedWorkdays) out.push({ date: w.date, workday: true, name: w.name });
  }
  return out;
}

/** The calendar as shipped: 2024–2026 loaded. */
export function shippedCalendar(): WorkCalendar {
  return new WorkCalendar({
    loadedYears: STATUTORY_ARRANGEMENTS.map((a) => a.year),
    overrides: statutoryOverrides(),
  });
}
