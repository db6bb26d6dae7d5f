/**
 * Date-only arithmetic on `YYYY-MM-DD` strings through day numbers (days since 1970-01-01).
 * Everything goes through Date.UTC, so results never depend on the machine's time zone.
 */
export const DAY_MS = 86_400_000;
/** China Standard Time, no daylight saving since 1991. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses YYYY-MM-DD by character codes (no regex, no Date): deadline arithmetic calls this a lot. */
function parse(date: string): number {
  if (
    typeof date !== 'string' ||
    date.length !== 10 ||
    date.charCodeAt(4) !== 45 ||
    date.charCodeAt(7) !== 45
  ) {
    return Number.NaN;
  }
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = date.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    if (i < 4) y = y * 10 + c;
    else if (i < 7) m = m * 10 + c;
    else d = d * 10 + c;
  }
  if (m < 1 || m > 12 || d < 1) return Number.NaN;
  if (d > (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]!)) return Number.NaN;
  // Days from civil (H. Hinnant's algorithm), proleptic Gregorian.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function isDateString(value: string): boolean {
  return !Number.isNaN(parse(value));
}

export function toDayNumber(date: string): number {
  const n = parse(date);
  if (Number.isNaN(n)) throw new RangeError(`not a date: ${date}`);
  return n;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function fromDayNumber(day: number): string {
  // Civil from days (H. Hinnant's algorithm).
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** Two to four ASCII digits of `s` from `at` as a number, or -1. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let k = at; k < at + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Date.parse, quicker for the instants the product writes (`2024-09-27T02:00:00.000Z`,
 * `2024-09-28T00:00:00+08:00`): read field by field, in range, into Date.UTC — which rolls a day
 * past a month's end over as Date.parse does. Anything else is left to Date.parse itself.
 */
export function parseInstant(s: string): number {
  if (s.length < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84)
    return Date.parse(s);
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return Date.parse(s);
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const se = digits(s, 17, 2);
  let at = 19;
  let ms = 0;
  if (s.charCodeAt(at) === 46) {
    ms = digits(s, 20, 3);
    at = 23;
  }
  let offset: number;
  const sign = s.charCodeAt(at);
  if (sign === 90 && s.length === at + 1) offset = 0;
  else if ((sign === 43 || sign === 45) && s.length === at + 6 && s.charCodeAt(at + 3) === 58) {
    const oh = digits(s, at + 1, 2);
    const om = digits(s, at + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return Date.parse(s);
    offset = (sign === 43 ? 1 : -1) * (oh * 60 + om);
  } else return Date.parse(s);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59)
    return Date.parse(s);
  if (se < 0 || se > 59 || ms < 0) return Date.parse(s);
  return Date.UTC(y, mo - 1, d, h, mi, se, ms) - offset * 60_000;
}

/** The calendar date in Asia/Shanghai of an instant. */
export function shanghaiDate(instant: Date | string): string {
  const ms = typeof instant === 'string' ? parseInstant(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * An instant written as stored deadlines are written (Shanghai wall clock, `+08:00`, whole
 * seconds: `2024-09-28T00:30:00+08:00`), so that comparing the strings, in SQL as in code,
 * compares the instants. A `…Z` string against a stored `…+08:00` one compares wrongly for
 * the first eight hours of every Shanghai day.
 */
export function shanghaiInstant(instant: Date | string): string {
  const ms = typeof instant === 'string' ? parseInstant(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return `${new Date(Math.floor(ms / 1000) * 1000 + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** 00:00 Asia/Shanghai at the start of the date, as an ISO string with offset. */
export function startOfShanghaiDay(date: string): string {
  toDayNumber(date);
  return `${date}T00:00:00+08:00`;
}

export function startOfShanghaiDayMs(date: string): number {
  return toDayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** The earlier of two YYYY-MM-DD dates. */
export function earlierDate(a: string, b: string): string {
  return [a, b].sort()[0]!;
}
