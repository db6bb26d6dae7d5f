import { z } from 'zod';
import { dateString, instantString } from '../calendar/schemas.js';
import { isValidCreditCode } from '../creditCode.js';
import { recordId, recordIdText, versionNumber } from '../ids.js';
import { INDUSTRY_CODE_RE } from '../industries.js';
import { isPhoneNumber } from '../phone.js';
import { pageQuery } from '../schemas.js';
import { LOST_REASONS } from './lost.js';
import { tidyName } from './normalize.js';
import { CHANNELS, INVESTOR_TYPES, LEAD_STAGES, type LeadAction, REFERRER_KINDS } from './stages.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();
/** Integer yuan; up to 10 万亿 (1e13), far above any single project. */
export const yuan = z.number().int().min(0).max(1e13);

/** An investor's name as stored: trimmed, spaces inside a Chinese name removed (tidyName). */
export const investorName = text(100).overwrite(tidyName);

export const creditCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidCreditCode, { message: 'credit_code_invalid' });

export const industryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(INDUSTRY_CODE_RE, { message: 'industry_code_format' });

export const referrer = z.object({
  name: text(50),
  organization: optionalText(100),
  phone: z.string().trim().max(30).refine(isPhoneNumber, { message: 'phone_format' }).nullable().optional(),
  kind: z.enum(REFERRER_KINDS),
});

const leadFields = {
  projectName: text(100),
  investorName,
  investorCreditCode: creditCode.optional(),
  investorType: z.enum(INVESTOR_TYPES).optional(),
  industryCode: industryCode.optional(),
  chainId: recordId.optional(),
  chainLinkId: recordId.optional(),
  plannedInvestmentYuan: yuan.min(1),
  fixedAssetInvestmentYuan: yuan.optional(),
  landAreaMu: z.number().min(0).max(1_000_000).optional(),
  referrer,
  channel: z.enum(CHANNELS),
  isMajor: z.boolean().optional(),
};

export const createLeadBody = z.object({
  ...leadFields,
  receivedAt: instantString.optional(),
  confirmNotDuplicate: z.boolean().optional(),
  /** The firm chosen from the register (客商库) as the name was typed. */
  investorId: recordId.optional(),
  /** The visit the lead comes from: the visit is linked to it. */
  sourceVisitId: recordId.optional(),
});

export const updateLeadBody = z
  .object(leadFields)
  .partial()
  .extend({
    version: versionNumber,
    investorCreditCode: creditCode.nullable().optional(),
    industryCode: industryCode.nullable().optional(),
    receivedAt: instantString.optional(),
  })
  .strict();

const at = instantString.optional();

export const KEY_FACTS = [
  'investorProfile',
  'investmentContent',
  'benefits',
  'siteRequirements',
  'coordinationNeeds',
] as const;
/** The key facts (attachment 2); each may come at response or later (the supplement step). */
const keyInfo = z.object(
  Object.fromEntries(KEY_FACTS.map((k) => [k, optionalText(2000)])) as {
    [K in (typeof KEY_FACTS)[number]]: ReturnType<typeof optionalText>;
  },
);

export const respondBody = z.object({
  ownerUserId: recordId,
  contactNote: text(2000),
  keyInfo: keyInfo.optional(),
  at,
});

export const supplementBody = z.object({
  keyInfo: keyInfo.refine((k) => Object.values(k).some((v) => v), {
    message: 'key_facts_empty',
  }),
  at,
});

export const ASPECTS = [
  'industryDirection',
  'industryPull',
  'marketProspects',
  'technologyRoute',
  'environment',
  'energy',
  'benefits',
] as const;

export const assessBody = z.object({
  decision: z.enum(['follow', 'decline']),
  aspects: z.object(
    Object.fromEntries(ASPECTS.map((a) => [a, text(2000)])) as Record<
      (typeof ASPECTS)[number],
      ReturnType<typeof text>
    >,
  ),
  proposals: text(2000),
  at,
});

export const feedbackBody = z.object({
  to: text(100),
  channel: z.enum(['phone', 'meeting', 'letter', 'message', 'email', 'other']),
  note: text(2000),
  at,
});

export const dispatchBody = z.object({
  countyOrgIds: z.array(recordId).min(1).max(20),
  cityCoFollow: z.boolean().optional(),
  reason: optionalText(500),
  at,
});

export const progressBody = z.object({
  summary: text(4000),
  nextSteps: text(2000),
  blockers: optionalText(2000),
  at,
});

export const signBody = z.object({
  signedAt: dateString.optional(),
  name: optionalText(100),
  countyOrgId: recordId.optional(),
  totalInvestmentYuan: yuan.min(1).optional(),
  industryCode: industryCode.optional(),
  at,
});

/** Closing a lead; one lost to another city records where it went and why (DOMAIN.md §8). */
export const closeBody = z.object({
  reason: text(500),
  lostToCity: optionalText(40),
  lostReason: z.enum(LOST_REASONS).optional(),
  at,
});

export const mergeBody = z.object({ intoLeadId: recordId, note: optionalText(500) });
export const ownerBody = z.object({ ownerOrgId: recordId, note: optionalText(500) });

const csv = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item)).optional();

export const listLeadsQuery = pageQuery.extend({
  stage: csv(z.enum(LEAD_STAGES)),
  countyOrgId: recordIdText.optional(),
  channel: csv(z.enum(CHANNELS)),
  industryCode: industryCode.optional(),
  slaStatus: z.enum(['pending', 'due_soon', 'overdue']).optional(),
  q: z.string().trim().max(100).optional(),
  minYuan: z.coerce.number().int().min(0).optional(),
  maxYuan: z.coerce.number().int().min(0).optional(),
  receivedFrom: dateString.optional(),
  receivedTo: dateString.optional(),
  clusterId: recordIdText.optional(),
  chainId: recordIdText.optional(),
  chainLinkId: recordIdText.optional(),
  sort: z.enum(['receivedAt', 'plannedInvestmentYuan', 'code', 'dueAt']).default('receivedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export type CreateLeadBody = z.infer<typeof createLeadBody>;
export type UpdateLeadBody = z.infer<typeof updateLeadBody>;
export type ListLeadsQuery = z.infer<typeof listLeadsQuery>;

export const setRecordClustersBody = z.object({ clusterIds: z.array(recordId).max(50) });

export const chainLinkBody = z.object({
  position: z.enum(['upstream', 'midstream', 'downstream']),
  name: z.string().trim().min(1).max(50),
  products: z.string().trim().max(500).optional(),
});

export const chainFirmBody = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['local', 'target']),
  isLeader: z.boolean().optional(),
  orgId: recordId.optional(),
  note: z.string().trim().max(500).optional(),
});

export const createChainBody = z.object({
  name: z.string().trim().min(1).max(50),
  clusterId: recordId.optional(),
  description: z.string().trim().max(1000).optional(),
});

export const updateChainBody = createChainBody
  .pick({ name: true, description: true })
  .partial()
  .extend({ version: versionNumber });

/** Each step action's body, by action (the route validates with it; the handler receives its type). */
export const STEP_BODIES = {
  respond: respondBody,
  assess: assessBody,
  feedback: feedbackBody,
  dispatch: dispatchBody,
  progress: progressBody,
  sign: signBody,
  close: closeBody,
  supplement: supplementBody,
} as const satisfies Record<LeadAction, z.ZodType>;
export type StepBody<A extends LeadAction> = z.infer<(typeof STEP_BODIES)[A]>;
