/**
 * The investment agreement (投资协议) and its performance (履约), the land-use standards (标准地)
 * and the admission review (准入研判), DOMAIN.md §8, #16 items 5 and 6. Pure: the server decides
 * with it and the browser shows with it.
 */
import { z } from 'zod';
import { addDays } from '../calendar/dates.js';
import { dateString } from '../calendar/schemas.js';
import { versionNumber } from '../ids.js';
import { industryCode, yuan } from '../leads/schemas.js';
import type { Lang } from '../messages.js';

export const ZONES = ['一类地区', '二类地区', '三类地区'] as const;

export const agreementBody = z.object({
  version: versionNumber.optional(),
  signedOn: dateString,
  zone: z.string().trim().min(1).max(40).optional(),
  totalInvestmentYuan: yuan.min(1),
  fixedAssetYuan: yuan,
  landMu: z.number().positive().max(100_000),
  taxPerMuYuan: yuan.optional(),
  outputYuan: yuan.optional(),
  startDeadline: dateString.optional(),
  productionDeadline: dateString.optional(),
  fullProductionYear: z.number().int().min(2000).max(2100).optional(),
});
export type AgreementBody = z.infer<typeof agreementBody>;

export const actualBody = z.object({
  version: versionNumber.optional(),
  investedYuan: yuan,
  taxYuan: yuan.optional(),
  outputYuan: yuan.optional(),
});
export type ActualBody = z.infer<typeof actualBody>;

export const standardBody = z.object({
  version: versionNumber.optional(),
  zone: z.string().trim().min(1).max(40),
  industryPrefix: z.union([
    z.literal(''),
    z.string().regex(/^([A-T]|\d{2,4})$/, { message: 'industry_prefix' }),
  ]),
  minIntensityYuanPerMu: yuan.optional(),
  minTaxPerMuYuan: yuan.optional(),
  minTotalYuan: yuan.optional(),
  note: z.string().trim().max(200).optional(),
  isExample: z.boolean().optional(),
});
export type StandardBody = z.infer<typeof standardBody>;

export const STANCES = ['agree', 'conditional', 'disagree'] as const;
export const STANCE_LABELS: Record<(typeof STANCES)[number], Record<Lang, string>> = {
  agree: { zh: '同意', en: 'Agree' },
  conditional: { zh: '有条件同意', en: 'Agree with conditions' },
  disagree: { zh: '不同意', en: 'Disagree' },
};
export const DECISIONS = ['approved', 'conditional', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_LABELS: Record<Decision, Record<Lang, string>> = {
  approved: { zh: '准入', en: 'Approved' },
  conditional: { zh: '有条件准入', en: 'Approved with conditions' },
  rejected: { zh: '不予准入', en: 'Rejected' },
};

export const proposalFields = {
  zone: z.string().trim().min(1).max(40),
  industryCode: industryCode.optional(),
  totalInvestmentYuan: yuan.min(1),
  fixedAssetYuan: yuan,
  landMu: z.number().positive().max(100_000),
  taxPerMuYuan: yuan.optional(),
};
export const reviewBody = z.object({ ...proposalFields, version: versionNumber.optional() });
export type ReviewBody = z.infer<typeof reviewBody>;
export const opinionBody = z.object({
  version: versionNumber,
  department: z.string().trim().min(1).max(60),
  stance: z.enum(STANCES),
  opinion: z.string().trim().min(1).max(1000),
});
export type OpinionBody = z.infer<typeof opinionBody>;
export const decisionBody = z.object({
  version: versionNumber,
  decision: z.enum(DECISIONS),
  decidedOn: dateString,
  note: z.string().trim().max(1000).optional(),
});
export type DecisionBody = z.infer<typeof decisionBody>;

/** A proposal's figures, as the standards judge them. */
export interface Proposal {
  industryCode: string | null;
  totalInvestmentYuan: number;
  fixedAssetYuan: number;
  landMu: number;
  taxPerMuYuan: number | null;
}
export interface Standard {
  zone: string;
  industryPrefix: string;
  minIntensityYuanPerMu: number | null;
  minTaxPerMuYuan: number | null;
  minTotalYuan: number | null;
}

/** The standard row that applies: the zone's most specific industry prefix, else its all-industry row. */
export function standardFor<S extends Standard>(
  standards: readonly S[],
  zone: string,
  code: string | null,
): S | null {
  const fits = standards.filter(
    (s) => s.zone === zone && (s.industryPrefix === '' || code?.startsWith(s.industryPrefix) === true),
  );
  return fits.sort((a, b) => b.industryPrefix.length - a.industryPrefix.length)[0] ?? null;
}

export type CheckVerdict = 'pass' | 'fail' | 'unknown';
export interface StandardCheck {
  term: 'intensity' | 'taxPerMu' | 'minTotal';
  required: number;
  proposed: number | null;
  verdict: CheckVerdict;
}

/** Each of the standard's minimums against the proposal: investment intensity, tax per 亩, scale. */
export function checkAgainst(standard: Standard | null, p: Proposal): StandardCheck[] {
  if (!standard) return [];
  const out: StandardCheck[] = [];
  const judge = (term: StandardCheck['term'], required: number | null, proposed: number | null) => {
    if (required === null) return;
    out.push({
      term,
      required,
      proposed,
      verdict: proposed === null ? 'unknown' : proposed >= required ? 'pass' : 'fail',
    });
  };
  judge(
    'intensity',
    standard.minIntensityYuanPerMu,
    p.landMu > 0 ? Math.round(p.fixedAssetYuan / p.landMu) : null,
  );
  judge('taxPerMu', standard.minTaxPerMuYuan, p.taxPerMuYuan);
  judge('minTotal', standard.minTotalYuan, p.totalInvestmentYuan);
  return out;
}

export const CHECK_LABELS: Record<StandardCheck['term'], Record<Lang, string>> = {
  intensity: { zh: '投资强度', en: 'Investment intensity' },
  taxPerMu: { zh: '亩均税收', en: 'Tax per 亩 a year' },
  minTotal: { zh: '最低投资规模', en: 'Minimum scale' },
};

export const PERFORMANCE = ['met', 'on_track', 'behind', 'breached', 'not_due'] as const;
export type Performance = (typeof PERFORMANCE)[number];
export const PERFORMANCE_LABELS: Record<Performance, Record<Lang, string>> = {
  met: { zh: '已履约', en: 'Met' },
  on_track: { zh: '正常', en: 'On track' },
  behind: { zh: '预警', en: 'At risk' },
  breached: { zh: '违约', en: 'Breached' },
  not_due: { zh: '未到考核期', en: 'Not yet due' },
};
export const TERMS = ['start', 'production', 'investment', 'taxPerMu', 'output'] as const;
export type Term = (typeof TERMS)[number];
export const TERM_LABELS: Record<Term, Record<Lang, string>> = {
  start: { zh: '动工期限', en: 'Start deadline' },
  production: { zh: '投产期限', en: 'Production deadline' },
  investment: { zh: '到位资金', en: 'Investment in place' },
  taxPerMu: { zh: '亩均税收', en: 'Tax per 亩' },
  output: { zh: '年产值', en: 'Annual output' },
};

/** Days before a deadline when an unmet term is flagged (临近期限). */
export const NEAR_DAYS = 60;

export interface AgreementFacts {
  signedOn: string;
  totalInvestmentYuan: number;
  landMu: number;
  taxPerMuYuan: number | null;
  outputYuan: number | null;
  startDeadline: string | null;
  productionDeadline: string | null;
  fullProductionYear: number | null;
}
export interface ActualFacts {
  year: number;
  investedYuan: number;
  taxYuan: number | null;
  outputYuan: number | null;
}
export interface TermView {
  term: Term;
  verdict: Performance;
  /** A milestone's deadline and the day it was reached; an amount's agreed and actual figures. */
  agreedDate: string | null;
  actualDate: string | null;
  agreedValue: number | null;
  actualValue: number | null;
  /** When it is judged: a deadline, or the year full production is due. */
  due: string | null;
}

/**
 * Each term of an agreement on `today`: a milestone met by its deadline, breached once the deadline
 * passes unmet (or met late), behind within NEAR_DAYS of it; investment in place against the total
 * by the full-production year (behind while below the share of the time from signing gone); tax per
 * 亩 and output from the full-production year's actuals on.
 */
export function performanceOf(
  a: AgreementFacts,
  actuals: ActualFacts[],
  milestones: { startedOn: string | null; inProductionOn: string | null },
  today: string,
): TermView[] {
  const milestone = (
    term: 'start' | 'production',
    deadline: string | null,
    reached: string | null,
  ): TermView => {
    let verdict: Performance;
    if (!deadline) verdict = 'not_due';
    else if (reached) verdict = reached <= deadline ? 'met' : 'breached';
    else if (today > deadline) verdict = 'breached';
    else verdict = addDays(today, NEAR_DAYS) >= deadline ? 'behind' : 'on_track';
    return {
      term,
      verdict,
      agreedDate: deadline,
      actualDate: reached,
      agreedValue: null,
      actualValue: null,
      due: deadline,
    };
  };
  const full = a.fullProductionYear;
  const thisYear = Number(today.slice(0, 4));
  const invested = actuals.reduce((s, x) => s + x.investedYuan, 0);
  let investment: Performance;
  if (invested >= a.totalInvestmentYuan) investment = 'met';
  else if (!full) investment = 'not_due';
  else if (thisYear > full) investment = 'breached';
  else {
    const start = Number(a.signedOn.slice(0, 4));
    const share = Math.min(1, (thisYear - start + 1) / (full - start + 1));
    investment = invested >= a.totalInvestmentYuan * share ? 'on_track' : 'behind';
  }
  // Tax and output are judged on the full-production year's figures and each year after.
  const judged = full ? actuals.filter((x) => x.year >= full).sort((x, y) => y.year - x.year)[0] : undefined;
  const yearly = (term: 'taxPerMu' | 'output', agreed: number | null, actual: number | null): TermView => {
    let verdict: Performance;
    if (agreed === null || !full || thisYear <= full) verdict = 'not_due';
    else if (actual === null) verdict = 'behind';
    else verdict = actual >= agreed ? 'met' : 'breached';
    const due = full ? `${full}-12-31` : null;
    return {
      term,
      verdict,
      agreedDate: null,
      actualDate: null,
      agreedValue: agreed,
      actualValue: actual,
      due,
    };
  };
  const taxPerMu =
    judged && judged.taxYuan !== null && a.landMu > 0 ? Math.round(judged.taxYuan / a.landMu) : null;
  return [
    milestone('start', a.startDeadline, milestones.startedOn),
    milestone('production', a.productionDeadline, milestones.inProductionOn),
    {
      term: 'investment',
      verdict: investment,
      agreedDate: null,
      actualDate: null,
      agreedValue: a.totalInvestmentYuan,
      actualValue: invested,
      due: full ? `${full}-12-31` : null,
    },
    yearly('taxPerMu', a.taxPerMuYuan, taxPerMu),
    yearly('output', a.outputYuan, judged?.outputYuan ?? null),
  ];
}
