/**
 * The demo's field work (#15), through the services a user's actions go through: contacts of the
 * better-known firms, trips of the resident team and three counties with their visits and reports
 * (on time, late, one overdue, one still to come), visits outside trips with next steps, and a few
 * leads created from visits. Seeded, so the same every time.
 */
import type { Kysely } from 'kysely';
import { addDays, shanghaiDate } from '../../core/calendar/dates.js';
import { VISIT_KINDS } from '../../core/investors.js';
import type { Context } from '../auth/context.js';
import { loadAuthUser } from '../auth/sessions.js';
import type { Database } from '../db/tables.js';
import { addContact } from '../modules/investors/service.js';
import { createTrip, reportTrip } from '../modules/investors/trips.js';
import { createVisit } from '../modules/investors/visits.js';
import { registerLead } from '../modules/leads/register.js';
import type { Random } from './random.js';

const at = (date: string, hour = 18) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);

const TOPICS = [
  '介绍江门产业园区用地、能耗指标和人才政策，企业对大广海湾片区表示兴趣',
  '企业计划在粤西布局第二生产基地，重点关注土地价格和物流成本',
  '洽谈新型储能电池项目，企业提出需配套 110kV 变电站',
  '了解企业扩产计划，对方拟明年一季度确定选址，请我方提供三个备选地块',
  '企业负责人来访考察，实地查看银湖湾滨海新区地块，初步认可',
  '视频沟通项目投资协议条款，企业关注亩均税收要求和建设周期',
  '推介会上与企业董事长交流，企业有意将华南总部设在江门',
];
const NEXT = [
  '寄送园区招商手册和地块资料',
  '安排企业实地考察',
  '对接自然资源局核实用地指标',
  '报市投促中心研判',
];
const CITIES = ['深圳市', '上海市', '香港', '广州市', '东莞市'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵'];

export async function seedDemoField(
  db: Kysely<Database>,
  now: Date,
  rnd: Random,
): Promise<{ visits: number; trips: number }> {
  const today = shanghaiDate(now);
  const user = (username: string) => loadAuthUser(db, username);
  const people = {
    referrer: await user('referrer'),
    taishan: await user('taishan'),
    heshan: await user('heshan'),
    xinhui: await user('xinhui'),
    city: await user('city'),
  };
  const ctxAt = (u: (typeof people)['city'], when: Date): Context => ({
    db,
    user: u,
    actor: { userId: u.id, username: u.username, ip: null },
    now: when,
    lang: 'zh',
  });
  // The firms of the demo's larger leads, most recent first: those a city would visit.
  const firms = await db
    .selectFrom('investors')
    .innerJoin('leads', 'leads.investor_id', 'investors.id')
    .select(['investors.id', 'investors.name'])
    .where('investors.merged_into_id', 'is', null)
    .groupBy(['investors.id', 'investors.name'])
    .orderBy('investors.id', 'desc')
    .limit(60)
    .execute();
  if (firms.length < 10) return { visits: 0, trips: 0 };

  for (const f of firms.slice(0, 20)) {
    const phone = `13${rnd.int(5, 9)}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`;
    await addContact(ctxAt(people.city, now), f.id, {
      name: `${rnd.pick(SURNAMES)}总`,
      title: rnd.pick(['董事长', '总经理', '投资总监', '副总裁']),
      phone,
      email: rnd.chance(0.5) ? `invest${f.id}@example.com` : null,
    });
  }

  let visits = 0;
  let trips = 0;
  const visit = async (
    who: (typeof people)['city'],
    date: string,
    firmId: number,
    extra: { tripId?: number; nextDue?: string | null } = {},
  ) => {
    const nextDue =
      extra.nextDue === undefined ? (rnd.chance(0.4) ? addDays(date, rnd.int(5, 40)) : null) : extra.nextDue;
    const id = await createVisit(ctxAt(who, at(date)), {
      kind: extra.tripId ? 'visit' : rnd.pick(VISIT_KINDS),
      visitDate: date,
      place: extra.tripId ? undefined : rnd.pick([...CITIES, '江门市']),
      participants: who.displayName,
      firmContacts: `${rnd.pick(SURNAMES)}总（${rnd.pick(['董事长', '总经理', '投资总监'])}）`,
      discussion: rnd.pick(TOPICS),
      nextSteps: nextDue ? rnd.pick(NEXT) : null,
      nextDueDate: nextDue,
      investorId: firmId,
      tripId: extra.tripId ?? null,
    });
    visits++;
    return id;
  };

  // Trips: each team twice in the last months, a report on time, one late, one overdue; one to come.
  const plans: {
    who: keyof typeof people;
    daysAgo: number;
    length: number;
    report: 'on_time' | 'late' | 'none';
  }[] = [
    { who: 'referrer', daysAgo: 150, length: 3, report: 'on_time' },
    { who: 'referrer', daysAgo: 40, length: 2, report: 'late' },
    { who: 'taishan', daysAgo: 120, length: 3, report: 'on_time' },
    { who: 'taishan', daysAgo: 12, length: 2, report: 'none' },
    { who: 'heshan', daysAgo: 90, length: 2, report: 'on_time' },
    { who: 'xinhui', daysAgo: 60, length: 3, report: 'on_time' },
  ];
  let pick = 0;
  for (const plan of plans) {
    const who = people[plan.who];
    const startDate = addDays(today, -plan.daysAgo);
    const endDate = addDays(startDate, plan.length - 1);
    const city = rnd.pick(CITIES);
    const planned = firms.slice(pick, pick + 4);
    pick += 3;
    const tripId = await createTrip(ctxAt(who, at(addDays(startDate, -7), 10)), {
      kind: plan.who === 'referrer' ? 'resident' : rnd.pick(['outbound', 'event'] as const),
      title: `${city}${rnd.pick(['新能源', '高端装备', '新材料', '电子信息'])}产业招商`,
      city,
      startDate,
      endDate,
      team: `${who.displayName}等 ${rnd.int(2, 5)} 人`,
      plannedInvestorIds: planned.map((f) => f.id),
    });
    trips++;
    let firstVisit: number | null = null;
    for (const [i, f] of planned.slice(0, 3).entries()) {
      const id = await visit(who, addDays(startDate, Math.min(i, plan.length - 1)), f.id, { tripId });
      firstVisit ??= id;
    }
    if (plan.report !== 'none') {
      const reportDay = addDays(endDate, plan.report === 'on_time' ? 2 : 12);
      await reportTrip(
        ctxAt(who, at(reportDay, 17)),
        tripId,
        `本次${city}招商活动拜访企业 3 家，其中 1 家有明确投资意向，已形成线索，后续由${who.displayName}跟进。`,
        1,
      );
    }
    // The resident team's trips each produce a lead from their first visit.
    if (plan.who === 'referrer' && firstVisit !== null) {
      const leadDay = addDays(startDate, plan.length);
      const firm = planned[0]!;
      await registerLead(ctxAt(who, at(leadDay, 11)), {
        projectName: `${firm.name.replace(/(股份)?有限公司$/, '')}华南生产基地项目`,
        investorName: firm.name,
        plannedInvestmentYuan: rnd.int(2, 12) * 100_000_000,
        referrer: { name: who.displayName, organization: '驻深圳招商组', kind: 'resident_team' },
        channel: 'resident_team',
        sourceVisitId: firstVisit,
        investorId: firm.id,
        confirmNotDuplicate: true,
        receivedAt: at(leadDay, 11).toISOString(),
      });
    }
  }
  const upcoming = addDays(today, 9);
  await createTrip(ctxAt(people.referrer, now), {
    kind: 'event',
    title: '深港澳投资推介会',
    city: '深圳市',
    startDate: upcoming,
    endDate: addDays(upcoming, 1),
    team: `${people.referrer.displayName}等 4 人`,
    plannedInvestorIds: firms.slice(30, 34).map((f) => f.id),
  });
  trips++;

  // Visits outside trips over the last eight months, some with next steps still open.
  for (let i = 0; i < 36; i++) {
    const who = people[rnd.pick(['referrer', 'taishan', 'heshan', 'xinhui'] as const)];
    const date = addDays(today, -rnd.int(1, 240));
    await visit(who, date, rnd.pick(firms).id);
  }
  return { visits, trips };
}
