/**
 * "Today" is the day in Asia/Shanghai (DOMAIN.md §7), whatever the browser's time zone: a browser
 * set to UTC must not refuse a date the server accepts, nor offer one it refuses.
 */
import dayjs, { type Dayjs } from 'dayjs';
import { shanghaiDate } from '../../core/calendar/dates.js';

export const todayText = (): string => shanghaiDate(new Date());
export const today = (): Dayjs => dayjs(todayText());
/** For DatePicker's disabledDate: days after today in Shanghai. */
export const afterToday = (d: Dayjs): boolean => d.format('YYYY-MM-DD') > todayText();
