/**
 * The field's reports: visits and trips per organisation and month of a year, with the leads the
 * year's visits produced; and the firms visited that still have no lead after N months.
 */
import { sql } from 'kysely';
import { shanghaiDate } from '../../../core/calendar/dates.js';
import { addMonths } from '../../../core/periods.js';
import type { Context } from '../../auth/context.js';
import { fieldReportScope } from '../../auth/policies.js';
import { DATE_FORMAT, dayCell, listSheet, newWorkbook, xlsxBuffer } from '../../xlsx.js';
import { visitsVisibleTo } from './visits.js';

const month = (column: string) => sql<string>`substr(${sql.ref(column)}, 6, 2)`;

export async function fieldReport(ctx: Context, year: number, orgId?: number) {
  const scope = fieldReportScope(ctx.user, orgId);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const own = <T extends { where: (...a: any[]) => T }>(q: T, column: string): T =>
    'all' in scope ? q : q.where(column, '=', scope.orgId);
  const visits = await own(
    ctx.db
      .selectFrom('visits')
      .select(['org_id', month('visit_date').as('m'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('visit_date', '>=', from)
      .where('visit_date', '<=', to),
    'org_id',
  )
    .groupBy(['org_id', month('visit_date')])
    .execute();
  const trips = await own(
    ctx.db
      .selectFrom('trips')
      .select(['org_id', month('start_date').as('m'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('start_date', '>=', from)
      .where('start_date', '<=', to),
    'org_id',
  )
    .groupBy(['org_id', month('start_date')])
    .execute();
  const leads = await own(
    ctx.db
      .selectFrom('leads')
      .innerJoin('visits', 'visits.id', 'leads.source_visit_id')
      .select(['visits.org_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('visits.visit_date', '>=', from)
      .where('visits.visit_date', '<=', to),
    'visits.org_id',
  )
    .groupBy('visits.org_id')
    .execute();
  const orgIds = [...new Set([...visits, ...trips].map((r) => r.org_id))];
  const names = new Map(
    orgIds.length
      ? (await ctx.db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgIds).execute()).map(
          (o) => [o.id, o.name],
        )
      : [],
  );
  const rows = orgIds.map((id) => {
    const count = (list: { org_id: number; m: string; n: number }[]) =>
      Array.from({ length: 12 }, (_, i) =>
        Number(list.find((r) => r.org_id === id && Number(r.m) === i + 1)?.n ?? 0),
      );
    return {
      orgId: id,
      orgName: names.get(id) ?? '',
      visits: count(visits),
      trips: count(trips),
      leads: Number(leads.find((l) => l.org_id === id)?.n ?? 0),
    };
  });
  rows.sort((a, b) => a.orgId - b.orgId);
  return { year, rows };
}

/**
 * Firms first visited N months ago or more (visits the reader may see) that have had no lead since
 * that first visit: the city's register tells whether any lead exists, whoever holds it.
 */
export async function staleFirms(ctx: Context, months: number, orgId?: number) {
  const scope = fieldReportScope(ctx.user, orgId);
  const cutoff = addMonths(shanghaiDate(ctx.now), -months);
  let q = visitsVisibleTo(ctx.db.selectFrom('visits'), ctx.user);
  if (!('all' in scope)) q = q.where('visits.org_id', '=', scope.orgId);
  const groups = await q
    .innerJoin('investors', 'investors.id', 'visits.investor_id')
    .select([
      'visits.investor_id',
      'investors.name',
      (eb) => eb.fn.min<string>('visits.visit_date').as('first'),
      (eb) => eb.fn.max<string>('visits.visit_date').as('last'),
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .groupBy(['visits.investor_id', 'investors.name'])
    .having((eb) => eb.fn.min('visits.visit_date'), '<=', cutoff)
    .orderBy((eb) => eb.fn.min('visits.visit_date'))
    .limit(500)
    .execute();
  if (!groups.length) return { months, items: [] };
  const ids = groups.map((g) => g.investor_id);
  const latestLead = new Map(
    (
      await ctx.db
        .selectFrom('leads')
        .select(['investor_id', (eb) => eb.fn.max<string>('received_at').as('at')])
        .where('investor_id', 'in', ids)
        .groupBy('investor_id')
        .execute()
    ).map((l) => [l.investor_id, l.at]),
  );
  const orgsOf = await q
    .innerJoin('orgs', 'orgs.id', 'visits.org_id')
    .select(['visits.investor_id', 'orgs.name'])
    .where('visits.investor_id', 'in', ids)
    .distinct()
    .execute();
  const items = groups
    .filter((g) => {
      const lead = latestLead.get(g.investor_id);
      return !lead || shanghaiDate(new Date(lead)) < g.first;
    })
    .map((g) => ({
      investorId: g.investor_id,
      name: g.name,
      firstVisitDate: g.first,
      lastVisitDate: g.last,
      visits: Number(g.n),
      orgNames: orgsOf.filter((o) => o.investor_id === g.investor_id).map((o) => o.name),
    }));
  return { months, items };
}

/** The field report as a workbook: visits and trips per organisation and month, and the stale firms. */
export async function fieldReportXlsx(
  ctx: Context,
  year: number,
  months: number,
  orgId?: number,
): Promise<Buffer> {
  const report = await fieldReport(ctx, year, orgId);
  const stale = await staleFirms(ctx, months, orgId);
  const wb = newWorkbook(ctx.now);
  const monthColumns = Array.from({ length: 12 }, (_, i) => ({ header: `${i + 1}月`, width: 7 }));
  for (const [name, pick, extra] of [
    ['拜访次数', (r: (typeof report.rows)[number]) => r.visits, true],
    ['外出招商与推介活动', (r: (typeof report.rows)[number]) => r.trips, false],
  ] as const) {
    const ws = listSheet(
      wb,
      name,
      [
        { header: '单位', width: 20 },
        ...monthColumns,
        { header: '合计', width: 8 },
        ...(extra ? [{ header: '拜访形成线索', width: 14 }] : []),
      ],
      [`${year}年各单位${name}（截至 ${shanghaiDate(ctx.now)}）`],
    );
    for (const r of report.rows) {
      const counts = pick(r);
      ws.addRow([r.orgName, ...counts, counts.reduce((a, b) => a + b, 0), ...(extra ? [r.leads] : [])]);
    }
  }
  const ws = listSheet(
    wb,
    '久未形成线索的企业',
    [
      { header: '企业名称', width: 36 },
      { header: '首次拜访', width: 12, style: { numFmt: DATE_FORMAT } },
      { header: '最近拜访', width: 12, style: { numFmt: DATE_FORMAT } },
      { header: '拜访次数', width: 10 },
      { header: '拜访单位', width: 30 },
    ],
    [`首次拜访已满 ${months} 个月仍未形成线索的企业`],
  );
  for (const f of stale.items)
    ws.addRow([f.name, dayCell(f.firstVisitDate), dayCell(f.lastVisitDate), f.visits, f.orgNames.join('、')]);
  return xlsxBuffer(wb);
}
