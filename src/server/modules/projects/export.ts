/**
 * The project list as a file: exactly the filtered rows the user sees, streamed in keyset-paged
 * batches (http/listFile.ts) with no row cap; its headers are the import's, so it imports back.
 */
import type { Kysely } from 'kysely';
import type { ListProjectsQuery } from '../../../core/projects/schemas.js';
import { PROJECT_CLASS_LABELS, PROJECT_STAGE_LABELS } from '../../../core/projects/stages.js';
import { type Principal, projectScope } from '../../auth/policies.js';
import type { Database, ProjectRow } from '../../db/tables.js';
import { day, keysetBatches, LIST_FILE_BATCH, type ListColumn } from '../../http/listFile.js';
import { yiCell } from '../../xlsx.js';
import { listClusters } from '../clusters/service.js';
import { industryCatalogue } from '../industries/catalogue.js';
import { filteredProjects } from './queries.js';
import { presentProjectRows } from './service.js';

type Project = Awaited<ReturnType<typeof presentProjectRows>>[number] & { no: number };

export async function projectsExport(
  db: Kysely<Database>,
  user: Principal,
  query: ListProjectsQuery,
  now: Date,
) {
  const visibility = projectScope(user);
  const total = Number(
    (
      await filteredProjects(db, visibility, query, now)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const [orgs, clusters] = await Promise.all([
    db.selectFrom('orgs').select(['id', 'name']).execute(),
    listClusters(db),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const clusterName = new Map(clusters.map((c) => [c.id, c.name]));
  const catalogue = industryCatalogue();
  const columns: ListColumn<Project>[] = [
    { header: '序号', width: 6, value: (p) => p.no },
    { header: '项目编号', width: 22, value: (p) => p.code },
    { header: '项目名称', width: 28, value: (p) => p.name },
    { header: '投资方', width: 28, value: (p) => p.investorName },
    { header: '县（市、区）', width: 10, value: (p) => orgName.get(p.countyOrgId) ?? null },
    {
      header: '园区/平台',
      width: 18,
      value: (p) => (p.parkOrgId ? (orgName.get(p.parkOrgId) ?? null) : null),
    },
    {
      header: '行业',
      width: 24,
      value: (p) => {
        const industry = p.industryCode ? catalogue.get(p.industryCode) : undefined;
        return industry ? `${industry.code} ${industry.name}` : null;
      },
    },
    {
      header: '产业集群',
      width: 24,
      value: (p) => p.clusterIds.map((id) => clusterName.get(id) ?? id).join('、') || null,
    },
    { header: '总投资（亿元）', width: 12, numFmt: '0.00', value: (p) => yiCell(p.totalInvestmentYuan) },
    { header: '规模', width: 11, value: (p) => PROJECT_CLASS_LABELS[p.projectClass].zh },
    { header: '制造业', width: 7, value: (p) => (p.isManufacturing ? '是' : '否') },
    { header: '阶段', width: 8, value: (p) => PROJECT_STAGE_LABELS[p.stage].zh },
    { header: '签约日期', width: 11, value: (p) => day(p.signedOn) },
    { header: '计划动工', width: 11, value: (p) => day(p.plannedStartOn) },
    { header: '动工日期', width: 11, value: (p) => day(p.startedOn) },
    { header: '计划投产', width: 11, value: (p) => day(p.plannedProductionOn) },
    { header: '投产日期', width: 11, value: (p) => day(p.inProductionOn) },
    { header: '计划产值（亿元）', width: 12, numFmt: '0.00', value: (p) => yiCell(p.plannedOutputYuan) },
    { header: '计划税收（亿元）', width: 12, numFmt: '0.00', value: (p) => yiCell(p.plannedTaxYuan) },
    { header: '计划就业（人）', width: 10, value: (p) => p.plannedJobs ?? null },
    { header: '待协调事项', width: 10, value: (p) => p.openIssues },
    { header: '其中超时', width: 9, value: (p) => p.overdueIssues },
  ];
  let no = 0;
  const batches = keysetBatches<ProjectRow, Project>(
    (after) =>
      filteredProjects(db, visibility, query, now)
        .selectAll('projects')
        .$if(after !== null, (q) =>
          q.where((eb) =>
            eb(eb.refTuple('projects.signed_on', 'projects.id'), '<', eb.tuple(after!.signed_on, after!.id)),
          ),
        )
        .orderBy('projects.signed_on', 'desc')
        .orderBy('projects.id', 'desc')
        .limit(LIST_FILE_BATCH)
        .execute(),
    async (rows) => (await presentProjectRows(db, rows, now)).map((p) => ({ ...p, no: ++no })),
  );
  return { total, columns, batches };
}
