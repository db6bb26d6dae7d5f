/**
 * The lead's steps (DOMAIN.md §2): one transaction each, checked against the state machine in
 * core/leads/stages.ts (from which stages, which permission, which clock it completes and starts,
 * the next stage), then a small typed handler per action for what only that step does.
 */
import type { Kysely } from 'kysely';
import { shanghaiDate } from '../../../core/calendar/dates.js';
import type { StepBody } from '../../../core/leads/schemas.js';
import {
  CITY_CO_FOLLOW_MIN_YUAN,
  LEAD_STEPS,
  type LeadAction,
  type LeadClock,
  type LeadStage,
  stageAfter,
  stepPossible,
} from '../../../core/leads/stages.js';
import type { Context } from '../../auth/context.js';
import { authorize } from '../../auth/policies.js';
import { inTransaction } from '../../db/index.js';
import type { Database, LeadRow } from '../../db/tables.js';
import { AppError, invalidField } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { checkIndustryCode } from '../industries/catalogue.js';
import { leadAssigned, leadDispatched } from '../notifications/events.js';
import { insertProject } from '../projects/service.js';
import { completeClock } from '../sla/clocks.js';
import { requireActiveOrg } from '../system/references.js';
import { eventTime, notAfterToday } from '../system/when.js';
import { requireReviewToSign } from './reviews.js';
import {
  addEvent,
  loadVisible,
  markSeen,
  NOT_WAITING,
  saveLead,
  startWaiting,
  type VisibleLead,
} from './store.js';

/** What a handler gets: the open transaction, the lead as loaded, when the step happened. */
interface Step extends VisibleLead {
  trx: Kysely<Database>;
  ctx: Context;
  at: Date;
  declined: boolean;
}

/** What a handler adds to the generic step: fields to write, what the timeline records. */
interface Outcome {
  changes?: Partial<LeadRow>;
  /** Recorded on the timeline and in the audit entry, besides the body. */
  recorded?: Record<string, unknown>;
  /** The timeline's name for it when not the action's own (dispatched / redispatched). */
  eventType?: string;
  /** What the lead's `steps` keep, besides what the step's own `recordedAs` records. */
  steps?: Record<string, unknown>;
  /** The generic clock start is skipped (a re-dispatch keeps the running progress clock). */
  keepClock?: boolean;
  projectId?: number;
}

type Handlers = { [A in LeadAction]: (step: Step, input: StepBody<A>) => Promise<Outcome> };

const HANDLERS: Handlers = {
  async respond({ trx, ctx, row, countyOrgIds }, input) {
    const owner = await trx
      .selectFrom('users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .select('users.id')
      .where('users.id', '=', input.ownerUserId)
      .where('users.active', '=', 1)
      .where('user_roles.role', 'in', ['city_officer', 'county_officer'])
      .executeTakeFirst();
    if (!owner)
      throw invalidField('ownerUserId', {
        zh: '跟进责任人须为在岗的招商专员',
        en: 'must be an active officer',
      });
    if (owner.id !== row.owner_user_id) await leadAssigned(trx, ctx, row, countyOrgIds, owner.id);
    return { changes: { owner_user_id: owner.id } };
  },

  async assess(_step, input) {
    return { changes: { decision: input.decision } };
  },

  async feedback({ declined }) {
    return declined ? { changes: { closed_reason: '研判不予跟进，已反馈' } } : {};
  },

  async dispatch({ trx, ctx, row, countyOrgIds }, input) {
    const ids = [...new Set(input.countyOrgIds)];
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
    const redispatch = row.stage === 'following';
    if (redispatch && !input.reason) {
      throw invalidField('reason', { zh: '重新分派须说明原因', en: 'a re-dispatch needs a reason' });
    }
    // Counties kept keep their row (and so whether they have seen it); those added find it new.
    await trx
      .deleteFrom('lead_counties')
      .where('lead_id', '=', row.id)
      .where('org_id', 'not in', ids)
      .execute();
    const added = ids.filter((id) => !countyOrgIds.includes(id));
    if (added.length)
      await trx
        .insertInto('lead_counties')
        .values(
          added.map((org_id) => ({
            lead_id: row.id,
            org_id,
            stage: 'following',
            received_at: row.received_at,
          })),
        )
        .execute();
    await leadDispatched(trx, ctx, row, ids, added, redispatch);
    const coFollow = row.planned_investment_yuan >= CITY_CO_FOLLOW_MIN_YUAN || input.cityCoFollow === true;
    return {
      changes: { city_co_follow: coFollow ? 1 : 0 },
      eventType: redispatch ? 'redispatched' : 'dispatched',
      keepClock: redispatch,
      recorded: { previousCountyOrgIds: countyOrgIds, cityCoFollow: coFollow },
    };
  },

  async progress() {
    return {};
  },

  async sign({ trx, ctx, row, countyOrgIds, at }, input) {
    const countyOrgId = input.countyOrgId ?? countyOrgIds[0];
    if (!countyOrgId)
      throw invalidField('countyOrgId', {
        zh: '请指定项目落地的县（市、区）',
        en: 'name the county where it is built',
      });
    await requireActiveOrg(trx, countyOrgId, 'countyOrgId', {
      kinds: ['county', 'platform'],
      text: { zh: '须为启用的县（市、区）或平台', en: 'must be an active county or platform' },
    });
    const industry = input.industryCode ?? row.industry_code;
    checkIndustryCode(industry);
    const signedOn = input.signedAt ?? shanghaiDate(at);
    notAfterToday('signedAt', signedOn, ctx.now);
    if (signedOn < shanghaiDate(row.received_at)) {
      throw invalidField('signedAt', {
        zh: '签约日期不能早于线索接收日期',
        en: 'cannot be before the lead was received',
      });
    }
    await requireReviewToSign(trx, row.id, input.totalInvestmentYuan ?? row.planned_investment_yuan);
    const project = await insertProject(trx, ctx, {
      leadId: row.id,
      name: input.name ?? row.project_name,
      investorName: row.investor_name,
      investorCreditCode: row.investor_credit_code,
      countyOrgId,
      industryCode: industry,
      chainId: row.chain_id,
      chainLinkId: row.chain_link_id,
      totalInvestmentYuan: input.totalInvestmentYuan ?? row.planned_investment_yuan,
      signedOn,
    });
    return {
      changes: { project_id: project.id },
      recorded: { projectId: project.id, projectCode: project.code },
      projectId: project.id,
    };
  },

  async close(_step, input) {
    return {
      changes: {
        closed_reason: input.reason,
        lost_to_city: input.lostToCity ?? null,
        lost_reason: input.lostReason ?? null,
      },
    };
  },

  // The facts filled in join those of the response; a fact given again replaces the earlier text.
  async supplement({ row }, input) {
    const response = (JSON.parse(row.step_data) as { response?: { keyInfo?: Record<string, string> } })
      .response;
    const given = Object.fromEntries(Object.entries(input.keyInfo).filter(([, v]) => v));
    return {
      steps: { response: { ...response, keyInfo: { ...response?.keyInfo, ...given } } },
      recorded: { keyInfo: given },
    };
  },
};

/** Takes a step in its own transaction (the demo; routes use takeStep inside theirs). */
export async function act<A extends LeadAction>(ctx: Context, id: number, action: A, input: StepBody<A>) {
  return inTransaction(ctx.db, (trx) => takeStep({ ...ctx, db: trx }, id, action, input));
}

/**
 * Takes one step inside the caller's transaction (ctx.db): 409 from the wrong stage, 403 without
 * the permission, 404 for a lead the user may not see.
 */
export async function takeStep<A extends LeadAction>(
  ctx: Context,
  id: number,
  action: A,
  input: StepBody<A>,
): Promise<{ projectId?: number }> {
  const trx = ctx.db;
  const lead = await loadVisible(trx, ctx.user, id, true);
  const { row } = lead;
  const rule = LEAD_STEPS[action];
  authorize(ctx.user, rule.permission, lead.resource);
  const stage = row.stage as LeadStage;
  const declined = row.decision === 'decline';
  if (!stepPossible(action, stage, declined)) {
    throw new AppError('ILLEGAL_TRANSITION', {
      details: { stage, action, allowedFrom: rule.from },
      text: {
        zh: `线索当前处于“${stage}”阶段，不能执行“${action}”`,
        en: `The lead is ${stage}; "${action}" is not possible now`,
      },
    });
  }
  const at = eventTime('at', input.at, ctx.now, {
    at: row.received_at,
    text: { zh: '时间不能早于线索接收时间', en: 'cannot be before the lead was received' },
  });
  const outcome = await HANDLERS[action]({ ...lead, trx, ctx, at, declined }, input);

  const completes: LeadClock | null =
    rule.completes === 'waiting' ? (row.waiting_step as LeadClock | null) : rule.completes;
  if (completes)
    await completeClock(trx, { entityType: 'lead', entityId: id, step: completes, completedAt: at });
  const next = stageAfter(action, stage, declined);
  const waiting = outcome.keepClock
    ? {}
    : rule.starts && next !== 'closed'
      ? await startWaiting(trx, row, rule.starts, at)
      : rule.to !== null
        ? NOT_WAITING
        : {};
  const { at: _omit, ...body } = input;
  const recorded = { ...body, ...outcome.recorded };
  const steps = JSON.parse(row.step_data) as Record<string, unknown>;
  if (rule.recordedAs) steps[rule.recordedAs] = body;
  Object.assign(steps, outcome.steps);
  await saveLead(
    trx,
    row,
    { ...outcome.changes, ...waiting, stage: next, step_data: JSON.stringify(steps) },
    ctx.now,
  );
  // A county acting on a lead dispatched to it has seen it (it is no longer 新 to them).
  if (lead.countyOrgIds.includes(ctx.user.orgId)) await markSeen(trx, ctx.user.orgId, id, ctx.now);
  const eventType = outcome.eventType ?? action;
  await addEvent(trx, ctx, id, eventType, at, recorded);
  await recordAudit(trx, ctx.actor, ctx.now, {
    action: `lead.${eventType}`,
    entityType: 'lead',
    entityId: id,
    before: { stage: row.stage, version: row.version },
    after: { stage: next, at: at.toISOString(), ...recorded },
  });
  return { projectId: outcome.projectId };
}
