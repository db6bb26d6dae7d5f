/** What the statistics, targets and report endpoints answer (API.md "Projects and statistics"). */
import { z } from 'zod';
import { PROJECT_CLASSES } from '../projects/stages.js';
import { instant, isoDate } from './common.js';
import { coordinationIssue } from './projects.js';

export const figure = z
  .object({ count: z.number().int(), investmentYuan: z.number().int() })
  .meta({ id: 'Figure' });
export type Figure = z.infer<typeof figure>;
const stages = { signed: figure, started: figure, inProduction: figure };
const stagesOf = z.object(stages);

/** API.md's pipeline, plus the breakdowns the dashboard asks for with breakdowns=true. */
export const pipeline = z
  .object({
    from: isoDate,
    to: isoDate,
    ...stages,
    byCounty: z.array(z.object({ orgId: z.number().int(), ...stages })),
    byMonth: z.array(z.object({ month: z.string().describe('YYYY-MM'), ...stages })).optional(),
    byClass: z.array(z.object({ projectClass: z.enum(PROJECT_CLASSES), ...stages })).optional(),
    byCluster: z.array(z.object({ clusterId: z.number().int(), ...stages })).optional(),
    manufacturing: stagesOf.optional(),
  })
  .meta({ id: 'Pipeline' });
export type PipelineDto = z.infer<typeof pipeline>;

export const targetRow = z
  .object({
    id: z.number().int(),
    version: z.number().int(),
    orgId: z.number().int(),
    orgName: z.string(),
    orgKind: z.string(),
    indicator: z.string(),
    source: z.enum(['computed', 'entered']),
    kind: z.enum(['cumulative', 'rate']),
    unit: z.enum(['count', 'yuan', 'percent']),
    targetValue: z.number(),
    actualValue: z.number().nullable(),
    completionRate: z.number().nullable(),
    timeElapsedRate: z.number(),
    behind: z.boolean(),
    colour: z.enum(['red', 'amber', 'green', 'none']),
    rank: z.number().int().nullable(),
    note: z.string().nullable(),
    updatedByName: z.string(),
    updatedAt: instant,
    period: z.string().nullable(),
    enteredByName: z.string().nullable(),
    enteredAt: instant.nullable(),
  })
  .meta({ id: 'Target' });
export type TargetDto = z.infer<typeof targetRow>;

export const targetsAnswer = z.object({
  year: z.number().int(),
  asOf: isoDate,
  timeElapsedRate: z.number(),
  items: z.array(targetRow),
});
export type TargetsAnswer = z.infer<typeof targetsAnswer>;

const rateChange = z.object({ count: z.number().nullable(), investmentYuan: z.number().nullable() });

export const dashboard = z.object({
  period: z.object({ from: isoDate, to: isoDate }),
  lastYearPeriod: z.object({ from: isoDate, to: isoDate }),
  pipeline,
  lastYear: stagesOf,
  change: z.object({ signed: rateChange, started: rateChange, inProduction: rateChange }),
  targets: z.object({
    year: z.number().int(),
    asOf: isoDate,
    timeElapsedRate: z.number(),
    behind: z.array(targetRow),
    behindCount: z.number().int(),
  }),
  overdue: z.object({
    leadSteps: z.number().int(),
    issuesOpen: z.number().int(),
    issuesOverdue: z.number().int(),
    issues: z.array(coordinationIssue),
  }),
});
export type DashboardDto = z.infer<typeof dashboard>;

export const periodReport = z.object({
  period: z.string(),
  label: z.string(),
  quarter: z.number().int().nullable(),
  from: isoDate,
  to: isoDate,
  scopeName: z.string(),
  headline: z.string(),
  current: pipeline,
  lastYear: stagesOf,
  countyNames: z.record(z.string(), z.string()),
  clusterNames: z.record(z.string(), z.string()),
});
export type PeriodReportDto = z.infer<typeof periodReport>;

export const indicatorValue = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  indicator: z.string(),
  period: z.string(),
  periodEnd: isoDate,
  value: z.number(),
  enteredByName: z.string(),
  enteredAt: instant,
});
export type IndicatorValueDto = z.infer<typeof indicatorValue>;
