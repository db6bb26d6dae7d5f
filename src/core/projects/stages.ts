/** Projects (DOMAIN.md §3): signed → started → in production, classes and coordination issues. */
import type { Lang } from '../messages.js';

export const PROJECT_STAGES = ['signed', 'started', 'in_production'] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];

export const PROJECT_STAGE_LABELS: Record<ProjectStage, Record<Lang, string>> = {
  signed: { zh: '已签约', en: 'Signed' },
  started: { zh: '已动工', en: 'Construction started' },
  in_production: { zh: '已投产', en: 'In production' },
};

/** The date column that records reaching each stage. */
export const STAGE_DATE = {
  signed: 'signed_on',
  started: 'started_on',
  in_production: 'in_production_on',
} as const;

/** The milestone after a stage (signed → started → in production), none after production. */
export function nextProjectStage(stage: ProjectStage): 'started' | 'in_production' | undefined {
  return stage === 'signed' ? 'started' : stage === 'started' ? 'in_production' : undefined;
}

export const ONE_YI = 100_000_000;
/** Standard classes: 亿元以上 (≥ 1亿) and 10亿元以上 (≥ 10亿). */
export const PROJECT_CLASSES = ['major10', 'major1', 'below1'] as const;
export type ProjectClass = (typeof PROJECT_CLASSES)[number];
export const PROJECT_CLASS_LABELS: Record<ProjectClass, Record<Lang, string>> = {
  major10: { zh: '10亿元以上', en: '≥ 1 bn yuan' },
  major1: { zh: '1亿–10亿元', en: '0.1–1 bn yuan' },
  below1: { zh: '1亿元以下', en: '< 0.1 bn yuan' },
};

export function projectClass(yuan: number): ProjectClass {
  if (yuan >= 10 * ONE_YI) return 'major10';
  if (yuan >= ONE_YI) return 'major1';
  return 'below1';
}

/** Bounds [min, max) in yuan of a class, for SQL filters. */
export function classRange(c: ProjectClass): { min?: number; max?: number } {
  if (c === 'major10') return { min: 10 * ONE_YI };
  if (c === 'major1') return { min: ONE_YI, max: 10 * ONE_YI };
  return { max: ONE_YI };
}

export const ISSUE_CATEGORIES = [
  'land',
  'permit',
  'power',
  'environment',
  'energy',
  'financing',
  'labour',
  'infrastructure',
  'agreement',
  'other',
] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];
export const ISSUE_CATEGORY_LABELS: Record<IssueCategory, Record<Lang, string>> = {
  land: { zh: '用地', en: 'Land' },
  permit: { zh: '报建审批', en: 'Permits' },
  power: { zh: '用电', en: 'Power' },
  environment: { zh: '环评', en: 'Environmental assessment' },
  energy: { zh: '能评', en: 'Energy assessment' },
  financing: { zh: '融资', en: 'Financing' },
  labour: { zh: '用工', en: 'Labour' },
  infrastructure: { zh: '配套设施', en: 'Infrastructure' },
  agreement: { zh: '协议履约', en: 'Agreement performance' },
  other: { zh: '其他', en: 'Other' },
};

export const ISSUE_STATUSES = ['open', 'answered', 'closed'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
export const ISSUE_STATUS_LABELS: Record<IssueStatus, Record<Lang, string>> = {
  open: { zh: '待答复', en: 'Open' },
  answered: { zh: '已答复', en: 'Answered' },
  closed: { zh: '已办结', en: 'Closed' },
};

/**
 * Whether moving a project to `to` is forward (a milestone) or backward (a correction, city officer
 * only, with a reason). Returns null when `to` is the current stage.
 */
export function stageDirection(from: ProjectStage, to: ProjectStage): 'forward' | 'backward' | null {
  const d = PROJECT_STAGES.indexOf(to) - PROJECT_STAGES.indexOf(from);
  return d === 0 ? null : d > 0 ? 'forward' : 'backward';
}
