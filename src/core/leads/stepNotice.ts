/**
 * What the message after a lead step says: what happened (and whether its time limit was met),
 * then what comes next and by when — "响应已记录，按时完成。下一步：研判，2024-10-09 前".
 */
import type { Lang } from '../messages.js';
import { SLA_STEP_LABELS, type StepStatus } from '../sla.js';
import {
  EVENT_LABELS,
  LEAD_STEPS,
  type LeadAction,
  type LeadClock,
  type LeadStage,
  policyStepOf,
} from './stages.js';

/** The parts of a lead (the API's Lead) the notice reads. */
export interface NoticeLead {
  stage: LeadStage;
  isMajor: boolean;
  waiting: { step: LeadClock; dueDate: string | null } | null;
  sla: Record<LeadClock, { status: StepStatus }>;
}

const WORDS = {
  recorded: { zh: (s: string) => `${s}已记录`, en: (s: string) => s },
  met: { zh: '按时完成', en: 'on time' },
  met_late: { zh: '超时完成', en: 'completed late' },
  next: {
    zh: (s: string, d: string) => `下一步：${s}，${d} 前`,
    en: (s: string, d: string) => `Next: ${s}, by ${d}`,
  },
  nextUndated: { zh: (s: string) => `下一步：${s}`, en: (s: string) => `Next: ${s}` },
  awaitingDispatch: { zh: '下一步：分派到县（市、区）跟进', en: 'Next: dispatch it to a county' },
  signed: {
    zh: '已转为签约项目，后续在项目中登记动工、投产',
    en: 'It is now a signed project; record its start and production there',
  },
  closed: { zh: '线索已关闭', en: 'The lead is closed' },
} as const;

const joiner = { zh: '。', en: '. ' } as const;

export function stepNotice(action: LeadAction, before: NoticeLead, after: NoticeLead, lang: Lang): string {
  const rule = LEAD_STEPS[action];
  const eventLabel = EVENT_LABELS[action === 'dispatch' ? 'dispatched' : action]![lang];
  let first = WORDS.recorded[lang](eventLabel);
  const completed = rule.completes === 'waiting' ? before.waiting?.step : rule.completes;
  const status = completed ? after.sla[completed].status : null;
  if (status === 'met' || status === 'met_late')
    first += `${lang === 'zh' ? '，' : ', '}${WORDS[status][lang]}`;
  const parts = [first];
  if (after.stage === 'signed') parts.push(WORDS.signed[lang]);
  else if (after.stage === 'closed') parts.push(WORDS.closed[lang]);
  else if (after.waiting) {
    const label = SLA_STEP_LABELS[policyStepOf(after.waiting.step, after.isMajor)][lang];
    parts.push(
      after.waiting.dueDate ? WORDS.next[lang](label, after.waiting.dueDate) : WORDS.nextUndated[lang](label),
    );
  } else if (after.stage === 'feedback_given') parts.push(WORDS.awaitingDispatch[lang]);
  return parts.join(joiner[lang]);
}
