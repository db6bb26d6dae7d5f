/** What the project endpoints answer (API.md "Projects and statistics"). */
import { z } from 'zod';
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
