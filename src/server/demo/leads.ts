/** Where the demo's lost leads went. */
const LOST_TO = ['佛山市', '中山市', '肇庆市', '惠州市'];

/**
 * Demo leads for Jiangmen: generated (seeded, reproducible) and pushed through the same services
 * as the API, so every clock, event and audit entry is real. Only demo data may name Jiangmen.
 */
import type { Kysely } from 'kysely';
import { fromDayNumber, shanghaiDate, toDayNumber } from '../../core/calendar/dates.js';
import type { Context } from '../auth/context.js';
import { loadAuthUser } from '../auth/sessions.js';
import type { Database } from '../db/tables.js';
import { registerLead } from '../modules/leads/register.js';
import { act } from '../modules/leads/steps.js';
import { getSetting, setSetting } from '../modules/system/settings.js';
import { type Random, seededRandom } from './random.js';

export const BRANDS = [
  '瑞能',
  '华越',
  '中科恒',
  '天启',
  '海纳',
  '博远',
  '鼎盛',
  '凯辉',
  '新宙',
  '联创',
  '汇川',
  '星源',
  '锦华',
  '嘉禾',
  '志远',
  '恒通',
  '万泰',
  '晶科达',
  '金阳',
  '安瑞',
  '领航',
  '中锐',
  '粤海',
  '宏图',
  '长风',
  '睿驰',
  '德润',
  '澳科',
  '铂川',
  '思源',
];
export const PLACES = [
  '深圳市',
  '广州市',
  '上海',
  '香港',
  '佛山市',
  '东莞市',
  '杭州',
  '苏州',
  '北京',
  '宁德',
  '常州',
  '珠海市',
];

export interface Theme {
  industry: string;
  /** The chain link such a project sits in, by name, when the demo has that chain. */
  link?: string;
  words: string[];
  project: string[];
}
export const THEMES: Theme[] = [
  {
    industry: '3841',
    link: '储能电芯制造',
    words: ['储能科技', '新能源电池'],
    project: ['新型储能电池生产基地', '储能电芯及系统集成项目', '动力电池 PACK 项目'],
  },
  {
    industry: '3825',
    link: '光伏组件',
    words: ['光伏科技', '硅能源'],
    project: ['高效光伏组件项目', 'N 型电池片项目', '光伏玻璃深加工项目'],
  },
  {
    industry: '3670',
    words: ['汽车零部件', '精密制造'],
    project: ['新能源汽车零部件产业园', '汽车电子生产线', '一体化压铸件项目'],
  },
  {
    industry: '3963',
    link: '整机制造',
    words: ['无人机', '航空科技'],
    project: ['工业级无人机制造基地', '低空飞行器总装项目'],
  },
  { industry: '3983', words: ['传感技术', '微电子'], project: ['MEMS 传感器产线', '汽车传感器项目'] },
  {
    industry: '3421',
    words: ['数控机床', '智能装备'],
    project: ['高端数控机床项目', '精密机床及功能部件项目'],
  },
  { industry: '3072', words: ['卫浴', '陶瓷'], project: ['智能卫浴产业园', '高端卫生陶瓷生产线'] },
  { industry: '3352', words: ['水暖科技', '五金'], project: ['水暖阀门智能制造项目', '厨卫五金产业园'] },
  { industry: '1491', words: ['食品', '健康科技'], project: ['大健康食品产业园', '陈皮深加工项目'] },
  { industry: '3514', words: ['重工', '隧道装备'], project: ['盾构机再制造基地', '工程机械总装项目'] },
  { industry: '3571', words: ['农机', '智能农业'], project: ['智能农机装备项目', '丘陵山区农机生产基地'] },
  { industry: '1713', words: ['纺织', '新材料'], project: ['功能性面料项目', '高端纺织印染园'] },
];

export interface DemoLeadsResult {
  leads: number;
  skipped?: string;
}

export interface DemoLeadsOptions {
  /** Leads spread over the years since 2024 (besides the last three weeks' 14). */
  count?: number;
  /**
   * Every lead in one transaction (the default): one commit, not one per step (1.3–1.8× faster as
   * measured). False takes each step in its own, as a user does (bench/demo.ts measures the two).
   */
  oneTransaction?: boolean;
}

/**
 * Generates the demo leads once (a setting records it), through the same services a user's steps
 * go through. `now` is the real time of the first start. All or nothing: a failure leaves no lead.
 */
export async function seedDemoLeads(
  db: Kysely<Database>,
  now: Date,
  { count = 160, oneTransaction = true }: DemoLeadsOptions = {},
): Promise<DemoLeadsResult> {
  if (await getSetting(db, 'demo_leads_seeded')) return { leads: 0, skipped: 'already seeded' };
  if (await db.selectFrom('leads').select('id').limit(1).executeTakeFirst()) {
    return { leads: 0, skipped: 'the database already has leads' };
  }
  return oneTransaction
    ? db.transaction().execute((trx) => generate(trx, now, count))
    : generate(db, now, count);
}

async function generate(db: Kysely<Database>, now: Date, count: number): Promise<DemoLeadsResult> {
  const rnd = seededRandom(20240327);
  const user = (username: string) => loadAuthUser(db, username);
  const city = await user('city');
  // The 驻深圳 team's own account registers what that team brings in, so `referrer` has leads.
  const residentTeam = await user('referrer');
  const county = {
    taishan: await user('taishan'),
    heshan: await user('heshan'),
    xinhui: await user('xinhui'),
  };
  const orgs = new Map(
    (await db.selectFrom('orgs').select(['id', 'name']).execute()).map((o) => [o.name, o.id]),
  );
  const linkIds = new Map(
    (await db.selectFrom('chain_links').select(['id', 'name']).execute()).map((l) => [l.name, l.id]),
  );
  const countyIds = ['蓬江区', '江海区', '新会区', '台山市', '开平市', '鹤山市', '恩平市'].map(
    (n) => orgs.get(n)!,
  );
  const officerFor = new Map([
    [orgs.get('台山市')!, county.taishan],
    [orgs.get('鹤山市')!, county.heshan],
    [orgs.get('新会区')!, county.xinhui],
  ]);
  const ctxFor = (u: typeof city): Context => ({
    db,
    user: u,
    actor: { userId: u.id, username: u.username, ip: null },
    now,
    lang: 'zh',
  });

  const today = shanghaiDate(now);
  const first = toDayNumber('2024-01-02');
  const span = toDayNumber(today) - first;
  const usedNames = new Set<string>();
  let made = 0;
  // Receipt times first, in order, so codes run with the calendar (JM-2024-0001 is the earliest).
  const times = Array.from({ length: count }, () => {
    const received = fromDayNumber(first + Math.floor(span * rnd.next()));
    return `${received}T${String(rnd.int(8, 17)).padStart(2, '0')}:${rnd.pick(['00', '15', '30', '45'])}:00+08:00`;
  });
  // …and a busy last three weeks, so the open work shows.
  for (let k = 0; k < 14; k++) {
    const received = fromDayNumber(toDayNumber(today) - rnd.int(0, 20));
    times.push(`${received}T${String(rnd.int(8, 11)).padStart(2, '0')}:${rnd.pick(['00', '30'])}:00+08:00`);
  }
  times.sort();
  for (const receivedAt of times) {
    if (Date.parse(receivedAt) > now.getTime()) continue;
    const theme = rnd.pick(THEMES);
    let investorName = '';
    for (let k = 0; k < 20 && (!investorName || usedNames.has(investorName)); k++) {
      investorName = `${rnd.pick(PLACES)}${rnd.pick(BRANDS)}${rnd.pick(theme.words)}${rnd.pick(['有限公司', '股份有限公司', '集团有限公司'])}`;
    }
    if (usedNames.has(investorName)) continue;
    usedNames.add(investorName);
    const yuan = Math.round(10 ** (8 + rnd.next() * 1.7) / 1e6) * 1e6;
    const amount = Math.max(yuan, 100_000_000);
    const channel = rnd.pick([
      'resident_team',
      'department',
      'county',
      'partner',
      'society',
      'platform',
    ] as const);
    const referrerName = rnd.pick([
      '驻深圳招商组',
      '驻上海招商组',
      '驻香港招商组',
      '市工业和信息化局',
      '招商合伙人 李先生',
      '某商会',
    ]);
    const registrar = channel === 'resident_team' && referrerName === '驻深圳招商组' ? residentTeam : city;
    const id = await registerLead(ctxFor(registrar), {
      projectName: rnd.pick(theme.project),
      investorName,
      investorType: rnd.pick([
        'private',
        'private',
        'state_owned',
        'foreign',
        'hk_macao_taiwan',
        'listed',
      ] as const),
      industryCode: theme.industry,
      ...(theme.link && linkIds.get(theme.link) ? { chainLinkId: linkIds.get(theme.link) } : {}),
      plannedInvestmentYuan: amount,
      fixedAssetInvestmentYuan: Math.round(amount * 0.7),
      landAreaMu: rnd.int(30, 600),
      referrer: {
        name: referrerName,
        kind:
          channel === 'resident_team'
            ? 'resident_team'
            : channel === 'partner'
              ? 'partner'
              : channel === 'department'
                ? 'department'
                : 'enterprise',
      },
      channel,
      receivedAt,
      isMajor: amount >= 2_000_000_000 && rnd.chance(0.5),
      confirmNotDuplicate: true,
    });
    made++;
    await advance(rnd, id, receivedAt, now, { city, ctxFor, countyIds, officerFor });
  }
  await setSetting(db, 'demo_leads_seeded', now.toISOString());
  return { leads: made };
}

/** Takes a demo lead as far as its age allows, mostly on time, sometimes late, sometimes not yet. */
async function advance(
  rnd: Random,
  id: number,
  receivedAt: string,
  now: Date,
  env: {
    city: Context['user'];
    ctxFor: (u: Context['user']) => Context;
    countyIds: number[];
    officerFor: Map<number, Context['user']>;
  },
) {
  let t = Date.parse(receivedAt);
  // The newest leads are still in the city's hands, some waiting on a step.
  const fresh = now.getTime() - t < 21 * 86_400_000;
  const stopBefore =
    fresh && rnd.chance(0.7) ? rnd.pick(['respond', 'assess', 'feedback', 'dispatch'] as const) : null;
  const step = (days: number) => {
    // Mostly within the limit, sometimes a little late.
    const hours = rnd.chance(0.85) ? rnd.int(2, 24 * days) : rnd.int(24 * days, 24 * (days + 4));
    t += hours * 3_600_000;
    return t < now.getTime() ? new Date(t).toISOString() : null;
  };
  const cityCtx = env.ctxFor(env.city);
  if (stopBefore === 'respond') return;
  const r = step(1);
  if (!r) return;
  await act(cityCtx, id, 'respond', {
    ownerUserId: env.city.id,
    contactNote: '已联系投资方，确认投资意向',
    keyInfo: {
      investorProfile: '行业骨干企业，经营稳健',
      investmentContent: '新建生产基地及研发中心',
      benefits: '预计年产值、税收、就业可观',
      siteRequirements: '工业用地、标准厂房、电力',
      coordinationNeeds: '用地指标、能评',
    },
    at: r,
  });
  if (stopBefore === 'assess') return;
  const a = step(3);
  if (!a) return;
  const decline = rnd.chance(0.15);
  await act(cityCtx, id, 'assess', {
    decision: decline ? 'decline' : 'follow',
    aspects: {
      industryDirection: '符合我市产业方向',
      industryPull: '可补链强链',
      marketProspects: '市场前景较好',
      technologyRoute: '技术路线成熟',
      environment: '环境影响可控',
      energy: '能耗在可承受范围',
      benefits: '经济社会效益较好',
    },
    proposals: decline ? '能耗及用地条件不符合，不予跟进' : '建议分派相关县区跟进',
    at: a,
  });
  if (stopBefore === 'feedback') return;
  const f = step(5);
  if (!f) return;
  await act(cityCtx, id, 'feedback', {
    to: '引荐方',
    channel: rnd.pick(['phone', 'meeting', 'message'] as const),
    note: decline ? '已告知不予跟进' : '已告知市里将跟进',
    at: f,
  });
  if (decline) return;
  if (stopBefore === 'dispatch') return;
  const d = step(2);
  if (!d) return;
  const counties = rnd.chance(0.2)
    ? [rnd.pick(env.countyIds), rnd.pick(env.countyIds)]
    : [rnd.pick(env.countyIds)];
  await act(cityCtx, id, 'dispatch', { countyOrgIds: [...new Set(counties)], at: d });
  const follower = env.officerFor.get(counties[0]!) ?? env.city;
  // A lead still followed after most of a year would long since have been signed or closed.
  const age = now.getTime() - Date.parse(receivedAt);
  const outcome = rnd.chance(0.55) ? 'sign' : rnd.chance(0.35) || age > 300 * 86_400_000 ? 'close' : 'follow';
  // Some counties stop reporting on a lead they follow: those turn up overdue, as in real life.
  const recent = age < 150 * 86_400_000;
  const stalled = outcome === 'follow' && recent && rnd.chance(0.5);
  const reports = outcome === 'follow' && !stalled ? Number.POSITIVE_INFINITY : rnd.int(1, 5);
  for (let k = 0; k < reports; k++) {
    // Every two weeks (10 working days), mostly on time, sometimes a few days late.
    t += (rnd.chance(0.85) ? rnd.int(8, 13) : rnd.int(15, 19)) * 86_400_000 + rnd.int(1, 8) * 3_600_000;
    if (t >= now.getTime()) return;
    const p = new Date(t).toISOString();
    await act(env.ctxFor(follower), id, 'progress', {
      summary: rnd.pick([
        '完成现场踏勘',
        '召开项目对接会',
        '投资协议条款磋商',
        '供地方案论证',
        '能评报告编制',
      ]),
      nextSteps: rnd.pick(['推进签约', '落实用地指标', '组织专题协调会']),
      ...(rnd.chance(0.3) ? { blockers: rnd.pick(['用地指标紧张', '电力接入需协调', '环评审批时限']) } : {}),
      at: p,
    });
  }
  if (outcome === 'follow') return;
  const end = step(8);
  if (!end) return;
  if (outcome === 'sign') {
    await act(env.ctxFor(follower), id, 'sign', {
      countyOrgId: counties[0],
      signedAt: shanghaiDate(end),
      at: end,
    });
  } else {
    const reason = rnd.pick(['投资方调整布局', '落户外市', '项目暂缓']);
    // One that went to another city says where and why (the lost-leads report), by its id: no
    // further draws, so the rest of the demo stays as it was.
    const lost =
      reason === '落户外市'
        ? {
            lostToCity: LOST_TO[id % LOST_TO.length]!,
            lostReason: (['land', 'energy', 'policy', 'supply_chain', 'cost'] as const)[id % 5]!,
          }
        : {};
    await act(cityCtx, id, 'close', { reason, ...lost, at: end });
  }
}
