/**
 * Targets (军令状) against records: computed indicators from the projects of the organisation,
 * entered ones from the latest value entered for a period ending by the date asked about.
 */
import type { Kysely } from 'kysely';
import type { TargetsAnswer } from '../../../core/api/stats.js';
import { earlierDate, shanghaiDate } from '../../../core/calendar/dates.js';
import { parsePeriod, timeElapsedRate, yearRange } from '../../../core/periods.js';
import type { PutIndicatorValueBody, PutTargetBody } from '../../../core/targetSchemas.js';
import {
  INDICATORS,
  type IndicatorDef,
  indicatorDef,
  progressColour,
  progressOf,
} from '../../../core/targets.js';
import type { Context } from '../../auth/context.js';
import { type Principal, type Scope, targetScope } from '../../auth/policies.js';
import type { Database } from '../../db/tables.js';
import { AppError, invalidField } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { type GroupRow, groupedRows, STAGE_KEYS, type StageKey, type StatsMemo } from './pipeline.js';

interface OrgInfo {
  id: number;
  name: string;
  kind: string;
}

/**
 * Computed indicators of several organisations for a period, from the grouped rows of each stage
 * (by county, park, class and manufacturing); the city's are the sums over everything.
 */
async function computedActuals(
  db: Kysely<Database>,
  orgs: OrgInfo[],
  from: string,
  to: string,
  memo?: StatsMemo,
) {
  const groups = new Map<StageKey, GroupRow[]>();
  for (const stage of STAGE_KEYS)
    groups.set(stage, await groupedRows(db, stage, { from, to }, { all: true }, memo));
  const out = new Map<number, Record<string, number | null>>();
  for (const org of orgs) {
    const mine = (r: GroupRow) =>
      org.kind === 'county' ? r.county === org.id : org.kind === 'platform' ? r.park === org.id : true;
    const sum = (stage: StageKey, pick: (r: GroupRow) => boolean, of: 'n' | 'total') =>
      groups
        .get(stage)!
        .filter((r) => mine(r) && pick(r))
        .reduce((acc, r) => acc + r[of], 0);
    const all = () => true;
    const signedYuan = sum('signed', all, 'total');
    out.set(org.id, {
      signed_count: sum('signed', (r) => r.cls !== 'below1', 'n'),
      signed_yuan: signedYuan,
      started_count: sum('started', all, 'n'),
      started_yuan: sum('started', all, 'total'),
      production_count: sum('inProduction', all, 'n'),
      production_yuan: sum('inProduction', all, 'total'),
      major10_count: sum('signed', (r) => r.cls === 'major10', 'n'),
      manufacturing_share: signedYuan
        ? (100 * sum('signed', (r) => r.mfg === 1, 'total')) / signedYuan
        : null,
    });
  }
  return out;
}

/** Every target of a year with its actual value and progress as of a date; a county sees its own. */
export async function targetsReport(
  db: Kysely<Database>,
  user: Principal,
  year: number,
  asOfIn: string | undefined,
  now: Date,
) {
  return targetsIn(db, targetScope(user), year, asOfIn, now);
}

/** The targets of the organisations a scope (already authorized) covers, with their progress. */
export async function targetsIn(
  db: Kysely<Database>,
  visibility: Scope,
  year: number,
  asOfIn: string | undefined,
  now: Date,
  memo?: StatsMemo,
): Promise<TargetsAnswer> {
  const range = yearRange(year);
  const today = shanghaiDate(now);
  const asOf = asOfIn ?? earlierDate(today, range.to);
  const elapsed = timeElapsedRate(year, asOf);
  let q = db.selectFrom('targets').selectAll().where('year', '=', year);
  if (!('all' in visibility)) q = q.where('org_id', '=', visibility.orgId);
  const targets = await q.orderBy('org_id').orderBy('id').execute();
  const orgIds = [...new Set(targets.map((t) => t.org_id))];
  const orgs = orgIds.length
    ? await db.selectFrom('orgs').select(['id', 'name', 'kind']).where('id', 'in', orgIds).execute()
    : [];
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const to = earlierDate(asOf, range.to);
  const needComputed = orgs.filter((org) =>
    targets.some((t) => t.org_id === org.id && indicatorDef(t.indicator)?.source === 'computed'),
  );
  const computed =
    asOf < range.from || !needComputed.length
      ? new Map<number, Record<string, number | null>>()
      : await computedActuals(db, needComputed, range.from, to, memo);
  const entered = orgIds.length
    ? await db
        .selectFrom('indicator_values')
        .selectAll()
        .where('org_id', 'in', orgIds)
        .where('period', 'like', `${year}%`)
        .where('period_end', '<=', asOf)
        .orderBy('period_end', 'desc')
        .orderBy('id', 'desc')
        .execute()
    : [];
  const items = targets.map((t) => {
    const def = indicatorDef(t.indicator) as IndicatorDef;
    const value =
      def.source === 'computed'
        ? {
            actual: computed.get(t.org_id)?.[t.indicator] ?? (asOf < range.from ? null : 0),
            entry: undefined,
          }
        : (() => {
            const e = entered.find((v) => v.org_id === t.org_id && v.indicator === t.indicator);
            return { actual: e ? e.value : null, entry: e };
          })();
    const progress = progressOf(def, t.target_value, value.actual, elapsed);
    return {
      id: t.id,
      version: t.version,
      orgId: t.org_id,
      orgName: orgById.get(t.org_id)?.name ?? '',
      orgKind: orgById.get(t.org_id)?.kind ?? '',
      indicator: t.indicator,
      source: def.source,
      kind: def.kind,
      unit: def.unit,
      targetValue: t.target_value,
      actualValue: value.actual,
      ...progress,
      colour: progressColour(def, progress),
      rank: null as number | null,
      note: t.note,
      updatedByName: t.updated_by_name,
      updatedAt: t.updated_at,
      period: value.entry?.period ?? null,
      enteredByName: value.entry?.entered_by_name ?? null,
      enteredAt: value.entry?.entered_at ?? null,
    };
  });
  // Rank of the counties per indicator, by completion — only where every county is in view: a
  // county reading its own targets alone would otherwise always be first.
  if ('all' in visibility)
    for (const ind of INDICATORS) {
      const counties = items
        .filter((i) => i.indicator === ind.key && i.orgKind === 'county' && i.completionRate !== null)
        .sort((a, b) => b.completionRate! - a.completionRate!);
      counties.forEach((c, k) => {
        c.rank = k + 1;
      });
    }
  return { year, asOf, timeElapsedRate: elapsed, items };
}

/** Targets belong to the city, a county or a platform (the organisations that sign 军令状). */
async function checkOrg(db: Kysely<Database>, orgId: number, path = 'orgId') {
  const org = await db.selectFrom('orgs').select(['id', 'kind']).where('id', '=', orgId).executeTakeFirst();
  if (!org || !['city', 'county', 'platform'].includes(org.kind)) {
    throw invalidField(path, {
      zh: '请选择市、县（市、区）或园区平台',
      en: 'Choose the city, a county or a platform',
    });
  }
}

/** Sets one target (insert or change), audited with the value before. */
export async function putTarget(trx: Kysely<Database>, ctx: Context, input: PutTargetBody) {
  await checkOrg(trx, input.orgId);
  const existing = await trx
    .selectFrom('targets')
    .selectAll()
    .where('year', '=', input.year)
    .where('org_id', '=', input.orgId)
    .where('indicator', '=', input.indicator)
    .executeTakeFirst();
  const at = ctx.now.toISOString();
  if (existing) {
    await trx
      .updateTable('targets')
      .set({
        target_value: input.targetValue,
        note: input.note ?? existing.note,
        updated_by_name: ctx.user.displayName,
        updated_at: at,
        version: existing.version + 1,
      })
      .where('id', '=', existing.id)
      .execute();
  } else {
    await trx
      .insertInto('targets')
      .values({
        year: input.year,
        org_id: input.orgId,
        indicator: input.indicator,
        target_value: input.targetValue,
        note: input.note ?? null,
        updated_by_name: ctx.user.displayName,
        updated_at: at,
        version: 1,
      })
      .execute();
  }
  await recordAudit(trx, ctx.actor, ctx.now, {
    action: 'target.set',
    entityType: 'target',
    entityId: existing?.id,
    before: existing ? { targetValue: existing.target_value } : undefined,
    after: {
      year: input.year,
      orgId: input.orgId,
      indicator: input.indicator,
      targetValue: input.targetValue,
    },
  });
}

export async function deleteTarget(ctx: Context, id: number) {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('targets').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    await trx.deleteFrom('targets').where('id', '=', id).execute();
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'target.deleted',
      entityType: 'target',
      entityId: id,
      before: { year: row.year, orgId: row.org_id, indicator: row.indicator, targetValue: row.target_value },
    });
  });
}

/** An entered indicator's value for a period, with who entered it and when. */
export async function putIndicatorValue(trx: Kysely<Database>, ctx: Context, input: PutIndicatorValueBody) {
  await checkOrg(trx, input.orgId);
  const period = parsePeriod(input.period)!;
  const existing = await trx
    .selectFrom('indicator_values')
    .selectAll()
    .where('org_id', '=', input.orgId)
    .where('indicator', '=', input.indicator)
    .where('period', '=', input.period)
    .executeTakeFirst();
  const row = {
    value: input.value,
    entered_by_name: ctx.user.displayName,
    entered_at: ctx.now.toISOString(),
  };
  if (existing) await trx.updateTable('indicator_values').set(row).where('id', '=', existing.id).execute();
  else
    await trx
      .insertInto('indicator_values')
      .values({
        ...row,
        org_id: input.orgId,
        indicator: input.indicator,
        period: input.period,
        period_end: period.to,
      })
      .execute();
  await recordAudit(trx, ctx.actor, ctx.now, {
    action: 'indicator.entered',
    entityType: 'indicator_value',
    entityId: existing?.id,
    before: existing ? { value: existing.value } : undefined,
    after: { orgId: input.orgId, indicator: input.indicator, period: input.period, value: input.value },
  });
}

export async function listIndicatorValues(db: Kysely<Database>, user: Principal, year: number) {
  const visibility = targetScope(user);
  let q = db.selectFrom('indicator_values').selectAll().where('period', 'like', `${year}%`);
  if (!('all' in visibility)) q = q.where('org_id', '=', visibility.orgId);
  const rows = await q.orderBy('org_id').orderBy('indicator').orderBy('period').execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      indicator: r.indicator,
      period: r.period,
      periodEnd: r.period_end,
      value: r.value,
      enteredByName: r.entered_by_name,
      enteredAt: r.entered_at,
    })),
  };
}
