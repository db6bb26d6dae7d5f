/** The project list as an xlsx file: exactly the filtered rows the user sees. */
import type { Kysely } from 'kysely';
import type { ListProjectsQuery } from '../../../core/projects/schemas.js';
import { PROJECT_CLASS_LABELS, PROJECT_STAGE_LABELS } from '../../../core/projects/stages.js';
import { type Principal, projectScope } from '../../auth/policies.js';
import type { Database } from '../../db/tables.js';
import { checkExportSize } from '../../http/xlsx.js';
import { listSheet, newWorkbook, xlsxBuffer, yiCell } from '../../xlsx.js';
import { listClusters } from '../clusters/service.js';
import { industryCatalogue } from '../industries/catalogue.js';
import { filteredProjects } from './queries.js';
import { presentProjectRows } from './service.js';

export async function exportProjects(
  db: Kysely<Database>,
  user: Principal,
  query: ListProjectsQuery,
  now: Date,
): Promise<{ buffer: Buffer; rows: number }> {
  const visibility = projectScope(user);
  const base = filteredProjects(db, visibility, query, now);
  const total = Number(
    (await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  );
  checkExportSize(total);
  const rows = await base
    .selectAll('projects')
    .orderBy('projects.signed_on', 'desc')
    .orderBy('projects.id', 'desc')
    .execute();
  const projects = await presentProjectRows(db, rows, now);
  const [orgs, clusters] = await Promise.all([
    db.selectFrom('orgs').select(['id', 'name']).execute(),
    listClusters(db),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const clusterName = new Map(clusters.map((c) => [c.id, c.name]));
  const catalogue = industryCatalogue();
  const wb = newWorkbook(now);
  const ws = listSheet(wb, '重点项目', [
    { header: '序号', key: 'no', width: 6 },
    { header: '项目编号', key: 'code', width: 16 },
    { header: '项目名称', key: 'name', width: 28 },
    { header: '投资方', key: 'investor', width: 28 },
    { header: '县（市、区）', key: 'county', width: 10 },
    { header: '园区/平台', key: 'park', width: 18 },
    { header: '行业', key: 'industry', width: 24 },
    { header: '产业集群', key: 'clusters', width: 24 },
    { header: '总投资（亿元）', key: 'yi', width: 12, style: { numFmt: '0.00' } },
    { header: '规模', key: 'cls', width: 11 },
    { header: '制造业', key: 'mfg', width: 7 },
    { header: '阶段', key: 'stage', width: 8 },
    { header: '签约日期', key: 'signedOn', width: 11 },
    { header: '计划动工', key: 'plannedStart', width: 11 },
    { header: '动工日期', key: 'startedOn', width: 11 },
    { header: '计划投产', key: 'plannedProduction', width: 11 },
    { header: '投产日期', key: 'inProductionOn', width: 11 },
    { header: '计划产值（亿元）', key: 'output', width: 12, style: { numFmt: '0.00' } },
    { header: '计划税收（亿元）', key: 'tax', width: 12, style: { numFmt: '0.00' } },
    { header: '计划就业（人）', key: 'jobs', width: 10 },
    { header: '待协调事项', key: 'issues', width: 10 },
    { header: '其中超时', key: 'overdue', width: 9 },
  ]);
  projects.forEach((p, i) => {
    const industry = p.industryCode ? catalogue.get(p.industryCode) : undefined;
    ws.addRow({
      no: i + 1,
      code: p.code,
      name: p.name,
      investor: p.investorName,
      county: orgName.get(p.countyOrgId) ?? '',
      park: p.parkOrgId ? (orgName.get(p.parkOrgId) ?? '') : '',
      industry: industry ? `${industry.code} ${industry.name}` : '',
      clusters: p.clusterIds.map((id) => clusterName.get(id) ?? id).join('、'),
      yi: yiCell(p.totalInvestmentYuan),
      cls: PROJECT_CLASS_LABELS[p.projectClass].zh,
      mfg: p.isManufacturing ? '是' : '否',
      stage: PROJECT_STAGE_LABELS[p.stage].zh,
      signedOn: p.signedOn,
      plannedStart: p.plannedStartOn ?? '',
      startedOn: p.startedOn ?? '',
      plannedProduction: p.plannedProductionOn ?? '',
      inProductionOn: p.inProductionOn ?? '',
      output: yiCell(p.plannedOutputYuan),
      tax: yiCell(p.plannedTaxYuan),
      jobs: p.plannedJobs ?? '',
      issues: p.openIssues,
      overdue: p.overdueIssues,
    });
  });
  return { buffer: await xlsxBuffer(wb), rows: projects.length };
}
