/**
 * Time-limit policies and step status (DOMAIN.md §2). Pure: the server enforces with it and the
 * browser previews with it.
 */
import type { DeadlineUnit, WorkCalendar } from './calendar/calendar.js';
import { addDays, shanghaiDate, startOfShanghaiDayMs } from './calendar/dates.js';
import type { Lang } from './messages.js';

export const SLA_STEPS = [
  'response',
  'assessment',
  'assessment_major',
  'feedback',
  'progress',
  'coordination',
  'monthly_report',
  'trip_report',
] as const;
export type SlaStep = (typeof SLA_STEPS)[number];
export const DEADLINE_UNITS = ['workday', 'natural'] as const;

export interface SlaPolicy {
  step: SlaStep;
  amount: number;
  unit: DeadlineUnit;
}

/** DOMAIN.md defaults: respond 1 working day; assess 3 (major 5); feed back 5; progress every 10. */
export const DEFAULT_POLICIES: SlaPolicy[] = [
  { step: 'response', amount: 1, unit: 'workday' },
  { step: 'assessment', amount: 3, unit: 'workday' },
  { step: 'assessment_major', amount: 5, unit: 'workday' },
  { step: 'feedback', amount: 5, unit: 'workday' },
  { step: 'progress', amount: 10, unit: 'workday' },
  // 有事必应: a project's coordination issue is answered within 5 working days.
  { step: 'coordination', amount: 5, unit: 'workday' },
  // A key project's month is reported by the 6th of the next month (provincial practice, DOMAIN.md §8).
  { step: 'monthly_report', amount: 6, unit: 'natural' },
  // A trip or event is reported within 5 working days of its last day (#15).
  { step: 'trip_report', amount: 5, unit: 'workday' },
];

export const SLA_STEP_LABELS: Record<SlaStep, Record<Lang, string>> = {
  response: { zh: '响应', en: 'Response' },
  assessment: { zh: '研判', en: 'Assessment' },
  assessment_major: { zh: '研判（重大线索）', en: 'Assessment (major lead)' },
  feedback: { zh: '反馈', en: 'Feedback' },
  progress: { zh: '进展报告', en: 'Progress report' },
  coordination: { zh: '协调事项答复', en: 'Coordination issue answer' },
  monthly_report: { zh: '月度投资报送', en: 'Monthly investment report' },
  trip_report: { zh: '外出招商报告', en: 'Trip report' },
};

/** A step's name in words; a step the table does not know is shown as it is stored. */
export function stepLabel(step: string, lang: Lang): string {
  // A month's report clock is stepped month:YYYY-MM (core/projects/keyProjects.ts).
  if (step.startsWith('month:')) return `${step.slice(6)} ${SLA_STEP_LABELS.monthly_report[lang]}`;
  return SLA_STEP_LABELS[step as SlaStep]?.[lang] ?? step;
}

export const UNIT_LABELS: Record<DeadlineUnit, Record<Lang, string>> = {
  workday: { zh: '工作日', en: 'working days' },
  natural: { zh: '自然日', en: 'calendar days' },
};

export const STEP_STATUSES = ['not_started', 'pending', 'due_soon', 'overdue', 'met', 'met_late'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export interface ClockState {
  startedAt: string | null;
  dueDate: string | null;
  dueAt: string | null;
  completedAt: string | null;
  /** Fixed at completion; later calendar edits never change it. */
  verdict?: 'met' | 'met_late' | null;
}

export interface StepView {
  status: StepStatus;
  /** Working days after today up to the due date (for "剩余 N 个工作日"). */
  remainingWorkdays: number | null;
  /** Working days after the due date up to today (for "已超期 N 个工作日"). */
  overdueWorkdays: number | null;
}

/**
 * The status of a step at `now`: due_soon on its last allowed day, or when no more than
 * `dueSoonWorkingHours` working hours remain (0 turns the hours rule off).
 */
export function stepStatus(
  clock: ClockState,
  now: Date,
  calendar: WorkCalendar,
  dueSoonWorkingHours = 0,
): StepView {
  if (!clock.startedAt || !clock.dueDate || !clock.dueAt) {
    return { status: 'not_started', remainingWorkdays: null, overdueWorkdays: null };
  }
  if (clock.completedAt) {
    const status =
      clock.verdict ?? (Date.parse(clock.completedAt) < Date.parse(clock.dueAt) ? 'met' : 'met_late');
    return { status, remainingWorkdays: null, overdueWorkdays: null };
  }
  const today = shanghaiDate(now);
  if (now.getTime() >= Date.parse(clock.dueAt)) {
    return {
      status: 'overdue',
      remainingWorkdays: null,
      overdueWorkdays: calendar.workdaysBetween(clock.dueDate, today),
    };
  }
  const remainingWorkdays = calendar.workdaysBetween(today, clock.dueDate);
  if (today === clock.dueDate) return { status: 'due_soon', remainingWorkdays: 0, overdueWorkdays: null };
  if (dueSoonWorkingHours > 0) {
    const leftToday = calendar.isWorkday(today)
      ? (startOfShanghaiDayMs(addDays(today, 1)) - now.getTime()) / 3_600_000
      : 0;
    if (leftToday + 24 * remainingWorkdays <= dueSoonWorkingHours) {
      return { status: 'due_soon', remainingWorkdays, overdueWorkdays: null };
    }
  }
  return { status: 'pending', remainingWorkdays, overdueWorkdays: null };
}

/** "剩余 2 个工作日", "今天到期", "已超期 1 个工作日", "按时完成" … */
export function describeStep(view: StepView, lang: Lang): string {
  const zh = lang === 'zh';
  switch (view.status) {
    case 'not_started':
      return zh ? '未开始' : 'Not started';
    case 'met':
      return zh ? '按时完成' : 'Done on time';
    case 'met_late':
      return zh ? '超时完成' : 'Done late';
    case 'overdue':
      if (!view.overdueWorkdays)
        // As short as the other states: it fits the ledger's deadline column (1366 px) as they do.
        return zh ? '已超期不足 1 个工作日' : 'Overdue < 1 working day';
      return zh
        ? `已超期 ${view.overdueWorkdays} 个工作日`
        : `Overdue by ${view.overdueWorkdays} working day(s)`;
    default:
      if (view.remainingWorkdays === 0) return zh ? '今天到期' : 'Due today';
      return zh ? `剩余 ${view.remainingWorkdays} 个工作日` : `${view.remainingWorkdays} working day(s) left`;
  }
}

/**
 * The last due date that counts as due soon at `now`: today under the last-day rule, or with the
 * working-hours rule the last date whose remaining working hours stay within the limit. A step's
 * status only grows with its due date, so a list filter for "due soon" is one date comparison.
 */
export function lastDueSoonDate(now: Date, calendar: WorkCalendar, dueSoonWorkingHours = 0): string {
  const today = shanghaiDate(now);
  if (dueSoonWorkingHours <= 0) return today;
  const leftToday = calendar.isWorkday(today)
    ? (startOfShanghaiDayMs(addDays(today, 1)) - now.getTime()) / 3_600_000
    : 0;
  let last = today;
  for (let d = addDays(today, 1); ; d = addDays(d, 1)) {
    if (leftToday + 24 * calendar.workdaysBetween(today, d) > dueSoonWorkingHours) return last;
    last = d;
  }
}
