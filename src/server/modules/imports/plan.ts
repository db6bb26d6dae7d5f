/**
 * The dry run: every row's fate before anything is written. The rules of registration hold for an
 * imported row as for a typed one (scope ≥ 1亿, the credit code's check, no future dates, steps in
 * order, a county officer only into their own county); a likely duplicate is found as on
 * registration (the record's code, the credit code, the normalised investor name) among the records
 * the importing user may see, and among the rows above it in the file.
 */
import type { Kysely } from 'kysely';
import type { ImportKind, RowFate } from '../../../core/imports.js';
import { normalizeInvestorName } from '../../../core/leads/normalize.js';
import {
  LEAD_SCOPE_MIN_YUAN,
  LEAD_STAGES,
  type LeadStage,
  STAGE_LABELS,
} from '../../../core/leads/stages.js';
import type { ProjectStage } from '../../../core/projects/stages.js';
import { can, type Principal, type Scope } from '../../auth/policies.js';
import type { Database } from '../../db/tables.js';
import type { Text } from '../../errors.js';
import { countiesOf } from '../leads/queries.js';
import type { CellIssue, ReadRow } from './mapping.js';
import type { OrgRef } from './values.js';

export interface LeadDraft {
  sourceCode: string | null;
  projectName: string;
  investorName: string;
  investorCreditCode: string | null;
  industryCode: string | null;
  plannedInvestmentYuan: number;
  referrerName: string;
  referrerOrg: string | null;
  channel: string;
  receivedAt: Date;
  stage: LeadStage;
  countyOrgIds: number[];
  respondedAt: Date | null;
  assessedAt: Date | null;
  feedbackAt: Date | null;
  dispatchedAt: Date | null;
  signedOn: string | null;
  isMajor: boolean;
  closedReason: string | null;
}

export interface ProjectDraft {
  sourceCode: string | null;
  name: string;
  investorName: string;
  investorCreditCode: string | null;
  countyOrgId: number;
  parkOrgId: number | null;
  industryCode: string | null;
  totalInvestmentYuan: number;
  signedOn: string;
  plannedStartOn: string | null;
  startedOn: string | null;
  plannedProductionOn: string | null;
  inProductionOn: string | null;
  plannedOutputYuan: number | null;
  plannedTaxYuan: number | null;
  plannedJobs: number | null;
  note: string | null;
}

export interface DuplicateRef {
  type: 'lead' | 'project';
  id: number;
  code: string;
  name: string;
  investorName: string;
  reason: 'code' | 'credit_code' | 'name';
}

export interface PlanRow {
  row: number;
  fate: RowFate;
  issues: CellIssue[];
  duplicateOf?: DuplicateRef;
  fileDuplicateOf?: number;
  lead?: LeadDraft;
  project?: ProjectDraft;
}

export interface Importer {
  user: Principal;
  org: OrgRef & { parentId: number | null };
  /** policies.importScope: every county, or the importer's own organisation only. */
  scope: Scope;
}

const LEAD_STEP_DATES = [
  ['respondedAt', 'responded'],
  ['assessedAt', 'assessed'],
  ['feedbackAt', 'feedback_given'],
  ['dispatchedAt', 'following'],
  ['signedOn', 'signed'],
] as const;

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

function issue(r: ReadRow, field: string, text: Text): CellIssue {
  return { cell: r.columns[field] ? `${r.columns[field]}${r.row}` : `第${r.row}行`, text };
}

/** A read row as a lead to register, or its issues. */
export function leadDraft(r: ReadRow, imp: Importer, orgs: Map<number, OrgRef>): LeadDraft | null {
  const v = r.values;
  const issues = r.issues;
  const required = (field: string, zh: string, en: string) => {
    // Empty (a cell that failed to read has its own issue already).
    if (v[field] === null) issues.push(issue(r, field, { zh: `${zh}不能为空`, en: `${en} is empty` }));
  };
  required('projectName', '项目名称', 'project name');
  required('investorName', '投资方', 'investor');
  required('plannedInvestment', '计划投资', 'planned investment');
  required('receivedAt', '接收时间', 'received');
  const planned = v.plannedInvestment as number | null;
  if (typeof planned === 'number' && planned < LEAD_SCOPE_MIN_YUAN) {
    issues.push(
      issue(r, 'plannedInvestment', {
        zh: '计划投资不足 1 亿元，不属于线索登记范围',
        en: 'below 1亿元: not in the ledger’s scope',
      }),
    );
  }
  const at = (k: string) => (v[k] instanceof Date ? (v[k] as Date) : null);
  const receivedAt = at('receivedAt');
  const signedOn = str(v.signedOn);
  // The stage as written, or the last step the row has a date for.
  const dated = LEAD_STEP_DATES.filter(([k]) => v[k] !== null && v[k] !== undefined);
  const inferred: LeadStage = v.closedReason ? 'closed' : (dated.at(-1)?.[1] ?? 'registered');
  const stage = (str(v.stage) as LeadStage | null) ?? inferred;
  if (stage !== 'closed') {
    for (const [k, s] of dated) {
      // LEAD_STAGES is in the order a lead goes through them (closed, the last, is handled above).
      if (LEAD_STAGES.indexOf(s) > LEAD_STAGES.indexOf(stage)) {
        issues.push(
          issue(r, k, {
            zh: `阶段为“${STAGE_LABELS[stage].zh}”，不应填写此日期`,
            en: `the stage is ${stage}; this date is after it`,
          }),
        );
      }
    }
  }
  // Steps in order: each no earlier than the one before.
  let previous = receivedAt?.getTime() ?? null;
  for (const [k] of LEAD_STEP_DATES) {
    // A signing date (a day) counts as that whole day in Shanghai.
    const t =
      k === 'signedOn' ? (signedOn ? Date.parse(`${signedOn}T23:59:59+08:00`) : null) : at(k)?.getTime();
    if (t === null || t === undefined) continue;
    if (previous !== null && t < previous) {
      issues.push(issue(r, k, { zh: '早于前一步骤的时间', en: 'earlier than the step before it' }));
    }
    previous = t;
  }
  if (stage === 'signed' && !signedOn) {
    issues.push(
      issue(r, r.columns.signedOn ? 'signedOn' : 'stage', {
        zh: '已签约的线索须填写签约日期',
        en: 'a signed lead needs its signing date',
      }),
    );
  }
  // Where it is followed: the county officer's own county; the city names it.
  let counties = (v.countyOrgIds as number[] | null) ?? [];
  for (const id of counties) {
    const o = orgs.get(id)!;
    if (!['county', 'platform'].includes(o.kind)) {
      issues.push(
        issue(r, 'countyOrgIds', {
          zh: `“${o.name}”不是县（市、区）或平台`,
          en: `${o.name} is not a county or platform`,
        }),
      );
    }
  }
  const cityWide = 'all' in imp.scope;
  if (!cityWide) {
    if (counties.some((id) => id !== imp.org.id)) {
      issues.push(
        issue(r, 'countyOrgIds', {
          zh: '只能导入本单位跟进的线索',
          en: 'only leads of your own organisation',
        }),
      );
    }
    if (['following', 'signed'].includes(stage)) counties = [imp.org.id];
  } else if (['following', 'signed'].includes(stage) && counties.length === 0) {
    issues.push(
      issue(r, r.columns.countyOrgIds ? 'countyOrgIds' : 'stage', {
        zh: '跟进中或已签约的线索须填写分派县（市、区）',
        en: 'a followed or signed lead needs the county it was dispatched to',
      }),
    );
  }
  if (issues.length) return null;
  const referrer = str(v.referrer) ?? '';
  const [referrerName, ...referrerOrg] = referrer.split(/\s*\/\s*/);
  return {
    sourceCode: str(v.code),
    projectName: v.projectName as string,
    investorName: v.investorName as string,
    investorCreditCode: str(v.investorCreditCode),
    industryCode: str(v.industryCode),
    plannedInvestmentYuan: planned!,
    referrerName: referrerName ?? '',
    referrerOrg: referrerOrg.join(' / ') || null,
    channel: str(v.channel) ?? 'other',
    receivedAt: receivedAt!,
    stage,
    countyOrgIds: counties,
    respondedAt: at('respondedAt'),
    assessedAt: at('assessedAt'),
    feedbackAt: at('feedbackAt'),
    dispatchedAt: at('dispatchedAt'),
    signedOn,
    isMajor: v.isMajor === true,
    closedReason: str(v.closedReason) ?? (stage === 'closed' ? '导入时已关闭' : null),
  };
}

/** A read row as a project to enter, or its issues. */
export function projectDraft(r: ReadRow, imp: Importer, orgs: Map<number, OrgRef>): ProjectDraft | null {
  const v = r.values;
  const issues = r.issues;
  for (const [field, zh, en] of [
    ['name', '项目名称', 'project name'],
    ['investorName', '投资方', 'investor'],
    ['totalInvestment', '总投资', 'total investment'],
    ['signedOn', '签约日期', 'signed on'],
  ] as const) {
    // Empty (a cell that failed to read has its own issue already).
    if (v[field] === null) issues.push(issue(r, field, { zh: `${zh}不能为空`, en: `${en} is empty` }));
  }
  let countyOrgId = v.countyOrgId as number | null | undefined;
  let parkOrgId = (v.parkOrgId as number | null | undefined) ?? null;
  const cityWide = 'all' in imp.scope;
  if (!cityWide) {
    // A county's officer enters its projects; a platform's officer those in its park.
    const own = imp.org.kind === 'platform' ? imp.org.parentId : imp.org.id;
    countyOrgId ??= own;
    if (imp.org.kind === 'platform') parkOrgId ??= imp.org.id;
  }
  if (countyOrgId === null || countyOrgId === undefined) {
    issues.push(issue(r, 'countyOrgId', { zh: '县（市、区）不能为空', en: 'the county is empty' }));
  } else {
    const o = orgs.get(countyOrgId)!;
    if (!['county', 'platform'].includes(o.kind)) {
      issues.push(
        issue(r, 'countyOrgId', { zh: `“${o.name}”不是县（市、区）`, en: `${o.name} is not a county` }),
      );
    } else if (!can(imp.user, 'project.create', { countyOrgId, parkOrgId })) {
      issues.push(
        issue(r, 'countyOrgId', { zh: '只能导入本单位的项目', en: 'only projects of your own organisation' }),
      );
    }
  }
  if (parkOrgId !== null && !['park', 'platform'].includes(orgs.get(parkOrgId)!.kind)) {
    issues.push(issue(r, 'parkOrgId', { zh: '不是园区或平台', en: 'not a park or platform' }));
  }
  const d = (k: string) => str(v[k]);
  const signedOn = d('signedOn');
  const startedOn = d('startedOn');
  const inProductionOn = d('inProductionOn');
  const stage =
    (str(v.stage) as ProjectStage | null) ??
    (inProductionOn ? 'in_production' : startedOn ? 'started' : 'signed');
  if (stage !== 'signed' && !startedOn) {
    issues.push(
      issue(r, r.columns.startedOn ? 'startedOn' : 'stage', {
        zh: '已动工或已投产的项目须填写动工日期',
        en: 'a started project needs its start date',
      }),
    );
  }
  if (stage === 'in_production' && !inProductionOn) {
    issues.push(
      issue(r, r.columns.inProductionOn ? 'inProductionOn' : 'stage', {
        zh: '已投产的项目须填写投产日期',
        en: 'a project in production needs its production date',
      }),
    );
  }
  if (stage === 'signed' && startedOn) {
    issues.push(
      issue(r, 'startedOn', {
        zh: '阶段为“已签约”，不应填写动工日期',
        en: 'the stage is signed; no start date',
      }),
    );
  }
  if (stage !== 'in_production' && inProductionOn) {
    issues.push(
      issue(r, 'inProductionOn', {
        zh: '尚未投产的项目不应填写投产日期',
        en: 'not in production; no production date',
      }),
    );
  }
  if (signedOn && startedOn && startedOn < signedOn) {
    issues.push(issue(r, 'startedOn', { zh: '动工日期早于签约日期', en: 'started before it was signed' }));
  }
  if (startedOn && inProductionOn && inProductionOn < startedOn) {
    issues.push(
      issue(r, 'inProductionOn', { zh: '投产日期早于动工日期', en: 'in production before it started' }),
    );
  }
  if (typeof v.totalInvestment === 'number' && v.totalInvestment <= 0) {
    issues.push(issue(r, 'totalInvestment', { zh: '总投资须大于 0', en: 'must be above 0' }));
  }
  if (issues.length) return null;
  const num = (k: string) => (typeof v[k] === 'number' ? (v[k] as number) : null);
  return {
    sourceCode: str(v.code),
    name: v.name as string,
    investorName: v.investorName as string,
    investorCreditCode: str(v.investorCreditCode),
    countyOrgId: countyOrgId!,
    parkOrgId,
    industryCode: str(v.industryCode),
    totalInvestmentYuan: v.totalInvestment as number,
    // The stage is checked against the dates above; the row's stage follows from them.
    signedOn: signedOn!,
    plannedStartOn: d('plannedStartOn'),
    startedOn,
    plannedProductionOn: d('plannedProductionOn'),
    inProductionOn,
    plannedOutputYuan: num('plannedOutput'),
    plannedTaxYuan: num('plannedTax'),
    plannedJobs: num('plannedJobs'),
    note: str(v.note),
  };
}

const CHUNK = 400;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

interface Keys {
  code: string | null;
  creditCode: string | null;
  nameNorm: string;
  title: string;
}

/**
 * Existing records the user may see that a row likely repeats: by code (the row came out of this
 * product), credit code, or normalised investor name — read in chunks, never one query per row.
 */
async function existingMatches(
  db: Kysely<Database>,
  kind: ImportKind,
  user: Principal,
  keys: Keys[],
): Promise<{
  byCode: Map<string, DuplicateRef>;
  byCredit: Map<string, DuplicateRef>;
  byName: Map<string, DuplicateRef>;
}> {
  const byCode = new Map<string, DuplicateRef>();
  const byCredit = new Map<string, DuplicateRef>();
  const byName = new Map<string, DuplicateRef>();
  const codes = [...new Set(keys.map((k) => k.code).filter((c): c is string => !!c))];
  const credits = [...new Set(keys.map((k) => k.creditCode).filter((c): c is string => !!c))];
  const names = [...new Set(keys.map((k) => k.nameNorm))];
  const add = (ref: DuplicateRef, code: string, credit: string | null, norm: string) => {
    if (codes.length && !byCode.has(code)) byCode.set(code, { ...ref, reason: 'code' });
    if (credit && !byCredit.has(credit)) byCredit.set(credit, { ...ref, reason: 'credit_code' });
    if (!byName.has(norm)) byName.set(norm, { ...ref, reason: 'name' });
  };
  const leadRows = async (
    column: 'code' | 'investor_credit_code' | 'investor_name_norm',
    values: string[],
  ) => {
    for (const part of chunks(values)) {
      const rows = await db
        .selectFrom('leads')
        .select([
          'id',
          'code',
          'project_name',
          'investor_name',
          'investor_credit_code',
          'investor_name_norm',
          'owner_org_id',
        ])
        .where(column, 'in', part)
        .where('merged_into_id', 'is', null)
        .execute();
      const counties = await countiesOf(
        db,
        rows.map((x) => x.id),
      );
      for (const x of rows) {
        if (!can(user, 'lead.read', { ownerOrgId: x.owner_org_id, countyOrgIds: counties.get(x.id) ?? [] }))
          continue;
        add(
          {
            type: 'lead',
            id: x.id,
            code: x.code,
            name: x.project_name,
            investorName: x.investor_name,
            reason: 'name',
          },
          x.code,
          x.investor_credit_code,
          x.investor_name_norm,
        );
      }
    }
  };
  const projectRows = async (
    column: 'code' | 'investor_credit_code' | 'investor_name_norm',
    values: string[],
  ) => {
    for (const part of chunks(values)) {
      const rows = await db
        .selectFrom('projects')
        .select([
          'id',
          'code',
          'name',
          'investor_name',
          'investor_credit_code',
          'investor_name_norm',
          'county_org_id',
          'park_org_id',
        ])
        .where(column, 'in', part)
        .execute();
      for (const x of rows) {
        if (!can(user, 'project.read', { countyOrgId: x.county_org_id, parkOrgId: x.park_org_id })) continue;
        add(
          {
            type: 'project',
            id: x.id,
            code: x.code,
            name: x.name,
            investorName: x.investor_name,
            reason: 'name',
          },
          x.code,
          x.investor_credit_code,
          x.investor_name_norm,
        );
      }
    }
  };
  // Records of the kind imported first, so a lead row is matched to a lead before a project.
  const own = kind === 'leads' ? leadRows : projectRows;
  const other = kind === 'leads' ? projectRows : null;
  if (codes.length) await own('code', codes);
  if (credits.length) await own('investor_credit_code', credits);
  await own('investor_name_norm', names);
  if (other) {
    if (credits.length) await other('investor_credit_code', credits);
    await other('investor_name_norm', names);
  }
  return { byCode, byCredit, byName };
}

const titleOf = (s: string) => s.normalize('NFKC').replace(/\s/g, '').toLowerCase();

/** Each read row's fate. */
export async function planRows(
  db: Kysely<Database>,
  kind: ImportKind,
  imp: Importer,
  orgs: OrgRef[],
  rows: ReadRow[],
): Promise<PlanRow[]> {
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const plans: PlanRow[] = rows.map((r) => {
    if (kind === 'leads') {
      const lead = leadDraft(r, imp, orgById);
      return lead
        ? { row: r.row, fate: 'new', issues: [], lead }
        : { row: r.row, fate: 'refused', issues: r.issues };
    }
    const project = projectDraft(r, imp, orgById);
    return project
      ? { row: r.row, fate: 'new', issues: [], project }
      : { row: r.row, fate: 'refused', issues: r.issues };
  });
  const keyOf = (p: PlanRow): Keys | null => {
    const d = p.lead ?? p.project;
    if (!d) return null;
    return {
      code: d.sourceCode,
      creditCode: d.investorCreditCode,
      nameNorm: normalizeInvestorName(d.investorName),
      title: titleOf(p.lead ? p.lead.projectName : p.project!.name),
    };
  };
  const keyed = plans.map((p) => [p, keyOf(p)] as const).filter((x): x is [PlanRow, Keys] => x[1] !== null);
  const found = await existingMatches(
    db,
    kind,
    imp.user,
    keyed.map(([, k]) => k),
  );
  // Within the file: the same code, or the same investor with the same project, above.
  const firstRow = new Map<string, number>();
  for (const [p, k] of keyed) {
    const existing =
      (k.code ? found.byCode.get(k.code) : undefined) ??
      (k.creditCode ? found.byCredit.get(k.creditCode) : undefined) ??
      found.byName.get(k.nameNorm);
    const fileKeys = [
      ...(k.code ? [`code:${k.code}`] : []),
      ...(k.creditCode ? [`credit:${k.creditCode}:${k.title}`] : []),
      `name:${k.nameNorm}:${k.title}`,
    ];
    const earlier = fileKeys.map((x) => firstRow.get(x)).find((x) => x !== undefined);
    for (const x of fileKeys) if (!firstRow.has(x)) firstRow.set(x, p.row);
    if (existing) {
      p.fate = 'duplicate';
      p.duplicateOf = existing;
    } else if (earlier !== undefined) {
      p.fate = 'file_duplicate';
      p.fileDuplicateOf = earlier;
    }
  }
  return plans;
}
