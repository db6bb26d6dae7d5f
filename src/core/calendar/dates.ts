/**
 * Date-only arithmetic on `YYYY-MM-DD` strings through day numbers (days since 1970-01-01).
 * Everything goes through Date.UTC, so results never depend on the machine's time zone.
 */
const DAY_MS = 86_400_000;
/** China Standard Time, no daylight saving since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDateString(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const back = new Date(Date.UTC(y, mo - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d;
}

export function toDayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m || !isDateString(date)) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
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

/** The calendar date in Asia/Shanghai of an instant. */
export function shanghaiDate(instant: Date | string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 Asia/Shanghai at the start of the date, as an ISO string with offset. */
export function startOfShanghaiDay(date: string): string {
  toDayNumber(date);
  return `${date}T00:00:00+08:00`;
}

export function startOfShanghaiDayMs(date: string): number {
  return toDayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS;
}
