/** What the lead endpoints answer (API.md "Leads"): the server serialises with these, the web reads z.infer of them. */
import { z } from 'zod';
import { LOST_REASONS } from '../leads/lost.js';
import { assessBody, feedbackBody, respondBody } from '../leads/schemas.js';
import { LEAD_ACTIONS, LEAD_CLOCKS, LEAD_STAGES } from '../leads/stages.js';
import { STEP_STATUSES } from '../sla.js';
import { instant, isoDate, pageOf } from './common.js';
import { chainLinkRef } from './industries.js';
import { project } from './projects.js';

export const clockView = z
  .object({
    startedAt: instant.nullable(),
    dueDate: isoDate.nullable(),
    dueAt: instant.nullable(),
    completedAt: instant.nullable(),
    provisional: z
      .boolean()
      .describe('The deadline falls in a year whose State Council arrangement is not loaded'),
    status: z.enum(STEP_STATUSES),
    remainingWorkdays: z.number().int().nullable(),
    overdueWorkdays: z.number().int().nullable(),
    policy: z.object({ step: z.string(), amount: z.number().int(), unit: z.string() }).nullable(),
  })
  .meta({ id: 'Clock' });
export type ClockView = z.infer<typeof clockView>;

export const lead = z
  .object({
    id: z.number().int(),
    code: z.string(),
    version: z.number().int(),
    stage: z.enum(LEAD_STAGES),
    projectName: z.string(),
    investorName: z.string(),
    investorCreditCode: z.string().optional(),
    investorId: z.number().int().nullable().describe('The firm in the investor register (客商库)'),
    investorType: z.string().optional(),
    industryCode: z.string().optional(),
    industryName: z.string().optional(),
    chainId: z.number().int().optional(),
    chainLinkId: z.number().int().optional(),
    plannedInvestmentYuan: z.number().int(),
    fixedAssetInvestmentYuan: z.number().int().optional(),
    landAreaMu: z.number().optional(),
    referrer: z.object({
      name: z.string(),
      organization: z.string().optional(),
      phone: z
        .string()
        .optional()
        .describe('Masked (138****5678): the full number through POST /api/leads/{id}/contact'),
      kind: z.string(),
    }),
    channel: z.string(),
    receivedAt: instant,
    isMajor: z.boolean(),
    ownerUserId: z.number().int().optional(),
    ownerOrgId: z.number().int(),
    registeredByUserId: z.number().int(),
    countyOrgIds: z.array(z.number().int()),
    clusterIds: z.array(z.number().int()),
    cityCoFollow: z.boolean(),
    decision: z.enum(['follow', 'decline']).optional(),
    closedReason: z.string().optional(),
    lostToCity: z.string().optional().describe('Closed as lost: the city it went to'),
    lostReason: z.enum(LOST_REASONS).optional(),
    mergedIntoId: z.number().int().optional(),
    projectId: z.number().int().optional(),
    steps: z
      .object({
        response: respondBody.omit({ at: true }).optional(),
        assessment: assessBody.omit({ at: true }).optional(),
        feedback: feedbackBody.omit({ at: true }).optional(),
      })
      .describe('What the response, assessment and feedback recorded'),
    waiting: z
      .object({ step: z.enum(LEAD_CLOCKS), dueDate: isoDate.nullable(), dueAt: instant.nullable() })
      .nullable(),
    sla: z.object({ response: clockView, assessment: clockView, feedback: clockView, progress: clockView }),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Lead' });
export type LeadDto = z.infer<typeof lead>;

export const leadEvent = z.object({
  id: z.number().int(),
  type: z.string(),
  at: instant,
  recordedAt: instant,
  userId: z.number().int().nullable(),
  userName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type LeadEventDto = z.infer<typeof leadEvent>;

export const leadLink = z.object({
  linkId: z.number().int(),
  type: z.enum(['lead', 'project']),
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  stage: z.string(),
  reason: z.string(),
  resolution: z.string().nullable(),
});

/** The project a signed lead became, as API.md's project promises (summary fields first). */
export const leadDetail = lead
  .extend({
    events: z.array(leadEvent),
    duplicates: z.array(leadLink),
    project: z
      .object({ id: z.number().int(), code: z.string(), name: z.string(), stage: z.string() })
      .nullable()
      .describe('The signed project, when the reader may see it'),
    allowedActions: z.array(z.enum([...LEAD_ACTIONS, 'edit'])),
    chainLink: chainLinkRef.nullable().describe('The chain link the lead fills (产业链环节)'),
    contactRevealable: z
      .boolean()
      .describe('The reader follows the lead and may ask for the referrer’s full phone (audited)'),
  })
  .meta({ id: 'LeadDetail' });
export type LeadDetailDto = z.infer<typeof leadDetail>;

export const leadAnswer = z.object({ lead: leadDetail });
export const stepAnswer = leadAnswer;
/** A signed lead and the project it became (API.md's project). */
export const signAnswer = z.object({ lead: leadDetail, project, projectId: z.number().int() });
const isNew = z
  .literal(true)
  .optional()
  .describe('Dispatched to your county and not yet opened by anyone of it (新)');
/** A lead as the ledger lists it. */
export const listedLead = lead.extend({ isNew });
export const leadPage = pageOf(listedLead);

export const leadSummary = z.object({
  byStage: z.record(z.string(), z.number().int()),
  overdue: z.number().int(),
  dueSoon: z.number().int(),
});

export const myWorkItem = z.object({
  leadId: z.number().int(),
  code: z.string(),
  projectName: z.string(),
  investorName: z.string(),
  plannedInvestmentYuan: z.number().int(),
  stage: z.enum(LEAD_STAGES),
  step: z.enum(LEAD_CLOCKS),
  action: z.enum(LEAD_ACTIONS),
  dueDate: isoDate.nullable(),
  dueAt: instant.nullable(),
  status: z.enum(STEP_STATUSES),
  provisional: z.boolean(),
  remaining: z.string(),
  isNew,
});
export type MyWorkItem = z.infer<typeof myWorkItem>;

export const myWork = z.object({
  items: z.array(myWorkItem),
  today: isoDate,
  awaitingDispatch: z.array(
    z.object({
      leadId: z.number().int(),
      code: z.string(),
      projectName: z.string(),
      plannedInvestmentYuan: z.number().int(),
    }),
  ),
});

export const conflict = z.object({
  linkId: z.number().int(),
  otherType: z.enum(['lead', 'project']),
  otherId: z.number().int(),
  reason: z.string(),
  createdAt: instant,
  leadId: z.number().int(),
  code: z.string(),
  projectName: z.string(),
  investorName: z.string(),
  ownerOrgId: z.number().int(),
  stage: z.string(),
  other: z.object({
    type: z.enum(['lead', 'project']),
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    investorName: z.string(),
    orgId: z.number().int(),
    stage: z.string(),
  }),
});
export type ConflictDto = z.infer<typeof conflict>;

export const officer = z.object({
  id: z.number().int(),
  displayName: z.string(),
  orgId: z.number().int(),
  role: z.string(),
});

const period = z.object({ from: isoDate, to: isoDate });
const lateOverdue = z.object({ name: z.string(), late: z.number().int(), overdue: z.number().int() });

export const weeklyReport = z.object({
  period,
  newLeads: z.array(
    z.object({
      id: z.number().int(),
      code: z.string(),
      projectName: z.string(),
      investorName: z.string(),
      plannedInvestmentYuan: z.number().int(),
      channel: z.string(),
      receivedAt: instant,
      stage: z.string(),
    }),
  ),
  stepsCompleted: z.array(
    z.object({ step: z.enum(LEAD_CLOCKS), completed: z.number().int(), late: z.number().int() }),
  ),
  lateSteps: z.array(
    z.object({
      leadId: z.number().int(),
      code: z.string(),
      projectName: z.string(),
      step: z.enum(LEAD_CLOCKS),
      dueDate: isoDate,
      completedAt: instant.nullable(),
      officer: z.string().nullable(),
    }),
  ),
  overdueSteps: z.array(
    z.object({
      leadId: z.number().int(),
      code: z.string(),
      projectName: z.string(),
      step: z.enum(LEAD_CLOCKS),
      dueDate: isoDate,
      officer: z.string().nullable(),
    }),
  ),
  byOfficer: z.array(lateOverdue),
  byCounty: z.array(lateOverdue),
  dispatched: z.array(
    z.object({
      leadId: z.number().int(),
      code: z.string(),
      projectName: z.string(),
      at: instant,
      counties: z.array(z.string()),
    }),
  ),
  signed: z.array(
    z.object({
      leadId: z.number().int(),
      code: z.string(),
      projectName: z.string(),
      at: instant,
      plannedInvestmentYuan: z.number().int(),
      projectCode: z.string().optional(),
    }),
  ),
});
export type WeeklyReportDto = z.infer<typeof weeklyReport>;

const onTimeRow = z.object({
  completed: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  onTimeRate: z.number().nullable(),
  overdueOpen: z.number().int(),
});
export const slaReport = z.object({
  period,
  total: onTimeRow,
  byStep: z.array(onTimeRow.extend({ step: z.enum(LEAD_CLOCKS) })),
  byCounty: z.array(onTimeRow.extend({ name: z.string() })),
  byOfficer: z.array(onTimeRow.extend({ name: z.string() })),
});
export type SlaReportDto = z.infer<typeof slaReport>;
