/** The lead's stages (API.md) and which step action is legal from where. */
import type { Lang } from '../messages.js';
import type { SlaStep } from '../sla.js';

export const LEAD_STAGES = [
  'registered',
  'responded',
  'assessed',
  'feedback_given',
  'following',
  'signed',
  'closed',
] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];
export const OPEN_STAGES: LeadStage[] = [
  'registered',
  'responded',
  'assessed',
  'feedback_given',
  'following',
];

export const LEAD_ACTIONS = [
  'respond',
  'assess',
  'feedback',
  'dispatch',
  'progress',
  'sign',
  'close',
  'supplement',
] as const;
export type LeadAction = (typeof LEAD_ACTIONS)[number];

/** The time-limited steps of a lead (each a clock). */
export const LEAD_CLOCKS = ['response', 'assessment', 'feedback', 'progress'] as const;
export type LeadClock = (typeof LEAD_CLOCKS)[number];

/** The time-limit policy a lead's clock runs by: a major lead's assessment has its own. */
export function policyStepOf(clock: LeadClock, isMajor: boolean): SlaStep {
  return clock === 'assessment' && isMajor ? 'assessment_major' : clock;
}

/** The permissions a step needs (auth/policies.ts decides who holds them). */
export type StepPermission = 'lead.handle' | 'lead.progress' | 'lead.sign';

/** One row of the lead's state machine (DOMAIN.md §2). */
export interface StepRule {
  /** The stages it may be taken from. */
  from: readonly LeadStage[];
  permission: StepPermission;
  /** The clock it completes: a named one, whichever the lead waits for, or none. */
  completes: LeadClock | 'waiting' | null;
  /** The clock it starts (dispatch: only the first time; a re-dispatch keeps the running one). */
  starts: LeadClock | null;
  /** The stage after it; null: the stage stays. */
  to: LeadStage | null;
  /** Where a lead the assessment declined goes instead (feedback closes it), or 'refused'. */
  whenDeclined?: LeadStage | 'refused';
  /** The key under which the lead's `steps` keep what this step recorded. */
  recordedAs?: LeadClock;
}

/** The lead's steps as one table: the server enforces it, allowedActions and my work read it. */
export const LEAD_STEPS: Record<LeadAction, StepRule> = {
  respond: {
    from: ['registered'],
    permission: 'lead.handle',
    completes: 'response',
    starts: 'assessment',
    to: 'responded',
    recordedAs: 'response',
  },
  assess: {
    from: ['responded'],
    permission: 'lead.handle',
    completes: 'assessment',
    starts: 'feedback',
    to: 'assessed',
    recordedAs: 'assessment',
  },
  // A declined lead has now been told; it ends here.
  feedback: {
    from: ['assessed'],
    permission: 'lead.handle',
    completes: 'feedback',
    starts: null,
    to: 'feedback_given',
    whenDeclined: 'closed',
    recordedAs: 'feedback',
  },
  dispatch: {
    from: ['feedback_given', 'following'],
    permission: 'lead.handle',
    completes: null,
    starts: 'progress',
    to: 'following',
    whenDeclined: 'refused',
  },
  progress: {
    from: ['following'],
    permission: 'lead.progress',
    completes: 'progress',
    starts: 'progress',
    to: null,
  },
  sign: {
    from: ['feedback_given', 'following'],
    permission: 'lead.sign',
    completes: 'progress',
    starts: null,
    to: 'signed',
    whenDeclined: 'refused',
  },
  close: { from: OPEN_STAGES, permission: 'lead.handle', completes: 'waiting', starts: null, to: 'closed' },
  // The response's key facts completed later (the 办法 asks them at response; they are often only
  // known after a meeting): no clock, no stage, the response stays on time.
  supplement: {
    from: OPEN_STAGES.filter((s) => s !== 'registered'),
    permission: 'lead.handle',
    completes: null,
    starts: null,
    to: null,
    whenDeclined: 'refused',
  },
};

/** Whether the step may be taken from this stage (whoever takes it). */
export function stepPossible(action: LeadAction, stage: LeadStage, declined: boolean): boolean {
  const rule = LEAD_STEPS[action];
  return rule.from.includes(stage) && !(declined && rule.whenDeclined === 'refused');
}

/** The stage a step leads to. */
export function stageAfter(action: LeadAction, stage: LeadStage, declined: boolean): LeadStage {
  const rule = LEAD_STEPS[action];
  if (declined && rule.whenDeclined && rule.whenDeclined !== 'refused') return rule.whenDeclined;
  return rule.to ?? stage;
}

/** The steps possible now, for someone holding the permissions `may` says yes to. */
export function possibleSteps(
  stage: LeadStage,
  declined: boolean,
  may: (permission: StepPermission) => boolean,
): LeadAction[] {
  return LEAD_ACTIONS.filter((a) => stepPossible(a, stage, declined) && may(LEAD_STEPS[a].permission));
}

/** The step that answers the clock a lead waits for (my work's button). */
export function stepFor(stage: LeadStage, waiting: LeadClock): LeadAction | undefined {
  return LEAD_ACTIONS.find((a) => LEAD_STEPS[a].completes === waiting && LEAD_STEPS[a].from.includes(stage));
}

export const STAGE_LABELS: Record<LeadStage, Record<Lang, string>> = {
  registered: { zh: '已登记', en: 'Registered' },
  responded: { zh: '已响应', en: 'Responded' },
  assessed: { zh: '已研判', en: 'Assessed' },
  feedback_given: { zh: '已反馈', en: 'Feedback given' },
  following: { zh: '跟进中', en: 'Following' },
  signed: { zh: '已签约', en: 'Signed' },
  closed: { zh: '已关闭', en: 'Closed' },
};

export const ACTION_LABELS: Record<LeadAction, Record<Lang, string>> = {
  respond: { zh: '响应', en: 'Respond' },
  assess: { zh: '研判', en: 'Assess' },
  feedback: { zh: '反馈', en: 'Feed back' },
  dispatch: { zh: '分派', en: 'Dispatch' },
  progress: { zh: '报告进展', en: 'Report progress' },
  sign: { zh: '签约', en: 'Sign' },
  close: { zh: '关闭', en: 'Close' },
  supplement: { zh: '补充关键信息', en: 'Complete key facts' },
};

export const LEAD_SCOPE_MIN_YUAN = 100_000_000;
/** At 5亿元 and above the city center co-follows from the start. */
export const CITY_CO_FOLLOW_MIN_YUAN = 500_000_000;
/** Above 1,000亿元 a single lead's amount is more likely a slip of the unit: the form asks first. */
export const IMPLAUSIBLE_LEAD_YUAN = 100_000_000_000;

export const CHANNELS = [
  'department',
  'county',
  'resident_team',
  'partner',
  'society',
  'platform',
  'other',
] as const;
export const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], Record<Lang, string>> = {
  department: { zh: '市直部门推荐', en: 'City department' },
  county: { zh: '县（市、区）推荐', en: 'County' },
  resident_team: { zh: '驻点招商', en: 'Resident team' },
  partner: { zh: '招商合伙人', en: 'Investment partner' },
  society: { zh: '社会推荐', en: 'Society' },
  platform: { zh: '平台/园区', en: 'Platform / park' },
  other: { zh: '其他', en: 'Other' },
};

export const REFERRER_KINDS = [
  'department',
  'county',
  'resident_team',
  'partner',
  'enterprise',
  'individual',
] as const;
export const REFERRER_KIND_LABELS: Record<(typeof REFERRER_KINDS)[number], Record<Lang, string>> = {
  department: { zh: '部门', en: 'Department' },
  county: { zh: '县区', en: 'County' },
  resident_team: { zh: '驻点招商组', en: 'Resident team' },
  partner: { zh: '招商合伙人', en: 'Partner' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  individual: { zh: '个人', en: 'Individual' },
};

export const INVESTOR_TYPES = [
  'private',
  'state_owned',
  'foreign',
  'hk_macao_taiwan',
  'listed',
  'other',
] as const;
export const INVESTOR_TYPE_LABELS: Record<(typeof INVESTOR_TYPES)[number], Record<Lang, string>> = {
  private: { zh: '民营企业', en: 'Private' },
  state_owned: { zh: '国有企业', en: 'State-owned' },
  foreign: { zh: '外资企业', en: 'Foreign' },
  hk_macao_taiwan: { zh: '港澳台资企业', en: 'HK / Macao / Taiwan' },
  listed: { zh: '上市公司', en: 'Listed' },
  other: { zh: '其他', en: 'Other' },
};

/** What the timeline calls each event. */
export const EVENT_LABELS: Record<string, Record<Lang, string>> = {
  registered: { zh: '登记线索', en: 'Registered' },
  updated: { zh: '修改登记信息', en: 'Edited' },
  respond: { zh: '响应', en: 'Responded' },
  assess: { zh: '研判', en: 'Assessed' },
  feedback: { zh: '反馈', en: 'Feedback given' },
  dispatched: { zh: '分派', en: 'Dispatched' },
  redispatched: { zh: '重新分派', en: 'Re-dispatched' },
  progress: { zh: '进展报告', en: 'Progress report' },
  sign: { zh: '签约', en: 'Signed' },
  close: { zh: '关闭', en: 'Closed' },
  supplement: { zh: '补充关键信息', en: 'Key facts completed' },
  merged_away: { zh: '合并至其他线索', en: 'Merged into another lead' },
  merged_in: { zh: '合并入重复线索', en: 'A duplicate merged in' },
  owner_decided: { zh: '确定归属', en: 'Ownership decided' },
  duplicate_dismissed: { zh: '排除重复', en: 'Not a duplicate' },
};
