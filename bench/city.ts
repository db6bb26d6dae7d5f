/**
 * A city's records for the benches, shaped like a city's rather than uniform (#17 item 6):
 *  - leads over ten years, more each year, up to the real "now" of the run;
 *  - most of them ended (signed or closed), a few per cent open, the open ones mostly recent;
 *  - counties unequal (蓬江 and 新会 get four times 恩平's share), industries, amounts, referrers
 *    and channels spread, a third of the leads registered by a county itself, about three records
 *    a firm;
 *  - every lead's clock history (response, assessment, feedback, then a progress report every two
 *    weeks while it is followed: about four clocks a lead), most met, some late, an eighth of the
 *    running ones overdue;
 *  - projects signed over the same years, started and producing after their signing, and
 *    coordination issues on a few per cent of them, some open and overdue;
 *  - key projects as a city lists them (about one project in a hundred): the largest of the last
 *    three years still being built are on the city's list, the very largest on the province's too,
 *    and large ones of the last year on a county's.
 * Every row is made from its own index by a seeded generator, so a table can be produced alone
 * and in any order: the SQLite loader inserts through prepared statements in one transaction, the
 * PostgreSQL loader streams each table with COPY (ten million leads in minutes).
 */
import { addDays, fromDayNumber, toDayNumber } from '../src/core/calendar/dates.js';
import { CITY_CO_FOLLOW_MIN_YUAN } from '../src/core/leads/stages.js';
import { ISSUE_CATEGORIES } from '../src/core/projects/stages.js';
import { type Random, seededRandom } from '../src/server/demo/random.js';

export type Value = string | number | null;

/** The columns each loader writes, in order. */
export const COLUMNS = {
  leads: [
    'id',
    'code',
    'version',
    'stage',
    'project_name',
    'investor_name',
    'investor_name_norm',
    'industry_code',
    'planned_investment_yuan',
    'referrer_name',
    'referrer_kind',
    'channel',
    'received_at',
    'is_major',
    'owner_org_id',
    'registered_by_user_id',
    'city_co_follow',
    'step_data',
    'closed_reason',
    'waiting_step',
    'waiting_due_at',
    'waiting_due_date',
    'created_at',
    'updated_at',
  ],
  lead_counties: ['lead_id', 'org_id', 'stage', 'received_at', 'seen_at', 'waiting_due_at'],
  sla_clocks: [
    'entity_type',
    'entity_id',
    'step',
    'policy_step',
    'amount',
    'unit',
    'started_at',
    'due_date',
    'due_at',
    'provisional',
    'completed_at',
    'verdict',
    'announced',
  ],
  projects: [
    'id',
    'code',
    'version',
    'name',
    'investor_name',
    'investor_name_norm',
    'county_org_id',
    'industry_code',
    'total_investment_yuan',
    'is_manufacturing',
    'signed_on',
    'started_on',
    'in_production_on',
    'stage',
    'status',
    'key_levels',
    'created_at',
    'updated_at',
  ],
  coordination_issues: [
    'project_id',
    'category',
    'description',
    'department_org_id',
    'status',
    'raised_by_user_id',
    'raised_by_name',
    'raised_at',
    'due_at',
    'due_date',
    'answer',
    'answered_at',
    'answered_by_name',
    'closed_at',
    'version',
  ],
} as const;
export type CityTable = keyof typeof COLUMNS;

/** Who the records belong to, read from the database the demo organisations were made in. */
export interface CityRefs {
  /** The city's investment promotion centre and its officer (registers the city's leads). */
  centreOrgId: number;
  centreUserId: number;
  /** The counties, in the demo's order, each with an officer (registers the county's own leads). */
  counties: { orgId: number; userId: number }[];
  /** Departments a coordination issue goes to. */
  departments: number[];
  /** The day the data ends on (Shanghai), normally the run's real today. */
  today: string;
}

/** The counties' shares of the work, in the demo's order (蓬江, 江海, 新会, 台山, 开平, 鹤山, 恩平). */
const COUNTY_WEIGHTS = [0.24, 0.1, 0.22, 0.16, 0.1, 0.12, 0.06];
/** Industries (GB/T 4754) with falling shares: new energy, equipment and electronics lead. */
const INDUSTRIES = [
  '3841',
  '3849',
  '3670',
  '3825',
  '3963',
  '3983',
  '3421',
  '3352',
  '3072',
  '3514',
  '3562',
  '3571',
  '3591',
  '3744',
  '3972',
  '3985',
  '2659',
  '1491',
  '1713',
  '3491',
  '3422',
  '4415',
  '5621',
  '5920',
  '6513',
  '6520',
];
const REFERRERS: { name: string; kind: string; channel: string; weight: number }[] = [
  { name: '驻深圳招商组', kind: 'resident_team', channel: 'resident_team', weight: 0.2 },
  { name: '驻上海招商组', kind: 'resident_team', channel: 'resident_team', weight: 0.1 },
  { name: '驻香港招商组', kind: 'resident_team', channel: 'resident_team', weight: 0.06 },
  { name: '市工业和信息化局', kind: 'department', channel: 'department', weight: 0.1 },
  { name: '市发展和改革局', kind: 'department', channel: 'department', weight: 0.05 },
  { name: '市商务局', kind: 'department', channel: 'department', weight: 0.05 },
  { name: '粤港澳大湾区招商合伙人', kind: 'partner', channel: 'partner', weight: 0.1 },
  { name: '江门海外联谊会', kind: 'enterprise', channel: 'society', weight: 0.08 },
  { name: '江门市五邑商会', kind: 'enterprise', channel: 'society', weight: 0.08 },
  { name: '老乡推荐', kind: 'individual', channel: 'other', weight: 0.03 },
  { name: '江门高新区管委会', kind: 'county', channel: 'platform', weight: 0.15 },
];
const CLOSED_REASONS = ['投资方另选他地', '项目暂缓', '用地条件不满足', '投资方资金不足', '产业不符合规划'];
const TRADE = [
  '华',
  '新',
  '恒',
  '力',
  '达',
  '盛',
  '宏',
  '嘉',
  '海',
  '科',
  '创',
  '源',
  '锦',
  '誉',
  '博',
  '瑞',
];
const PLACES = ['深圳', '广州', '东莞', '佛山', '上海', '苏州', '香港', '北京', '杭州', '宁波'];
const SUFFIX = ['科技有限公司', '新能源有限公司', '电子股份有限公司', '智能装备有限公司', '集团有限公司'];
const WORK = 14; // calendar days of a two-week progress period

/** Picks by weight (weights summing to 1). */
function weighted<T>(rnd: Random, items: readonly T[], weights: readonly number[]): T {
  let r = rnd.next();
  for (let i = 0; i < items.length; i++) {
    r -= weights[i]!;
    if (r < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

const industryWeights = (() => {
  const raw = INDUSTRIES.map((_, i) => 1 / (i + 2));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => w / sum);
})();

/** The generator of row `i` of a table: the same row whichever table is being made. */
const rowRandom = (salt: number, i: number) => seededRandom(Math.imul(i, 0x9e3779b1) ^ salt);

/** Day `offset` of `span` days, more records each year (a city's work grows): ids ascend in time. */
function dayOf(index: number, count: number, first: number, span: number) {
  return first + Math.floor(span * Math.sqrt((index - 0.5) / count));
}

const endOfDay = (day: string) => `${addDays(day, 1)}T00:00:00+08:00`;
const at = (day: string, rnd: Random) =>
  `${day}T0${rnd.int(1, 8)}:${String(rnd.int(0, 59)).padStart(2, '0')}:00.000Z`;

/** Firm `k` of the register: the same name whichever record draws it (a firm brings several). */
function firm(k: number) {
  const rnd = seededRandom(Math.imul(k, 0x2c1b3c6d) ^ 0xf1);
  const trade = `${rnd.pick(TRADE)}${rnd.pick(TRADE)}${rnd.pick(TRADE)}`;
  const name = `${rnd.pick(PLACES)}市${trade}${k}${rnd.pick(SUFFIX)}`;
  return { name, norm: name.replace(/有限公司|股份|集团|市/g, '') };
}

/** A firm for a record of `count`: about three records a firm. */
const firmFor = (rnd: Random, count: number) => firm(rnd.int(1, Math.max(1, Math.floor(count / 3))));

interface Clock {
  step: string;
  started: string;
  due: string;
  completedAt: string | null;
  verdict: string | null;
}

/** One lead, its county copies and its clocks. */
export interface CityLead {
  lead: Value[];
  counties: Value[][];
  clocks: Value[][];
}

const STEP_DAYS: Record<string, number> = { response: 1, assessment: 3, feedback: 5, progress: WORK };

export function cityLead(refs: CityRefs, i: number, count: number): CityLead {
  const rnd = rowRandom(0x1ead, i);
  const todayN = toDayNumber(refs.today);
  const first = todayN - 3650;
  const dayN = dayOf(i, count, first, todayN - first);
  const day = fromDayNumber(dayN);
  const age = todayN - dayN;
  const received = at(day, rnd);
  const countyOwned = rnd.chance(0.3);
  const ownerCounty = weighted(rnd, refs.counties, COUNTY_WEIGHTS);
  const referrer = countyOwned
    ? { name: `${ownerCounty.orgId}号县招商局`, kind: 'county', channel: 'county' }
    : weighted(
        rnd,
        REFERRERS,
        REFERRERS.map((r) => r.weight),
      );
  const amount = Math.round((1e8 * Math.exp(rnd.next() ** 2 * Math.log(80))) / 1e6) * 1e6;

  // Where it stands: a day-old lead is still being answered; an old one has mostly ended.
  let stage: string;
  if (age === 0) stage = rnd.chance(0.6) ? 'registered' : 'responded';
  else if (age <= 3)
    stage = weighted(rnd, ['responded', 'assessed', 'feedback_given', 'following'], [0.2, 0.3, 0.1, 0.4]);
  else if (age <= 10)
    stage = weighted(rnd, ['assessed', 'feedback_given', 'following', 'closed'], [0.03, 0.07, 0.8, 0.1]);
  else {
    const following = age < 180 ? 0.5 : age < 730 ? 0.05 : 0.01;
    stage = weighted(rnd, ['following', 'signed', 'closed'], [following, 0.35, 0.65 - following]);
  }
  const reached = ['registered', 'responded', 'assessed', 'feedback_given', 'following'].indexOf(stage);
  const dispatched = reached === -1 || reached === 4; // following, signed or closed

  // The clocks: each step's, in order, then a progress report every two weeks while followed.
  const clocks: Clock[] = [];
  let t = dayN;
  const step = (name: string, open: boolean) => {
    const due = fromDayNumber(t + STEP_DAYS[name]!);
    if (open) {
      clocks.push({ step: name, started: fromDayNumber(t), due, completedAt: null, verdict: null });
      return;
    }
    const late = rnd.chance(0.08);
    const done = Math.min(
      todayN,
      t + (late ? STEP_DAYS[name]! + rnd.int(1, 3) : rnd.int(0, STEP_DAYS[name]!)),
    );
    clocks.push({
      step: name,
      started: fromDayNumber(t),
      due,
      completedAt: at(fromDayNumber(done), rnd),
      verdict: late ? 'met_late' : 'met',
    });
    t = done;
  };
  const steps = ['response', 'assessment', 'feedback'];
  for (let k = 0; k < 3; k++) {
    if (reached !== -1 && k >= reached) {
      if (k === reached) step(steps[k]!, true);
      break;
    }
    step(steps[k]!, false);
  }
  if (dispatched) {
    if (stage === 'following') {
      // Reports every two weeks since the dispatch; the running one started in the last period
      // (about one in eight overdue: started more than two weeks ago).
      const reports = Math.min(8, Math.floor((todayN - t) / WORK));
      for (let k = 0; k < reports; k++) step('progress', false);
      t = Math.max(t, todayN - rnd.int(0, WORK + 2));
      step('progress', true);
    } else {
      const reports = rnd.int(0, 3);
      for (let k = 0; k < reports && t + WORK < todayN; k++) step('progress', false);
    }
  }
  const running = clocks.find((c) => !c.completedAt);
  const dueAt = running ? endOfDay(running.due) : null;

  const county = countyOwned ? ownerCounty : null;
  const counties: Value[][] = [];
  if (dispatched && !county) {
    const n = weighted(rnd, [1, 2, 3], [0.8, 0.15, 0.05]);
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(weighted(rnd, refs.counties, COUNTY_WEIGHTS).orgId);
    let firstCounty = true;
    for (const orgId of chosen) {
      const own = firstCounty ? stage : stage === 'following' ? 'following' : 'closed';
      firstCounty = false;
      const unseen = stage === 'following' && age < 3 && rnd.chance(0.5);
      counties.push([i, orgId, own, received, unseen ? null : received, dueAt]);
    }
  }
  const f = firmFor(rnd, count);
  const isMajor = amount >= 1e9 ? 1 : 0;
  const lead: Value[] = [
    i,
    `${county ? `JM-${county.orgId}` : 'JM'}-${day.slice(0, 4)}-${i}`,
    1,
    stage,
    `${f.name.slice(0, 6)}${rnd.pick(['生产基地', '研发中心', '智能制造项目', '扩产项目', '总部项目'])}`,
    f.name,
    f.norm,
    weighted(rnd, INDUSTRIES, industryWeights),
    amount,
    referrer.name,
    referrer.kind,
    referrer.channel,
    received,
    isMajor,
    county ? county.orgId : refs.centreOrgId,
    county ? county.userId : refs.centreUserId,
    amount >= CITY_CO_FOLLOW_MIN_YUAN ? 1 : 0,
    '{}',
    stage === 'closed' ? rnd.pick(CLOSED_REASONS) : null,
    running?.step ?? null,
    dueAt,
    running?.due ?? null,
    received,
    clocks.at(-1)?.completedAt ?? received,
  ];
  return {
    lead,
    counties,
    clocks: clocks.map((c) => [
      'lead',
      i,
      c.step,
      c.step === 'assessment' && isMajor ? 'assessment_major' : c.step,
      STEP_DAYS[c.step]!,
      'workday',
      `${c.started}T01:00:00.000Z`,
      c.due,
      endOfDay(c.due),
      0,
      c.completedAt,
      c.verdict,
      c.completedAt ? 0 : c.due < refs.today ? 2 : 0,
    ]),
  };
}

/** One project and its coordination issues. */
export function cityProject(
  refs: CityRefs,
  i: number,
  count: number,
): { project: Value[]; issues: Value[][] } {
  const rnd = rowRandom(0x9e0, i);
  const todayN = toDayNumber(refs.today);
  const first = todayN - 3650;
  const signed = fromDayNumber(dayOf(i, count, first, todayN - first));
  const startedRaw = rnd.chance(0.85) ? addDays(signed, rnd.int(30, 330)) : null;
  const started = startedRaw && startedRaw <= refs.today ? startedRaw : null;
  const producedRaw = started && rnd.chance(0.8) ? addDays(started, rnd.int(150, 600)) : null;
  const produced = producedRaw && producedRaw <= refs.today ? producedRaw : null;
  const code = weighted(rnd, INDUSTRIES, industryWeights);
  const county = weighted(rnd, refs.counties, COUNTY_WEIGHTS);
  const f = firmFor(rnd, count);
  const amount = Math.round((5e7 * Math.exp(rnd.next() ** 2 * Math.log(200))) / 1e6) * 1e6;
  const age = todayN - toDayNumber(signed);
  const keyLevels =
    produced || age > 3 * 365
      ? ''
      : amount >= 90e8
        ? 'province,city'
        : amount >= 60e8
          ? 'city'
          : amount >= 40e8 && age <= 365
            ? 'county'
            : '';
  const project: Value[] = [
    i,
    `P-${signed.slice(0, 4)}-${i}`,
    1,
    `${f.name.slice(0, 6)}项目`,
    f.name,
    f.norm,
    county.orgId,
    code,
    amount,
    Number(code.slice(0, 2)) >= 13 && Number(code.slice(0, 2)) <= 43 ? 1 : 0,
    signed,
    started,
    produced,
    produced ? 'in_production' : started ? 'started' : 'signed',
    'normal',
    keyLevels,
    `${signed}T02:00:00.000Z`,
    `${produced ?? started ?? signed}T02:00:00.000Z`,
  ];
  // A few per cent of the projects of the last two years raise an issue; most are settled.
  const issues: Value[][] = [];
  if (toDayNumber(signed) > todayN - 730 && rnd.chance(0.06)) {
    for (let k = rnd.int(1, 2); k > 0; k--) {
      const raised = fromDayNumber(rnd.int(toDayNumber(signed), todayN));
      const due = addDays(raised, 10);
      const status = weighted(rnd, ['closed', 'answered', 'open'], [0.7, 0.15, 0.15]);
      const answered = status === 'open' ? null : `${addDays(raised, rnd.int(1, 12))}T03:00:00.000Z`;
      issues.push([
        i,
        rnd.pick(ISSUE_CATEGORIES),
        '项目推进中需协调解决的问题',
        rnd.pick(refs.departments),
        status,
        county.userId,
        '县（市、区）项目专班',
        `${raised}T02:00:00.000Z`,
        endOfDay(due),
        due,
        answered ? '已协调，按计划推进' : null,
        answered,
        answered ? '部门联络员' : null,
        status === 'closed' ? answered : null,
        1,
      ]);
    }
  }
  return { project, issues };
}
