/** What the investor register, visits and trips answer (#15). */
import { z } from 'zod';
import { CHAIN_ROLES, INVESTOR_KINDS, TRIP_KINDS, VISIT_KINDS } from '../investors.js';
import { instant, isoDate, pageOf } from './common.js';

/** Who follows a firm: an organisation and the people of it who work on the firm (一盘棋). */
export const follower = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  people: z.array(z.string()),
});

export const investorSummary = z
  .object({
    id: z.number().int(),
    name: z.string(),
    creditCode: z.string().nullable(),
    aliases: z.array(z.string()),
    kind: z.enum(INVESTOR_KINDS).nullable(),
    hqRegion: z.string().nullable(),
    industryCode: z.string().nullable(),
    chainRole: z.enum(CHAIN_ROLES).nullable(),
    followers: z.array(follower).describe('Every organisation following the firm, city-wide'),
    lastVisitDate: isoDate.nullable().describe('The latest visit the reader may see'),
  })
  .meta({ id: 'InvestorSummary' });

export const investorPage = pageOf(investorSummary);

export const investorContact = z.object({
  id: z.number().int(),
  name: z.string(),
  title: z.string().nullable(),
  phone: z.string().nullable().describe('Masked (138****5678); POST …/reveal for the full number'),
  email: z.string().nullable().describe('Masked (z****@example.com)'),
  addedByName: z.string(),
  createdAt: instant,
});

const recordRef = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  stage: z.string(),
  orgName: z.string(),
  amountYuan: z.number().int(),
});

export const visitSummary = z
  .object({
    id: z.number().int(),
    version: z.number().int(),
    kind: z.enum(VISIT_KINDS),
    visitDate: isoDate,
    place: z.string().nullable(),
    orgId: z.number().int(),
    orgName: z.string(),
    investorId: z.number().int(),
    investorName: z.string(),
    participants: z.string(),
    discussion: z.string(),
    nextSteps: z.string().nullable(),
    nextDueDate: isoDate.nullable(),
    nextDoneAt: instant.nullable(),
    leadId: z.number().int().nullable(),
    projectId: z.number().int().nullable(),
    tripId: z.number().int().nullable(),
    createdByName: z.string(),
    canRecord: z.boolean().describe('The reader may edit it and log on it (policies visit.record)'),
  })
  .meta({ id: 'VisitSummary' });

export const investorDetail = z
  .object({
    ...investorSummary.shape,
    version: z.number().int(),
    notes: z.string().nullable(),
    mergedIntoId: z.number().int().nullable(),
    contacts: z.array(investorContact).nullable().describe('Null for leaders: they see firms, not contacts'),
    contactRevealable: z.boolean().describe('The reader follows the firm and may reveal a contact in full'),
    leads: z.array(recordRef).describe('The leads of the firm the reader may see'),
    projects: z.array(recordRef),
    visits: z.array(visitSummary),
    chains: z.array(z.object({ id: z.number().int(), name: z.string() })),
  })
  .meta({ id: 'InvestorDetail' });

export const investorAnswer = z.object({ investor: investorDetail });

export const revealedContact = z.object({ phone: z.string().nullable(), email: z.string().nullable() });

export const visitPage = pageOf(visitSummary);
export const visitAnswer = z.object({ visit: visitSummary });

export const tripOutcome = z.object({
  visits: z.number().int(),
  firmsVisited: z.number().int(),
  plannedVisited: z.number().int().describe('Planned firms that were visited'),
  leads: z.number().int().describe('Leads created from the trip’s visits'),
  signed: z.number().int().describe('Of those, signed as projects'),
  signedYuan: z.number().int().describe('Their projects’ total investment'),
});

export const tripSummary = z
  .object({
    id: z.number().int(),
    version: z.number().int(),
    kind: z.enum(TRIP_KINDS),
    title: z.string(),
    city: z.string(),
    startDate: isoDate,
    endDate: isoDate,
    team: z.string(),
    orgId: z.number().int(),
    orgName: z.string(),
    reportDueDate: isoDate.nullable(),
    reportStatus: z.string().describe('The report clock: pending, due_soon, overdue, met or met_late'),
    reportedAt: instant.nullable(),
    outcome: tripOutcome,
    canRecord: z.boolean().describe('The reader may edit it, log visits in it and report it'),
  })
  .meta({ id: 'TripSummary' });

export const tripDetail = z
  .object({
    ...tripSummary.shape,
    report: z.string().nullable(),
    reportedByName: z.string().nullable(),
    createdByName: z.string(),
    planned: z.array(z.object({ id: z.number().int(), name: z.string(), visited: z.boolean() })),
    visits: z.array(visitSummary),
  })
  .meta({ id: 'TripDetail' });

export const tripPage = pageOf(tripSummary);
export const tripAnswer = z.object({ trip: tripDetail });

export const fieldReport = z.object({
  year: z.number().int(),
  rows: z.array(
    z.object({
      orgId: z.number().int(),
      orgName: z.string(),
      /** Twelve months, January first. */
      visits: z.array(z.number().int()),
      trips: z.array(z.number().int()),
      leads: z.number().int().describe('Leads created from the year’s visits'),
    }),
  ),
});

export const staleFirms = z.object({
  months: z.number().int(),
  items: z.array(
    z.object({
      investorId: z.number().int(),
      name: z.string(),
      firstVisitDate: isoDate,
      lastVisitDate: isoDate,
      visits: z.number().int(),
      orgNames: z.array(z.string()),
    }),
  ),
});

export const visitNextStep = z.object({
  visitId: z.number().int(),
  investorName: z.string(),
  nextSteps: z.string(),
  nextDueDate: isoDate,
  overdue: z.boolean(),
});
export const myVisitSteps = z.object({ items: z.array(visitNextStep) });
