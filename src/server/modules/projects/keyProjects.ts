/**
 * Key projects' monthly work (#16, DOMAIN.md §8): status changes with their history, each year's
 * planned investment, each month's report with its deadline (policy step `monthly_report`, a clock
 * per month) and corrections. One transaction each with its audit entry; permission rules from
 * auth/policies.ts, a project the reader may not see is 404.
 */
import type { Kysely } from 'kysely';
import type { InvestmentDto } from '../../../core/api/projects.js';
import type { WorkCalendar } from '../../../core/calendar/calendar.js';
import { shanghaiDate } from '../../../core/calendar/dates.js';
import type { MonthBody, PlanBody, StatusBody } from '../../../core/projects/keyProjectSchemas.js';
import {
  monthElapsedRate,
  monthEnd,
  monthOf,
  monthStep,
  nextMonth,
  PROJECT_STATUS_LABELS,
  type ProjectStatus,
  previousMonth,
  yearProgress,
} from '../../../core/projects/keyProjects.js';
import { type SlaPolicy, stepStatus } from '../../../core/sla.js';
import type { Context } from '../../auth/context.js';
import { authorize, can } from '../../auth/policies.js';
import type { Database, ProjectRow } from '../../db/tables.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError, invalidField, staleVersion } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { currentCalendar } from '../calendar/store.js';
import { completeClock } from '../sla/clocks.js';
import { policyFor } from '../sla/policies.js';
import { notAfterToday } from '../system/when.js';
import { loadVisibleProject, projectResource } from './service.js';

/** When a month's report is due: the policy counted from the month's last day. */
export function monthDue(calendar: WorkCalendar, policy: SlaPolicy, month: string) {
  return calendar.deadline(`${monthEnd(month)}T00:00:00+08:00`, policy.amount, policy.unit);
}

/** The month whose report is due next: last month, never before the month of signing. */
function dueMonthOf(row: ProjectRow, today: string): string | null {
  const last = previousMonth(monthOf(today));
  return row.status === 'terminated' || last < monthOf(row.signed_on) ? null : last;
}

const terminated = () =>
  new AppError('ILLEGAL_TRANSITION', {
    text: { zh: '项目已终止，不再报送', en: 'The project is terminated; nothing more is reported' },
  });

/** 正常推进 / 滞后 / 停滞 / 终止 on a date with a reason; reopening a terminated project is the city officer's. */
export async function setStatus(ctx: Context, id: number, input: StatusBody): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadVisibleProject(trx, ctx.user, id, true);
    authorize(ctx.user, 'project.update', projectResource(row));
    if (input.version !== row.version) throw staleVersion();
    const from = row.status as ProjectStatus;
    if (from === input.status)
      throw invalidField('status', {
        zh: `项目已是“${PROJECT_STATUS_LABELS[from].zh}”`,
        en: `The project is already ${PROJECT_STATUS_LABELS[from].en}`,
      });
    if (from === 'terminated') authorize(ctx.user, 'project.revert');
    const on = input.on ?? shanghaiDate(ctx.now);
    notAfterToday('on', on, ctx.now);
    const earliest = row.status_on && row.status_on > row.signed_on ? row.status_on : row.signed_on;
    if (on < earliest)
      throw invalidField('on', {
        zh: `日期不能早于 ${earliest}（签约或上次状态变更）`,
        en: `cannot be before ${earliest} (signing or the last status change)`,
      });
    await updateVersioned(trx, 'projects', row.id, row.version, {
      status: input.status,
      status_on: on,
      updated_at: ctx.now.toISOString(),
    });
    await trx
      .insertInto('project_status_changes')
      .values({
        project_id: id,
        from_status: from,
        status: input.status,
        on_date: on,
        reason: input.reason,
        by_user_id: ctx.user.id,
        by_name: ctx.user.displayName,
        at: ctx.now.toISOString(),
      })
      .execute();
    // A terminated project owes no more reports: its running month clocks stop being deadlines.
    if (input.status === 'terminated')
      await trx
        .deleteFrom('sla_clocks')
        .where('entity_type', '=', 'project')
        .where('entity_id', '=', id)
        .where('completed_at', 'is', null)
        .execute();
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'project.status_changed',
      entityType: 'project',
      entityId: id,
      before: { status: from, on: row.status_on },
      after: { status: input.status, on, reason: input.reason },
    });
  });
}

/** A year's planned investment (年度计划投资): from the year of signing to next year. */
export async function putPlan(ctx: Context, id: number, year: number, input: PlanBody): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadVisibleProject(trx, ctx.user, id, true);
    authorize(ctx.user, 'project.update', projectResource(row));
    if (row.status === 'terminated') throw terminated();
    const thisYear = Number(shanghaiDate(ctx.now).slice(0, 4));
    const signedYear = Number(row.signed_on.slice(0, 4));
    if (year < signedYear || year > thisYear + 1)
      throw invalidField('year', {
        zh: `计划年度须在 ${signedYear}–${thisYear + 1} 年之间`,
        en: `the year must be from ${signedYear} to ${thisYear + 1}`,
      });
    const current = await trx
      .selectFrom('project_plans')
      .selectAll()
      .where('project_id', '=', id)
      .where('year', '=', year)
      .executeTakeFirst();
    const at = ctx.now.toISOString();
    if (!current) {
      if (input.version !== undefined) throw staleVersion();
      await trx
        .insertInto('project_plans')
        .values({
          project_id: id,
          year,
          planned_yuan: input.plannedYuan,
          version: 1,
          updated_by_name: ctx.user.displayName,
          updated_at: at,
        })
        .execute();
    } else {
      if (input.version !== current.version) throw staleVersion();
      if (Number(current.planned_yuan) === input.plannedYuan) return;
      await trx
        .updateTable('project_plans')
        .set({
          planned_yuan: input.plannedYuan,
          version: current.version + 1,
          updated_by_name: ctx.user.displayName,
          updated_at: at,
        })
        .where('project_id', '=', id)
        .where('year', '=', year)
        .where('version', '=', current.version)
        .execute();
    }
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'project.plan_set',
      entityType: 'project',
      entityId: id,
      before: current ? { year, plannedYuan: Number(current.planned_yuan) } : undefined,
      after: { year, plannedYuan: input.plannedYuan },
    });
  });
}

/**
 * A month's investment completed and image progress, by the responsible county (or the city).
 * No month in the future nor before the month of signing; a month already reported is corrected
 * with the version read, the correction audited with what it replaced.
 */
export async function putMonth(ctx: Context, id: number, month: string, input: MonthBody): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadVisibleProject(trx, ctx.user, id, true);
    authorize(ctx.user, 'project.update', projectResource(row));
    if (row.status === 'terminated') throw terminated();
    checkReportable(row, month, ctx.now);
    const current = await trx
      .selectFrom('project_months')
      .selectAll()
      .where('project_id', '=', id)
      .where('month', '=', month)
      .executeTakeFirst();
    const at = ctx.now.toISOString();
    const fields = {
      completed_yuan: input.completedYuan,
      progress: input.progress,
      problems: input.problems || null,
      updated_at: at,
    };
    if (!current) {
      if (input.version !== undefined) throw staleVersion();
      await trx
        .insertInto('project_months')
        .values({
          ...fields,
          project_id: id,
          month,
          version: 1,
          reported_by_user_id: ctx.user.id,
          reported_by_name: ctx.user.displayName,
          reported_at: at,
        })
        .execute();
      await completeClock(trx, {
        entityType: 'project',
        entityId: id,
        step: monthStep(month),
        completedAt: ctx.now,
      });
      await recordAudit(trx, ctx.actor, ctx.now, {
        action: 'project.month_reported',
        entityType: 'project',
        entityId: id,
        after: { month, completedYuan: input.completedYuan },
      });
      return;
    }
    if (input.version === undefined)
      throw invalidField('version', {
        zh: `${month} 已报送；更正请打开该月并修改`,
        en: `${month} is already reported; open it to correct it`,
      });
    await updateVersioned(trx, 'project_months', current.id, input.version, fields);
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'project.month_corrected',
      entityType: 'project',
      entityId: id,
      before: {
        month,
        completedYuan: Number(current.completed_yuan),
        progress: current.progress,
        problems: current.problems,
      },
      after: {
        month,
        completedYuan: input.completedYuan,
        progress: input.progress,
        problems: fields.problems,
      },
    });
  });
}

function checkReportable(row: ProjectRow, month: string, now: Date) {
  const thisMonth = monthOf(shanghaiDate(now));
  if (month > thisMonth)
    throw invalidField('month', { zh: '不能报送未来月份', en: 'cannot report a month in the future' });
  const signed = monthOf(row.signed_on);
  if (month < signed)
    throw invalidField('month', {
      zh: `项目 ${row.signed_on} 签约，不能报送签约前的月份`,
      en: `the project was signed on ${row.signed_on}; no report before that month`,
    });
}

/** Months from the signing month to this month, newest first: what the report form offers. */
function reportableMonths(row: ProjectRow, today: string): string[] {
  const out: string[] = [];
  for (let m = monthOf(row.signed_on); m <= monthOf(today); m = nextMonth(m)) out.unshift(m);
  return out;
}

/** The project page's investment: plans and completion per year, the months, status history, the next report due. */
export async function investmentOf(
  ctx: Pick<Context, 'db' | 'user' | 'now'>,
  id: number,
): Promise<InvestmentDto> {
  const row = await loadVisibleProject(ctx.db, ctx.user, id);
  const [plans, months, changes, calendar, policy] = await Promise.all([
    ctx.db.selectFrom('project_plans').selectAll().where('project_id', '=', id).orderBy('year').execute(),
    ctx.db.selectFrom('project_months').selectAll().where('project_id', '=', id).orderBy('month').execute(),
    ctx.db
      .selectFrom('project_status_changes')
      .selectAll()
      .where('project_id', '=', id)
      .orderBy('id', 'desc')
      .execute(),
    currentCalendar(ctx.db),
    policyFor(ctx.db, 'monthly_report'),
  ]);
  const today = shanghaiDate(ctx.now);
  const lastDue = previousMonth(monthOf(today));

  let cumulative = 0;
  const yearTotals = new Map<number, { sum: number; through: string }>();
  const presented = months.map((m) => {
    const completed = Number(m.completed_yuan);
    cumulative += completed;
    const year = Number(m.month.slice(0, 4));
    const y = yearTotals.get(year) ?? { sum: 0, through: m.month };
    y.sum += completed;
    y.through = m.month;
    yearTotals.set(year, y);
    const due = monthDue(calendar, policy, m.month);
    return {
      month: m.month,
      version: m.version,
      completedYuan: completed,
      cumulativeYuan: cumulative,
      yearCumulativeYuan: y.sum,
      progress: m.progress,
      problems: m.problems,
      reportedByName: m.reported_by_name,
      reportedAt: m.reported_at,
      updatedAt: m.updated_at,
      dueDate: due.dueDate,
      onTime: Date.parse(m.reported_at) < Date.parse(due.dueAt),
    };
  });

  const firstYear = Number(row.signed_on.slice(0, 4));
  const lastYear = Math.max(Number(today.slice(0, 4)), ...plans.map((p) => p.year));
  const years = [];
  for (let year = lastYear; year >= firstYear; year--) {
    const plan = plans.find((p) => p.year === year);
    const done = yearTotals.get(year);
    const elapsed = monthElapsedRate(year, lastDue);
    const planned = plan ? Number(plan.planned_yuan) : null;
    const progress = yearProgress(planned, done?.sum ?? 0, elapsed);
    years.push({
      year,
      plannedYuan: planned,
      planVersion: plan?.version ?? null,
      completedYuan: done?.sum ?? 0,
      reportedThrough: done?.through ?? null,
      completionRate: progress.completionRate,
      timeElapsedRate: elapsed,
      colour: progress.colour,
    });
  }

  const dueMonth = dueMonthOf(row, today);
  let due: InvestmentDto['due'] = null;
  if (dueMonth) {
    const d = monthDue(calendar, policy, dueMonth);
    const report = months.find((m) => m.month === dueMonth);
    const view = stepStatus(
      {
        startedAt: `${monthEnd(dueMonth)}T00:00:00+08:00`,
        dueDate: d.dueDate,
        dueAt: d.dueAt,
        completedAt: report?.reported_at ?? null,
      },
      ctx.now,
      calendar,
    );
    due = { month: dueMonth, dueDate: d.dueDate, dueAt: d.dueAt, reported: !!report, status: view.status };
  }
  const canReport = row.status !== 'terminated' && can(ctx.user, 'project.update', projectResource(row));
  return {
    years,
    months: presented.reverse(),
    statusChanges: changes.map((c) => ({
      fromStatus: c.from_status as ProjectStatus,
      status: c.status as ProjectStatus,
      on: c.on_date,
      reason: c.reason,
      byName: c.by_name,
      at: c.at,
    })),
    due,
    canReport,
    reportableMonths: canReport ? reportableMonths(row, today) : [],
  };
}

/** Rows a statement when the month's clocks are started (5 parameters of 10 columns, under both databases' limits). */
const CLOCK_ROWS = 500;

/**
 * The ids of the projects that report for `year`: on a key list (省 / 市 / 县) or with the year's
 * plan. Found through their own indexes (key_levels; the plans by year), not by reading every
 * project; '' is the least text, so "on a list" is `> ''`. The monthly clocks and the bulletin both
 * ask this.
 */
export function reportingIds(db: Kysely<Database>, year: number) {
  return db
    .selectFrom('projects as listed')
    .select('listed.id')
    .where('listed.key_levels', '>', '')
    .union(
      db
        .selectFrom('project_plans as planned')
        .select('planned.project_id as id')
        .where('planned.year', '=', year),
    );
}

/**
 * Starts last month's report clock for every project that reports (on a key list or with a plan
 * for the year, signed by the month's end, not terminated) and has neither reported nor a clock for
 * it. Run by the scheduler on the first of each month; idempotent.
 */
export async function startMonthClocks(trx: Kysely<Database>, now: Date): Promise<{ started: number }> {
  const month = previousMonth(monthOf(shanghaiDate(now)));
  const step = monthStep(month);
  const year = Number(month.slice(0, 4));
  {
    const [calendar, policy] = await Promise.all([currentCalendar(trx), policyFor(trx, 'monthly_report')]);
    const due = monthDue(calendar, policy, month);
    const rows = await trx
      .selectFrom('projects')
      .select('projects.id')
      .where('projects.signed_on', '<=', monthEnd(month))
      .where('projects.status', '<>', 'terminated')
      .where('projects.id', 'in', reportingIds(trx, year))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('project_months')
              .select('project_months.id')
              .whereRef('project_months.project_id', '=', 'projects.id')
              .where('project_months.month', '=', month),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('sla_clocks')
              .select('sla_clocks.id')
              .where('sla_clocks.entity_type', '=', 'project')
              .whereRef('sla_clocks.entity_id', '=', 'projects.id')
              .where('sla_clocks.step', '=', step),
          ),
        ),
      )
      .execute();
    for (let i = 0; i < rows.length; i += CLOCK_ROWS) {
      await trx
        .insertInto('sla_clocks')
        .values(
          rows.slice(i, i + CLOCK_ROWS).map((r) => ({
            entity_type: 'project',
            entity_id: r.id,
            step,
            policy_step: 'monthly_report',
            amount: policy.amount,
            unit: policy.unit,
            started_at: `${monthEnd(month)}T00:00:00+08:00`,
            due_date: due.dueDate,
            due_at: due.dueAt,
            provisional: due.provisional ? 1 : 0,
            completed_at: null,
            verdict: null,
          })),
        )
        .execute();
    }
    return { started: rows.length };
  }
}
