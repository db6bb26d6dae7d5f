/** The key-project office's input schemas (status, yearly plans, monthly reports, the bulletin's query). */
import { z } from 'zod';
import { dateString } from '../calendar/schemas.js';
import { recordIdText, versionNumber } from '../ids.js';
import { yuan } from '../leads/schemas.js';
import { PROJECT_STATUSES } from './keyProjects.js';

/** A month, YYYY-MM. */
export const monthString = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month_format' });

const text = (max: number) => z.string().trim().min(1).max(max);

export const statusBody = z.object({
  version: versionNumber,
  status: z.enum(PROJECT_STATUSES),
  on: dateString.optional(),
  reason: text(500),
});
export type StatusBody = z.infer<typeof statusBody>;

export const planBody = z.object({
  plannedYuan: yuan,
  /** The version read, when a plan for the year already exists. */
  version: versionNumber.optional(),
});
export type PlanBody = z.infer<typeof planBody>;

export const monthBody = z.object({
  completedYuan: yuan,
  progress: text(1000),
  problems: z.string().trim().max(1000).optional(),
  /** The version read: required to correct a month already reported. */
  version: versionNumber.optional(),
});
export type MonthBody = z.infer<typeof monthBody>;

export const yearParam = z.object({
  id: recordIdText,
  year: z.coerce.number().int().min(2000).max(2100),
});
export const monthParam = z.object({ id: recordIdText, month: monthString });

export const keyProjectsQuery = z.object({
  /** Reported to the end of this month; default the last month whose report is due. */
  month: monthString.optional(),
  orgId: recordIdText.optional(),
  /** Every project (the bulletin), or only the eight furthest behind (the dashboard's card). */
  rows: z.enum(['all', 'behind']).default('all'),
});
