/**
 * Lost leads (DOMAIN.md §8, #16 item 1): the leads closed in a period over those the user may see,
 * counted by the reason and by the city they went to, so the city reviews why it loses projects.
 */
import type { Kysely } from 'kysely';
import { addDays, startOfShanghaiDay } from '../../../core/calendar/dates.js';
import { LOST_REASON_LABELS, LOST_REASONS, type LostReason } from '../../../core/leads/lost.js';
import { leadScope, type Principal } from '../../auth/policies.js';
import type { Database } from '../../db/tables.js';
import { invalidField } from '../../errors.js';
import { visibleTo } from './queries.js';

export async function lostLeads(db: Kysely<Database>, user: Principal, q: { from: string; to: string }) {
  if (q.to < q.from)
    throw invalidField('to', { zh: '结束日期不能早于开始日期', en: 'cannot be before the start' });
  const rows = await visibleTo(db.selectFrom('leads'), leadScope(user))
    .innerJoin('lead_events as e', 'e.lead_id', 'leads.id')
    .select([
      'leads.id',
      'leads.code',
      'leads.project_name',
      'leads.investor_name',
      'leads.planned_investment_yuan',
      'leads.lost_to_city',
      'leads.lost_reason',
      'leads.closed_reason',
      'e.at',
    ])
    .where('leads.stage', '=', 'closed')
    .where('e.type', '=', 'close')
    .where('e.at', '>=', new Date(startOfShanghaiDay(q.from)).toISOString())
    .where('e.at', '<', new Date(startOfShanghaiDay(addDays(q.to, 1))).toISOString())
    .orderBy('e.at', 'desc')
    .execute();
  const lost = rows.filter((r) => r.lost_reason || r.lost_to_city);
  const byReason = [...LOST_REASONS, null]
    .map((reason) => {
      const of = lost.filter((r) => (r.lost_reason ?? null) === reason);
      return {
        reason: reason as LostReason | null,
        label: reason ? LOST_REASON_LABELS[reason].zh : '未注明',
        count: of.length,
        investmentYuan: of.reduce((s, r) => s + Number(r.planned_investment_yuan), 0),
      };
    })
    .filter((x) => x.count > 0);
  const cities = new Map<string, number>();
  for (const r of lost) if (r.lost_to_city) cities.set(r.lost_to_city, (cities.get(r.lost_to_city) ?? 0) + 1);
  return {
    from: q.from,
    to: q.to,
    closed: rows.length,
    lost: lost.length,
    byReason,
    byCity: [...cities]
      .map(([city, count]) => ({ city, count }))
      .sort((a, b) => b.count - a.count || a.city.localeCompare(b.city)),
    items: lost.slice(0, 200).map((r) => ({
      id: r.id,
      code: r.code,
      projectName: r.project_name,
      investorName: r.investor_name,
      plannedInvestmentYuan: Number(r.planned_investment_yuan),
      lostToCity: r.lost_to_city,
      lostReason: r.lost_reason as LostReason | null,
      note: r.closed_reason,
      closedAt: r.at,
    })),
  };
}
