/**
 * Demo projects for Jiangmen, generated (seeded, reproducible) into the database: about three and a
 * half years of signings, starts and production spread over the counties and industries, so that
 * the first quarter of 2024 comes out as the seed reports it (DOMAIN.md §3) — counted by the
 * statistics code from these records, never stored as totals. Also the 2024 targets the seed
 * states (DOMAIN.md §4), this year's targets, the 2023 city figures (§6) and coordination issues.
 */
import type { Kysely } from 'kysely';
import { addDays, earlierDate, fromDayNumber, shanghaiDate, toDayNumber } from '../../core/calendar/dates.js';
import { isManufacturingCode } from '../../core/industries.js';
import { normalizeInvestorName } from '../../core/leads/normalize.js';
import type { IssueCategory } from '../../core/projects/stages.js';
import type { IndicatorKey } from '../../core/targets.js';
import type { Context } from '../auth/context.js';
import { loadAuthUser } from '../auth/sessions.js';
import type { Database } from '../db/tables.js';
import { recordAudit } from '../modules/audit/record.js';
import { linkInvestors } from '../modules/investors/link.js';
import { answerIssue, closeIssue, raiseIssue } from '../modules/projects/issues.js';
import { pipeline } from '../modules/stats/pipeline.js';
import { putIndicatorValue, putTarget } from '../modules/stats/targets.js';
import { codePrefix, nextNumber } from '../modules/system/codes.js';
import { getSetting, setSetting } from '../modules/system/settings.js';
import { seedDemoField } from './field.js';
import { seedKeyProjects } from './keyProjects.js';
import { BRANDS, PLACES, THEMES, type Theme } from './leads.js';
import { type Random, seededRandom } from './random.js';

const YI = 100_000_000;
const Q1_2024 = { from: '2024-01-01', to: '2024-03-31' };

/** The seed's first quarter of 2024, in yuan, inside its words (近1060亿 / 超880亿 / 超550亿). */
export const SEED_Q1_2024 = {
  signed: { count: 201, investmentYuan: 105_936_000_000 },
  started: { count: 162, investmentYuan: 88_412_000_000 },
  inProduction: { count: 160, investmentYuan: 55_317_000_000 },
} as const;

const MORE_THEMES: Theme[] = [
  { industry: '6513', words: ['数字科技', '软件'], project: ['工业互联网平台项目', '数字化转型服务中心'] },
  { industry: '5920', words: ['物流', '供应链'], project: ['智慧物流园', '冷链仓储中心'] },
  { industry: '6110', words: ['文旅', '酒店管理'], project: ['侨乡文旅综合体', '滨海度假酒店'] },
  { industry: '0411', words: ['海洋牧场', '水产'], project: ['深远海养殖平台', '海洋牧场示范区'] },
];

const COUNTY_WEIGHTS: [string, number][] = [
  ['蓬江区', 1.2],
  ['江海区', 1.0],
  ['新会区', 1.4],
  ['台山市', 1.1],
  ['开平市', 0.9],
  ['鹤山市', 1.0],
  ['恩平市', 0.7],
];
/** Which park a county's project may sit in, and how often. */
const PARKS: Record<string, [string, number]> = {
  江海区: ['江门高新技术产业开发区', 0.45],
  新会区: ['银湖湾滨海新区', 0.25],
  台山市: ['大广海湾经济区', 0.3],
  开平市: ['大广海湾经济区', 0.2],
  恩平市: ['大广海湾经济区', 0.25],
};

interface Draft {
  signedOn: string;
  startedOn: string | null;
  inProductionOn: string | null;
  yuan: number;
}

const inQ1 = (d: string | null) => d !== null && d >= Q1_2024.from && d <= Q1_2024.to;
const randomDay = (rnd: Random, from: string, to: string) =>
  fromDayNumber(toDayNumber(from) + rnd.int(0, toDayNumber(to) - toDayNumber(from)));

/** `n` amounts of at least 1亿, in whole 万元, adding up to exactly `total`. */
export function amountsAddingUpTo(rnd: Random, n: number, total: number): number[] {
  if (n <= 0) return [];
  const spare = total - n * YI;
  if (spare < 0) throw new Error(`cannot share ${total} yuan among ${n} projects of at least 1亿`);
  const weights = Array.from({ length: n }, () => 10 ** (rnd.next() ** 1.6 * 2));
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => YI + Math.floor((spare * w) / sum / 10_000) * 10_000);
  const biggest = out.indexOf(Math.max(...out));
  out[biggest]! += total - out.reduce((a, b) => a + b, 0);
  return out;
}

const backgroundYuan = (rnd: Random) => Math.round((YI * 10 ** (rnd.next() ** 1.8 * 1.8)) / 1e6) * 1e6;

/** A later milestone, or null when it has not happened by today. Q1 2024 is kept for the seed sets. */
function later(rnd: Random, after: string | null, minDays: number, maxDays: number, today: string) {
  if (!after) return null;
  let d = addDays(after, rnd.int(minDays, maxDays));
  if (inQ1(d)) d = addDays('2024-04-01', rnd.int(0, 45));
  return d <= today ? d : null;
}

/** Demo blockers: what a county raises, in the category it belongs to, with the department that answers. */
export const DEMO_BLOCKERS: { category: IssueCategory; description: string; department: string }[] = [
  { category: 'land', description: '项目用地报批进度需加快，请协调办理', department: '江门市自然资源局' },
  { category: 'land', description: '项目用地红线调整需规划部门确认', department: '江门市自然资源局' },
  { category: 'power', description: '施工临时用电接入需供电部门支持', department: '江门供电局' },
  { category: 'environment', description: '环评审批材料需指导补正', department: '江门市生态环境局' },
  { category: 'energy', description: '项目节能审查需加快，请协调办理', department: '江门市发展和改革局' },
  {
    category: 'financing',
    description: '企业反映融资需求，请协调银行对接',
    department: '江门市工业和信息化局',
  },
  {
    category: 'infrastructure',
    description: '厂区周边道路及配套管网建设滞后',
    department: '江门市发展和改革局',
  },
  { category: 'labour', description: '用工招聘需人社部门协助对接', department: '江门市人力资源和社会保障局' },
  { category: 'permit', description: '施工许可办理需住建部门提前介入', department: '江门市住房和城乡建设局' },
];

export async function seedDemoProjects(
  db: Kysely<Database>,
  now: Date,
): Promise<{ projects: number; issues: number; skipped?: string }> {
  if (await getSetting(db, 'demo_projects_seeded'))
    return { projects: 0, issues: 0, skipped: 'already seeded' };
  const rnd = seededRandom(20240318);
  const today = shanghaiDate(now);
  const orgs = new Map(
    (await db.selectFrom('orgs').select(['id', 'name']).execute()).map((o) => [o.name, o.id]),
  );
  const links = new Map(
    (await db.selectFrom('chain_links').select(['id', 'name', 'chain_id']).execute()).map((l) => [l.name, l]),
  );
  const themes = [...THEMES, ...MORE_THEMES];
  const weightSum = COUNTY_WEIGHTS.reduce((a, [, w]) => a + w, 0);
  const pickCounty = () => {
    let x = rnd.next() * weightSum;
    for (const [name, w] of COUNTY_WEIGHTS) {
      x -= w;
      if (x <= 0) return name;
    }
    return COUNTY_WEIGHTS[0]![0];
  };

  const drafts: Draft[] = [];
  // Background: every month from July 2022 to now, except that nothing happens in Q1 2024 here.
  for (let month = '2022-07-01'; month <= today; month = `${addDays(month, 32).slice(0, 8)}01`) {
    if (month.startsWith('2024-0') && Number(month.slice(5, 7)) <= 3) continue;
    const year = Number(month.slice(0, 4));
    const monthEnd = addDays(`${addDays(month, 32).slice(0, 8)}01`, -1);
    // The month under way has only the share of its projects that its days gone so far would bring.
    const gone =
      (toDayNumber(earlierDate(monthEnd, today)) - toDayNumber(month) + 1) /
      (toDayNumber(monthEnd) - toDayNumber(month) + 1);
    const n = Math.round((rnd.int(34, 50) + (year - 2022) * 3) * gone);
    for (let k = 0; k < n; k++) {
      const signedOn = randomDay(rnd, month, earlierDate(monthEnd, today));
      const startedOn = rnd.chance(0.85) ? later(rnd, signedOn, 45, 330, today) : null;
      const inProductionOn = rnd.chance(0.8) ? later(rnd, startedOn, 150, 600, today) : null;
      drafts.push({ signedOn, startedOn, inProductionOn, yuan: backgroundYuan(rnd) });
    }
  }
  // The seed's quarter, less what signing demo leads already put there.
  const existing = await pipeline(db, {
    period: Q1_2024,
    scope: { all: true },
    countyOrgIds: [],
    breakdowns: false,
  });
  const background = { signed: 0, started: 0, inProduction: 0 };
  for (const d of drafts) {
    if (inQ1(d.signedOn)) background.signed++;
    if (inQ1(d.startedOn)) background.started++;
    if (inQ1(d.inProductionOn)) background.inProduction++;
  }
  if (background.signed + background.started + background.inProduction)
    throw new Error('demo: Q1 2024 not kept clear');
  const need = (k: keyof typeof SEED_Q1_2024) => ({
    n: SEED_Q1_2024[k].count - existing[k].count,
    total: SEED_Q1_2024[k].investmentYuan - existing[k].investmentYuan,
  });
  const signedSet = need('signed');
  for (const yuan of amountsAddingUpTo(rnd, signedSet.n, signedSet.total)) {
    const signedOn = randomDay(rnd, Q1_2024.from, Q1_2024.to);
    const startedOn = rnd.chance(0.9) ? later(rnd, '2024-03-31', 1, 300, today) : null;
    const inProductionOn = rnd.chance(0.75) ? later(rnd, startedOn, 150, 500, today) : null;
    drafts.push({ signedOn, startedOn, inProductionOn, yuan });
  }
  const startedSet = need('started');
  for (const yuan of amountsAddingUpTo(rnd, startedSet.n, startedSet.total)) {
    const signedOn = randomDay(rnd, '2023-03-01', '2023-12-15');
    const startedOn = randomDay(rnd, Q1_2024.from, Q1_2024.to);
    const inProductionOn = rnd.chance(0.8) ? later(rnd, startedOn, 150, 500, today) : null;
    drafts.push({ signedOn, startedOn, inProductionOn, yuan });
  }
  const productionSet = need('inProduction');
  for (const yuan of amountsAddingUpTo(rnd, productionSet.n, productionSet.total)) {
    const inProductionOn = randomDay(rnd, Q1_2024.from, Q1_2024.to);
    const startedOn = addDays(inProductionOn, -rnd.int(150, 420));
    const signedOn = addDays(startedOn, -rnd.int(40, 250));
    drafts.push({ signedOn, startedOn, inProductionOn, yuan });
  }
  drafts.sort((a, b) => (a.signedOn < b.signedOn ? -1 : a.signedOn > b.signedOn ? 1 : 0));

  const cityUser = await loadAuthUser(db, 'city');
  const ctxAt = (at: Date): Context => ({
    db,
    user: cityUser,
    actor: { userId: cityUser.id, username: cityUser.username, ip: null },
    now: at,
    lang: 'zh',
  });
  const usedNames = new Set<string>();
  const createdAt = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const prefix = await codePrefix(trx);
    const regionOf = new Map(
      (await trx.selectFrom('orgs').select(['id', 'region_code']).execute()).map((o) => [
        o.id,
        o.region_code,
      ]),
    );
    const rows = drafts.map((d) => {
      const theme = rnd.pick(themes);
      const county = pickCounty();
      const park = PARKS[county];
      let investor = '';
      for (let k = 0; k < 20 && (!investor || usedNames.has(investor)); k++) {
        investor = `${rnd.pick(PLACES)}${rnd.pick(BRANDS)}${rnd.pick(theme.words)}${rnd.pick(['有限公司', '股份有限公司', '集团有限公司'])}`;
      }
      usedNames.add(investor);
      const link = theme.link ? links.get(theme.link) : undefined;
      const stage = d.inProductionOn ? 'in_production' : d.startedOn ? 'started' : 'signed';
      return {
        code: '', // numbered below, within its county and year, in signing order
        version: 1,
        lead_id: null,
        name: `${investor.slice(0, 2)}${rnd.pick(theme.project)}`,
        investor_name: investor,
        investor_name_norm: normalizeInvestorName(investor),
        investor_credit_code: null,
        county_org_id: orgs.get(county)!,
        park_org_id: park && rnd.chance(park[1]) ? orgs.get(park[0])! : null,
        industry_code: theme.industry,
        chain_id: link?.chain_id ?? null,
        chain_link_id: link?.id ?? null,
        total_investment_yuan: d.yuan,
        is_manufacturing: isManufacturingCode(theme.industry) ? 1 : 0,
        signed_on: d.signedOn,
        started_on: d.startedOn,
        in_production_on: d.inProductionOn,
        stage,
        planned_start_on: addDays(d.signedOn, rnd.int(60, 240)),
        planned_production_on: addDays(d.signedOn, rnd.int(360, 900)),
        planned_output_yuan: Math.round((d.yuan * (0.8 + rnd.next() * 1.5)) / 1e6) * 1e6,
        planned_tax_yuan: Math.round((d.yuan * (0.03 + rnd.next() * 0.07)) / 1e6) * 1e6,
        planned_jobs: rnd.int(50, 2000),
        note: null,
        registered_by_user_id: cityUser.id,
        created_at: createdAt,
        updated_at: createdAt,
      };
    });
    // As recordCode numbers them (the demo's counties all have a division code): each county's own
    // sequence per year, one reservation per sequence.
    const sequences = new Map<string, typeof rows>();
    for (const r of rows) {
      const key = `${regionOf.get(r.county_org_id) ?? `O${r.county_org_id}`}-${r.signed_on.slice(0, 4)}`;
      sequences.set(key, [...(sequences.get(key) ?? []), r]);
    }
    for (const [key, members] of sequences) {
      let n = await nextNumber(trx, `project-${key}`, members.length);
      for (const r of members) r.code = `${prefix}-P-${key}-${String(n++).padStart(4, '0')}`;
    }
    for (let i = 0; i < rows.length; i += 200)
      await trx
        .insertInto('projects')
        .values(rows.slice(i, i + 200))
        .execute();
    await linkInvestors(trx, now.toISOString());
    await recordAudit(trx, { userId: null, username: 'system', ip: null }, now, {
      action: 'demo.projects_generated',
      entityType: 'project',
      after: { projects: rows.length },
    });
  });

  // Coordination issues on recent projects, through the service: some answered, some overdue.
  // Signed at least two days ago (an issue is raised on a project that exists), within 240 days.
  const recent = await db
    .selectFrom('projects')
    .select(['id', 'county_org_id', 'signed_on'])
    .where('signed_on', '>=', addDays(today, -240))
    .where('signed_on', '<=', addDays(today, -2))
    .orderBy('id')
    .execute();
  let issues = 0;
  const ctx = ctxAt(now);
  for (let k = 0; k < Math.min(36, recent.length); k++) {
    const project = recent[rnd.int(0, recent.length - 1)]!;
    const daysSinceSigned = toDayNumber(today) - toDayNumber(project.signed_on);
    const raisedAt = new Date(
      now.getTime() - rnd.int(1, Math.min(40, daysSinceSigned - 1)) * 86_400_000 - rnd.int(0, 8) * 3_600_000,
    );
    const blocker = rnd.pick(DEMO_BLOCKERS);
    const dept = blocker.department;
    const issueId = await raiseIssue(ctx, project.id, {
      category: blocker.category,
      description: blocker.description,
      ...(orgs.has(dept) ? { departmentOrgId: orgs.get(dept) } : { department: dept }),
      raisedAt: raisedAt.toISOString(),
    });
    issues++;
    const issue = { id: issueId };
    const answerAt = new Date(raisedAt.getTime() + rnd.int(1, 9) * 86_400_000);
    if (answerAt < now && rnd.chance(0.6)) {
      await answerIssue(ctx, issue.id, {
        version: 1,
        answer: `已协调${dept}，明确办理时限并跟踪落实。`,
        at: answerAt.toISOString(),
      });
      const closeAt = new Date(answerAt.getTime() + rnd.int(1, 6) * 86_400_000);
      if (closeAt < now && rnd.chance(0.6))
        await closeIssue(ctx, issue.id, { version: 2, note: '问题已解决', at: closeAt.toISOString() });
    }
  }

  await seedKeyProjects(db, now, rnd);
  await seedDemoField(db, now, rnd);
  await seedDemoTargets(db, ctx, orgs, today);
  await setSetting(db, 'demo_projects_seeded', now.toISOString());
  return { projects: drafts.length, issues };
}

async function seedDemoTargets(db: Kysely<Database>, ctx: Context, orgs: Map<string, number>, today: string) {
  const target = (
    year: number,
    org: string,
    indicator: IndicatorKey,
    targetValue: number,
    note?: string,
  ) => ({
    year,
    orgId: orgs.get(org)!,
    indicator,
    targetValue,
    ...(note ? { note } : {}),
  });
  const seed = '2024年“军令状”（据3月18日大会报道）';
  const targets = [
    // DOMAIN.md §4, as the seed states them.
    target(2024, '台山市', 'gdp_growth', 6, seed),
    target(2024, '台山市', 'industrial_va_growth', 7, seed),
    target(2024, '台山市', 'fai_growth', 4, seed),
    target(2024, '鹤山市', 'signed_count', 68, seed),
    target(2024, '鹤山市', 'signed_yuan', 300 * YI, seed),
    target(2024, '恩平市', 'little_giants', 3, seed),
    target(2024, '恩平市', 'specialised_firms', 15, seed),
    target(2024, '大广海湾经济区', 'signed_count', 70, '主平台承接亿元以上项目'),
    target(2024, '大广海湾经济区', 'signed_yuan', 280 * YI, '主平台承接项目总投资'),
    target(2024, '大广海湾经济区', 'cluster_output_yuan', 4000 * YI, '集聚区规上工业产值'),
    target(2024, '江门市', 'signed_count', 720),
    target(2024, '江门市', 'signed_yuan', 3600 * YI),
    target(2024, '江门市', 'started_count', 560),
    target(2024, '江门市', 'production_count', 480),
  ];
  // This year's targets: each county's last-year result raised by a demo factor, so some lead and
  // some trail the time-elapsed mark.
  const year = Number(today.slice(0, 4));
  const last = await pipeline(db, {
    period: { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` },
    scope: { all: true },
    countyOrgIds: [],
    breakdowns: false,
  });
  const rnd = seededRandom(year);
  const countyNames = COUNTY_WEIGHTS.map(([n]) => n);
  for (const name of countyNames) {
    const row = last.byCounty.find((c) => c.orgId === orgs.get(name));
    if (!row) continue;
    const f = 0.8 + rnd.next() * 0.35;
    targets.push(target(year, name, 'signed_count', Math.round(row.signed.count * f)));
    targets.push(target(year, name, 'signed_yuan', Math.round((row.signed.investmentYuan * f) / YI) * YI));
    targets.push(
      target(year, name, 'started_count', Math.round(row.started.count * (0.8 + rnd.next() * 0.35))),
    );
    targets.push(
      target(year, name, 'production_count', Math.round(row.inProduction.count * (0.8 + rnd.next() * 0.35))),
    );
  }
  targets.push(target(year, '江门市', 'signed_count', Math.round(last.signed.count * 1.08)));
  targets.push(
    target(year, '江门市', 'signed_yuan', Math.round((last.signed.investmentYuan * 1.08) / YI) * YI),
  );
  targets.push(target(year, '江门市', 'manufacturing_share', 70));
  const value = (org: string, indicator: IndicatorKey, period: string, v: number) => ({
    orgId: orgs.get(org)!,
    indicator,
    period,
    value: v,
  });
  const values = [
    // DOMAIN.md §6: the city's 2023 figures.
    value('江门市', 'gdp_yuan', '2023', 4022.25 * YI),
    value('江门市', 'gdp_growth', '2023', 5.5),
    value('江门市', 'primary_share', '2023', 8.6),
    value('江门市', 'secondary_share', '2023', 46.1),
    value('江门市', 'tertiary_share', '2023', 45.3),
    value('江门市', 'industrial_investment_yuan', '2023', 1044.5 * YI),
    value('江门市', 'new_industrial_project_yuan', '2023', 2100.8 * YI),
    value('江门市', 'advanced_mfg_investment_growth', '2023', 23.1),
    value('江门市', 'tech_renovation_growth', '2023', 29.4),
    // Demo quarterly returns against the 2024 targets.
    ...(['Q1', 'Q2', 'Q3', 'Q4'] as const).flatMap((q, i) => [
      value('台山市', 'gdp_growth', `2024-${q}`, [5.1, 5.6, 6.2, 6.4][i]!),
      value('台山市', 'industrial_va_growth', `2024-${q}`, [6.2, 6.8, 7.3, 6.9][i]!),
      value('台山市', 'fai_growth', `2024-${q}`, [2.8, 3.5, 4.2, 4.6][i]!),
    ]),
    value('恩平市', 'little_giants', '2024-Q2', 1),
    value('恩平市', 'little_giants', '2024-Q4', 3),
    value('恩平市', 'specialised_firms', '2024-Q2', 6),
    value('恩平市', 'specialised_firms', '2024-Q4', 13),
    value('大广海湾经济区', 'cluster_output_yuan', '2024', 4126 * YI),
    // This year's quarterly returns, for the quarters already over.
    ...(['Q1', 'Q2', 'Q3', 'Q4'] as const)
      .filter((_, i) => `${year}-${['03-31', '06-30', '09-30', '12-31'][i]}` < today && year !== 2024)
      .flatMap((q) => [
        value('台山市', 'gdp_growth', `${year}-${q}`, Math.round((4.8 + rnd.next() * 2) * 10) / 10),
        value(
          '台山市',
          'industrial_va_growth',
          `${year}-${q}`,
          Math.round((5.5 + rnd.next() * 2.5) * 10) / 10,
        ),
        value('台山市', 'fai_growth', `${year}-${q}`, Math.round((2.5 + rnd.next() * 2.5) * 10) / 10),
        value('恩平市', 'specialised_firms', `${year}-${q}`, 3 * Number(q[1]) + rnd.int(0, 2)),
      ]),
  ];
  if (year !== 2024)
    targets.push(
      target(year, '台山市', 'gdp_growth', 6),
      target(year, '台山市', 'industrial_va_growth', 7),
      target(year, '台山市', 'fai_growth', 4),
      target(year, '恩平市', 'specialised_firms', 16),
    );
  await db.transaction().execute(async (trx) => {
    const c = { ...ctx, db: trx };
    for (const t of targets) await putTarget(trx, c, t);
    for (const v of values) await putIndicatorValue(trx, c, v);
  });
}
