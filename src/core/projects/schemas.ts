import { z } from 'zod';
import { dateString, instantString } from '../calendar/schemas.js';
import { recordId, recordIdText, versionNumber } from '../ids.js';
import { creditCode, industryCode, investorName, yuan } from '../leads/schemas.js';
import { pageQuery } from '../schemas.js';
import { KEY_LEVELS, PROJECT_STATUSES } from './keyProjects.js';
import { ISSUE_CATEGORIES, ISSUE_STATUSES, PROJECT_CLASSES, PROJECT_STAGES } from './stages.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();
const id = recordId;

const projectFields = {
  name: text(100),
  investorName,
  investorCreditCode: creditCode.optional(),
  countyOrgId: id,
  parkOrgId: id.optional(),
  industryCode: industryCode.optional(),
  chainLinkId: id.optional(),
  totalInvestmentYuan: yuan.min(1),
  signedOn: dateString,
  plannedStartOn: dateString.optional(),
  plannedProductionOn: dateString.optional(),
  plannedOutputYuan: yuan.optional(),
  plannedTaxYuan: yuan.optional(),
  plannedJobs: z.number().int().min(0).max(1_000_000).optional(),
  note: optionalText(500),
  /** The key-project lists it is on (省 / 市 / 县重点); none is 一般. */
  keyLevels: z
    .array(z.enum(KEY_LEVELS))
    .max(KEY_LEVELS.length)
    .refine((l) => new Set(l).size === l.length, { message: 'duplicate' })
    .optional(),
  /** 纳统: the day it entered the fixed-asset investment statistics (null clears it). */
  statsRegisteredOn: dateString.nullable().optional(),
  statsCode: z.string().trim().min(1).max(40).nullable().optional(),
};

/** A project entered directly (older projects, projects signed elsewhere). */
export const createProjectBody = z.object(projectFields);
export type CreateProjectBody = z.infer<typeof createProjectBody>;

export const updateProjectBody = z.object(projectFields).partial().extend({ version: versionNumber });
export type UpdateProjectBody = z.infer<typeof updateProjectBody>;

/** A milestone forward; backwards only by the city officer, with a reason. */
export const milestoneBody = z.object({
  version: versionNumber.optional(),
  stage: z.enum(PROJECT_STAGES),
  on: dateString.optional(),
  reason: optionalText(500),
});
export type MilestoneBody = z.infer<typeof milestoneBody>;

const csv = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item)).optional();

export const PERIOD_BASES = ['signed', 'started', 'in_production'] as const;

export const listProjectsQuery = pageQuery.extend({
  stage: csv(z.enum(PROJECT_STAGES)),
  countyOrgId: recordIdText.optional(),
  parkOrgId: recordIdText.optional(),
  projectClass: z.enum(PROJECT_CLASSES).optional(),
  industryCode: industryCode.optional(),
  clusterId: recordIdText.optional(),
  chainId: recordIdText.optional(),
  chainLinkId: recordIdText.optional(),
  manufacturing: z.enum(['yes', 'no']).optional(),
  /** Which date the period applies to: signing (default), start or production. */
  periodBasis: z.enum(PERIOD_BASES).default('signed'),
  from: dateString.optional(),
  to: dateString.optional(),
  openIssues: z.enum(['open', 'overdue']).optional(),
  /** On a key-project list (province, city, county) or on none (general). */
  keyLevel: z.enum([...KEY_LEVELS, 'general']).optional(),
  status: csv(z.enum(PROJECT_STATUSES)),
  /** This year's completion below its plan's 序时进度 (to the end of last month). */
  behindPlan: z.enum(['yes']).optional(),
  /** 应开工未开工 / 应投产未投产: the planned date has passed, the milestone is not reached. */
  milestoneOverdue: z.enum(['start', 'production']).optional(),
  /** Started, of 500万 or more, not yet in the investment statistics. */
  awaitingStats: z.enum(['yes']).optional(),
  /** A term of its investment agreement breached today (the verdicts of core/projects/agreements.ts). */
  agreementBreached: z.enum(['yes']).optional(),
  q: z.string().trim().max(100).optional(),
  sort: z.enum(['signedOn', 'totalInvestmentYuan', 'code']).default('signedOn'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type ListProjectsQuery = z.infer<typeof listProjectsQuery>;

export const createIssueBody = z.object({
  category: z.enum(ISSUE_CATEGORIES),
  description: text(1000),
  departmentOrgId: id.optional(),
  department: optionalText(100),
  raisedAt: instantString.optional(),
});
export type CreateIssueBody = z.infer<typeof createIssueBody>;

/** `at`: when it happened (default now), never in the future nor before the issue was raised. */
export const answerIssueBody = z.object({
  version: versionNumber,
  answer: text(1000),
  at: instantString.optional(),
});
export const closeIssueBody = z.object({
  version: versionNumber,
  note: optionalText(500),
  at: instantString.optional(),
});

export const listIssuesQuery = z.object({
  status: csv(z.enum(ISSUE_STATUSES)),
  overdue: z.enum(['yes']).optional(),
  countyOrgId: recordIdText.optional(),
});
