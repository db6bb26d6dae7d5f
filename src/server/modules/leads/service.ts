/**
 * The lead use cases (DOMAIN.md §2, API.md "Leads"): one transaction each, with its timeline event,
 * its clocks and its audit entry inside. Permission rules come from auth/policies.ts.
 */
import { type Kysely, sql } from 'kysely';
import { shanghaiDate } from '../../../core/calendar/dates.js';
import { normalizeInvestorName } from '../../../core/leads/normalize.js';
import type { CreateLeadBody, UpdateLeadBody } from '../../../core/leads/schemas.js';
import {
  ACTION_FROM,
  CITY_CO_FOLLOW_MIN_YUAN,
  LEAD_SCOPE_MIN_YUAN,
  type LeadAction,
  type LeadStage,
} from '../../../core/leads/stages.js';
import type { SlaStep } from '../../../core/sla.js';
import { type Action, authorize, can, leadVisibility, type Principal } from '../../auth/policies.js';
import type { AuthUser } from '../../auth/sessions.js';
import { isPostgres } from '../../db/dialect.js';
import type { Database, LeadRow } from '../../db/tables.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError, invalidField, notFound } from '../../errors.js';
import { type Actor, recordAudit } from '../audit/record.js';
import { currentCalendar } from '../calendar/store.js';
import { chainOfLink } from '../chains/service.js';
import { effectiveClusters, setRecordClusters } from '../clusters/service.js';
import { checkIndustryCode } from '../industries/catalogue.js';
import { insertProject } from '../projects/service.js';
import { completeClock, startClock } from '../sla/clocks.js';
import { readPolicies } from '../sla/policies.js';
import { codePrefix, nextNumber } from '../system/codes.js';
import { eventTime, notAfterToday } from '../system/when.js';
import { presentLead } from './presenter.js';
import { clocksOf, countiesOf, findDuplicateCandidates } from './queries.js';

export interface LeadContext {
  db: Kysely<Database>;
  user: AuthUser;
  actor: Actor;
  now: Date;
}

/** Loads a lead the user may see, or answers 404 as if it did not exist. */
async function loadVisible(trx: Kysely<Database>, user: Principal, id: number, lock = false) {
  let q = trx.selectFrom('leads').selectAll().where('id', '=', id);
  if (lock && isPostgres(trx)) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound();
  const countyOrgIds = (await countiesOf(trx, [id])).get(id) ?? [];
  const resource = { ownerOrgId: row.owner_org_id, countyOrgIds };
  if (!can(user, 'lead.read', resource)) throw notFound();
  return { row, countyOrgIds, resource };
}

async function addEvent(
  trx: Kysely<Database>,
  ctx: LeadContext,
  leadId: number,
  type: string,
  at: Date,
  data: unknown,
) {
  await trx
    .insertInto('lead_events')
    .values({
      lead_id: leadId,
      type,
      at: at.toISOString(),
      recorded_at: ctx.now.toISOString(),
      user_id: ctx.user.id,
      user_name: ctx.user.displayName,
      data: JSON.stringify(data ?? {}),
    })
    .execute();
}

/** Writes the lead's new state if nobody changed it meanwhile; otherwise 409 and nothing changes. */
async function saveLead(trx: Kysely<Database>, row: LeadRow, changes: Partial<LeadRow>, now: Date) {
  await updateVersioned(trx, 'leads', row.id, row.version, { ...changes, updated_at: now.toISOString() });
  if (changes.stage !== undefined || changes.received_at !== undefined) {
    await trx
      .updateTable('lead_counties')
      .set({ stage: changes.stage ?? row.stage, received_at: changes.received_at ?? row.received_at })
      .where('lead_id', '=', row.id)
      .execute();
  }
}

/** Starts the clock of the step the lead now waits for and records it on the lead. */
async function startWaiting(
  trx: Kysely<Database>,
  lead: LeadRow,
  step: 'response' | 'assessment' | 'feedback' | 'progress',
  at: Date,
) {
  const calendar = await currentCalendar(trx);
  const policyStep: SlaStep = step === 'assessment' && lead.is_major === 1 ? 'assessment_major' : step;
  const clock = await startClock(trx, calendar, {
    entityType: 'lead',
    entityId: lead.id,
    step,
    policyStep,
    startedAt: at,
  });
  return { waiting_step: step, waiting_due_at: clock.due_at, waiting_due_date: clock.due_date };
}

const NOT_WAITING = { waiting_step: null, waiting_due_at: null, waiting_due_date: null };

export async function getLead(ctx: LeadContext, id: number) {
  authorize(ctx.user, 'lead.list');
  const { row, countyOrgIds, resource } = await loadVisible(ctx.db, ctx.user, id);
  const [clocks, events, links, project, policies, calendar] = await Promise.all([
    clocksOf(ctx.db, [id]),
    ctx.db.selectFrom('lead_events').selectAll().where('lead_id', '=', id).orderBy('id').execute(),
    ctx.db.selectFrom('lead_links').selectAll().where('lead_id', '=', id).orderBy('id').execute(),
    row.project_id
      ? ctx.db.selectFrom('projects').selectAll().where('id', '=', row.project_id).executeTakeFirst()
      : Promise.resolve(undefined),
    readPolicies(ctx.db),
    currentCalendar(ctx.db),
  ]);
  const clusterIds =
    (await effectiveClusters(ctx.db, 'lead', [{ id, industryCode: row.industry_code }])).get(id) ?? [];
  const lead = presentLead(row, {
    countyOrgIds,
    clusterIds,
    clocks: clocks.get(id) ?? [],
    calendar,
    now: ctx.now,
    dueSoonWorkingHours: policies.dueSoonWorkingHours,
  });
  return {
    ...lead,
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      at: e.at,
      recordedAt: e.recorded_at,
      userId: e.user_id,
      userName: e.user_name,
      data: JSON.parse(e.data),
    })),
    duplicates: await visibleLinks(ctx, links),
    project: project
      ? { id: project.id, code: project.code, name: project.name, stage: project.stage }
      : null,
    allowedActions: allowedActions(ctx.user, row, resource),
  };
}

/** Links to possible duplicates, showing only what this user may see. */
async function visibleLinks(
  ctx: LeadContext,
  links: { id: number; other_type: string; other_id: number; reason: string; resolution: string | null }[],
) {
  const out = [];
  for (const l of links) {
    if (l.other_type === 'lead') {
      const other = await ctx.db
        .selectFrom('leads')
        .select(['id', 'code', 'project_name', 'owner_org_id', 'stage'])
        .where('id', '=', l.other_id)
        .executeTakeFirst();
      if (!other) continue;
      const counties = (await countiesOf(ctx.db, [other.id])).get(other.id) ?? [];
      if (!can(ctx.user, 'lead.read', { ownerOrgId: other.owner_org_id, countyOrgIds: counties })) continue;
      out.push({
        linkId: l.id,
        type: 'lead',
        id: other.id,
        code: other.code,
        name: other.project_name,
        stage: other.stage,
        reason: l.reason,
        resolution: l.resolution,
      });
    } else {
      const other = await ctx.db
        .selectFrom('projects')
        .select(['id', 'code', 'name', 'county_org_id', 'stage'])
        .where('id', '=', l.other_id)
        .executeTakeFirst();
      if (!other) continue;
      const vis = leadVisibility(ctx.user);
      if (!vis || (!('all' in vis) && vis.orgId !== other.county_org_id)) continue;
      out.push({
        linkId: l.id,
        type: 'project',
        id: other.id,
        code: other.code,
        name: other.name,
        stage: other.stage,
        reason: l.reason,
        resolution: l.resolution,
      });
    }
  }
  return out;
}

export function allowedActions(
  user: Principal,
  row: LeadRow,
  resource: { ownerOrgId: number; countyOrgIds: number[] },
) {
  const stage = row.stage as LeadStage;
  const needs: Record<LeadAction, Action> = {
    respond: 'lead.handle',
    assess: 'lead.handle',
    feedback: 'lead.handle',
    dispatch: 'lead.handle',
    close: 'lead.handle',
    progress: 'lead.progress',
    sign: 'lead.sign',
  };
  const actions = (Object.keys(ACTION_FROM) as LeadAction[]).filter(
    (a) => ACTION_FROM[a].includes(stage) && can(user, needs[a], resource),
  );
  // A declined lead goes from feedback straight to closed: no dispatch or signing.
  const filtered =
    row.decision === 'decline' ? actions.filter((a) => a !== 'dispatch' && a !== 'sign') : actions;
  return [
    ...filtered,
    ...(can(user, 'lead.update', resource) && stage !== 'signed' && stage !== 'closed' ? ['edit'] : []),
  ];
}

export async function registerLead(ctx: LeadContext, input: CreateLeadBody) {
  authorize(ctx.user, 'lead.register');
  if (input.plannedInvestmentYuan < LEAD_SCOPE_MIN_YUAN) {
    throw new AppError('LEAD_OUT_OF_SCOPE', {
      details: { field: 'plannedInvestmentYuan', minYuan: LEAD_SCOPE_MIN_YUAN },
    });
  }
  const receivedAt = eventTime('receivedAt', input.receivedAt, ctx.now);
  checkIndustryCode(input.industryCode);
  const nameNorm = normalizeInvestorName(input.investorName);
  const chain = await chainOfLink(ctx.db, input.chainLinkId);

  return ctx.db.transaction().execute(async (trx) => {
    const candidates = await findDuplicateCandidates(trx, { creditCode: input.investorCreditCode, nameNorm });
    const visible = [];
    for (const c of candidates) {
      const counties = c.type === 'lead' ? ((await countiesOf(trx, [c.id])).get(c.id) ?? []) : c.orgIds;
      const resource =
        c.type === 'lead'
          ? { ownerOrgId: c.orgIds[0]!, countyOrgIds: counties }
          : { ownerOrgId: -1, countyOrgIds: counties };
      if (can(ctx.user, 'lead.read', resource)) visible.push(c);
    }
    // Whoever cannot see the other record is not told it exists; the city's conflicts list shows it.
    if (visible.length && !input.confirmNotDuplicate) {
      throw new AppError('LEAD_POSSIBLE_DUPLICATE', {
        details: {
          candidates: visible.map(({ type, id, code, name, investorName, stage, reason }) => ({
            type,
            id,
            code,
            name,
            investorName,
            stage,
            reason,
          })),
        },
      });
    }
    const year = shanghaiDate(receivedAt).slice(0, 4);
    const code = `${await codePrefix(trx)}-${year}-${String(await nextNumber(trx, `lead-${year}`)).padStart(4, '0')}`;
    const at = ctx.now.toISOString();
    const isMajor = input.isMajor ?? false;
    const inserted = await trx
      .insertInto('leads')
      .values({
        code,
        version: 1,
        stage: 'registered',
        project_name: input.projectName,
        investor_name: input.investorName,
        investor_name_norm: nameNorm,
        investor_credit_code: input.investorCreditCode ?? null,
        investor_type: input.investorType ?? null,
        industry_code: input.industryCode ?? null,
        chain_id: chain?.chainId ?? input.chainId ?? null,
        chain_link_id: chain?.linkId ?? null,
        planned_investment_yuan: input.plannedInvestmentYuan,
        fixed_asset_investment_yuan: input.fixedAssetInvestmentYuan ?? null,
        land_area_mu: input.landAreaMu ?? null,
        referrer_name: input.referrer.name,
        referrer_org: input.referrer.organization ?? null,
        referrer_phone: input.referrer.phone ?? null,
        referrer_kind: input.referrer.kind,
        channel: input.channel,
        received_at: receivedAt.toISOString(),
        is_major: isMajor ? 1 : 0,
        owner_user_id: null,
        owner_org_id: ctx.user.orgId,
        registered_by_user_id: ctx.user.id,
        city_co_follow: input.plannedInvestmentYuan >= CITY_CO_FOLLOW_MIN_YUAN ? 1 : 0,
        decision: null,
        step_data: '{}',
        closed_reason: null,
        merged_into_id: null,
        project_id: null,
        waiting_step: null,
        waiting_due_at: null,
        waiting_due_date: null,
        created_at: at,
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const waiting = await startWaiting(trx, inserted, 'response', receivedAt);
    await trx.updateTable('leads').set(waiting).where('id', '=', inserted.id).execute();
    for (const c of candidates) {
      await trx
        .insertInto('lead_links')
        .values({
          lead_id: inserted.id,
          other_type: c.type,
          other_id: c.id,
          reason: c.reason,
          created_at: at,
          resolution: null,
          resolved_at: null,
        })
        .execute();
    }
    await addEvent(trx, ctx, inserted.id, 'registered', receivedAt, {
      possibleDuplicates: candidates.length,
      confirmedNotDuplicate: Boolean(input.confirmNotDuplicate && candidates.length),
    });
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'lead.registered',
      entityType: 'lead',
      entityId: inserted.id,
      after: { code, ...input },
    });
    return inserted.id;
  });
}

export async function updateLead(ctx: LeadContext, id: number, input: UpdateLeadBody) {
  return ctx.db.transaction().execute(async (trx) => {
    const { row, resource } = await loadVisible(trx, ctx.user, id, true);
    authorize(ctx.user, 'lead.update', resource);
    if (row.stage === 'signed' || row.stage === 'closed')
      throw new AppError('ILLEGAL_TRANSITION', { details: { stage: row.stage } });
    if (row.version !== input.version) throw new AppError('STALE_VERSION');
    if (input.plannedInvestmentYuan !== undefined && input.plannedInvestmentYuan < LEAD_SCOPE_MIN_YUAN) {
      throw new AppError('LEAD_OUT_OF_SCOPE', {
        details: { field: 'plannedInvestmentYuan', minYuan: LEAD_SCOPE_MIN_YUAN },
      });
    }
    checkIndustryCode(input.industryCode);
    if (input.receivedAt) eventTime('receivedAt', input.receivedAt, ctx.now);
    const changes: Partial<LeadRow> = {};
    const set = <K extends keyof LeadRow>(k: K, v: LeadRow[K] | undefined) => {
      if (v !== undefined && v !== row[k]) changes[k] = v;
    };
    set('project_name', input.projectName as string | undefined);
    if (input.investorName !== undefined) {
      set('investor_name', input.investorName as string);
      set('investor_name_norm', normalizeInvestorName(input.investorName as string));
    }
    set('investor_credit_code', input.investorCreditCode as string | null | undefined);
    set('investor_type', input.investorType as string | undefined);
    set('industry_code', input.industryCode as string | null | undefined);
    set('chain_id', input.chainId as number | undefined);
    if (input.chainLinkId !== undefined) {
      const chain = await chainOfLink(trx, input.chainLinkId);
      set('chain_link_id', chain?.linkId ?? null);
      set('chain_id', chain?.chainId ?? null);
    }
    set('planned_investment_yuan', input.plannedInvestmentYuan as number | undefined);
    set('fixed_asset_investment_yuan', input.fixedAssetInvestmentYuan as number | undefined);
    set('land_area_mu', input.landAreaMu as number | undefined);
    set('channel', input.channel as string | undefined);
    if (input.isMajor !== undefined) set('is_major', input.isMajor ? 1 : 0);
    if (input.receivedAt) set('received_at', new Date(input.receivedAt as string).toISOString());
    const ref = input.referrer as CreateLeadBody['referrer'] | undefined;
    if (ref) {
      set('referrer_name', ref.name);
      set('referrer_org', ref.organization ?? null);
      set('referrer_phone', ref.phone ?? null);
      set('referrer_kind', ref.kind);
    }
    if (
      changes.planned_investment_yuan !== undefined &&
      changes.planned_investment_yuan >= CITY_CO_FOLLOW_MIN_YUAN
    ) {
      changes.city_co_follow = 1;
    }
    await saveLead(trx, row, changes, ctx.now);
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, row[k as keyof LeadRow]]));
    await addEvent(trx, ctx, id, 'updated', ctx.now, { fields: Object.keys(changes) });
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'lead.updated',
      entityType: 'lead',
      entityId: id,
      before,
      after: changes,
    });
  });
}

type StepInput = Record<string, unknown> & { at?: string };

/** respond / assess / feedback / dispatch / progress / sign / close. */
export async function act(
  ctx: LeadContext,
  id: number,
  action: LeadAction,
  input: StepInput,
): Promise<{ projectId?: number }> {
  return ctx.db.transaction().execute(async (trx) => {
    const { row, countyOrgIds, resource } = await loadVisible(trx, ctx.user, id, true);
    const permission: Action =
      action === 'progress' ? 'lead.progress' : action === 'sign' ? 'lead.sign' : 'lead.handle';
    authorize(ctx.user, permission, resource);
    const stage = row.stage as LeadStage;
    const declined = row.decision === 'decline';
    if (!ACTION_FROM[action].includes(stage) || (declined && (action === 'dispatch' || action === 'sign'))) {
      throw new AppError('ILLEGAL_TRANSITION', {
        details: { stage, action, allowedFrom: ACTION_FROM[action] },
        text: {
          zh: `线索当前处于“${stage}”阶段，不能执行“${action}”`,
          en: `The lead is ${stage}; "${action}" is not possible now`,
        },
      });
    }
    const at = eventTime('at', input.at as string | undefined, ctx.now, {
      at: row.received_at,
      text: { zh: '时间不能早于线索接收时间', en: 'cannot be before the lead was received' },
    });
    const steps = JSON.parse(row.step_data) as Record<string, unknown>;
    const { at: _omit, ...recorded } = input;
    const changes: Partial<LeadRow> = {};
    let eventType: string = action;
    let result: { projectId?: number } = {};
    const complete = (step: string) =>
      completeClock(trx, { entityType: 'lead', entityId: id, step, completedAt: at });

    switch (action) {
      case 'respond': {
        const owner = await trx
          .selectFrom('users')
          .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
          .select('users.id')
          .where('users.id', '=', input.ownerUserId as number)
          .where('users.active', '=', 1)
          .where('user_roles.role', 'in', ['city_officer', 'county_officer'])
          .executeTakeFirst();
        if (!owner)
          throw invalidField('ownerUserId', {
            zh: '跟进责任人须为在岗的招商专员',
            en: 'must be an active officer',
          });
        await complete('response');
        Object.assign(
          changes,
          { stage: 'responded', owner_user_id: owner.id },
          await startWaiting(trx, row, 'assessment', at),
        );
        steps.response = recorded;
        break;
      }
      case 'assess': {
        await complete('assessment');
        Object.assign(
          changes,
          { stage: 'assessed', decision: input.decision as string },
          await startWaiting(trx, row, 'feedback', at),
        );
        steps.assessment = recorded;
        break;
      }
      case 'feedback': {
        await complete('feedback');
        steps.feedback = recorded;
        if (declined) {
          // A declined lead has now been told; it ends here.
          Object.assign(changes, { stage: 'closed', closed_reason: '研判不予跟进，已反馈' }, NOT_WAITING);
        } else Object.assign(changes, { stage: 'feedback_given' }, NOT_WAITING);
        break;
      }
      case 'dispatch': {
        const ids = [...new Set(input.countyOrgIds as number[])];
        const orgs = await trx
          .selectFrom('orgs')
          .select(['id', 'kind', 'active'])
          .where('id', 'in', ids)
          .execute();
        if (
          orgs.length !== ids.length ||
          orgs.some((o) => o.active !== 1 || !['county', 'platform'].includes(o.kind))
        ) {
          throw invalidField('countyOrgIds', {
            zh: '须为启用的县（市、区）或平台',
            en: 'must be active counties or platforms',
          });
        }
        const redispatch = stage === 'following';
        if (redispatch && !input.reason) {
          throw invalidField('reason', { zh: '重新分派须说明原因', en: 'a re-dispatch needs a reason' });
        }
        await trx.deleteFrom('lead_counties').where('lead_id', '=', id).execute();
        await trx
          .insertInto('lead_counties')
          .values(
            ids.map((org_id) => ({
              lead_id: id,
              org_id,
              stage: redispatch ? stage : 'following',
              received_at: row.received_at,
            })),
          )
          .execute();
        const coFollow =
          row.planned_investment_yuan >= CITY_CO_FOLLOW_MIN_YUAN || input.cityCoFollow === true;
        Object.assign(changes, { city_co_follow: coFollow ? 1 : 0 });
        if (!redispatch)
          Object.assign(changes, { stage: 'following' }, await startWaiting(trx, row, 'progress', at));
        eventType = redispatch ? 'redispatched' : 'dispatched';
        recorded.previousCountyOrgIds = countyOrgIds;
        recorded.cityCoFollow = coFollow;
        break;
      }
      case 'progress': {
        await complete('progress');
        Object.assign(changes, await startWaiting(trx, row, 'progress', at));
        break;
      }
      case 'sign': {
        await complete('progress');
        const countyOrgId = (input.countyOrgId as number | undefined) ?? countyOrgIds[0];
        if (!countyOrgId)
          throw invalidField('countyOrgId', {
            zh: '请指定项目落地的县（市、区）',
            en: 'name the county where it is built',
          });
        const industry = (input.industryCode as string | undefined) ?? row.industry_code;
        checkIndustryCode(industry);
        const signedOn = (input.signedAt as string | undefined) ?? shanghaiDate(at);
        notAfterToday('signedAt', signedOn, ctx.now);
        if (signedOn < shanghaiDate(row.received_at)) {
          throw invalidField('signedAt', {
            zh: '签约日期不能早于线索接收日期',
            en: 'cannot be before the lead was received',
          });
        }
        const project = await insertProject(trx, ctx, {
          leadId: id,
          name: (input.name as string | undefined) ?? row.project_name,
          investorName: row.investor_name,
          investorCreditCode: row.investor_credit_code,
          countyOrgId,
          industryCode: industry,
          chainId: row.chain_id,
          chainLinkId: row.chain_link_id,
          totalInvestmentYuan:
            (input.totalInvestmentYuan as number | undefined) ?? row.planned_investment_yuan,
          signedOn,
        });
        Object.assign(changes, { stage: 'signed', project_id: project.id }, NOT_WAITING);
        recorded.projectId = project.id;
        recorded.projectCode = project.code;
        result = { projectId: project.id };
        break;
      }
      case 'close': {
        if (row.waiting_step) await complete(row.waiting_step);
        Object.assign(changes, { stage: 'closed', closed_reason: input.reason as string }, NOT_WAITING);
        break;
      }
    }
    changes.step_data = JSON.stringify(steps);
    await saveLead(trx, row, changes, ctx.now);
    await addEvent(trx, ctx, id, eventType, at, recorded);
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: `lead.${eventType}`,
      entityType: 'lead',
      entityId: id,
      before: { stage: row.stage, version: row.version },
      after: { stage: changes.stage ?? row.stage, at: at.toISOString(), ...recorded },
    });
    return result;
  });
}

/** 一盘棋: the city officer merges a duplicate into another lead; both histories stay. */
export async function mergeLead(ctx: LeadContext, id: number, intoId: number, note?: string) {
  return ctx.db.transaction().execute(async (trx) => {
    authorize(ctx.user, 'lead.handle');
    if (id === intoId)
      throw invalidField('intoLeadId', { zh: '不能合并到自身', en: 'cannot merge a lead into itself' });
    const { row } = await loadVisible(trx, ctx.user, id, true);
    const { row: into } = await loadVisible(trx, ctx.user, intoId, true);
    for (const r of [row, into]) {
      if (r.stage === 'signed' || r.stage === 'closed') {
        throw new AppError('ILLEGAL_TRANSITION', { details: { leadId: r.id, stage: r.stage } });
      }
    }
    if (row.waiting_step)
      await completeClock(trx, {
        entityType: 'lead',
        entityId: id,
        step: row.waiting_step,
        completedAt: ctx.now,
      });
    await saveLead(
      trx,
      row,
      { stage: 'closed', closed_reason: `已合并至 ${into.code}`, merged_into_id: intoId, ...NOT_WAITING },
      ctx.now,
    );
    // The surviving lead also follows the counties the merged one was dispatched to.
    await sql`INSERT INTO lead_counties (lead_id, org_id, stage, received_at)
      SELECT ${intoId}, org_id, ${into.stage}, ${into.received_at} FROM lead_counties WHERE lead_id = ${id}
      AND org_id NOT IN (SELECT org_id FROM lead_counties WHERE lead_id = ${intoId})`.execute(trx);
    await saveLead(trx, into, {}, ctx.now);
    await trx
      .updateTable('lead_links')
      .set({ resolution: 'merged', resolved_at: ctx.now.toISOString() })
      .where((eb) =>
        eb.or([
          eb.and([eb('lead_id', '=', id), eb('other_type', '=', 'lead'), eb('other_id', '=', intoId)]),
          eb.and([eb('lead_id', '=', intoId), eb('other_type', '=', 'lead'), eb('other_id', '=', id)]),
        ]),
      )
      .execute();
    await addEvent(trx, ctx, id, 'merged_away', ctx.now, { intoLeadId: intoId, intoCode: into.code, note });
    await addEvent(trx, ctx, intoId, 'merged_in', ctx.now, { fromLeadId: id, fromCode: row.code, note });
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'lead.merged',
      entityType: 'lead',
      entityId: id,
      after: { intoLeadId: intoId, note },
    });
  });
}

/** 一盘棋: the city officer decides which organisation owns a contested lead. */
export async function decideOwner(ctx: LeadContext, id: number, ownerOrgId: number, note?: string) {
  return ctx.db.transaction().execute(async (trx) => {
    authorize(ctx.user, 'lead.handle');
    const { row } = await loadVisible(trx, ctx.user, id, true);
    const org = await trx
      .selectFrom('orgs')
      .select(['id', 'active'])
      .where('id', '=', ownerOrgId)
      .executeTakeFirst();
    if (org?.active !== 1)
      throw invalidField('ownerOrgId', { zh: '组织不存在或已停用', en: 'No such active organisation' });
    await saveLead(trx, row, { owner_org_id: ownerOrgId }, ctx.now);
    await trx
      .updateTable('lead_links')
      .set({ resolution: 'owner_decided', resolved_at: ctx.now.toISOString() })
      .where('lead_id', '=', id)
      .where('resolution', 'is', null)
      .execute();
    await addEvent(trx, ctx, id, 'owner_decided', ctx.now, { from: row.owner_org_id, to: ownerOrgId, note });
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'lead.owner_decided',
      entityType: 'lead',
      entityId: id,
      before: { ownerOrgId: row.owner_org_id },
      after: { ownerOrgId, note },
    });
  });
}

/** The city officer decides a flagged pair is not the same investor after all. */
export async function dismissLink(ctx: LeadContext, linkId: number) {
  return ctx.db.transaction().execute(async (trx) => {
    authorize(ctx.user, 'lead.handle');
    const link = await trx.selectFrom('lead_links').selectAll().where('id', '=', linkId).executeTakeFirst();
    if (!link || link.resolution) throw notFound();
    await trx
      .updateTable('lead_links')
      .set({ resolution: 'not_duplicate', resolved_at: ctx.now.toISOString() })
      .where('id', '=', linkId)
      .execute();
    await addEvent(trx, ctx, link.lead_id, 'duplicate_dismissed', ctx.now, {
      otherType: link.other_type,
      otherId: link.other_id,
    });
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'lead.duplicate_dismissed',
      entityType: 'lead',
      entityId: link.lead_id,
      after: { linkId },
    });
  });
}

/** The city officer corrects which clusters a lead belongs to. */
export async function setLeadClusters(ctx: LeadContext, id: number, clusterIds: number[]) {
  return ctx.db.transaction().execute(async (trx) => {
    authorize(ctx.user, 'lead.handle');
    const { row } = await loadVisible(trx, ctx.user, id, true);
    const change = await setRecordClusters(
      trx,
      'lead',
      { id, industryCode: row.industry_code },
      clusterIds,
      ctx.now,
    );
    await saveLead(trx, row, {}, ctx.now);
    await addEvent(trx, ctx, id, 'clusters_set', ctx.now, change);
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'lead.clusters_set',
      entityType: 'lead',
      entityId: id,
      before: { clusterIds: change.before },
      after: { clusterIds: change.after },
    });
  });
}
