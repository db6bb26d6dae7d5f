/**
 * Investors and the field (#15): the investor register (客商库) with its contacts, the visits made
 * to firms (拜访 …) and the trips and events they belong to (外出招商 …). Pure: the kinds, the masking
 * of a contact's e-mail, and every input schema, shared by the server and the web forms.
 */
import { z } from 'zod';
import { dateString } from './calendar/schemas.js';
import { recordId, recordIdText, versionNumber } from './ids.js';
import { creditCode, industryCode, investorName } from './leads/schemas.js';
import { INVESTOR_TYPES } from './leads/stages.js';
import type { Lang } from './messages.js';
import { isPhoneNumber } from './phone.js';
import { pageQuery } from './schemas.js';

/** An investor's kind is the lead's investor type (民营 / 国有 / 外资 / 港澳台 …): one list. */
export const INVESTOR_KINDS = INVESTOR_TYPES;

export const CHAIN_ROLES = ['chain_leader', 'supplier'] as const;
export type ChainRole = (typeof CHAIN_ROLES)[number];
export const CHAIN_ROLE_LABELS: Record<ChainRole, Record<Lang, string>> = {
  chain_leader: { zh: '链主企业', en: 'Chain leader' },
  supplier: { zh: '配套企业', en: 'Supplier' },
};

export const VISIT_KINDS = ['visit', 'reception', 'video', 'event'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];
export const VISIT_KIND_LABELS: Record<VisitKind, Record<Lang, string>> = {
  visit: { zh: '上门拜访', en: 'Visit' },
  reception: { zh: '来访接待', en: 'Reception' },
  video: { zh: '视频洽谈', en: 'Video call' },
  event: { zh: '展会或推介会上洽谈', en: 'At a fair or event' },
};

export const TRIP_KINDS = ['outbound', 'resident', 'event'] as const;
export type TripKind = (typeof TRIP_KINDS)[number];
export const TRIP_KIND_LABELS: Record<TripKind, Record<Lang, string>> = {
  outbound: { zh: '外出招商', en: 'Promotion trip' },
  resident: { zh: '驻点招商', en: 'Resident team' },
  event: { zh: '招商推介会', en: 'Promotion event' },
};

/** An e-mail as personal information is shown to those who may not read it: z****@example.com. */
export function maskEmail(raw: string): string {
  const at = raw.indexOf('@');
  if (at <= 0) return '****';
  return `${raw[0]}****${raw.slice(at)}`;
}

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const investorFields = {
  name: investorName,
  creditCode: creditCode.nullable().optional(),
  /** Former names and other names the firm is known by. */
  aliases: z.array(text(100)).max(20).optional(),
  kind: z.enum(INVESTOR_KINDS).nullable().optional(),
  /** Where the headquarters are: 深圳市, 香港 …. */
  hqRegion: optionalText(50),
  industryCode: industryCode.nullable().optional(),
  chainRole: z.enum(CHAIN_ROLES).nullable().optional(),
  notes: optionalText(2000),
};

export const createInvestorBody = z.object(investorFields).strict();
export type CreateInvestorBody = z.infer<typeof createInvestorBody>;
export const updateInvestorBody = z
  .object(investorFields)
  .partial()
  .extend({ version: versionNumber })
  .strict();
export type UpdateInvestorBody = z.infer<typeof updateInvestorBody>;

export const contactBody = z
  .object({
    name: text(50),
    title: optionalText(50),
    phone: z.string().trim().max(30).refine(isPhoneNumber, { message: 'phone_format' }).nullable().optional(),
    email: z.string().trim().max(100).email({ message: 'email_format' }).nullable().optional(),
  })
  .strict();
export type ContactBody = z.infer<typeof contactBody>;

/** The city officer merges a duplicate investor into the one that stays. */
export const mergeInvestorBody = z.object({ intoId: recordId, reason: text(500) }).strict();

export const listInvestorsQuery = pageQuery.extend({
  /** Name, former name or credit code, in part. */
  q: z.string().trim().max(100).optional(),
  kind: z.enum(INVESTOR_KINDS).optional(),
  chainRole: z.enum(CHAIN_ROLES).optional(),
});
export type ListInvestorsQuery = z.infer<typeof listInvestorsQuery>;

/** The firm of a visit: one of the register, or a name (and code) to find or add there. */
const firmFields = {
  investorId: recordId.optional(),
  investorName: investorName.optional(),
  investorCreditCode: creditCode.nullable().optional(),
};

const visitFields = {
  kind: z.enum(VISIT_KINDS),
  visitDate: dateString,
  place: optionalText(100),
  /** Our people who took part. */
  participants: text(200),
  /** The firm's people met (names and titles as said). */
  firmContacts: optionalText(200),
  discussion: text(4000),
  nextSteps: optionalText(2000),
  nextDueDate: dateString.nullable().optional(),
  leadId: recordId.nullable().optional(),
  projectId: recordId.nullable().optional(),
  tripId: recordId.nullable().optional(),
};

export const createVisitBody = z.object({ ...visitFields, ...firmFields }).strict();
export type CreateVisitBody = z.infer<typeof createVisitBody>;
export const updateVisitBody = z.object(visitFields).partial().extend({ version: versionNumber }).strict();
export type UpdateVisitBody = z.infer<typeof updateVisitBody>;

export const listVisitsQuery = pageQuery.extend({
  investorId: recordIdText.optional(),
  tripId: recordIdText.optional(),
  orgId: recordIdText.optional(),
  from: dateString.optional(),
  to: dateString.optional(),
});
export type ListVisitsQuery = z.infer<typeof listVisitsQuery>;

const tripFields = {
  kind: z.enum(TRIP_KINDS),
  title: text(100),
  /** Where: 深圳市, 上海市, 香港 …. */
  city: text(50),
  startDate: dateString,
  endDate: dateString,
  team: text(200),
  /** Firms planned to be visited, from the register. */
  plannedInvestorIds: z.array(recordId).max(100).optional(),
};

export const createTripBody = z.object(tripFields).strict();
export type CreateTripBody = z.infer<typeof createTripBody>;
export const updateTripBody = z.object(tripFields).partial().extend({ version: versionNumber }).strict();
export type UpdateTripBody = z.infer<typeof updateTripBody>;
export const tripReportBody = z.object({ report: text(8000), version: versionNumber }).strict();

export const listTripsQuery = pageQuery.extend({
  orgId: recordIdText.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

/** Visits and trips per organisation and month; firms visited with no lead after N months. */
export const fieldReportQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  orgId: recordIdText.optional(),
});
export const fieldReportXlsxQuery = fieldReportQuery.extend({
  months: z.coerce.number().int().min(1).max(36).default(3),
});
export const staleFirmsQuery = z.object({
  months: z.coerce.number().int().min(1).max(36).default(3),
  orgId: recordIdText.optional(),
});
