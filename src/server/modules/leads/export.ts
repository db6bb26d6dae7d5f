/**
 * The ledger (台账) as a file: exactly the filtered rows the user sees, one row per lead, streamed
 * in keyset-paged batches (http/listFile.ts) with no row cap. Its columns are the import's headers,
 * so an exported ledger imports back as duplicates of itself.
 */
import type { Kysely } from 'kysely';
import type { ListLeadsQuery } from '../../../core/leads/schemas.js';
import { CHANNEL_LABELS, type LeadStage, STAGE_LABELS } from '../../../core/leads/stages.js';
import { describeStep } from '../../../core/sla.js';
import { leadScope, type Principal } from '../../auth/policies.js';
import type { Database, LeadRow } from '../../db/tables.js';
import { at, day, keysetBatches, LIST_FILE_BATCH, type ListColumn } from '../../http/listFile.js';
import { yiCell } from '../../xlsx.js';
import { industryCatalogue } from '../industries/catalogue.js';
import { filtered } from './queries.js';
import { dueSoonUntil, presentRows } from './views.js';

type Lead = Awaited<ReturnType<typeof presentRows>>[number] & { signedOn?: string | null };

export async function ledgerExport(db: Kysely<Database>, user: Principal, query: ListLeadsQuery, now: Date) {
  const visibility = leadScope(user);
  const f = query.slaStatus ? { ...query, dueSoonUntil: await dueSoonUntil(db, now) } : query;
  const base = filtered(db, visibility, f, now);
  const total = Number(
    (await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  );
  const orgs = new Map(
    (await db.selectFrom('orgs').select(['id', 'name']).execute()).map((o) => [o.id, o.name]),
  );
  const catalogue = industryCatalogue();
  const step = (k: keyof Lead['sla']) => (l: Lead) => l.sla[k];
  const columns: ListColumn<Lead & { no: number }>[] = [
    { header: '序号', width: 6, value: (l) => l.no },
    { header: '线索编号', width: 20, value: (l) => l.code },
    { header: '项目名称', width: 28, value: (l) => l.projectName },
    { header: '投资方', width: 28, value: (l) => l.investorName },
    { header: '统一社会信用代码', width: 21, value: (l) => l.investorCreditCode ?? null },
    {
      header: '行业',
      width: 22,
      value: (l) => {
        const industry = l.industryCode ? catalogue.get(l.industryCode) : undefined;
        return industry ? `${industry.code} ${industry.name}` : null;
      },
    },
    { header: '计划投资（亿元）', width: 12, numFmt: '0.00', value: (l) => yiCell(l.plannedInvestmentYuan) },
    {
      header: '引荐方',
      width: 16,
      value: (l) => [l.referrer.name, l.referrer.organization].filter(Boolean).join(' / ') || null,
    },
    {
      header: '渠道',
      width: 12,
      value: (l) => CHANNEL_LABELS[l.channel as keyof typeof CHANNEL_LABELS]?.zh ?? l.channel,
    },
    { header: '接收时间', width: 17, value: (l) => at(l.receivedAt) },
    { header: '阶段', width: 9, value: (l) => STAGE_LABELS[l.stage as LeadStage].zh },
    {
      header: '分派县（市、区）',
      width: 18,
      value: (l) => l.countyOrgIds.map((id) => orgs.get(id) ?? id).join('、') || null,
    },
    ...(['response', 'assessment', 'feedback'] as const).flatMap((k): ListColumn<Lead>[] => {
      const label = { response: '响应', assessment: '研判', feedback: '反馈' }[k];
      return [
        { header: `${label}截止`, width: 11, value: (l) => day(step(k)(l).dueDate) },
        { header: `${label}完成`, width: 17, value: (l) => at(step(k)(l).completedAt) },
        {
          header: `${label}时限`,
          width: 14,
          value: (l) => (step(k)(l).startedAt ? describeStep(step(k)(l), 'zh') : null),
        },
      ];
    }),
    { header: '进展报告截止', width: 12, value: (l) => day(l.sla.progress.dueDate) },
    {
      header: '进展时限',
      width: 14,
      value: (l) => (l.sla.progress.startedAt ? describeStep(l.sla.progress, 'zh') : null),
    },
    { header: '签约日期', width: 11, value: (l) => day(l.signedOn) },
    { header: '关闭原因', width: 20, value: (l) => l.closedReason ?? null },
  ];
  let no = 0;
  const batches = keysetBatches<LeadRow, Lead & { no: number }>(
    (after) =>
      filtered(db, visibility, f, now)
        .selectAll('leads')
        .$if(after !== null, (q) =>
          // A row value, which both databases read as one range of the (received_at, id) index.
          q.where((eb) =>
            eb(eb.refTuple('leads.received_at', 'leads.id'), '<', eb.tuple(after!.received_at, after!.id)),
          ),
        )
        .orderBy('leads.received_at', 'desc')
        .orderBy('leads.id', 'desc')
        .limit(LIST_FILE_BATCH)
        .execute(),
    async (rows) => {
      const projectIds = rows.map((r) => r.project_id).filter((id): id is number => id !== null);
      const signed = new Map(
        projectIds.length
          ? (
              await db
                .selectFrom('projects')
                .select(['id', 'signed_on'])
                .where('id', 'in', projectIds)
                .execute()
            ).map((p) => [p.id, p.signed_on])
          : [],
      );
      return (await presentRows(db, rows, now)).map((l) => ({
        ...l,
        no: ++no,
        signedOn: l.projectId ? (signed.get(l.projectId) ?? null) : null,
      }));
    },
  );
  return { total, columns, batches };
}
