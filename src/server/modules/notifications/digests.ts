/**
 * What the scheduled jobs send: each working morning the city center's overdue list and each
 * channel's overdue and due-today list; each week's first working day the weekly report
 * (一周一报) to the channels that take it; each month's first working day the targets behind
 * 序时进度; from 1 November the administrators' reminder of next year's calendar. A group reads
 * what a leader of its organisation reads (groupReader, through policies.ts), so a county's group
 * is never sent another county's lead.
 */
import type { Kysely } from 'kysely';
import { addDays, shanghaiDate, shanghaiInstant } from '../../../core/calendar/dates.js';
import { type LeadStage, STAGE_LABELS } from '../../../core/leads/stages.js';
import { formatYuan } from '../../../core/money.js';
import { stepLabel } from '../../../core/sla.js';
import { indicatorDef } from '../../../core/targets.js';
import { leadScope, type Principal } from '../../auth/policies.js';
import { isCityWide } from '../../auth/sessions.js';
import type { Database } from '../../db/tables.js';
import { filtered } from '../leads/queries.js';
import { weekBounds, weeklyReport } from '../leads/reports.js';
import { targetsIn } from '../stats/targets.js';
import { channelsTaking, enqueue } from './deliveries.js';
import { notify, usersWithRole } from './notify.js';

/** A group's reader: a leader of the channel's organisation (reads, never writes). */
export async function groupReader(db: Kysely<Database>, orgId: number): Promise<Principal> {
  const org = await db
    .selectFrom('orgs as o')
    .leftJoin('orgs as parent', 'parent.id', 'o.parent_id')
    .select(['o.id', 'o.kind', 'parent.kind as parent_kind'])
    .where('o.id', '=', orgId)
    .executeTakeFirstOrThrow();
  return { id: 0, orgId: org.id, roles: ['leader'], cityWide: isCityWide(org.kind, org.parent_kind) };
}

const stepName = (step: string | null) => (step ? stepLabel(step, 'zh') : '');
const time = (iso: string | null) => (iso ? shanghaiInstant(iso).slice(5, 16).replace('T', ' ') : '');

/** The overdue and due-today lead steps a reader may see, most overdue first (at most `limit` each). */
export async function dueList(db: Kysely<Database>, reader: Principal, now: Date, limit = 20) {
  const scope = leadScope(reader);
  const today = shanghaiDate(now);
  const read = async (slaStatus: 'overdue' | 'due_soon') => {
    const q = filtered(db, scope, { slaStatus, dueSoonUntil: today }, now);
    const [rows, count] = await Promise.all([
      q
        .select([
          'leads.id',
          'leads.code',
          'leads.project_name',
          'leads.waiting_step',
          'leads.waiting_due_at',
        ])
        .orderBy('leads.waiting_due_at')
        .limit(limit)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  };
  return { overdue: await read('overdue'), dueToday: await read('due_soon') };
}

function dueListMarkdown(list: Awaited<ReturnType<typeof dueList>>, date: string): string {
  const lines = [`**${date}** 超期 **${list.overdue.total}** 项，今日到期 **${list.dueToday.total}** 项`];
  const section = (title: string, part: typeof list.overdue) => {
    if (!part.total) return;
    lines.push('', `**${title}**`);
    for (const r of part.rows)
      lines.push(
        `- ${r.code} ${r.project_name}：${stepName(r.waiting_step)}，时限 ${time(r.waiting_due_at)}`,
      );
    if (part.total > part.rows.length) lines.push(`- ……另有 ${part.total - part.rows.length} 项`);
  };
  section('已超期', list.overdue);
  section('今日到期', list.dueToday);
  return lines.join('\n');
}

/** Each working morning: the city center's overdue list, and each `daily` channel's own. */
export async function dailyDigest(trx: Kysely<Database>, now: Date) {
  const today = shanghaiDate(now);
  let queued = 0;
  for (const c of await channelsTaking(trx, 'daily')) {
    const list = await dueList(trx, await groupReader(trx, c.org_id), now);
    queued += await enqueue(trx, c.id, 'daily', {
      title: `超期及今日到期清单（${today}）`,
      markdown: dueListMarkdown(list, today),
      link: '/leads?slaStatus=overdue',
      dedupeKey: `daily:${today}`,
      now,
    });
  }
  const officers = await usersWithRole(trx, ['city_officer']);
  let notified = 0;
  if (officers.length) {
    const list = await dueList(trx, officers[0]!, now, 10);
    if (list.overdue.total)
      notified = await notify(
        trx,
        officers,
        {
          kind: 'overdue.daily',
          title: `今日超期清单：${list.overdue.total} 项超期，${list.dueToday.total} 项今日到期`,
          body: list.overdue.rows
            .map((r) => `${r.code} ${r.project_name}（${stepName(r.waiting_step)}）`)
            .join('；'),
          link: '/leads?slaStatus=overdue',
          entityType: null,
          entityId: null,
          dedupeKey: `overdue.daily:${today}`,
        },
        now,
      );
  }
  return { queued, notified };
}

/** The weekly report of the week before `now`'s, in chat Markdown, as the reader sees it. */
export async function weeklyMarkdown(db: Kysely<Database>, reader: Principal, now: Date) {
  const weekOf = addDays(weekBounds(shanghaiDate(now)).from, -7);
  const r = await weeklyReport(db, reader, weekOf, now);
  const lines = [
    `**${r.period.from} 至 ${r.period.to}**`,
    `- 新增线索 **${r.newLeads.length}** 条，计划投资 ${formatYuan(r.newLeads.reduce((s, l) => s + l.plannedInvestmentYuan, 0))}`,
    `- 分派 **${r.dispatched.length}** 条，签约 **${r.signed.length}** 个`,
    `- 完成环节 **${r.stepsCompleted.reduce((s, x) => s + x.completed, 0)}** 个，其中超时完成 **${r.lateSteps.length}** 个`,
    `- 截至周末仍超期 **${r.overdueSteps.length}** 项`,
  ];
  if (r.newLeads.length) {
    lines.push('', '**新增线索**');
    for (const l of r.newLeads.slice(0, 10))
      lines.push(
        `- ${l.code} ${l.projectName}（${formatYuan(l.plannedInvestmentYuan)}，${STAGE_LABELS[l.stage as LeadStage]?.zh ?? l.stage}）`,
      );
    if (r.newLeads.length > 10) lines.push(`- ……共 ${r.newLeads.length} 条`);
  }
  if (r.byCounty.length) {
    lines.push('', '**超期、超时按县（市、区）**');
    for (const c of r.byCounty.slice(0, 10))
      lines.push(`- ${c.name}：超时完成 ${c.late}，仍超期 ${c.overdue}`);
  }
  return {
    title: `一周一报（${r.period.from} 至 ${r.period.to}）`,
    markdown: lines.join('\n'),
    weekOf: r.period.from,
  };
}

/** The first working day of each week: the weekly report to each `weekly` channel. */
export async function weeklyDigest(trx: Kysely<Database>, now: Date) {
  let queued = 0;
  for (const c of await channelsTaking(trx, 'weekly')) {
    const m = await weeklyMarkdown(trx, await groupReader(trx, c.org_id), now);
    queued += await enqueue(trx, c.id, 'weekly', {
      title: m.title,
      markdown: m.markdown,
      link: `/reports/weekly?weekOf=${m.weekOf}`,
      dedupeKey: `weekly:${m.weekOf}`,
      now,
    });
  }
  return { queued };
}

/** The first working day of each month: each target behind 序时进度, to its organisation's officers and leaders. */
export async function targetsBehind(trx: Kysely<Database>, now: Date) {
  const today = shanghaiDate(now);
  const month = today.slice(0, 7);
  const answer = await targetsIn(trx, { all: true }, Number(today.slice(0, 4)), undefined, now);
  let notified = 0;
  for (const t of answer.items.filter((x) => x.behind)) {
    const people = await usersWithRole(trx, ['county_officer', 'leader'], [t.orgId]);
    const label = indicatorDef(t.indicator)?.label.zh ?? t.indicator;
    const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);
    notified += await notify(
      trx,
      people,
      {
        kind: 'target.behind',
        title: `目标落后序时进度：${t.orgName} ${label}`,
        body: `截至 ${answer.asOf} 完成 ${pct(t.completionRate)}，序时进度 ${pct(t.timeElapsedRate)}`,
        link: '/targets',
        entityType: 'target',
        entityId: t.id,
        dedupeKey: `target:${t.id}:${month}`,
      },
      now,
    );
  }
  return { notified };
}

/** From 1 November: next year's statutory calendar not yet entered, once a week to the administrators. */
export async function calendarCheck(trx: Kysely<Database>, now: Date) {
  const today = shanghaiDate(now);
  if (today.slice(5) < '11-01') return { notified: 0 };
  const next = Number(today.slice(0, 4)) + 1;
  const loaded = await trx
    .selectFrom('calendar_years')
    .select('year')
    .where('year', '=', next)
    .executeTakeFirst();
  if (loaded) return { notified: 0 };
  const admins = await usersWithRole(trx, ['admin']);
  const notified = await notify(
    trx,
    admins,
    {
      kind: 'calendar.missing',
      title: `${next} 年节假日安排尚未录入`,
      body: `国务院办公厅通知发布后，请在“工作日历”中录入 ${next} 年的放假和调休安排；录入前，${next} 年的时限按周一至周五及固定节日估算。`,
      link: '/system/calendar',
      entityType: 'calendar',
      entityId: next,
      dedupeKey: `calendar:${next}:${weekBounds(today).from}`,
    },
    now,
  );
  return { notified };
}
