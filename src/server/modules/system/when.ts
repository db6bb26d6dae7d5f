/**
 * When something happened, as people enter it after the fact: never in the future (a minute's
 * grace for clocks), never before what it follows. Date-only values compare as Shanghai days.
 */
import { shanghaiDate } from '../../../core/calendar/dates.js';
import { invalidField, type Text } from '../../errors.js';

const MS_TOLERANCE = 60_000;

/** An instant (`at`), default now; `earliest` names what it cannot precede. */
export function eventTime(
  path: string,
  at: string | undefined,
  now: Date,
  earliest?: { at: string; text: Text },
): Date {
  const t = at ? new Date(at) : now;
  // Deadlines are counted on the calendar of 2000–2100; nothing the product records is older.
  if (t.getTime() < Date.parse('2000-01-01T00:00:00+08:00')) {
    throw invalidField(path, { zh: '时间不能早于 2000 年', en: 'cannot be before 2000' });
  }
  if (t.getTime() > now.getTime() + MS_TOLERANCE) {
    throw invalidField(path, { zh: '时间不能晚于当前时间', en: 'cannot be in the future' });
  }
  if (earliest && t.getTime() < Date.parse(earliest.at)) throw invalidField(path, earliest.text);
  return t;
}

/** A date (YYYY-MM-DD) no later than today in Shanghai. */
export function notAfterToday(path: string, date: string | null | undefined, now: Date): void {
  if (date && date > shanghaiDate(now)) {
    throw invalidField(path, { zh: '日期不能晚于今天', en: 'cannot be after today' });
  }
}
