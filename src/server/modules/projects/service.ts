/**
 * Project use cases (DOMAIN.md §3, API.md "Projects"): one transaction each with its audit entry.
 * Permission rules come from auth/policies.ts; a project the user may not see is 404.
 */
import type { Kysely } from 'kysely';
import type { ProjectDto, ProjectPageAction } from '../../../core/api/projects.js';
import { shanghaiDate } from '../../../core/calendar/dates.js';
import { isManufacturingCode } from '../../../core/industries.js';
import { normalizeInvestorName } from '../../../core/leads/normalize.js';
import {
  awaitingStats,
  levelsOf,
  levelsText,
  overdueMilestones,
} from '../../../core/projects/keyProjects.js';
import type {
  CreateProjectBody,
  ListProjectsQuery,
  MilestoneBody,
  UpdateProjectBody,
} from '../../../core/projects/schemas.js';
import {
  nextProjectStage,
  PROJECT_STAGE_LABELS,
  PROJECT_STAGES,
  type ProjectStage,
  projectClass,
  STAGE_DATE,
  stageDirection,
} from '../../../core/projects/stages.js';
import type { Context } from '../../auth/context.js';
import { authorize, can, type Principal, type ProjectResource, projectScope } from '../../auth/policies.js';
import { isPostgres } from '../../db/dialect.js';
import type { Database, ProjectRow } from '../../db/tables.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError, invalidField, notFound } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { chainLinkLabel, chainOfLink } from '../chains/service.js';
import { effectiveClusters, setRecordClusters } from '../clusters/service.js';
import { checkIndustryCode, industryCatalogue } from '../industries/catalogue.js';
import { linkInvestors } from '../investors/link.js';
import { milestoneReverted } from '../notifications/events.js';
import { recordCode } from '../system/codes.js';
import { notAfterToday } from '../system/when.js';
import { findProjects, issueCounts } from './queries.js';

/** The project as the rules see it. */
export const projectResource = (row: Pick<ProjectRow, 'county_org_id' | 'park_org_id'>): ProjectResource => ({
  countyOrgId: row.county_org_id,
  parkOrgId: row.park_org_id,
});

/** API.md's project, plus what the pages need. A whitelist over the row. */
export function presentProject(
  row: ProjectRow,
  extra: { clusterIds: number[]; issues?: { open: number; overdue: number }; today: string },
): ProjectDto {
  const facts = {
    totalInvestmentYuan: Number(row.total_investment_yuan),
    startedOn: row.started_on,
    inProductionOn: row.in_production_on,
    plannedStartOn: row.planned_start_on,
    plannedProductionOn: row.planned_production_on,
    statsRegisteredOn: row.stats_registered_on,
    status: row.status,
  };
  const late = overdueMilestones(facts, extra.today);
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    leadId: row.lead_id,
    name: row.name,
    investorName: row.investor_name,
    investorCreditCode: row.investor_credit_code,
    investorId: row.investor_id,
    countyOrgId: row.county_org_id,
    parkOrgId: row.park_org_id,
    industryCode: row.industry_code,
    industryName: row.industry_code ? (industryCatalogue().get(row.industry_code)?.name ?? null) : null,
    chainId: row.chain_id,
    chainLinkId: row.chain_link_id,
    totalInvestmentYuan: Number(row.total_investment_yuan),
    isManufacturing: row.is_manufacturing === 1,
    projectClass: projectClass(Number(row.total_investment_yuan)),
    signedOn: row.signed_on,
    startedOn: row.started_on,
    inProductionOn: row.in_production_on,
    stage: row.stage as ProjectStage,
    plannedStartOn: row.planned_start_on,
    plannedProductionOn: row.planned_production_on,
    plannedOutputYuan: row.planned_output_yuan === null ? null : Number(row.planned_output_yuan),
    plannedTaxYuan: row.planned_tax_yuan === null ? null : Number(row.planned_tax_yuan),
    plannedJobs: row.planned_jobs,
    note: row.note,
    clusterIds: extra.clusterIds,
    openIssues: extra.issues?.open ?? 0,
    overdueIssues: extra.issues?.overdue ?? 0,
    keyLevels: levelsOf(row.key_levels),
    status: row.status as ProjectDto['status'],
    statusOn: row.status_on,
    statsRegisteredOn: row.stats_registered_on,
    statsCode: row.stats_code,
    awaitingStats: awaitingStats(facts),
    startOverdue: late.start,
    productionOverdue: late.production,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function presentProjectRows(db: Kysely<Database>, rows: ProjectRow[], now: Date) {
  const [clusters, issues] = await Promise.all([
    effectiveClusters(
      db,
      'project',
      rows.map((r) => ({ id: r.id, industryCode: r.industry_code, orgIds: [r.county_org_id] })),
    ),
    issueCounts(
      db,
      rows.map((r) => r.id),
      now,
    ),
  ]);
  const today = shanghaiDate(now);
  return rows.map((r) =>
    presentProject(r, { clusterIds: clusters.get(r.id) ?? [], issues: issues.get(r.id), today }),
  );
}

export async function listProjects(
  db: Kysely<Database>,
  user: Principal,
  query: ListProjectsQuery,
  now: Date,
) {
  const visibility = projectScope(user);
  const { rows, total } = await findProjects(db, visibility, query, now);
  return {
    items: await presentProjectRows(db, rows, now),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Loads a project the user may see, or answers 404 as if it did not exist. */
export async function loadVisibleProject(trx: Kysely<Database>, user: Principal, id: number, lock = false) {
  let q = trx.selectFrom('projects').selectAll().where('id', '=', id);
  if (lock && isPostgres(trx)) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row || !can(user, 'project.read', projectResource(row))) throw notFound();
  return row;
}

/** The county must be a county and the park a platform (or county) organisation. */
async function checkPlace(
  db: Kysely<Database>,
  countyOrgId: number | undefined,
  parkOrgId: number | null | undefined,
) {
  if (countyOrgId !== undefined) {
    const org = await db.selectFrom('orgs').select(['kind']).where('id', '=', countyOrgId).executeTakeFirst();
    if (!org || (org.kind !== 'county' && org.kind !== 'city')) {
      throw invalidField('countyOrgId', {
        zh: '请选择项目所在的县（市、区）',
        en: 'Choose the county it is built in',
      });
    }
  }
  if (parkOrgId != null) {
    const org = await db.selectFrom('orgs').select(['kind']).where('id', '=', parkOrgId).executeTakeFirst();
    if (org?.kind !== 'platform') {
      throw invalidField('parkOrgId', { zh: '请选择园区或平台', en: 'Choose a park or platform' });
    }
  }
}

export interface NewProject {
  leadId: number | null;
  name: string;
  investorName: string;
  investorCreditCode: string | null;
  countyOrgId: number;
  parkOrgId?: number | null;
  industryCode: string | null;
  chainId: number | null;
  chainLinkId: number | null;
  totalInvestmentYuan: number;
  signedOn: string;
  plannedStartOn?: string | null;
  plannedProductionOn?: string | null;
  plannedOutputYuan?: number | null;
  plannedTaxYuan?: number | null;
  plannedJobs?: number | null;
  note?: string | null;
  keyLevels?: string;
  statsRegisteredOn?: string | null;
  statsCode?: string | null;
  /** An imported project may already have started or be in production (its stage follows). */
  startedOn?: string | null;
  inProductionOn?: string | null;
  importBatchId?: number | null;
}

/**
 * A new project's row, its derived columns (normalised investor name, manufacturing, the stage its
 * milestone dates reach) worked out here only: insertProject and imports write these.
 */
export function newProjectRow(p: NewProject, code: string, userId: number, at: string) {
  return {
    code,
    version: 1,
    lead_id: p.leadId,
    name: p.name,
    investor_name: p.investorName,
    investor_name_norm: normalizeInvestorName(p.investorName),
    investor_credit_code: p.investorCreditCode,
    county_org_id: p.countyOrgId,
    park_org_id: p.parkOrgId ?? null,
    industry_code: p.industryCode,
    chain_id: p.chainId,
    chain_link_id: p.chainLinkId,
    total_investment_yuan: p.totalInvestmentYuan,
    is_manufacturing: p.industryCode && isManufacturingCode(p.industryCode) ? 1 : 0,
    signed_on: p.signedOn,
    started_on: p.startedOn ?? null,
    in_production_on: p.inProductionOn ?? null,
    stage: p.inProductionOn ? 'in_production' : p.startedOn ? 'started' : 'signed',
    planned_start_on: p.plannedStartOn ?? null,
    planned_production_on: p.plannedProductionOn ?? null,
    planned_output_yuan: p.plannedOutputYuan ?? null,
    planned_tax_yuan: p.plannedTaxYuan ?? null,
    planned_jobs: p.plannedJobs ?? null,
    note: p.note ?? null,
    key_levels: p.keyLevels ?? '',
    stats_registered_on: p.statsRegisteredOn ?? null,
    stats_code: p.statsCode ?? null,
    registered_by_user_id: userId,
    import_batch_id: p.importBatchId ?? null,
    created_at: at,
    updated_at: at,
  };
}

/** The one way a project row is written first, from a signed lead or entered directly. */
export async function insertProject(trx: Kysely<Database>, ctx: Context, p: NewProject) {
  const year = p.signedOn.slice(0, 4);
  const code = await recordCode(trx, 'project', p.countyOrgId, year);
  const at = ctx.now.toISOString();
  const { id } = await trx
    .insertInto('projects')
    .values(newProjectRow(p, code, ctx.user.id, at))
    .returning('id')
    .executeTakeFirstOrThrow();
  // A signed lead's project keeps the lead's investor; any other finds or adds its own.
  const lead = p.leadId
    ? await trx.selectFrom('leads').select('investor_id').where('id', '=', p.leadId).executeTakeFirst()
    : undefined;
  if (lead?.investor_id)
    await trx.updateTable('projects').set({ investor_id: lead.investor_id }).where('id', '=', id).execute();
  else await linkInvestors(trx, at);
  await recordAudit(trx, ctx.actor, ctx.now, {
    action: 'project.created',
    entityType: 'project',
    entityId: id,
    after: {
      code,
      leadId: p.leadId,
      countyOrgId: p.countyOrgId,
      signedOn: p.signedOn,
      totalInvestmentYuan: p.totalInvestmentYuan,
    },
  });
  return { id, code };
}

/** A project entered directly: older projects, projects signed elsewhere. */
export async function createProject(ctx: Context, input: CreateProjectBody): Promise<number> {
  authorize(ctx.user, 'project.create', {
    countyOrgId: input.countyOrgId,
    parkOrgId: input.parkOrgId ?? null,
  });
  checkIndustryCode(input.industryCode);
  notAfterToday('signedOn', input.signedOn, ctx.now);
  checkStats(input.statsRegisteredOn ?? null, input.statsCode ?? null, input.signedOn, ctx.now);
  return ctx.db.transaction().execute(async (trx) => {
    await checkPlace(trx, input.countyOrgId, input.parkOrgId);
    const chain = await chainOfLink(trx, input.chainLinkId);
    const { id } = await insertProject(trx, ctx, {
      leadId: null,
      name: input.name,
      investorName: input.investorName,
      investorCreditCode: input.investorCreditCode ?? null,
      countyOrgId: input.countyOrgId,
      parkOrgId: input.parkOrgId ?? null,
      industryCode: input.industryCode ?? null,
      chainId: chain?.chainId ?? null,
      chainLinkId: chain?.linkId ?? null,
      totalInvestmentYuan: input.totalInvestmentYuan,
      signedOn: input.signedOn,
      plannedStartOn: input.plannedStartOn,
      plannedProductionOn: input.plannedProductionOn,
      plannedOutputYuan: input.plannedOutputYuan,
      plannedTaxYuan: input.plannedTaxYuan,
      plannedJobs: input.plannedJobs,
      note: input.note,
      keyLevels: levelsText(input.keyLevels ?? []),
      statsRegisteredOn: input.statsRegisteredOn,
      statsCode: input.statsCode,
    });
    return id;
  });
}

/** 纳统 is a day and the statistics code together, on or after signing and not in the future. */
function checkStats(on: string | null, code: string | null, signedOn: string, now: Date) {
  notAfterToday('statsRegisteredOn', on, now);
  if (on && on < signedOn)
    throw invalidField('statsRegisteredOn', {
      zh: '入库日期不能早于签约日期',
      en: 'cannot be before signing',
    });
  if (on && !code)
    throw invalidField('statsCode', { zh: '请填写统计库项目代码', en: 'Enter the statistics code' });
  if (code && !on)
    throw invalidField('statsRegisteredOn', {
      zh: '请填写入库日期',
      en: 'Enter the day it entered the statistics',
    });
}

/** Writes the project's new state if nobody changed it meanwhile; otherwise 409 and nothing changes. */
async function saveProject(trx: Kysely<Database>, row: ProjectRow, changes: Partial<ProjectRow>, now: Date) {
  await updateVersioned(trx, 'projects', row.id, row.version, { ...changes, updated_at: now.toISOString() });
}

const FIELD_COLUMNS = {
  name: 'name',
  investorName: 'investor_name',
  investorCreditCode: 'investor_credit_code',
  countyOrgId: 'county_org_id',
  parkOrgId: 'park_org_id',
  industryCode: 'industry_code',
  totalInvestmentYuan: 'total_investment_yuan',
  signedOn: 'signed_on',
  plannedStartOn: 'planned_start_on',
  plannedProductionOn: 'planned_production_on',
  plannedOutputYuan: 'planned_output_yuan',
  plannedTaxYuan: 'planned_tax_yuan',
  plannedJobs: 'planned_jobs',
  note: 'note',
  statsRegisteredOn: 'stats_registered_on',
  statsCode: 'stats_code',
} as const satisfies Partial<Record<keyof UpdateProjectBody, keyof ProjectRow>>;

export async function updateProject(ctx: Context, id: number, input: UpdateProjectBody): Promise<void> {
  checkIndustryCode(input.industryCode);
  notAfterToday('signedOn', input.signedOn, ctx.now);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadVisibleProject(trx, ctx.user, id, true);
    authorize(ctx.user, 'project.update', projectResource(row));
    // Moving it to another county needs the right over the new county too.
    if (input.countyOrgId !== undefined || input.parkOrgId !== undefined) {
      authorize(ctx.user, 'project.update', {
        countyOrgId: input.countyOrgId ?? row.county_org_id,
        parkOrgId: input.parkOrgId ?? row.park_org_id,
      });
      await checkPlace(trx, input.countyOrgId, input.parkOrgId);
    }
    if (input.version !== row.version) throw new AppError('STALE_VERSION');
    const changes: Partial<ProjectRow> = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(FIELD_COLUMNS) as [
      keyof typeof FIELD_COLUMNS,
      keyof ProjectRow,
    ][]) {
      const value = input[field];
      if (value === undefined || value === row[column]) continue;
      (changes as Record<string, unknown>)[column] = value;
      before[field] = row[column];
      after[field] = value;
    }
    if (input.keyLevels !== undefined && levelsText(input.keyLevels) !== row.key_levels) {
      changes.key_levels = levelsText(input.keyLevels);
      before.keyLevels = levelsOf(row.key_levels);
      after.keyLevels = levelsOf(changes.key_levels);
    }
    if (input.statsRegisteredOn !== undefined || input.statsCode !== undefined)
      checkStats(
        changes.stats_registered_on !== undefined ? changes.stats_registered_on : row.stats_registered_on,
        changes.stats_code !== undefined ? changes.stats_code : row.stats_code,
        changes.signed_on ?? row.signed_on,
        ctx.now,
      );
    if (input.investorName !== undefined)
      changes.investor_name_norm = normalizeInvestorName(input.investorName);
    if (input.industryCode !== undefined)
      changes.is_manufacturing = isManufacturingCode(input.industryCode) ? 1 : 0;
    if (input.chainLinkId !== undefined && input.chainLinkId !== row.chain_link_id) {
      const chain = await chainOfLink(trx, input.chainLinkId);
      Object.assign(changes, { chain_id: chain?.chainId ?? null, chain_link_id: chain?.linkId ?? null });
      before.chainLinkId = row.chain_link_id;
      after.chainLinkId = input.chainLinkId;
    }
    const signedOn = changes.signed_on ?? row.signed_on;
    if (row.started_on && signedOn > row.started_on) {
      throw invalidField('signedOn', {
        zh: '签约日期不能晚于动工日期',
        en: 'cannot be after the start of construction',
      });
    }
    if (!Object.keys(after).length) return;
    await saveProject(trx, row, changes, ctx.now);
    // Another name or credit code is perhaps another firm: the register decides again.
    if (
      (changes.investor_name_norm !== undefined && changes.investor_name_norm !== row.investor_name_norm) ||
      (changes.investor_credit_code !== undefined &&
        changes.investor_credit_code !== row.investor_credit_code)
    ) {
      await trx.updateTable('projects').set({ investor_id: null }).where('id', '=', id).execute();
      await linkInvestors(trx, ctx.now.toISOString());
    }
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'project.updated',
      entityType: 'project',
      entityId: id,
      before,
      after,
    });
  });
}

/**
 * Moves a project to a stage. Forward one stage at a time, dated no earlier than the previous
 * stage and not in the future; backwards only by the city officer with a reason, which clears the
 * later dates.
 */
export async function moveStage(ctx: Context, id: number, input: MilestoneBody): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadVisibleProject(trx, ctx.user, id, true);
    authorize(ctx.user, 'project.update', projectResource(row));
    if (input.version !== undefined && input.version !== row.version) throw new AppError('STALE_VERSION');
    const from = row.stage as ProjectStage;
    const direction = stageDirection(from, input.stage);
    if (direction === null) throw new AppError('ILLEGAL_TRANSITION');
    const changes: Partial<ProjectRow> = { stage: input.stage };
    let on: string | null = null;
    if (direction === 'forward') {
      if (PROJECT_STAGES.indexOf(input.stage) !== PROJECT_STAGES.indexOf(from) + 1) {
        throw new AppError('ILLEGAL_TRANSITION', {
          text: { zh: '须先登记动工，再登记投产', en: 'Record the start of construction before production' },
        });
      }
      on = input.on ?? shanghaiDate(ctx.now);
      notAfterToday('on', on, ctx.now);
      const previous = row[STAGE_DATE[from]]!;
      if (on < previous) {
        throw invalidField('on', {
          zh: `日期不能早于上一阶段的日期 ${previous}`,
          en: `cannot be before the previous stage's date ${previous}`,
        });
      }
      (changes as Record<string, unknown>)[STAGE_DATE[input.stage]] = on;
    } else {
      authorize(ctx.user, 'project.revert');
      if (!input.reason)
        throw invalidField('reason', { zh: '退回阶段须说明原因', en: 'a reason is required to go back' });
      for (const s of PROJECT_STAGES.slice(PROJECT_STAGES.indexOf(input.stage) + 1)) {
        (changes as Record<string, unknown>)[STAGE_DATE[s]] = null;
      }
    }
    await saveProject(trx, row, changes, ctx.now);
    if (direction === 'backward')
      await milestoneReverted(
        trx,
        ctx,
        row,
        PROJECT_STAGE_LABELS[from].zh,
        PROJECT_STAGE_LABELS[input.stage].zh,
        input.reason ?? '',
      );
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: direction === 'forward' ? 'project.milestone' : 'project.stage_reverted',
      entityType: 'project',
      entityId: id,
      before: { stage: from, startedOn: row.started_on, inProductionOn: row.in_production_on },
      after: { stage: input.stage, on, reason: input.reason ?? null },
    });
  });
}

/** API.md's project, for a user who may see it (404 otherwise). */
export async function readProject(
  ctx: Pick<Context, 'db' | 'user' | 'now'>,
  id: number,
): Promise<ProjectDto> {
  const row = await loadVisibleProject(ctx.db, ctx.user, id);
  const [project] = await presentProjectRows(ctx.db, [row], ctx.now);
  return project!;
}

/** The project page: API.md's project, its lead, the actions the reader may take, its chain link. */
export async function getProject(ctx: Context, id: number) {
  const project = await readProject(ctx, id);
  const [lead, chainLink] = await Promise.all([
    project.leadId
      ? ctx.db.selectFrom('leads').select(['id', 'code']).where('id', '=', project.leadId).executeTakeFirst()
      : undefined,
    chainLinkLabel(ctx.db, project.chainLinkId),
  ]);
  const resource = { countyOrgId: project.countyOrgId, parkOrgId: project.parkOrgId };
  const canUpdate = can(ctx.user, 'project.update', resource);
  const stage = project.stage;
  const next = nextProjectStage(stage);
  const actions: ProjectPageAction[] = [
    ...(canUpdate ? (['edit'] as const) : []),
    ...(canUpdate && next ? ([`to_${next}`] as const) : []),
    ...(can(ctx.user, 'project.revert') && stage !== 'signed' ? (['revert'] as const) : []),
    ...(can(ctx.user, 'issue.raise', resource) ? (['raise_issue'] as const) : []),
    ...(can(ctx.user, 'issue.answer') ? (['answer_issue'] as const) : []),
    ...(can(ctx.user, 'project.clusters') ? (['clusters'] as const) : []),
    ...(canUpdate && (project.status !== 'terminated' || can(ctx.user, 'project.revert'))
      ? (['set_status'] as const)
      : []),
    ...(canUpdate && project.status !== 'terminated' ? (['report_month'] as const) : []),
  ];
  return { ...project, lead: lead ?? null, actions, chainLink };
}

export async function setProjectClusters(ctx: Context, id: number, clusterIds: number[]) {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadVisibleProject(trx, ctx.user, id, true);
    const change = await setRecordClusters(
      trx,
      'project',
      { id, industryCode: row.industry_code, orgIds: [row.county_org_id] },
      clusterIds,
      ctx.now,
    );
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'project.clusters_set',
      entityType: 'project',
      entityId: id,
      before: { clusterIds: change.before },
      after: { clusterIds: change.after },
    });
  });
}
