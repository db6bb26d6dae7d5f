/**
 * Importing existing ledgers (台账): the fields a column can map to, the header texts each is known
 * by in Chinese ledgers (our own export's among them, so an export imports back), and how a header
 * names its unit. Shared by the server (matching, checking) and the web (the mapping step).
 */
import type { Lang } from './messages.js';

export const IMPORT_KINDS = ['leads', 'projects'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** How a cell is read. */
export type FieldType =
  | 'text'
  | 'amount'
  | 'date'
  | 'datetime'
  | 'creditCode'
  | 'org'
  | 'orgs'
  | 'stage'
  | 'channel'
  | 'industry'
  | 'bool'
  | 'count';

export interface ImportField {
  key: string;
  label: Record<Lang, string>;
  type: FieldType;
  required?: boolean;
  /** Header texts it is known by, compared after folding width, spaces and brackets. */
  headers: string[];
}

export const AMOUNT_UNITS = ['yi', 'wan', 'yuan'] as const;
export type AmountUnit = (typeof AMOUNT_UNITS)[number];
export const AMOUNT_UNIT_YUAN: Record<AmountUnit, number> = { yi: 1e8, wan: 1e4, yuan: 1 };
export const AMOUNT_UNIT_LABELS: Record<AmountUnit, string> = { yi: '亿元', wan: '万元', yuan: '元' };

const f = (
  key: string,
  zh: string,
  en: string,
  type: FieldType,
  headers: string[],
  required = false,
): ImportField => ({ key, label: { zh, en }, type, headers: [zh, ...headers], required });

export const IMPORT_FIELDS: Record<ImportKind, ImportField[]> = {
  leads: [
    f('code', '线索编号', 'Lead code', 'text', ['编号']),
    f('projectName', '项目名称', 'Project name', 'text', ['项目', '项目名'], true),
    f(
      'investorName',
      '投资方',
      'Investor',
      'text',
      ['投资主体', '企业名称', '投资企业', '客商名称', '投资商'],
      true,
    ),
    f('investorCreditCode', '统一社会信用代码', 'Credit code', 'creditCode', ['信用代码', '社会信用代码']),
    f('industryCode', '行业', 'Industry', 'industry', ['所属行业', '行业代码', '行业类别', '产业']),
    f(
      'plannedInvestment',
      '计划投资',
      'Planned investment',
      'amount',
      ['投资额', '总投资', '计划总投资', '投资规模', '拟投资', '投资金额'],
      true,
    ),
    f('referrer', '引荐方', 'Referrer', 'text', ['推荐人', '信息来源', '引荐人', '推荐单位']),
    f('channel', '渠道', 'Channel', 'channel', ['来源渠道', '线索来源', '来源']),
    f(
      'receivedAt',
      '接收时间',
      'Received',
      'datetime',
      ['登记日期', '接收日期', '收到时间', '登记时间', '获取时间'],
      true,
    ),
    f('stage', '阶段', 'Stage', 'stage', ['进展', '状态', '当前阶段', '进展情况']),
    f('countyOrgIds', '分派县（市、区）', 'Dispatched to', 'orgs', [
      '跟进县区',
      '承接县区',
      '分派县区',
      '跟进单位',
      '落地县区',
    ]),
    f('respondedAt', '响应完成', 'Responded', 'datetime', ['响应时间', '响应日期']),
    f('assessedAt', '研判完成', 'Assessed', 'datetime', ['研判时间', '研判日期']),
    f('feedbackAt', '反馈完成', 'Feedback given', 'datetime', ['反馈时间', '反馈日期']),
    f('dispatchedAt', '分派时间', 'Dispatched', 'datetime', ['分派日期']),
    f('signedOn', '签约日期', 'Signed on', 'date', ['签约时间']),
    f('isMajor', '重大项目', 'Major', 'bool', ['是否重大项目']),
    f('closedReason', '关闭原因', 'Reason closed', 'text', []),
  ],
  projects: [
    f('code', '项目编号', 'Project code', 'text', ['编号']),
    f('name', '项目名称', 'Project name', 'text', ['项目', '项目名'], true),
    f('investorName', '投资方', 'Investor', 'text', ['投资主体', '企业名称', '投资企业', '建设单位'], true),
    f('investorCreditCode', '统一社会信用代码', 'Credit code', 'creditCode', ['信用代码', '社会信用代码']),
    f('countyOrgId', '县（市、区）', 'County', 'org', ['所在县区', '县区', '落地县区', '属地', '跟进县区']),
    f('parkOrgId', '园区/平台', 'Park / platform', 'org', ['园区', '平台', '所在园区']),
    f('industryCode', '行业', 'Industry', 'industry', ['所属行业', '行业代码', '行业类别']),
    f(
      'totalInvestment',
      '总投资',
      'Total investment',
      'amount',
      ['计划总投资', '投资额', '计划投资', '投资规模'],
      true,
    ),
    f('stage', '阶段', 'Stage', 'stage', ['进展', '状态', '项目状态', '当前阶段']),
    f('signedOn', '签约日期', 'Signed on', 'date', ['签约时间'], true),
    f('plannedStartOn', '计划动工', 'Planned start', 'date', ['计划开工', '计划开工日期', '计划动工日期']),
    f('startedOn', '动工日期', 'Started', 'date', ['开工日期', '开工时间', '动工时间']),
    f('plannedProductionOn', '计划投产', 'Planned production', 'date', ['计划投产日期']),
    f('inProductionOn', '投产日期', 'In production', 'date', ['投产时间']),
    f('plannedOutput', '计划产值', 'Planned output', 'amount', ['预计产值', '达产产值']),
    f('plannedTax', '计划税收', 'Planned tax', 'amount', ['预计税收', '达产税收']),
    f('plannedJobs', '计划就业（人）', 'Planned jobs', 'count', ['计划就业', '就业人数', '用工人数']),
    f('note', '备注', 'Note', 'text', []),
  ],
};

/** Header text folded for matching: full-width forms, spaces, brackets and their contents' unit. */
export function foldHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[(（][^)）]*(亿元|万元|元)[^)）]*[)）]/g, '')
    .replace(/[*＊:：]/g, '')
    .toLowerCase();
}

/** The unit a header states: 计划投资（亿元）, 投资额(万元), 总投资/万元. */
export function unitOfHeader(text: string): AmountUnit | null {
  const t = text.normalize('NFKC');
  if (/亿元|亿/.test(t)) return 'yi';
  if (/万元|万/.test(t)) return 'wan';
  if (/[(（/]\s*元\s*[)）]?/.test(t)) return 'yuan';
  return null;
}

/** The field a header names, if any. */
export function fieldOfHeader(kind: ImportKind, header: string): ImportField | undefined {
  const h = foldHeader(header);
  if (!h) return undefined;
  return IMPORT_FIELDS[kind].find((x) => x.headers.some((k) => foldHeader(k) === h));
}

/** Spreadsheet column letters: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** What the dry run decides for each row. */
export const ROW_FATES = ['new', 'duplicate', 'file_duplicate', 'refused'] as const;
export type RowFate = (typeof ROW_FATES)[number];
export const ROW_FATE_LABELS: Record<RowFate, Record<Lang, string>> = {
  new: { zh: '新增', en: 'New' },
  duplicate: { zh: '疑似重复', en: 'Likely duplicate' },
  file_duplicate: { zh: '文件内重复', en: 'Repeated in the file' },
  refused: { zh: '不能导入', en: 'Refused' },
};

/** What the user decides for a likely duplicate. */
export const DUPLICATE_DECISIONS = ['skip', 'merge', 'new'] as const;
export type DuplicateDecision = (typeof DUPLICATE_DECISIONS)[number];
