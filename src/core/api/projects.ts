/** What the project endpoints answer (API.md "Projects and statistics"). */
import { z } from 'zod';
import { KEY_LEVELS, PROJECT_STATUSES } from '../projects/keyProjects.js';
import { ISSUE_CATEGORIES, ISSUE_STATUSES, PROJECT_CLASSES, PROJECT_STAGES } from '../projects/stages.js';
import { instant, isoDate, pageOf } from './common.js';
import { chainLinkRef } from './industries.js';

export const project = z
  .object({
    id: z.number().int(),
    code: z.string(),
    version: z.number().int(),
    leadId: z.number().int().nullable(),
    name: z.string(),
    investorName: z.string(),
    investorCreditCode: z.string().nullable(),
    investorId: z.number().int().nullable().describe('The firm in the investor register (客商库)'),
    countyOrgId: z.number().int(),
    parkOrgId: z.number().int().nullable(),
    industryCode: z.string().nullable(),
    industryName: z.string().nullable(),
    chainId: z.number().int().nullable(),
    chainLinkId: z.number().int().nullable(),
    totalInvestmentYuan: z.number().int(),
    isManufacturing: z.boolean(),
    projectClass: z.enum(PROJECT_CLASSES),
    signedOn: isoDate,
    startedOn: isoDate.nullable(),
    inProductionOn: isoDate.nullable(),
    stage: z.enum(PROJECT_STAGES),
    plannedStartOn: isoDate.nullable(),
    plannedProductionOn: isoDate.nullable(),
    plannedOutputYuan: z.number().int().nullable(),
    plannedTaxYuan: z.number().int().nullable(),
    plannedJobs: z.number().int().nullable(),
    note: z.string().nullable(),
    clusterIds: z.array(z.number().int()),
    openIssues: z.number().int(),
    overdueIssues: z.number().int(),
    keyLevels: z.array(z.enum(KEY_LEVELS)).describe('The key-project lists it is on; empty is 一般'),
    status: z.enum(PROJECT_STATUSES).describe('正常推进 / 滞后 / 停滞 / 终止, apart from the stage'),
    statusOn: isoDate.nullable(),
    statsRegisteredOn: isoDate.nullable().describe('纳统: entered the fixed-asset investment statistics'),
    statsCode: z.string().nullable(),
    awaitingStats: z.boolean().describe('Started, 500万 or more, not yet 纳统'),
    startOverdue: z.boolean().describe('应开工未开工: planned start passed, not started'),
    productionOverdue: z.boolean().describe('应投产未投产: planned production passed, not in production'),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Project' });
export type ProjectDto = z.infer<typeof project>;

export const coordinationIssue = z
  .object({
    id: z.number().int(),
    version: z.number().int(),
    projectId: z.number().int(),
    projectCode: z.string().optional(),
    projectName: z.string().optional(),
    category: z.enum(ISSUE_CATEGORIES),
    description: z.string(),
    departmentOrgId: z.number().int().nullable(),
    department: z.string().nullable(),
    status: z.enum(ISSUE_STATUSES),
    raisedByName: z.string(),
    raisedAt: instant,
    dueAt: instant,
    dueDate: isoDate,
    overdue: z.boolean(),
    answer: z.string().nullable(),
    answeredAt: instant.nullable(),
    answeredByName: z.string().nullable(),
    closedAt: instant.nullable(),
    closeNote: z.string().nullable(),
  })
  .meta({ id: 'CoordinationIssue' });
export type IssueDto = z.infer<typeof coordinationIssue>;

export const PROJECT_PAGE_ACTIONS = [
  'edit',
  'to_started',
  'to_in_production',
  'revert',
  'raise_issue',
  'answer_issue',
  'clusters',
  'set_status',
  'report_month',
] as const;
export type ProjectPageAction = (typeof PROJECT_PAGE_ACTIONS)[number];

export const projectDetail = project
  .extend({
    lead: z.object({ id: z.number().int(), code: z.string() }).nullable(),
    actions: z.array(z.enum(PROJECT_PAGE_ACTIONS)),
    chainLink: chainLinkRef.nullable().describe('The chain link the project fills (产业链环节)'),
    issues: z.array(coordinationIssue),
  })
  .meta({ id: 'ProjectDetail' });
export type ProjectDetailDto = z.infer<typeof projectDetail>;

export const projectAnswer = z.object({ project: projectDetail });
export const projectPage = pageOf(project);
export const issueList = z.object({ items: z.array(coordinationIssue) });

const colour = z.enum(['red', 'amber', 'green', 'none']);

export const projectMonth = z
  .object({
    month: z.string().describe('YYYY-MM'),
    version: z.number().int(),
    completedYuan: z.number().int(),
    /** Since the project began reporting, and within the month's year. */
    cumulativeYuan: z.number().int(),
    yearCumulativeYuan: z.number().int(),
    progress: z.string().describe('形象进度'),
    problems: z.string().nullable(),
    reportedByName: z.string(),
    reportedAt: instant,
    updatedAt: instant,
    dueDate: isoDate,
    onTime: z.boolean().describe('First reported before its deadline'),
  })
  .meta({ id: 'ProjectMonth' });

export const projectYear = z
  .object({
    year: z.number().int(),
    plannedYuan: z.number().int().nullable(),
    planVersion: z.number().int().nullable(),
    completedYuan: z.number().int(),
    reportedThrough: z.string().nullable().describe('The last month of the year reported'),
    completionRate: z.number().nullable(),
    timeElapsedRate: z.number().describe('序时进度 to the end of the last month due'),
    colour,
  })
  .meta({ id: 'ProjectYear' });

export const statusChange = z
  .object({
    fromStatus: z.enum(PROJECT_STATUSES),
    status: z.enum(PROJECT_STATUSES),
    on: isoDate,
    reason: z.string(),
    byName: z.string(),
    at: instant,
  })
  .meta({ id: 'ProjectStatusChange' });

export const investmentAnswer = z
  .object({
    years: z.array(projectYear),
    months: z.array(projectMonth).describe('Newest first'),
    statusChanges: z.array(statusChange).describe('Newest first'),
    due: z
      .object({
        month: z.string(),
        dueDate: isoDate,
        dueAt: instant,
        reported: z.boolean(),
        status: z.enum(['not_started', 'pending', 'due_soon', 'overdue', 'met', 'met_late']),
      })
      .nullable()
      .describe("The month whose report is due next (none before signing's month ends, or once terminated)"),
    canReport: z.boolean(),
    reportableMonths: z.array(z.string()).describe('Months one may report or correct, newest first'),
  })
  .meta({ id: 'ProjectInvestment' });
export type InvestmentDto = z.infer<typeof investmentAnswer>;

const rollup = z.object({
  projects: z.number().int(),
  totalInvestmentYuan: z.number().int(),
  plannedYuan: z.number().int(),
  completedYuan: z.number().int(),
  completionRate: z.number().nullable(),
  colour,
  behind: z.number().int().describe('Projects below 序时进度'),
  missingReports: z.number().int().describe("Projects without the month's report"),
  startOverdue: z.number().int(),
  productionOverdue: z.number().int(),
  awaitingStats: z.number().int(),
});

export const bulletinRow = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  countyOrgId: z.number().int(),
  keyLevels: z.array(z.enum(KEY_LEVELS)),
  stage: z.enum(PROJECT_STAGES),
  status: z.enum(PROJECT_STATUSES),
  totalInvestmentYuan: z.number().int(),
  plannedYuan: z.number().int().nullable(),
  completedYuan: z.number().int(),
  monthYuan: z.number().int().nullable().describe("The month's own figure; null when not reported"),
  completionRate: z.number().nullable(),
  gapPoints: z.number().nullable().describe('Completion minus 序时进度, in percentage points'),
  colour,
  startOverdue: z.boolean(),
  productionOverdue: z.boolean(),
  awaitingStats: z.boolean(),
  progress: z.string().nullable(),
});

export const keyProjectsAnswer = z
  .object({
    month: z.string(),
    year: z.number().int(),
    asOf: isoDate,
    timeElapsedRate: z.number(),
    total: rollup,
    byCounty: z.array(rollup.extend({ orgId: z.number().int(), orgName: z.string() })),
    byLevel: z.array(rollup.extend({ level: z.enum([...KEY_LEVELS, 'general']) })),
    rows: z.array(bulletinRow).describe('Every project reporting this year, key projects first'),
  })
  .meta({ id: 'KeyProjectsBulletin' });
export type KeyProjectsDto = z.infer<typeof keyProjectsAnswer>;
