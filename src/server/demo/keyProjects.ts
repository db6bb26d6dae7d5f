/**
 * Demo key projects (#16), generated from the demo projects already in the database: the larger
 * recent projects put on the provincial, city and county lists; each year's plan for last year and
 * this; the months reported from the month of signing (never before) to last month, most on time,
 * a few late and a few not yet in; most projects near their plan, some behind; a few lagging or
 * stalled with their history, one terminated; 纳统 for most started projects, not all.
 */
import type { Kysely } from 'kysely';
import { addDays, shanghaiDate } from '../../core/calendar/dates.js';
import {
  type KeyLevel,
  levelsText,
  monthEnd,
  monthOf,
  nextMonth,
  previousMonth,
} from '../../core/projects/keyProjects.js';
import type { Database } from '../db/tables.js';
import type { Random } from './random.js';

const WAN = 10_000;
const YI = 100_000_000;

const PROGRESS = [
  '主体结构施工中',
  '厂房钢结构吊装',
  '设备基础施工',
  '办公楼封顶',
  '场地平整完成，桩基施工',
  '设备进场安装调试',
  '道路管网配套施工',
  '外墙及室内装修',
];
const PROBLEMS = ['施工用电报装待批复', '部分用地征收未完成', '环评批复待取得', '融资到位较慢'];
const STALLED_REASONS: [string, string][] = [
  ['lagging', '受用地报批影响，进度滞后于计划'],
  ['lagging', '设备采购周期延长，投资进度放缓'],
  ['stalled', '企业资金链紧张，现场暂停施工'],
];

export async function seedKeyProjects(db: Kysely<Database>, now: Date, rnd: Random): Promise<number> {
  const today = shanghaiDate(now);
  const thisYear = Number(today.slice(0, 4));
  const lastDue = previousMonth(monthOf(today));
  const candidates = await db
    .selectFrom('projects')
    .select([
      'id',
      'county_org_id',
      'signed_on',
      'started_on',
      'in_production_on',
      'total_investment_yuan',
      'planned_start_on',
      'planned_production_on',
    ])
    .where('signed_on', '>=', `${thisYear - 2}-01-01`)
    .where('signed_on', '<=', monthEnd(lastDue))
    .where('total_investment_yuan', '>=', 5 * YI)
    .orderBy('id')
    .execute();
  const officers = new Map(
    (
      await db
        .selectFrom('users')
        .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
        .select(['users.id', 'users.display_name', 'users.org_id'])
        .where('user_roles.role', '=', 'county_officer')
        .execute()
    ).map((u) => [u.org_id, u]),
  );
  const city = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('username', '=', 'city')
    .executeTakeFirstOrThrow();

  const plans: Database['project_plans'][] = [];
  const agreements: Database['project_agreements'][] = [];
  const actuals: Database['project_actuals'][] = [];
  const months: Omit<Database['project_months'], 'id'>[] = [];
  const changes: Omit<Database['project_status_changes'], 'id'>[] = [];
  const updates: { id: number; set: Partial<Record<string, string | null>> }[] = [];
  let chosen = 0;
  let stalledLeft = STALLED_REASONS.length;
  let terminatedLeft = 1;
  for (const p of candidates) {
    const yuan = Number(p.total_investment_yuan);
    const levels: KeyLevel[] = [];
    if (yuan >= 30 * YI && rnd.chance(0.35)) levels.push('province');
    if (yuan >= 10 * YI && rnd.chance(0.45)) levels.push('city');
    if (rnd.chance(0.2)) levels.push('county');
    if (!levels.length) continue;
    chosen++;
    const reporter = officers.get(p.county_org_id) ?? city;
    let status = 'normal';
    let statusOn: string | null = null;
    // How the project keeps to its plan: most near it, some behind.
    let pace = rnd.chance(0.15) ? 0.35 + rnd.next() * 0.4 : 1.0 + rnd.next() * 0.3;
    if (stalledLeft > 0 && rnd.chance(0.05)) {
      const [s, reason] = STALLED_REASONS[STALLED_REASONS.length - stalledLeft--]!;
      status = s;
      statusOn = addDays(today, -rnd.int(10, 60));
      if (statusOn < p.signed_on) statusOn = p.signed_on;
      pace = Math.min(pace, 0.5);
      changes.push({
        project_id: p.id,
        from_status: 'normal',
        status: s,
        on_date: statusOn,
        reason,
        by_user_id: reporter.id,
        by_name: reporter.display_name,
        at: `${statusOn}T10:00:00+08:00`,
      });
    } else if (terminatedLeft > 0 && yuan < 10 * YI && rnd.chance(0.05)) {
      terminatedLeft--;
      status = 'terminated';
      statusOn = addDays(today, -rnd.int(20, 90));
      if (statusOn < p.signed_on) statusOn = p.signed_on;
      changes.push({
        project_id: p.id,
        from_status: 'normal',
        status,
        on_date: statusOn,
        reason: '企业战略调整，经协商终止投资协议',
        by_user_id: city.id,
        by_name: city.display_name,
        at: `${statusOn}T10:00:00+08:00`,
      });
    }
    // The investment agreement of about half the key projects, with each year's actuals so far.
    if (rnd.chance(0.5)) {
      const fixed = Math.round((yuan * (0.6 + rnd.next() * 0.3)) / (100 * WAN)) * 100 * WAN;
      const intensity = (200 + rnd.int(0, 250)) * WAN;
      const landMu = Math.max(10, Math.round(fixed / intensity));
      const production = p.planned_production_on ?? addDays(p.signed_on, 720);
      const full = Number(production.slice(0, 4)) + 1;
      agreements.push({
        project_id: p.id,
        version: 1,
        signed_on: p.signed_on,
        zone: rnd.pick(['一类地区', '二类地区', '三类地区']),
        total_investment_yuan: yuan,
        fixed_asset_yuan: fixed,
        land_mu: landMu,
        tax_per_mu_yuan: (15 + rnd.int(0, 20)) * WAN,
        output_yuan: Math.round((yuan * (1 + rnd.next())) / (100 * WAN)) * 100 * WAN,
        start_deadline: addDays(p.planned_start_on ?? addDays(p.signed_on, 180), 30),
        production_deadline: addDays(production, 60),
        full_production_year: full,
        updated_by_name: reporter.display_name,
        updated_at: `${p.signed_on}T16:00:00+08:00`,
      });
      for (let year = Number(p.signed_on.slice(0, 4)); year < thisYear; year++)
        actuals.push({
          project_id: p.id,
          year,
          invested_yuan: Math.round((yuan * (0.15 + rnd.next() * 0.3)) / (100 * WAN)) * 100 * WAN,
          tax_yuan:
            p.in_production_on && Number(p.in_production_on.slice(0, 4)) <= year
              ? landMu * (8 + rnd.int(0, 25)) * WAN
              : null,
          output_yuan: null,
          version: 1,
          updated_by_name: reporter.display_name,
          updated_at: `${year + 1}-01-25T10:00:00+08:00`,
        });
    }
    const registered = p.started_on !== null && rnd.chance(0.85);
    updates.push({
      id: p.id,
      set: {
        key_levels: levelsText(levels),
        status,
        status_on: statusOn,
        stats_registered_on: registered ? earlierOf(addDays(p.started_on!, rnd.int(3, 40)), today) : null,
        stats_code: registered ? `4407${p.started_on!.slice(0, 4)}${String(p.id).padStart(6, '0')}` : null,
      },
    });

    for (let year = Math.max(thisYear - 1, Number(p.signed_on.slice(0, 4))); year <= thisYear; year++) {
      // The year of signing plans less, and reports from the month of signing.
      const from = `${year}-01` < monthOf(p.signed_on) ? Number(p.signed_on.slice(5, 7)) : 1;
      const share = (13 - from) / 12;
      const planned = Math.round((yuan * (0.15 + rnd.next() * 0.3) * share) / (100 * WAN)) * 100 * WAN;
      plans.push({
        project_id: p.id,
        year,
        planned_yuan: planned,
        version: 1,
        updated_by_name: reporter.display_name,
        updated_at: `${year}-01-20T10:00:00+08:00`,
      });
      const stopAt = status === 'terminated' ? monthOf(statusOn!) : lastDue;
      for (let m = `${year}-01`; m <= `${year}-12` && m <= stopAt; m = nextMonth(m)) {
        if (m < monthOf(p.signed_on)) continue;
        // The month whose report is due now: some not in yet.
        if (m === lastDue && rnd.chance(0.25)) continue;
        // A twelfth of the plan a month at the project's pace; the first month of a year of signing
        // brings what the months before it would have (the land, the first payments).
        const share12 = Number(m.slice(5, 7)) === from ? from : 1;
        const completed =
          Math.round(((planned / 12) * share12 * pace * (0.7 + rnd.next() * 0.6)) / WAN) * WAN;
        const dueDay = `${nextMonth(m)}-0${rnd.chance(0.85) ? rnd.int(1, 5) : rnd.int(7, 9)}`;
        // Reported in the first days of the next month; one due only now was reported an hour ago.
        const at =
          dueDay < today
            ? `${dueDay}T${String(rnd.int(9, 17)).padStart(2, '0')}:00:00+08:00`
            : new Date(now.getTime() - 3_600_000).toISOString();
        months.push({
          project_id: p.id,
          month: m,
          completed_yuan: completed,
          progress: rnd.pick(PROGRESS),
          problems: rnd.chance(0.15) ? rnd.pick(PROBLEMS) : null,
          version: 1,
          reported_by_user_id: reporter.id,
          reported_by_name: reporter.display_name,
          reported_at: at,
          updated_at: at,
        });
      }
    }
  }
  await db.transaction().execute(async (trx) => {
    for (const u of updates) await trx.updateTable('projects').set(u.set).where('id', '=', u.id).execute();
    for (let i = 0; i < plans.length; i += 500)
      await trx
        .insertInto('project_plans')
        .values(plans.slice(i, i + 500))
        .execute();
    for (let i = 0; i < months.length; i += 500)
      await trx
        .insertInto('project_months')
        .values(months.slice(i, i + 500))
        .execute();
    if (changes.length) await trx.insertInto('project_status_changes').values(changes).execute();
    for (let i = 0; i < agreements.length; i += 200)
      await trx
        .insertInto('project_agreements')
        .values(agreements.slice(i, i + 200))
        .execute();
    for (let i = 0; i < actuals.length; i += 500)
      await trx
        .insertInto('project_actuals')
        .values(actuals.slice(i, i + 500))
        .execute();
  });
  return chosen;
}

const earlierOf = (a: string, b: string) => (a < b ? a : b);
