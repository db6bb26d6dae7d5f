/**
 * A project's investment agreement (投资协议) and its performance (履约), #16 item 5: the agreed
 * terms, each year's actuals, each term judged on today, the proposal checked against the city's
 * land-use standards, and a breached term raised as a coordination issue with an owner.
 */
import type { Kysely } from 'kysely';
import { shanghaiDate } from '../../../core/calendar/dates.js';
import { formatYuan } from '../../../core/money.js';
import {
  type ActualBody,
  type AgreementBody,
  checkAgainst,
  performanceOf,
  standardFor,
  TERM_LABELS,
  type Term,
} from '../../../core/projects/agreements.js';
import type { Context } from '../../auth/context.js';
import { authorize, can } from '../../auth/policies.js';
import type { Database } from '../../db/tables.js';
import { AppError, invalidField, staleVersion } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { notAfterToday } from '../system/when.js';
import { raiseIssue } from './issues.js';
import { loadVisibleProject, projectResource } from './service.js';
import { readStandards } from './standards.js';

const num = (v: number | string | null) => (v === null ? null : Number(v));

export async function putAgreement(ctx: Context, id: number, input: AgreementBody): Promise<void> {
  notAfterToday('signedOn', input.signedOn, ctx.now);
  if (input.fixedAssetYuan > input.totalInvestmentYuan)
    throw invalidField('fixedAssetYuan', {
      zh: '固定资产投资不能大于总投资',
      en: 'cannot exceed the total investment',
    });
  if (input.startDeadline && input.productionDeadline && input.productionDeadline < input.startDeadline)
    throw invalidField('productionDeadline', {
      zh: '投产期限不能早于动工期限',
      en: 'cannot be before the start deadline',
    });
  await ctx.db.transaction().execute(async (trx) => {
    const project = await loadVisibleProject(trx, ctx.user, id, true);
    authorize(ctx.user, 'project.update', projectResource(project));
    const current = await trx
      .selectFrom('project_agreements')
      .selectAll()
      .where('project_id', '=', id)
      .executeTakeFirst();
    if ((current?.version ?? undefined) !== input.version) throw staleVersion();
    const values = {
      signed_on: input.signedOn,
      zone: input.zone ?? null,
      total_investment_yuan: input.totalInvestmentYuan,
      fixed_asset_yuan: input.fixedAssetYuan,
      land_mu: input.landMu,
      tax_per_mu_yuan: input.taxPerMuYuan ?? null,
      output_yuan: input.outputYuan ?? null,
      start_deadline: input.startDeadline ?? null,
      production_deadline: input.productionDeadline ?? null,
      full_production_year: input.fullProductionYear ?? null,
      updated_by_name: ctx.user.displayName,
      updated_at: ctx.now.toISOString(),
    };
    if (current)
      await trx
        .updateTable('project_agreements')
        .set({ ...values, version: current.version + 1 })
        .where('project_id', '=', id)
        .where('version', '=', current.version)
        .execute();
    else
      await trx
        .insertInto('project_agreements')
        .values({ ...values, project_id: id, version: 1 })
        .execute();
    const { version: _v, ...after } = input;
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'project.agreement_set',
      entityType: 'project',
      entityId: id,
      before: current ? { ...current, updated_at: undefined } : undefined,
      after,
    });
  });
}

/** A year's actuals (到位资金, tax, output): from the agreement's year to this year. */
export async function putActual(ctx: Context, id: number, year: number, input: ActualBody): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const project = await loadVisibleProject(trx, ctx.user, id, true);
    authorize(ctx.user, 'project.update', projectResource(project));
    const agreement = await trx
      .selectFrom('project_agreements')
      .select('signed_on')
      .where('project_id', '=', id)
      .executeTakeFirst();
    if (!agreement)
      throw new AppError('ILLEGAL_TRANSITION', {
        text: { zh: '请先录入投资协议', en: 'Enter the investment agreement first' },
      });
    const first = Number(agreement.signed_on.slice(0, 4));
    const thisYear = Number(shanghaiDate(ctx.now).slice(0, 4));
    if (year < first || year > thisYear)
      throw invalidField('year', {
        zh: `年度须在 ${first}–${thisYear} 年之间`,
        en: `the year must be from ${first} to ${thisYear}`,
      });
    const current = await trx
      .selectFrom('project_actuals')
      .selectAll()
      .where('project_id', '=', id)
      .where('year', '=', year)
      .executeTakeFirst();
    if ((current?.version ?? undefined) !== input.version) throw staleVersion();
    const values = {
      invested_yuan: input.investedYuan,
      tax_yuan: input.taxYuan ?? null,
      output_yuan: input.outputYuan ?? null,
      updated_by_name: ctx.user.displayName,
      updated_at: ctx.now.toISOString(),
    };
    if (current)
      await trx
        .updateTable('project_actuals')
        .set({ ...values, version: current.version + 1 })
        .where('project_id', '=', id)
        .where('year', '=', year)
        .execute();
    else
      await trx
        .insertInto('project_actuals')
        .values({ ...values, project_id: id, year, version: 1 })
        .execute();
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'project.actuals_set',
      entityType: 'project',
      entityId: id,
      before: current
        ? {
            year,
            investedYuan: num(current.invested_yuan),
            taxYuan: num(current.tax_yuan),
            outputYuan: num(current.output_yuan),
          }
        : undefined,
      after: {
        year,
        investedYuan: input.investedYuan,
        taxYuan: input.taxYuan ?? null,
        outputYuan: input.outputYuan ?? null,
      },
    });
  });
}

/** The agreement page: the terms, the actuals, each term's verdict, the standards check, the open breach issues. */
export async function agreementOf(ctx: Pick<Context, 'db' | 'user' | 'now'>, id: number) {
  const project = await loadVisibleProject(ctx.db, ctx.user, id);
  const [row, actuals, standards, breaches] = await Promise.all([
    ctx.db.selectFrom('project_agreements').selectAll().where('project_id', '=', id).executeTakeFirst(),
    ctx.db.selectFrom('project_actuals').selectAll().where('project_id', '=', id).orderBy('year').execute(),
    readStandards(ctx.db),
    openBreaches(ctx.db, id),
  ]);
  const canEdit = can(ctx.user, 'project.update', projectResource(project));
  if (!row)
    return {
      agreement: null,
      actuals: [],
      terms: [],
      standardCheck: [],
      standard: null,
      canEdit,
      openBreaches: breaches,
    };
  const agreement = {
    version: row.version,
    signedOn: row.signed_on,
    zone: row.zone,
    totalInvestmentYuan: Number(row.total_investment_yuan),
    fixedAssetYuan: Number(row.fixed_asset_yuan),
    landMu: Number(row.land_mu),
    intensityYuanPerMu: Math.round(Number(row.fixed_asset_yuan) / Number(row.land_mu)),
    taxPerMuYuan: num(row.tax_per_mu_yuan),
    outputYuan: num(row.output_yuan),
    startDeadline: row.start_deadline,
    productionDeadline: row.production_deadline,
    fullProductionYear: row.full_production_year,
    updatedByName: row.updated_by_name,
    updatedAt: row.updated_at,
  };
  const facts = actuals.map((a) => ({
    year: a.year,
    version: a.version,
    investedYuan: Number(a.invested_yuan),
    taxYuan: num(a.tax_yuan),
    outputYuan: num(a.output_yuan),
  }));
  const standard = row.zone ? standardFor(standards, row.zone, project.industry_code) : null;
  return {
    agreement,
    actuals: facts,
    terms: performanceOf(
      agreement,
      facts,
      { startedOn: project.started_on, inProductionOn: project.in_production_on },
      shanghaiDate(ctx.now),
    ),
    standard,
    standardCheck: checkAgainst(standard, { ...agreement, industryCode: project.industry_code }),
    canEdit,
    openBreaches: breaches,
  };
}

/** The terms with an open coordination issue of category 协议履约 (one at a time per term). */
async function openBreaches(db: Kysely<Database>, id: number): Promise<Term[]> {
  const rows = await db
    .selectFrom('coordination_issues')
    .select('description')
    .where('project_id', '=', id)
    .where('category', '=', 'agreement')
    .where('status', '<>', 'closed')
    .execute();
  return (Object.keys(TERM_LABELS) as Term[]).filter((t) =>
    rows.some((r) => r.description.startsWith(`【${TERM_LABELS[t].zh}】`)),
  );
}

/**
 * A breached term becomes a coordination issue (category 协议履约) owned by the project's county,
 * with the time limit and reminders of any issue; once per term while it is open.
 */
export async function raiseBreach(
  ctx: Context,
  id: number,
  term: Term,
  note: string | undefined,
): Promise<number> {
  const view = await agreementOf(ctx, id);
  const t = view.terms.find((x) => x.term === term);
  if (t?.verdict !== 'breached')
    throw invalidField('term', { zh: '该条款未违约', en: 'That term is not breached' });
  if (view.openBreaches.includes(term))
    throw new AppError('CONFLICT', {
      text: { zh: '该条款已立为协调事项', en: 'That term already has an open issue' },
    });
  const project = await loadVisibleProject(ctx.db, ctx.user, id);
  return raiseIssue(ctx, id, {
    category: 'agreement',
    description: `【${TERM_LABELS[term].zh}】协议约定 ${t.agreedDate ?? formatYuan(t.agreedValue)}，实际 ${t.actualDate ?? (t.actualValue === null ? '未达到' : formatYuan(t.actualValue))}${note ? `。${note}` : ''}`,
    departmentOrgId: project.county_org_id,
  });
}
