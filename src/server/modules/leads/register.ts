/** Registering a lead (with duplicate detection over what the user may see) and editing its registration. */
import { shanghaiDate } from '../../../core/calendar/dates.js';
import { normalizeInvestorName } from '../../../core/leads/normalize.js';
import type { CreateLeadBody, UpdateLeadBody } from '../../../core/leads/schemas.js';
import { CITY_CO_FOLLOW_MIN_YUAN, LEAD_SCOPE_MIN_YUAN } from '../../../core/leads/stages.js';
import type { Context } from '../../auth/context.js';
import { authorize, can } from '../../auth/policies.js';
import { inTransaction } from '../../db/index.js';
import type { LeadRow } from '../../db/tables.js';
import { AppError } from '../../errors.js';
import { recordAudit, replacedBy } from '../audit/record.js';
import { chainOfLink } from '../chains/service.js';
import { checkIndustryCode } from '../industries/catalogue.js';
import { linkInvestors } from '../investors/link.js';
import { resolveInvestor } from '../investors/service.js';
import { linkVisitToLead, visitToLead } from '../investors/visits.js';
import { leadRegistered } from '../notifications/events.js';
import { recordCode } from '../system/codes.js';
import { eventTime } from '../system/when.js';
import { countiesOf, findDuplicateCandidates, SAME_INVESTOR } from './queries.js';
import { addEvent, loadVisible, saveLead, startWaiting } from './store.js';

/** What a new lead row is made of (a registration, or a row of an imported ledger). */
export interface NewLead {
  projectName: string;
  investorName: string;
  investorCreditCode: string | null;
  investorType?: string | null;
  industryCode?: string | null;
  chainId?: number | null;
  chainLinkId?: number | null;
  plannedInvestmentYuan: number;
  fixedAssetInvestmentYuan?: number | null;
  landAreaMu?: number | null;
  referrer: { name: string; organization?: string | null; phone?: string | null; kind: string };
  channel: string;
  receivedAt: Date;
  isMajor: boolean;
  ownerOrgId: number;
  /** A registration starts registered; an imported lead comes at the stage its ledger says. */
  stage?: string;
  decision?: string | null;
  closedReason?: string | null;
  waiting?: { step: string; dueAt: string; dueDate: string } | null;
  importBatchId?: number | null;
}

/**
 * A new lead's row, its derived columns (the normalised investor name, the city's co-following from
 * 5亿元) worked out here only: registration and imports write these.
 */
export function newLeadRow(l: NewLead, code: string, userId: number, at: string) {
  return {
    code,
    version: 1,
    stage: l.stage ?? 'registered',
    project_name: l.projectName,
    investor_name: l.investorName,
    investor_name_norm: normalizeInvestorName(l.investorName),
    investor_credit_code: l.investorCreditCode,
    investor_type: l.investorType ?? null,
    industry_code: l.industryCode ?? null,
    chain_id: l.chainId ?? null,
    chain_link_id: l.chainLinkId ?? null,
    planned_investment_yuan: l.plannedInvestmentYuan,
    fixed_asset_investment_yuan: l.fixedAssetInvestmentYuan ?? null,
    land_area_mu: l.landAreaMu ?? null,
    referrer_name: l.referrer.name,
    referrer_org: l.referrer.organization ?? null,
    referrer_phone: l.referrer.phone ?? null,
    referrer_kind: l.referrer.kind,
    channel: l.channel,
    received_at: l.receivedAt.toISOString(),
    is_major: l.isMajor ? 1 : 0,
    owner_user_id: null,
    owner_org_id: l.ownerOrgId,
    registered_by_user_id: userId,
    city_co_follow: l.plannedInvestmentYuan >= CITY_CO_FOLLOW_MIN_YUAN ? 1 : 0,
    decision: l.decision ?? null,
    step_data: '{}',
    closed_reason: l.closedReason ?? null,
    merged_into_id: null,
    project_id: null,
    waiting_step: l.waiting?.step ?? null,
    waiting_due_at: l.waiting?.dueAt ?? null,
    waiting_due_date: l.waiting?.dueDate ?? null,
    import_batch_id: l.importBatchId ?? null,
    created_at: at,
    updated_at: at,
  };
}

export async function registerLead(ctx: Context, input: CreateLeadBody): Promise<number> {
  if (input.plannedInvestmentYuan < LEAD_SCOPE_MIN_YUAN) {
    throw new AppError('LEAD_OUT_OF_SCOPE', {
      details: { field: 'plannedInvestmentYuan', minYuan: LEAD_SCOPE_MIN_YUAN },
    });
  }
  const receivedAt = eventTime('receivedAt', input.receivedAt, ctx.now);
  checkIndustryCode(input.industryCode);
  const chain = await chainOfLink(ctx.db, input.chainLinkId);

  return inTransaction(ctx.db, async (trx) => {
    const candidates = await findDuplicateCandidates(trx, {
      creditCode: input.investorCreditCode,
      investorName: input.investorName,
    });
    const visible: typeof candidates = [];
    for (const c of candidates) {
      const mayRead =
        c.type === 'lead'
          ? can(ctx.user, 'lead.read', {
              ownerOrgId: c.ownerOrgId,
              countyOrgIds: (await countiesOf(trx, [c.id])).get(c.id) ?? [],
            })
          : can(ctx.user, 'project.read', c.project);
      if (mayRead) visible.push(c);
    }
    // Whoever cannot see the other record is not told it exists; the city's conflicts list shows it.
    // The same investor asks before going ahead; firms of the same trade name are listed with it,
    // apart, and alone never stop a registration.
    const same = visible.filter((c) => SAME_INVESTOR.includes(c.reason));
    if (same.length && !input.confirmNotDuplicate) {
      const shown = ({ type, id, code, name, investorName, stage, reason }: (typeof visible)[number]) => ({
        type,
        id,
        code,
        name,
        investorName,
        stage,
        reason,
      });
      throw new AppError('LEAD_POSSIBLE_DUPLICATE', {
        details: {
          candidates: same.map(shown),
          related: visible.filter((c) => !SAME_INVESTOR.includes(c.reason)).map(shown),
        },
      });
    }
    const visit = input.sourceVisitId ? await visitToLead(trx, ctx, input.sourceVisitId) : null;
    const investorId =
      input.investorId !== undefined
        ? await resolveInvestor(trx, ctx, { investorId: input.investorId })
        : (visit?.investor_id ?? null);
    const year = shanghaiDate(receivedAt).slice(0, 4);
    const code = await recordCode(trx, 'lead', ctx.user.orgId, year);
    const at = ctx.now.toISOString();
    const isMajor = input.isMajor ?? false;
    const inserted = await trx
      .insertInto('leads')
      .values(
        newLeadRow(
          {
            ...input,
            investorCreditCode: input.investorCreditCode ?? null,
            chainId: chain?.chainId ?? input.chainId ?? null,
            chainLinkId: chain?.linkId ?? null,
            receivedAt,
            isMajor,
            ownerOrgId: ctx.user.orgId,
          },
          code,
          ctx.user.id,
          at,
        ),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    const waiting = await startWaiting(trx, inserted, 'response', receivedAt);
    await trx
      .updateTable('leads')
      .set({ ...waiting, investor_id: investorId, source_visit_id: visit?.id ?? null })
      .where('id', '=', inserted.id)
      .execute();
    if (investorId === null) await linkInvestors(trx, at);
    if (visit) await linkVisitToLead(trx, visit, inserted.id, ctx.now);
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
      // Counted over what the registering user may see: the rest is not theirs to know of.
      possibleDuplicates: same.length,
      possiblyRelated: visible.length - same.length,
      confirmedNotDuplicate: Boolean(input.confirmNotDuplicate && same.length),
    });
    await leadRegistered(trx, ctx, inserted, []);
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'lead.registered',
      entityType: 'lead',
      entityId: inserted.id,
      after: { code, ...input },
    });
    return inserted.id;
  });
}

export async function updateLead(ctx: Context, id: number, input: UpdateLeadBody): Promise<void> {
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
    set('project_name', input.projectName);
    if (input.investorName !== undefined) {
      set('investor_name', input.investorName);
      set('investor_name_norm', normalizeInvestorName(input.investorName));
    }
    set('investor_credit_code', input.investorCreditCode);
    set('investor_type', input.investorType);
    set('industry_code', input.industryCode);
    set('chain_id', input.chainId);
    if (input.chainLinkId !== undefined) {
      const chain = await chainOfLink(trx, input.chainLinkId);
      set('chain_link_id', chain?.linkId ?? null);
      set('chain_id', chain?.chainId ?? null);
    }
    set('planned_investment_yuan', input.plannedInvestmentYuan);
    set('fixed_asset_investment_yuan', input.fixedAssetInvestmentYuan);
    set('land_area_mu', input.landAreaMu);
    set('channel', input.channel);
    if (input.isMajor !== undefined) set('is_major', input.isMajor ? 1 : 0);
    if (input.receivedAt) set('received_at', new Date(input.receivedAt).toISOString());
    const ref = input.referrer;
    if (ref) {
      set('referrer_name', ref.name);
      set('referrer_org', ref.organization ?? null);
      // The phone is shown masked: left out of an edit it stays as it was; null clears it.
      if (ref.phone !== undefined) set('referrer_phone', ref.phone);
      set('referrer_kind', ref.kind);
    }
    if (
      changes.planned_investment_yuan !== undefined &&
      changes.planned_investment_yuan >= CITY_CO_FOLLOW_MIN_YUAN
    ) {
      changes.city_co_follow = 1;
    }
    await saveLead(trx, row, changes, ctx.now);
    // Another name or credit code is perhaps another firm: the register decides again.
    if (changes.investor_name_norm !== undefined || changes.investor_credit_code !== undefined) {
      await trx.updateTable('leads').set({ investor_id: null }).where('id', '=', id).execute();
      await linkInvestors(trx, ctx.now.toISOString());
    }
    const before = replacedBy(row, changes);
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
