/**
 * Key projects (重点项目, DOMAIN.md §8; #16): the lists a project is on, its status apart from its
 * stage, each year's planned investment against the months reported, 应开工未开工 / 应投产未投产 and
 * 纳统. Pure: the server enforces with it and the browser shows with it. The input schemas are in
 * keyProjectSchemas.ts, so the pages that only show key projects do not load zod.
 */
import { addDays } from '../calendar/dates.js';
import type { Lang } from '../messages.js';
import { monthEnd } from '../periods.js';
import { type Progress, progressColour, progressOf } from '../targets.js';

export const KEY_LEVELS = ['province', 'city', 'county'] as const;
export type KeyLevel = (typeof KEY_LEVELS)[number];
export const KEY_LEVEL_LABELS: Record<KeyLevel | 'general', Record<Lang, string>> = {
  province: { zh: '省重点', en: 'Provincial key' },
  city: { zh: '市重点', en: 'City key' },
  county: { zh: '县重点', en: 'County key' },
  general: { zh: '一般', en: 'General' },
};

/** The stored form of a project's lists: in KEY_LEVELS order, comma-separated; '' is 一般. */
export function levelsText(levels: readonly KeyLevel[]): string {
  return KEY_LEVELS.filter((l) => levels.includes(l)).join(',');
}
export function levelsOf(text: string): KeyLevel[] {
  return KEY_LEVELS.filter((l) => text.split(',').includes(l));
}

export const PROJECT_STATUSES = ['normal', 'lagging', 'stalled', 'terminated'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, Record<Lang, string>> = {
  normal: { zh: '正常推进', en: 'On track' },
  lagging: { zh: '滞后', en: 'Lagging' },
  stalled: { zh: '停滞', en: 'Stalled' },
  terminated: { zh: '终止', en: 'Terminated' },
};

/** 纳统: a project of planned total investment of 500万元 or more enters the statistics once main works start. */
export const STATS_THRESHOLD_YUAN = 5_000_000;

/** Whether a project should be in the statistics and is not yet (the follow-up list). */
export function awaitingStats(p: {
  totalInvestmentYuan: number;
  startedOn: string | null;
  statsRegisteredOn: string | null;
  status: string;
}): boolean {
  return (
    p.status !== 'terminated' &&
    p.totalInvestmentYuan >= STATS_THRESHOLD_YUAN &&
    p.startedOn !== null &&
    p.statsRegisteredOn === null
  );
}

/** 应开工未开工 / 应投产未投产 on `today`: the planned date has passed and the milestone is not reached. */
export function overdueMilestones(
  p: {
    plannedStartOn: string | null;
    plannedProductionOn: string | null;
    startedOn: string | null;
    inProductionOn: string | null;
    status: string;
  },
  today: string,
): { start: boolean; production: boolean } {
  const active = p.status !== 'terminated';
  return {
    start: active && p.startedOn === null && p.plannedStartOn !== null && p.plannedStartOn < today,
    production:
      active && p.inProductionOn === null && p.plannedProductionOn !== null && p.plannedProductionOn < today,
  };
}

export const monthOf = (date: string) => date.slice(0, 7);
export const monthStart = (month: string) => `${month}-01`;
export { monthEnd };

export function previousMonth(month: string): string {
  return monthOf(addDays(monthStart(month), -1));
}
export function nextMonth(month: string): string {
  return monthOf(addDays(monthEnd(month), 1));
}

/**
 * 序时进度 of a year's investment reported to the end of `month` (the provincial form: cumulative
 * to the end of a month, against months gone): March → 3/12.
 */
export function monthElapsedRate(year: number, month: string): number {
  const y = Number(month.slice(0, 4));
  if (y < year) return 0;
  if (y > year) return 1;
  return Number(month.slice(5, 7)) / 12;
}

/** A year's completion against its plan and 序时进度, coloured as on the targets page. */
export function yearProgress(
  plannedYuan: number | null,
  completedYuan: number,
  elapsed: number,
): Progress & { colour: 'red' | 'amber' | 'green' | 'none' } {
  const p = progressOf({ kind: 'cumulative' }, plannedYuan ?? 0, completedYuan, elapsed);
  return { ...p, colour: progressColour({ kind: 'cumulative' }, p) };
}

/** The clock step of a month's report: one per month, so each keeps its own verdict. */
export const monthStep = (month: string) => `month:${month}`;
export const stepMonth = (step: string) => (step.startsWith('month:') ? step.slice(6) : null);
