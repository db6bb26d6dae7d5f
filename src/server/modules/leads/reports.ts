/** 一周一报 (weekly report) and the time-limit report, over the leads the user may see. */
import type { Kysely } from 'kysely';
import { addDays, shanghaiInstant, startOfShanghaiDay, weekday } from '../../../core/calendar/dates.js';
import { CHANNEL_LABELS, LEAD_CLOCKS, type LeadClock } from '../../../core/leads/stages.js';
import { stepLabel } from '../../../core/sla.js';
import { formatShanghai } from '../../../core/time.js';
import { leadScope, type leadVisibility, type Principal } from '../../auth/policies.js';
import type { Database } from '../../db/tables.js';
import {
  DATE_FORMAT,
  DATE_TIME_FORMAT,
  dayCell,
  listSheet,
  newWorkbook,
  shanghaiCell,
  xlsxBuffer,
  yiCell,
} from '../../xlsx.js';
import { visibleTo } from './queries.js';

const STEPS = LEAD_CLOCKS;

const iso = (date: string) => new Date(startOfShanghaiDay(date)).toISOString();

interface ClockFact {
  leadId: number;
  code: string;
  projectName: string;
  /** Lead clocks only (entity_type 'lead'). */
  step: LeadClock;
  dueAt: string;
  dueDate: string;
  completedAt: string | null;
  verdict: string | null;
  ownerUserId: number | null;
}

async function clockFacts(
  db: Kysely<Database>,
  v: NonNullable<ReturnType<typeof leadVisibility>>,
  fromIso: string,
  toIso: string,
) {
  // Clocks completed in the period, or still open (or completed after it) while due within it.
  const rows = await visibleTo(db.selectFrom('leads'), v)
    .innerJoin('sla_clocks', (j) =>
      j.onRef('sla_clocks.entity_id', '=', 'leads.id').on('sla_clocks.entity_type', '=', 'lead'),
    )
    .select([
      'leads.id as leadId',
      'leads.code',
      'leads.project_name as projectName',
      'leads.owner_user_id as ownerUserId',
      'sla_clocks.step',
      'sla_clocks.due_at as dueAt',
      'sla_clocks.due_date as dueDate',
      'sla_clocks.completed_at as completedAt',
      'sla_clocks.verdict',
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('sla_clocks.completed_at', '>=', fromIso), eb('sla_clocks.completed_at', '<', toIso)]),
        eb.and([
          eb('sla_clocks.due_at', '<', shanghaiInstant(toIso)),
          eb.or([eb('sla_clocks.completed_at', 'is', null), eb('sla_clocks.completed_at', '>=', toIso)]),
        ]),
      ]),
    )
    .execute();
  return rows as ClockFact[];
}

async function names(db: Kysely<Database>) {
  const users = new Map(
    (await db.selectFrom('users').select(['id', 'display_name']).execute()).map((u) => [
      u.id,
      u.display_name,
    ]),
  );
  const orgs = new Map(
    (await db.selectFrom('orgs').select(['id', 'name']).execute()).map((o) => [o.id, o.name]),
  );
  return { users, orgs };
}

async function countiesByLead(db: Kysely<Database>, ids: number[]) {
  const map = new Map<number, number[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('lead_counties')
      .selectAll()
      .where('lead_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) map.set(r.lead_id, [...(map.get(r.lead_id) ?? []), r.org_id]);
  }
  return map;
}

/** The Monday of the week containing `date`, and the Monday after. */
export function weekBounds(date: string) {
  const monday = addDays(date, -((weekday(date) + 6) % 7));
  return { from: monday, to: addDays(monday, 6) };
}

/**
 * 一周一报 for the week containing `weekOf`, as it stands at the end of that week — or now, for the
 * week under way: a step is overdue once its deadline has passed, as the ledger says it.
 */
export async function weeklyReport(db: Kysely<Database>, user: Principal, weekOf: string, now: Date) {
  const v = leadScope(user);
  const { from, to } = weekBounds(weekOf);
  const fromIso = iso(from);
  const toIso = iso(addDays(to, 1));
  const { users, orgs } = await names(db);

  const newLeads = await visibleTo(db.selectFrom('leads'), v)
    .select([
      'id',
      'code',
      'project_name',
      'investor_name',
      'planned_investment_yuan',
      'channel',
      'received_at',
      'stage',
    ])
    .where('received_at', '>=', fromIso)
    .where('received_at', '<', toIso)
    .orderBy('received_at')
    .execute();

  const events = await visibleTo(db.selectFrom('leads'), v)
    .innerJoin('lead_events', 'lead_events.lead_id', 'leads.id')
    .select([
      'leads.id',
      'leads.code',
      'leads.project_name',
      'leads.planned_investment_yuan',
      'lead_events.type',
      'lead_events.at',
      'lead_events.data',
    ])
    .where('lead_events.type', 'in', ['dispatched', 'redispatched', 'sign'])
    .where('lead_events.at', '>=', fromIso)
    .where('lead_events.at', '<', toIso)
    .orderBy('lead_events.at')
    .execute();

  const facts = await clockFacts(db, v, fromIso, toIso);
  const completed = facts.filter((f) => f.completedAt && f.completedAt >= fromIso && f.completedAt < toIso);
  const late = completed.filter((f) => f.verdict === 'met_late');
  const overdue = overdueAt(facts, reportMoment(toIso, now));
  const counties = await countiesByLead(db, [...new Set(facts.map((f) => f.leadId))]);

  const group = (list: ClockFact[], key: (f: ClockFact) => string[]) => {
    const m = new Map<string, { late: number; overdue: number }>();
    for (const f of list) {
      for (const k of key(f)) {
        const e = m.get(k) ?? { late: 0, overdue: 0 };
        if (f.verdict === 'met_late' && f.completedAt && f.completedAt >= fromIso) e.late++;
        else e.overdue++;
        m.set(k, e);
      }
    }
    return [...m]
      .map(([name, c]) => ({ name, ...c }))
      .sort((a, b) => b.late + b.overdue - (a.late + a.overdue));
  };
  const problem = [...late, ...overdue];
  const byOfficer = group(problem, (f) => [
    f.ownerUserId ? (users.get(f.ownerUserId) ?? String(f.ownerUserId)) : '（未指定责任人）',
  ]);
  const byCounty = group(problem, (f) => {
    const c = counties.get(f.leadId) ?? [];
    return c.length ? c.map((id) => orgs.get(id) ?? String(id)) : ['（未分派）'];
  });

  const stepsCompleted = STEPS.map((s) => ({
    step: s,
    completed: completed.filter((f) => f.step === s).length,
    late: completed.filter((f) => f.step === s && f.verdict === 'met_late').length,
  }));

  return {
    period: { from, to },
    newLeads: newLeads.map((l) => ({
      id: l.id,
      code: l.code,
      projectName: l.project_name,
      investorName: l.investor_name,
      plannedInvestmentYuan: l.planned_investment_yuan,
      channel: l.channel,
      receivedAt: l.received_at,
      stage: l.stage,
    })),
    stepsCompleted,
    lateSteps: late.map(({ leadId, code, projectName, step, dueDate, completedAt, ownerUserId }) => ({
      leadId,
      code,
      projectName,
      step,
      dueDate,
      completedAt,
      officer: ownerUserId ? (users.get(ownerUserId) ?? null) : null,
    })),
    overdueSteps: overdue.map(({ leadId, code, projectName, step, dueDate, ownerUserId }) => ({
      leadId,
      code,
      projectName,
      step,
      dueDate,
      officer: ownerUserId ? (users.get(ownerUserId) ?? null) : null,
    })),
    byOfficer,
    byCounty,
    dispatched: events
      .filter((e) => e.type !== 'sign')
      .map((e) => ({
        leadId: e.id,
        code: e.code,
        projectName: e.project_name,
        at: e.at,
        counties: ((JSON.parse(e.data).countyOrgIds as number[] | undefined) ?? []).map(
          (id) => orgs.get(id) ?? String(id),
        ),
      })),
    signed: events
      .filter((e) => e.type === 'sign')
      .map((e) => ({
        leadId: e.id,
        code: e.code,
        projectName: e.project_name,
        at: e.at,
        plannedInvestmentYuan: e.planned_investment_yuan,
        projectCode: JSON.parse(e.data).projectCode as string | undefined,
      })),
  };
}

export type WeeklyReport = Awaited<ReturnType<typeof weeklyReport>>;

export async function weeklyReportXlsx(report: WeeklyReport): Promise<Buffer> {
  const wb = newWorkbook();
  const title = `招商线索一周一报（${report.period.from} 至 ${report.period.to}）`;
  const sheet = (
    name: string,
    columns: { header: string; key: string; width: number; style?: { numFmt: string } }[],
    rows: Record<string, unknown>[],
  ) => {
    const ws = listSheet(wb, name, columns, [title]);
    for (const r of rows) ws.addRow(columns.map((c) => r[c.key] ?? null));
    if (!rows.length) ws.addRow(['（无）']);
  };
  const stepName = (s: string) => stepLabel(s, 'zh');
  sheet(
    '概况',
    [
      { header: '项目', key: 'k', width: 24 },
      { header: '数量', key: 'v', width: 10 },
    ],
    [
      { k: '新增线索', v: report.newLeads.length },
      ...report.stepsCompleted.map((s) => ({
        k: `完成${stepName(s.step)}（其中超时）`,
        v: `${s.completed}（${s.late}）`,
      })),
      { k: '超时完成环节', v: report.lateSteps.length },
      { k: '逾期未完成环节', v: report.overdueSteps.length },
      { k: '分派线索', v: report.dispatched.length },
      { k: '签约线索', v: report.signed.length },
    ],
  );
  sheet(
    '新增线索',
    [
      { header: '线索编号', key: 'code', width: 14 },
      { header: '项目名称', key: 'projectName', width: 28 },
      { header: '投资方', key: 'investorName', width: 28 },
      { header: '计划投资（亿元）', key: 'yi', width: 14 },
      { header: '渠道', key: 'channel', width: 14 },
      { header: '接收时间', key: 'receivedAt', width: 18, style: { numFmt: DATE_TIME_FORMAT } },
    ],
    report.newLeads.map((l) => ({
      ...l,
      yi: yiCell(l.plannedInvestmentYuan),
      channel: CHANNEL_LABELS[l.channel as keyof typeof CHANNEL_LABELS]?.zh ?? l.channel,
      receivedAt: shanghaiCell(l.receivedAt),
    })),
  );
  sheet(
    '超时与逾期',
    [
      { header: '线索编号', key: 'code', width: 14 },
      { header: '项目名称', key: 'projectName', width: 28 },
      { header: '环节', key: 'step', width: 10 },
      { header: '截止日期', key: 'dueDate', width: 12, style: { numFmt: DATE_FORMAT } },
      { header: '情况', key: 'state', width: 18 },
      { header: '责任人', key: 'officer', width: 14 },
    ],
    [
      ...report.lateSteps.map((s) => ({
        ...s,
        dueDate: dayCell(s.dueDate),
        step: stepName(s.step),
        state: `超时完成 ${formatShanghai(s.completedAt!)}`,
      })),
      ...report.overdueSteps.map((s) => ({
        ...s,
        dueDate: dayCell(s.dueDate),
        step: stepName(s.step),
        state: '逾期未完成',
      })),
    ],
  );
  sheet(
    '按责任人',
    [
      { header: '责任人', key: 'name', width: 20 },
      { header: '超时完成', key: 'late', width: 10 },
      { header: '逾期未完成', key: 'overdue', width: 12 },
    ],
    report.byOfficer,
  );
  sheet(
    '按县区',
    [
      { header: '县（市、区）', key: 'name', width: 20 },
      { header: '超时完成', key: 'late', width: 10 },
      { header: '逾期未完成', key: 'overdue', width: 12 },
    ],
    report.byCounty,
  );
  sheet(
    '分派与签约',
    [
      { header: '类型', key: 'kind', width: 8 },
      { header: '线索编号', key: 'code', width: 14 },
      { header: '项目名称', key: 'projectName', width: 28 },
      { header: '时间', key: 'at', width: 18, style: { numFmt: DATE_TIME_FORMAT } },
      { header: '县区 / 项目编号', key: 'detail', width: 24 },
    ],
    [
      ...report.dispatched.map((d) => ({
        kind: '分派',
        ...d,
        at: shanghaiCell(d.at),
        detail: d.counties.join('、'),
      })),
      ...report.signed.map((d) => ({
        kind: '签约',
        ...d,
        at: shanghaiCell(d.at),
        detail: d.projectCode ?? '',
      })),
    ],
  );
  return xlsxBuffer(wb);
}

/** A report's moment: the end of its period, or now for a period under way. */
function reportMoment(endIso: string, now: Date): number {
  return Math.min(Date.parse(endIso), now.getTime());
}

/** Steps overdue at a moment: the deadline passed and not done by then — the rule the ledger shows. */
function overdueAt(facts: ClockFact[], moment: number): ClockFact[] {
  return facts.filter(
    (f) => Date.parse(f.dueAt) <= moment && (!f.completedAt || Date.parse(f.completedAt) >= moment),
  );
}

/** On-time rate per step, per county and per officer, for steps completed in a period. */
export async function slaReport(db: Kysely<Database>, user: Principal, from: string, to: string, now: Date) {
  const v = leadScope(user);
  const fromIso = iso(from);
  const toIso = iso(addDays(to, 1));
  const all = await clockFacts(db, v, fromIso, toIso);
  const facts = all.filter((f) => f.completedAt && f.completedAt >= fromIso && f.completedAt < toIso);
  // Overdue and still open at the end of the period (or now, for a period under way).
  const open = overdueAt(all, reportMoment(toIso, now));
  const { users, orgs } = await names(db);
  const counties = await countiesByLead(db, [...new Set([...facts, ...open].map((f) => f.leadId))]);
  const rate = (list: ClockFact[], overdueOpen: ClockFact[]) => {
    const met = list.filter((f) => f.verdict === 'met').length;
    return {
      completed: list.length,
      onTime: met,
      late: list.length - met,
      onTimeRate: list.length ? Math.round((met / list.length) * 1000) / 10 : null,
      overdueOpen: overdueOpen.length,
    };
  };
  const groupBy = (key: (f: ClockFact) => string[]) => {
    const keys = new Set([...facts, ...open].flatMap(key));
    return [...keys]
      .map((k) => ({
        name: k,
        ...rate(
          facts.filter((f) => key(f).includes(k)),
          open.filter((f) => key(f).includes(k)),
        ),
      }))
      .sort((a, b) => (b.completed || 0) - (a.completed || 0));
  };
  const countyKey = (f: ClockFact) => {
    const c = counties.get(f.leadId) ?? [];
    return c.length ? c.map((id) => orgs.get(id) ?? String(id)) : ['（未分派）'];
  };
  const officerKey = (f: ClockFact) => [
    f.ownerUserId ? (users.get(f.ownerUserId) ?? String(f.ownerUserId)) : '（未指定责任人）',
  ];
  return {
    period: { from, to },
    total: rate(facts, open),
    byStep: STEPS.map((s) => ({
      step: s,
      ...rate(
        facts.filter((f) => f.step === s),
        open.filter((f) => f.step === s),
      ),
    })),
    byCounty: groupBy(countyKey),
    byOfficer: groupBy(officerKey),
  };
}
