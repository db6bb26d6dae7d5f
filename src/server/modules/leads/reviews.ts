/**
 * Admission reviews (准入研判 / 联审) before signing, #16 item 6: a proposal's figures against the
 * land-use standards, each department's opinion, the meeting's decision and date. Signing a lead at
 * or above the amount the administrator sets needs a review decided 准入 or 有条件准入.
 */
import type { Kysely } from 'kysely';
import {
  checkAgainst,
  type Decision,
  type DecisionBody,
  type OpinionBody,
  type ReviewBody,
  standardFor,
} from '../../../core/projects/agreements.js';
import type { Context } from '../../auth/context.js';
import { authorize } from '../../auth/policies.js';
import type { AdmissionReviewTable, Database } from '../../db/tables.js';
import { AppError, invalidField, notFound, staleVersion } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { checkIndustryCode } from '../industries/catalogue.js';
import { readStandards } from '../projects/standards.js';
import { getSetting, setSetting } from '../system/settings.js';
import { notAfterToday } from '../system/when.js';
import { loadVisible } from './store.js';

const THRESHOLD_KEY = 'admission_review_min_yuan';

export interface Opinion {
  department: string;
  stance: OpinionBody['stance'];
  opinion: string;
  byName: string;
  at: string;
}

type Row = Omit<AdmissionReviewTable, 'id'> & { id: number };

export async function reviewThreshold(db: Kysely<Database>): Promise<number | null> {
  const v = await getSetting(db, THRESHOLD_KEY);
  return v ? Number(v) : null;
}

export async function setReviewThreshold(ctx: Context, minYuan: number | null) {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await reviewThreshold(trx);
    await setSetting(trx, THRESHOLD_KEY, minYuan === null ? '' : String(minYuan));
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'review.threshold_set',
      entityType: 'setting',
      before: { minYuan: before },
      after: { minYuan },
    });
  });
}

async function present(db: Kysely<Database>, r: Row) {
  const standards = await readStandards(db);
  const proposal = {
    industryCode: r.industry_code,
    totalInvestmentYuan: Number(r.total_investment_yuan),
    fixedAssetYuan: Number(r.fixed_asset_yuan),
    landMu: Number(r.land_mu),
    taxPerMuYuan: r.tax_per_mu_yuan === null ? null : Number(r.tax_per_mu_yuan),
  };
  const standard = standardFor(standards, r.zone, r.industry_code);
  return {
    id: r.id,
    leadId: r.lead_id,
    version: r.version,
    zone: r.zone,
    ...proposal,
    intensityYuanPerMu: Math.round(proposal.fixedAssetYuan / proposal.landMu),
    opinions: JSON.parse(r.opinions) as Opinion[],
    decision: r.decision as Decision | null,
    decidedOn: r.decided_on,
    decisionNote: r.decision_note,
    standard,
    checks: checkAgainst(standard, proposal),
    createdByName: r.created_by_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type ReviewDto = Awaited<ReturnType<typeof present>>;

function checkProposal(input: ReviewBody) {
  checkIndustryCode(input.industryCode);
  if (input.fixedAssetYuan > input.totalInvestmentYuan)
    throw invalidField('fixedAssetYuan', {
      zh: '固定资产投资不能大于总投资',
      en: 'cannot exceed the total investment',
    });
}

/** The reviews of a lead the user may read, newest first. */
export async function reviewsOf(ctx: Pick<Context, 'db' | 'user'>, leadId: number) {
  await loadVisible(ctx.db, ctx.user, leadId);
  const rows = await ctx.db
    .selectFrom('admission_reviews')
    .selectAll()
    .where('lead_id', '=', leadId)
    .orderBy('id', 'desc')
    .execute();
  return Promise.all(rows.map((r) => present(ctx.db, r)));
}

export async function createReview(ctx: Context, leadId: number, input: ReviewBody): Promise<number> {
  authorize(ctx.user, 'review.manage');
  checkProposal(input);
  return ctx.db.transaction().execute(async (trx) => {
    const { row } = await loadVisible(trx, ctx.user, leadId, true);
    if (row.stage === 'signed' || row.stage === 'closed')
      throw new AppError('ILLEGAL_TRANSITION', {
        text: { zh: '线索已签约或关闭，不再研判', en: 'The lead is signed or closed' },
      });
    const at = ctx.now.toISOString();
    const { id } = await trx
      .insertInto('admission_reviews')
      .values({
        lead_id: leadId,
        version: 1,
        zone: input.zone,
        industry_code: input.industryCode ?? row.industry_code,
        total_investment_yuan: input.totalInvestmentYuan,
        fixed_asset_yuan: input.fixedAssetYuan,
        land_mu: input.landMu,
        tax_per_mu_yuan: input.taxPerMuYuan ?? null,
        opinions: '[]',
        decision: null,
        decided_on: null,
        decision_note: null,
        created_by_name: ctx.user.displayName,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { version: _v, ...after } = input;
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'review.created',
      entityType: 'lead',
      entityId: leadId,
      after: { reviewId: id, ...after },
    });
    return id;
  });
}

/** Loads a review of a lead the user may read, locked for a write. */
async function loadReview(trx: Kysely<Database>, ctx: Context, id: number) {
  const row = await trx.selectFrom('admission_reviews').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  await loadVisible(trx, ctx.user, row.lead_id, true);
  authorize(ctx.user, 'review.manage');
  return row;
}

async function save(trx: Kysely<Database>, row: Row, version: number, changes: Partial<Row>, ctx: Context) {
  if (version !== row.version) throw staleVersion();
  const result = await trx
    .updateTable('admission_reviews')
    .set({ ...changes, version: row.version + 1, updated_at: ctx.now.toISOString() })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw staleVersion();
}

export async function updateReview(ctx: Context, id: number, input: ReviewBody) {
  checkProposal(input);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await loadReview(trx, ctx, id);
    if (row.decision) throw decided();
    await save(
      trx,
      row,
      input.version ?? 0,
      {
        zone: input.zone,
        industry_code: input.industryCode ?? row.industry_code,
        total_investment_yuan: input.totalInvestmentYuan,
        fixed_asset_yuan: input.fixedAssetYuan,
        land_mu: input.landMu,
        tax_per_mu_yuan: input.taxPerMuYuan ?? null,
      },
      ctx,
    );
    const { version: _v, ...after } = input;
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'review.updated',
      entityType: 'lead',
      entityId: row.lead_id,
      after: { reviewId: id, ...after },
    });
    return row.lead_id;
  });
}

const decided = () =>
  new AppError('ILLEGAL_TRANSITION', { text: { zh: '研判已作出结论', en: 'The review is already decided' } });

export async function addOpinion(ctx: Context, id: number, input: OpinionBody) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await loadReview(trx, ctx, id);
    if (row.decision) throw decided();
    const opinions = JSON.parse(row.opinions) as Opinion[];
    const opinion: Opinion = {
      department: input.department,
      stance: input.stance,
      opinion: input.opinion,
      byName: ctx.user.displayName,
      at: ctx.now.toISOString(),
    };
    // A department's later opinion replaces its earlier one.
    const next = [...opinions.filter((o) => o.department !== input.department), opinion];
    await save(trx, row, input.version, { opinions: JSON.stringify(next) }, ctx);
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'review.opinion',
      entityType: 'lead',
      entityId: row.lead_id,
      after: { reviewId: id, department: input.department, stance: input.stance },
    });
    return row.lead_id;
  });
}

export async function decideReview(ctx: Context, id: number, input: DecisionBody) {
  notAfterToday('decidedOn', input.decidedOn, ctx.now);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await loadReview(trx, ctx, id);
    if (row.decision) throw decided();
    if (JSON.parse(row.opinions).length === 0)
      throw invalidField('decision', {
        zh: '请先录入各部门意见',
        en: "Record the departments' opinions first",
      });
    await save(
      trx,
      row,
      input.version,
      { decision: input.decision, decided_on: input.decidedOn, decision_note: input.note ?? null },
      ctx,
    );
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'review.decided',
      entityType: 'lead',
      entityId: row.lead_id,
      after: { reviewId: id, decision: input.decision, decidedOn: input.decidedOn },
    });
    return row.lead_id;
  });
}

/** The signing rule: at or above the threshold, a review decided 准入 or 有条件准入 must be on file. */
export async function requireReviewToSign(trx: Kysely<Database>, leadId: number, amountYuan: number) {
  const min = await reviewThreshold(trx);
  if (min === null || amountYuan < min) return;
  const ok = await trx
    .selectFrom('admission_reviews')
    .select('id')
    .where('lead_id', '=', leadId)
    .where('decision', 'in', ['approved', 'conditional'])
    .executeTakeFirst();
  if (!ok)
    throw new AppError('ILLEGAL_TRANSITION', {
      text: {
        zh: `投资额 ${(min / 1e8).toFixed(2).replace(/\.?0+$/, '')} 亿元以上的项目，签约前须有准入研判结论（准入或有条件准入）`,
        en: `A project of ${min / 1e8} 亿元 or more needs an admission review decided before signing`,
      },
    });
}
