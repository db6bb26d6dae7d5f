/** Reporting periods (季度 / 年度 / 年初至今) as inclusive date ranges, and the share of a year gone. */
import { addDays, toDayNumber } from './calendar/dates.js';

export interface Period {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function quarterOf(date: string): number {
  return Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
}

export function quarterRange(year: number, quarter: number): Period {
  const firstMonth = (quarter - 1) * 3 + 1;
  const next = quarter === 4 ? `${year + 1}-01-01` : `${year}-${pad(firstMonth + 3)}-01`;
  return { from: `${year}-${pad(firstMonth)}-01`, to: addDays(next, -1) };
}

export function yearRange(year: number): Period {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** `2024-Q1`, `2024-03`, `2024` → its dates; null when the text is none of these. */
export function parsePeriod(text: string): Period | null {
  let m = /^(\d{4})-Q([1-4])$/.exec(text);
  if (m) return quarterRange(Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
    return { from: `${year}-${m[2]}-01`, to: addDays(next, -1) };
  }
  m = /^(\d{4})$/.exec(text);
  if (m) return yearRange(Number(m[1]));
  return null;
}

/** The same dates one year earlier (29 February becomes 28 February). */
export function sameTimeLastYear(p: Period): Period {
  const back = (d: string) => {
    const y = Number(d.slice(0, 4)) - 1;
    const md = d.slice(5) === '02-29' ? '02-28' : d.slice(5);
    return `${y}-${md}`;
  };
  return { from: back(p.from), to: back(p.to) };
}

/** Every month (YYYY-MM) a period touches, in order. */
export function monthsOf(p: Period): string[] {
  const out: string[] = [];
  let y = Number(p.from.slice(0, 4));
  let m = Number(p.from.slice(5, 7));
  const end = p.to.slice(0, 7);
  for (;;) {
    const key = `${y}-${pad(m)}`;
    out.push(key);
    if (key >= end) return out;
    m++;
    if (m === 13) {
      m = 1;
      y++;
    }
  }
}

/**
 * 序时进度: the share of `year` gone by the end of `asOf` (a date), 0 before the year, 1 after it.
 * 31 March 2024 → 91 / 366.
 */
export function timeElapsedRate(year: number, asOf: string): number {
  const first = toDayNumber(`${year}-01-01`);
  const days = toDayNumber(`${year + 1}-01-01`) - first;
  const gone = toDayNumber(asOf) - first + 1;
  return Math.min(1, Math.max(0, gone / days));
}

/**
 * How government reports round a total in 亿元: just under a round ten is "近1060亿元", otherwise
 * "超880亿元" (more than the round ten below it).
 */
export function roundedYi(yuan: number): { zh: string; en: string } {
  const yi = yuan / 100_000_000;
  const upper = Math.ceil(yi / 10) * 10;
  const lower = Math.floor(yi / 10) * 10;
  if (upper - yi > 0 && upper - yi < 1) return { zh: `近${upper}亿元`, en: `nearly ${upper / 10} bn yuan` };
  if (yi > lower && lower > 0) return { zh: `超${lower}亿元`, en: `over ${lower / 10} bn yuan` };
  const exact = Number(yi.toFixed(2));
  return { zh: `${exact}亿元`, en: `${Number((yi / 10).toFixed(3))} bn yuan` };
}

/** The same day N months later (earlier for negative N), the month's last day when it has no such day. */
export function addMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The last day of a month (YYYY-MM). */
export function monthEnd(month: string): string {
  return addDays(`${addMonths(`${month}-01`, 1).slice(0, 7)}-01`, -1);
}

/**
 * A period cut into its whole calendar months and the days before and after them: a statistic can
 * read the months from totals kept per month and count only the odd days from the records.
 * 2026-01-01..2026-12-07 → months 2026-01..2026-11, days [2026-12-01..2026-12-07].
 */
export function wholeMonths(p: Period): { months: { from: string; to: string } | null; days: Period[] } {
  if (p.from > p.to) return { months: null, days: [] };
  const shift = (month: string, n: number) => addMonths(`${month}-01`, n).slice(0, 7);
  const startsWhole = p.from.endsWith('-01');
  const endsWhole = p.to === monthEnd(p.to.slice(0, 7));
  const first = startsWhole ? p.from.slice(0, 7) : shift(p.from.slice(0, 7), 1);
  const last = endsWhole ? p.to.slice(0, 7) : shift(p.to.slice(0, 7), -1);
  if (first > last) return { months: null, days: [p] };
  const days: Period[] = [];
  if (!startsWhole) days.push({ from: p.from, to: monthEnd(p.from.slice(0, 7)) });
  if (!endsWhole) days.push({ from: `${p.to.slice(0, 7)}-01`, to: p.to });
  return { months: { from: first, to: last }, days };
}
