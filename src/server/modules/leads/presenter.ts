import type { LeadDto } from '../../../core/api/leads.js';
import type { WorkCalendar } from '../../../core/calendar/calendar.js';
import type { LostReason } from '../../../core/leads/lost.js';
import { LEAD_CLOCKS, type LeadClock, type LeadStage } from '../../../core/leads/stages.js';
import { maskPhone } from '../../../core/phone.js';
import type { LeadRow, SlaClockRow } from '../../db/tables.js';
import { industryCatalogue } from '../industries/catalogue.js';
import { type ClockView, presentClock } from '../sla/clocks.js';

/** API.md's lead, plus what the pages need. A whitelist over the row. */
export function presentLead(
  row: LeadRow,
  extra: {
    countyOrgIds: number[];
    clusterIds: number[];
    clocks: SlaClockRow[];
    calendar: WorkCalendar;
    now: Date;
    dueSoonWorkingHours: number;
  },
): LeadDto {
  const latest = new Map<string, SlaClockRow>();
  for (const c of extra.clocks) {
    const prev = latest.get(c.step);
    if (!prev || c.id > prev.id) latest.set(c.step, c);
  }
  const sla = Object.fromEntries(
    LEAD_CLOCKS.map((k) => [
      k,
      presentClock(latest.get(k), extra.calendar, extra.now, extra.dueSoonWorkingHours),
    ]),
  ) as Record<LeadClock, ClockView>;
  const steps = JSON.parse(row.step_data) as Record<string, unknown>;
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    stage: row.stage as LeadStage,
    projectName: row.project_name,
    investorName: row.investor_name,
    ...(row.investor_credit_code ? { investorCreditCode: row.investor_credit_code } : {}),
    investorId: row.investor_id,
    ...(row.investor_type ? { investorType: row.investor_type } : {}),
    ...(row.industry_code
      ? { industryCode: row.industry_code, industryName: industryCatalogue().get(row.industry_code)?.name }
      : {}),
    ...(row.chain_id ? { chainId: row.chain_id } : {}),
    ...(row.chain_link_id ? { chainLinkId: row.chain_link_id } : {}),
    plannedInvestmentYuan: row.planned_investment_yuan,
    ...(row.fixed_asset_investment_yuan !== null
      ? { fixedAssetInvestmentYuan: row.fixed_asset_investment_yuan }
      : {}),
    ...(row.land_area_mu !== null ? { landAreaMu: row.land_area_mu } : {}),
    referrer: {
      name: row.referrer_name,
      ...(row.referrer_org ? { organization: row.referrer_org } : {}),
      // Personal information: masked here; in full only through POST /api/leads/{id}/contact (audited).
      ...(row.referrer_phone ? { phone: maskPhone(row.referrer_phone) } : {}),
      kind: row.referrer_kind,
    },
    channel: row.channel,
    receivedAt: row.received_at,
    isMajor: row.is_major === 1,
    ...(row.owner_user_id ? { ownerUserId: row.owner_user_id } : {}),
    ownerOrgId: row.owner_org_id,
    registeredByUserId: row.registered_by_user_id,
    countyOrgIds: extra.countyOrgIds,
    clusterIds: extra.clusterIds,
    cityCoFollow: row.city_co_follow === 1,
    ...(row.decision ? { decision: row.decision as 'follow' | 'decline' } : {}),
    ...(row.closed_reason ? { closedReason: row.closed_reason } : {}),
    ...(row.lost_to_city ? { lostToCity: row.lost_to_city } : {}),
    ...(row.lost_reason ? { lostReason: row.lost_reason as LostReason } : {}),
    ...(row.merged_into_id ? { mergedIntoId: row.merged_into_id } : {}),
    ...(row.project_id ? { projectId: row.project_id } : {}),
    steps,
    waiting: row.waiting_step
      ? { step: row.waiting_step as LeadClock, dueDate: row.waiting_due_date, dueAt: row.waiting_due_at }
      : null,
    sla,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
