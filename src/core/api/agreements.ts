/** What the agreement, standards, review and lost-lead endpoints answer (#16 items 1, 5, 6). */
import { z } from 'zod';
import { LOST_REASONS } from '../leads/lost.js';
import { DECISIONS, PERFORMANCE, STANCES, TERMS } from '../projects/agreements.js';
import { instant, isoDate } from './common.js';

export const landStandard = z
  .object({
    id: z.number().int(),
    version: z.number().int(),
    zone: z.string(),
    industryPrefix: z.string().describe("GB/T 4754 prefix; '' for every industry"),
    minIntensityYuanPerMu: z.number().int().nullable(),
    minTaxPerMuYuan: z.number().int().nullable(),
    minTotalYuan: z.number().int().nullable(),
    note: z.string().nullable(),
    isExample: z.boolean().describe('Demo figures, to be replaced by the city’s own'),
    updatedByName: z.string(),
    updatedAt: instant,
  })
  .meta({ id: 'LandStandard' });

/** The standard row that applies to a proposal (inline: a nullable reference is not OpenAPI 3.0). */
const standardRef = z.object(landStandard.shape);

export const standardCheck = z.object({
  term: z.enum(['intensity', 'taxPerMu', 'minTotal']),
  required: z.number(),
  proposed: z.number().nullable(),
  verdict: z.enum(['pass', 'fail', 'unknown']),
});

export const agreementAnswer = z
  .object({
    agreement: z
      .object({
        version: z.number().int(),
        signedOn: isoDate,
        zone: z.string().nullable(),
        totalInvestmentYuan: z.number().int(),
        fixedAssetYuan: z.number().int(),
        landMu: z.number(),
        intensityYuanPerMu: z.number().int(),
        taxPerMuYuan: z.number().int().nullable(),
        outputYuan: z.number().int().nullable(),
        startDeadline: isoDate.nullable(),
        productionDeadline: isoDate.nullable(),
        fullProductionYear: z.number().int().nullable(),
        updatedByName: z.string(),
        updatedAt: instant,
      })
      .nullable(),
    actuals: z.array(
      z.object({
        year: z.number().int(),
        version: z.number().int(),
        investedYuan: z.number().int(),
        taxYuan: z.number().int().nullable(),
        outputYuan: z.number().int().nullable(),
      }),
    ),
    terms: z.array(
      z.object({
        term: z.enum(TERMS),
        verdict: z.enum(PERFORMANCE),
        agreedDate: isoDate.nullable().describe("A milestone's deadline"),
        actualDate: isoDate.nullable().describe('The day the milestone was reached'),
        agreedValue: z.number().nullable().describe("An amount's agreed figure (yuan; tax: yuan per 亩)"),
        actualValue: z.number().nullable(),
        due: isoDate.nullable(),
      }),
    ),
    standard: standardRef.nullable(),
    standardCheck: z.array(standardCheck),
    canEdit: z.boolean(),
    openBreaches: z.array(z.enum(TERMS)).describe('Terms with an open 协议履约 coordination issue'),
  })
  .meta({ id: 'ProjectAgreement' });
export type AgreementDto = z.infer<typeof agreementAnswer>;

export const breachBody = z.object({ term: z.enum(TERMS), note: z.string().trim().max(500).optional() });

export const review = z
  .object({
    id: z.number().int(),
    leadId: z.number().int(),
    version: z.number().int(),
    zone: z.string(),
    industryCode: z.string().nullable(),
    totalInvestmentYuan: z.number().int(),
    fixedAssetYuan: z.number().int(),
    landMu: z.number(),
    taxPerMuYuan: z.number().int().nullable(),
    intensityYuanPerMu: z.number().int(),
    opinions: z.array(
      z.object({
        department: z.string(),
        stance: z.enum(STANCES),
        opinion: z.string(),
        byName: z.string(),
        at: instant,
      }),
    ),
    decision: z.enum(DECISIONS).nullable(),
    decidedOn: isoDate.nullable(),
    decisionNote: z.string().nullable(),
    standard: standardRef.nullable(),
    checks: z.array(standardCheck),
    createdByName: z.string(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'AdmissionReview' });
export type ReviewAnswerDto = z.infer<typeof review>;

export const reviewsAnswer = z.object({
  items: z.array(review),
  thresholdYuan: z.number().int().nullable().describe('Signing at or above this needs a decided review'),
  canManage: z.boolean(),
});
export const thresholdBody = z.object({ minYuan: z.number().int().min(1).max(1e13).nullable() });
export const thresholdAnswer = z.object({ minYuan: z.number().int().nullable() });

export const lostLeadsAnswer = z
  .object({
    from: isoDate,
    to: isoDate,
    closed: z.number().int(),
    lost: z.number().int(),
    byReason: z.array(
      z.object({
        reason: z.enum(LOST_REASONS).nullable(),
        label: z.string(),
        count: z.number().int(),
        investmentYuan: z.number().int(),
      }),
    ),
    byCity: z.array(z.object({ city: z.string(), count: z.number().int() })),
    items: z.array(
      z.object({
        id: z.number().int(),
        code: z.string(),
        projectName: z.string(),
        investorName: z.string(),
        plannedInvestmentYuan: z.number().int(),
        lostToCity: z.string().nullable(),
        lostReason: z.enum(LOST_REASONS).nullable(),
        note: z.string().nullable(),
        closedAt: instant,
      }),
    ),
  })
  .meta({ id: 'LostLeads' });
