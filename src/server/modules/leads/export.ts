/** The ledger (台账) as an xlsx file: exactly the filtered rows the user sees, one row per lead. */
import type { Kysely } from 'kysely';
import type { ListLeadsQuery } from '../../../core/leads/schemas.js';
import { CHANNEL_LABELS, type LeadStage, STAGE_LABELS } from '../../../core/leads/stages.js';
import { describeStep } from '../../../core/sla.js';
import { formatShanghai } from '../../../core/time.js';
import { leadScope, type Principal } from '../../auth/policies.js';
import type { Database } from '../../db/tables.js';
import { checkExportSize } from '../../http/xlsx.js';
import { listSheet, newWorkbook, xlsxBuffer, yiCell } from '../../xlsx.js';
import { industryCatalogue } from '../industries/catalogue.js';
import { filtered } from './queries.js';
import { dueSoonUntil, presentRows } from './views.js';

export async function exportLedger(
  db: Kysely<Database>,
  user: Principal,
  query: ListLeadsQuery,
  now: Date,
): Promise<{ buffer: Buffer; rows: number }> {
  const visibility = leadScope(user);
  const f = query.slaStatus ? { ...query, dueSoonUntil: await dueSoonUntil(db, now) } : query;
  const base = filtered(db, visibility, f, now);
  const total = Number(
    (await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  );
  checkExportSize(total);
  const rows = await base
    .selectAll('leads')
    .orderBy('leads.received_at', 'desc')
    .orderBy('leads.id', 'desc')
    .execute();
  const leads = await presentRows(db, rows, now);
  const orgs = new Map(
    (await db.selectFrom('orgs').select(['id', 'name']).execute()).map((o) => [o.id, o.name]),
  );
  const catalogue = industryCatalogue();

  const workbook = newWorkbook(now);
  const sheet = listSheet(workbook, '线索台账', [
    { header: '序号', key: 'no', width: 6 },
    { header: '线索编号', key: 'code', width: 14 },
    { header: '项目名称', key: 'projectName', width: 28 },
    { header: '投资方', key: 'investorName', width: 28 },
    { header: '统一社会信用代码', key: 'creditCode', width: 21 },
    { header: '行业', key: 'industry', width: 22 },
    { header: '计划投资（亿元）', key: 'plannedYi', width: 12, style: { numFmt: '0.00' } },
    { header: '引荐方', key: 'referrer', width: 16 },
    { header: '渠道', key: 'channel', width: 12 },
    { header: '接收时间', key: 'receivedAt', width: 17 },
    { header: '阶段', key: 'stage', width: 9 },
    { header: '分派县（市、区）', key: 'counties', width: 18 },
    { header: '响应截止', key: 'responseDue', width: 11 },
    { header: '响应完成', key: 'responseDone', width: 17 },
    { header: '响应时限', key: 'responseStatus', width: 14 },
    { header: '研判截止', key: 'assessmentDue', width: 11 },
    { header: '研判完成', key: 'assessmentDone', width: 17 },
    { header: '研判时限', key: 'assessmentStatus', width: 14 },
    { header: '反馈截止', key: 'feedbackDue', width: 11 },
    { header: '反馈完成', key: 'feedbackDone', width: 17 },
    { header: '反馈时限', key: 'feedbackStatus', width: 14 },
    { header: '进展报告截止', key: 'progressDue', width: 12 },
    { header: '进展时限', key: 'progressStatus', width: 14 },
    { header: '关闭原因', key: 'closedReason', width: 20 },
  ]);
  leads.forEach((l, i) => {
    const step = (k: keyof typeof l.sla) => ({
      due: l.sla[k].dueDate ?? '',
      done: l.sla[k].completedAt ? formatShanghai(l.sla[k].completedAt!) : '',
      status: l.sla[k].startedAt ? describeStep(l.sla[k], 'zh') : '',
    });
    const r = step('response');
    const a = step('assessment');
    const f = step('feedback');
    const p = step('progress');
    const industry = l.industryCode ? catalogue.get(l.industryCode) : undefined;
    sheet.addRow({
      no: i + 1,
      code: l.code,
      projectName: l.projectName,
      investorName: l.investorName,
      creditCode: l.investorCreditCode ?? '',
      industry: industry ? `${industry.code} ${industry.name}` : '',
      plannedYi: yiCell(l.plannedInvestmentYuan),
      referrer: [l.referrer.name, l.referrer.organization].filter(Boolean).join(' / '),
      channel: CHANNEL_LABELS[l.channel as keyof typeof CHANNEL_LABELS]?.zh ?? l.channel,
      receivedAt: formatShanghai(l.receivedAt),
      stage: STAGE_LABELS[l.stage as LeadStage].zh,
      counties: l.countyOrgIds.map((id) => orgs.get(id) ?? id).join('、'),
      responseDue: r.due,
      responseDone: r.done,
      responseStatus: r.status,
      assessmentDue: a.due,
      assessmentDone: a.done,
      assessmentStatus: a.status,
      feedbackDue: f.due,
      feedbackDone: f.done,
      feedbackStatus: f.status,
      progressDue: p.due,
      progressStatus: p.status,
      closedReason: l.closedReason ?? '',
    });
  });
  const buffer = await xlsxBuffer(workbook);
  return { buffer, rows: leads.length };
}
