/**
 * The city's land-use standards (标准地 / 重点工业项目评审标准), #16 item 5: minimum investment
 * intensity, tax per 亩 and scale by zone and industry. An editable table; the demo's rows are
 * marked as examples (DOMAIN.md §8: the figures found are unverified).
 */
import type { Kysely } from 'kysely';
import type { Standard, StandardBody } from '../../../core/projects/agreements.js';
import type { Context } from '../../auth/context.js';
import type { Database, LandStandardTable } from '../../db/tables.js';
import { AppError, notFound, staleVersion } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { referenceData } from '../stats/cache.js';

type Row = Omit<LandStandardTable, 'id' | 'is_example'> & { id: number; is_example: number };
const num = (v: number | null) => (v === null ? null : Number(v));

export const presentStandard = (r: Row) => ({
  id: r.id,
  version: r.version,
  zone: r.zone,
  industryPrefix: r.industry_prefix,
  minIntensityYuanPerMu: num(r.min_intensity_yuan_per_mu),
  minTaxPerMuYuan: num(r.min_tax_per_mu_yuan),
  minTotalYuan: num(r.min_total_yuan),
  note: r.note,
  isExample: r.is_example === 1,
  updatedByName: r.updated_by_name,
  updatedAt: r.updated_at,
});
export type StandardDto = ReturnType<typeof presentStandard>;

/** The table, read once per data version (migration 0018 versions it). */
export function readStandards(db: Kysely<Database>): Promise<(Standard & StandardDto)[]> {
  return referenceData(db, 'land_standards', async (d) =>
    (
      await d.selectFrom('land_standards').selectAll().orderBy('zone').orderBy('industry_prefix').execute()
    ).map(presentStandard),
  );
}

/** A standard as its row is written (by the city officer, or the demo's examples at first start). */
export const standardRow = (input: StandardBody, byName: string, at: string) => ({
  zone: input.zone,
  industry_prefix: input.industryPrefix,
  min_intensity_yuan_per_mu: input.minIntensityYuanPerMu ?? null,
  min_tax_per_mu_yuan: input.minTaxPerMuYuan ?? null,
  min_total_yuan: input.minTotalYuan ?? null,
  note: input.note ?? null,
  is_example: input.isExample ? 1 : 0,
  updated_by_name: byName,
  updated_at: at,
});
const values = (input: StandardBody, ctx: Context) =>
  standardRow(input, ctx.user.displayName, ctx.now.toISOString());

const duplicate = () =>
  new AppError('CONFLICT', {
    text: { zh: '该地区和行业已有标准', en: 'That zone and industry already have a standard' },
  });

async function taken(trx: Kysely<Database>, input: StandardBody, except?: number) {
  let q = trx
    .selectFrom('land_standards')
    .select('id')
    .where('zone', '=', input.zone)
    .where('industry_prefix', '=', input.industryPrefix);
  if (except !== undefined) q = q.where('id', '<>', except);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function createStandard(ctx: Context, input: StandardBody) {
  return ctx.db.transaction().execute(async (trx) => {
    if (await taken(trx, input)) throw duplicate();
    const { id } = await trx
      .insertInto('land_standards')
      .values({ ...values(input, ctx), version: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { version: _v, ...after } = input;
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'standard.created',
      entityType: 'standard',
      entityId: id,
      after,
    });
    return id;
  });
}

export async function updateStandard(ctx: Context, id: number, input: StandardBody) {
  await ctx.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('land_standards')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!current) throw notFound();
    if (input.version !== current.version) throw staleVersion();
    if (await taken(trx, input, id)) throw duplicate();
    await trx
      .updateTable('land_standards')
      .set({ ...values(input, ctx), version: current.version + 1 })
      .where('id', '=', id)
      .where('version', '=', current.version)
      .execute();
    const { version: _v, ...after } = input;
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'standard.updated',
      entityType: 'standard',
      entityId: id,
      before: presentStandard(current as Row),
      after,
    });
  });
}

export async function deleteStandard(ctx: Context, id: number) {
  await ctx.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('land_standards')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!current) throw notFound();
    await trx.deleteFrom('land_standards').where('id', '=', id).execute();
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'standard.deleted',
      entityType: 'standard',
      entityId: id,
      before: presentStandard(current as Row),
    });
  });
}

/** The demo's standards: DOMAIN.md §8's unverified figures by zone, marked as examples. */
export const EXAMPLE_STANDARDS: StandardBody[] = [
  {
    zone: '一类地区',
    industryPrefix: '',
    minIntensityYuanPerMu: 3_000_000,
    minTaxPerMuYuan: 250_000,
    minTotalYuan: 50_000_000,
    isExample: true,
    note: '示例数据，须按本市评审标准核定',
  },
  {
    zone: '二类地区',
    industryPrefix: '',
    minIntensityYuanPerMu: 2_500_000,
    minTaxPerMuYuan: 200_000,
    minTotalYuan: 50_000_000,
    isExample: true,
    note: '示例数据，须按本市评审标准核定',
  },
  {
    zone: '三类地区',
    industryPrefix: '',
    minIntensityYuanPerMu: 2_000_000,
    minTaxPerMuYuan: 150_000,
    minTotalYuan: 30_000_000,
    isExample: true,
    note: '示例数据，须按本市评审标准核定',
  },
];
