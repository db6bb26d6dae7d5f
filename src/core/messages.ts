/** Texts of the custom validation messages used in schemas.ts, in both UI languages. */
export type Lang = 'zh' | 'en';

export const VALIDATION_MESSAGES: Record<string, Record<Lang, string>> = {
  password_weak: {
    zh: '密码至少 10 位，且包含大写字母、小写字母、数字、符号中的至少三类',
    en: 'Password must have at least 10 characters from at least three of: upper case, lower case, digits, symbols',
  },
  password_unchanged: {
    zh: '新密码不能与当前密码相同',
    en: 'The new password must differ from the current one',
  },
  username_chars: {
    zh: '用户名只能包含字母、数字、下划线、点和连字符',
    en: 'Username may contain only letters, digits, underscore, dot and hyphen',
  },
  roles_empty: { zh: '至少选择一个角色', en: 'Choose at least one role' },
  roles_duplicate: { zh: '角色不能重复', en: 'Roles must not repeat' },
  roles_separation: {
    zh: '系统管理员、安全审计员须单独设置，不能与其他角色兼任（三权分立）',
    en: 'Administrator and auditor must each be held alone (separation of duties)',
  },
  region_code_format: { zh: '行政区划代码应为 6 位数字', en: 'Region code must be 6 digits' },
  instant_format: {
    zh: '时间格式不正确，应为带时区的 ISO 8601 时间，如 2024-09-27T10:00:00+08:00',
    en: 'Not a valid instant; use ISO 8601 with an offset, e.g. 2024-09-27T10:00:00+08:00',
  },
  credit_code_invalid: {
    zh: '统一社会信用代码无效：应为 18 位且校验位正确（GB 32100-2015）',
    en: 'Invalid unified social credit code: 18 characters with a correct check character (GB 32100-2015)',
  },
  industry_code_format: { zh: '行业代码格式不正确', en: 'Not an industry code' },
  phone_format: { zh: '电话号码格式不正确', en: 'Not a phone number' },
  key_facts_empty: { zh: '请至少补充一项关键信息', en: 'Fill in at least one key fact' },
  date_format: { zh: '日期格式不正确，应为 YYYY-MM-DD', en: 'Not a valid date; use YYYY-MM-DD' },
  nul_character: {
    zh: '不能包含空字符（U+0000），请删去后重试',
    en: 'cannot contain a NUL character (U+0000); remove it and try again',
  },
  period_format: {
    zh: '期间格式不正确，应为 2024、2024-Q1 或 2024-03',
    en: 'Not a period; use 2024, 2024-Q1 or 2024-03',
  },
  date_range: { zh: '日期须在 2000 至 2100 年之间', en: 'The date must be between 2000 and 2100' },
  range_order: { zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' },
  range_too_long: { zh: '日期范围不能超过 800 天', en: 'The range cannot exceed 800 days' },
  steps_repeat: { zh: '同一环节不能重复设置', en: 'A step may appear only once' },
  holiday_range: {
    zh: '假期的结束日期不能早于开始日期，且不超过 15 天',
    en: 'A holiday must end on or after its start and last at most 15 days',
  },
  date_outside_year: { zh: '日期不在该年度内', en: 'The date is outside that year' },
  url_format: {
    zh: '地址格式不正确，应以 https:// 或 http:// 开头',
    en: 'Not an address; it starts with https:// or http://',
  },
  wecom_key_missing: {
    zh: '企业微信机器人地址应含 key 参数（在群机器人的“Webhook 地址”处复制）',
    en: 'A WeCom robot address has a key parameter (copy its Webhook address)',
  },
  dingtalk_token_missing: {
    zh: '钉钉机器人地址应含 access_token 参数（在机器人设置的“Webhook”处复制）',
    en: 'A DingTalk robot address has an access_token parameter (copy its Webhook)',
  },
  feishu_hook_missing: {
    zh: '飞书机器人地址应为 …/open-apis/bot/v2/hook/… 形式',
    en: 'A Feishu bot address ends in /open-apis/bot/v2/hook/<id>',
  },
  secret_required: { zh: '通用 Webhook 须设置签名密钥', en: 'A generic webhook needs a signing secret' },
  adjusted_not_weekend: {
    zh: '调休上班日应为周六或周日',
    en: 'An adjusted working day must be a Saturday or Sunday',
  },
};

export function translateMessage(message: string, lang: Lang): string {
  return VALIDATION_MESSAGES[message]?.[lang] ?? message;
}

/**
 * The names people know the input fields by, for validation messages ("用户名至少 3 个字符").
 * Keyed by the full path first ("referrer.name"), then by the last segment.
 */
export const FIELD_LABELS: Record<string, Record<Lang, string>> = {
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  currentPassword: { zh: '当前密码', en: 'Current password' },
  newPassword: { zh: '新密码', en: 'New password' },
  displayName: { zh: '姓名', en: 'Name' },
  orgId: { zh: '组织', en: 'Organisation' },
  parentId: { zh: '上级组织', en: 'Parent organisation' },
  roles: { zh: '角色', en: 'Roles' },
  role: { zh: '角色', en: 'Role' },
  active: { zh: '启用状态', en: 'Active' },
  version: { zh: '版本号', en: 'Version' },
  name: { zh: '名称', en: 'Name' },
  kind: { zh: '类型', en: 'Kind' },
  regionCode: { zh: '行政区划代码', en: 'Region code' },
  projectName: { zh: '项目名称', en: 'Project name' },
  investorName: { zh: '投资方名称', en: 'Investor name' },
  investorCreditCode: { zh: '统一社会信用代码', en: 'Credit code' },
  investorType: { zh: '投资方类型', en: 'Investor type' },
  industryCode: { zh: '行业代码', en: 'Industry code' },
  chainId: { zh: '产业链', en: 'Chain' },
  chainLinkId: { zh: '产业链环节', en: 'Chain link' },
  clusterId: { zh: '产业集群', en: 'Cluster' },
  clusterIds: { zh: '产业集群', en: 'Clusters' },
  plannedInvestmentYuan: { zh: '计划投资额', en: 'Planned investment' },
  fixedAssetInvestmentYuan: { zh: '固定资产投资额', en: 'Fixed-asset investment' },
  totalInvestmentYuan: { zh: '总投资额', en: 'Total investment' },
  landAreaMu: { zh: '用地面积（亩）', en: 'Land area (mu)' },
  referrer: { zh: '引荐方', en: 'Referrer' },
  'referrer.name': { zh: '引荐人姓名', en: 'Referrer name' },
  'referrer.organization': { zh: '引荐单位', en: 'Referrer organisation' },
  'referrer.phone': { zh: '引荐人电话', en: 'Referrer phone' },
  'referrer.kind': { zh: '引荐方类型', en: 'Referrer kind' },
  channel: { zh: '线索来源渠道', en: 'Channel' },
  receivedAt: { zh: '接收时间', en: 'Received at' },
  isMajor: { zh: '重大线索', en: 'Major lead' },
  at: { zh: '办理时间', en: 'Time' },
  ownerUserId: { zh: '跟进责任人', en: 'Follow-up officer' },
  ownerOrgId: { zh: '归属组织', en: 'Owning organisation' },
  contactNote: { zh: '首次联系情况', en: 'First contact' },
  investorProfile: { zh: '投资主体情况', en: 'Investor profile' },
  investmentContent: { zh: '投资内容', en: 'Investment content' },
  benefits: { zh: '预期效益', en: 'Expected benefits' },
  siteRequirements: { zh: '选址需求', en: 'Site requirements' },
  coordinationNeeds: { zh: '需协调事项', en: 'Coordination needs' },
  decision: { zh: '研判结论', en: 'Decision' },
  industryDirection: { zh: '产业方向', en: 'Industry direction' },
  industryPull: { zh: '产业带动', en: 'Industry pull' },
  marketProspects: { zh: '市场前景', en: 'Market prospects' },
  technologyRoute: { zh: '技术路线', en: 'Technology route' },
  environment: { zh: '环境影响', en: 'Environmental impact' },
  energy: { zh: '能耗', en: 'Energy use' },
  proposals: { zh: '下一步建议', en: 'Proposals' },
  to: { zh: '反馈对象', en: 'To' },
  note: { zh: '说明', en: 'Note' },
  countyOrgIds: { zh: '分派县（市、区）', en: 'Counties' },
  countyOrgId: { zh: '县（市、区）', en: 'County' },
  parkOrgId: { zh: '园区/平台', en: 'Park' },
  cityCoFollow: { zh: '市级协同跟进', en: 'City co-follow' },
  reason: { zh: '原因', en: 'Reason' },
  summary: { zh: '进展情况', en: 'Summary' },
  nextSteps: { zh: '下一步计划', en: 'Next steps' },
  blockers: { zh: '需协调问题', en: 'Blockers' },
  signedAt: { zh: '签约日期', en: 'Signing date' },
  signedOn: { zh: '签约日期', en: 'Signing date' },
  startedOn: { zh: '动工日期', en: 'Start date' },
  inProductionOn: { zh: '投产日期', en: 'Production date' },
  plannedStartOn: { zh: '计划动工日期', en: 'Planned start' },
  plannedProductionOn: { zh: '计划投产日期', en: 'Planned production' },
  plannedOutputYuan: { zh: '预计产值', en: 'Planned output' },
  plannedTaxYuan: { zh: '预计税收', en: 'Planned tax' },
  plannedJobs: { zh: '预计就业人数', en: 'Planned jobs' },
  intoLeadId: { zh: '合并到的线索', en: 'Lead to merge into' },
  stage: { zh: '阶段', en: 'Stage' },
  on: { zh: '日期', en: 'Date' },
  category: { zh: '事项类别', en: 'Category' },
  description: { zh: '事项描述', en: 'Description' },
  departmentOrgId: { zh: '责任部门', en: 'Department' },
  department: { zh: '责任部门', en: 'Department' },
  raisedAt: { zh: '提出时间', en: 'Raised at' },
  answer: { zh: '答复', en: 'Answer' },
  closeNote: { zh: '办结说明', en: 'Closing note' },
  year: { zh: '年度', en: 'Year' },
  indicator: { zh: '指标', en: 'Indicator' },
  targetValue: { zh: '目标值', en: 'Target' },
  value: { zh: '数值', en: 'Value' },
  period: { zh: '期间', en: 'Period' },
  asOf: { zh: '截至日期', en: 'As of' },
  from: { zh: '开始日期', en: 'From' },
  date: { zh: '日期', en: 'Date' },
  start: { zh: '起算时间', en: 'Start' },
  amount: { zh: '期限', en: 'Amount' },
  unit: { zh: '计算方式', en: 'Unit' },
  step: { zh: '环节', en: 'Step' },
  items: { zh: '列表', en: 'Items' },
  workday: { zh: '是否工作日', en: 'Working day' },
  holidays: { zh: '放假安排', en: 'Holidays' },
  adjustedWorkdays: { zh: '调休上班日', en: 'Adjusted working days' },
  dueSoonWorkingHours: { zh: '临期提醒工作小时数', en: 'Due-soon working hours' },
  page: { zh: '页码', en: 'Page' },
  pageSize: { zh: '每页条数', en: 'Page size' },
  q: { zh: '关键词', en: 'Search' },
  minYuan: { zh: '最低金额', en: 'Minimum amount' },
  maxYuan: { zh: '最高金额', en: 'Maximum amount' },
  receivedFrom: { zh: '接收起始日期', en: 'Received from' },
  receivedTo: { zh: '接收截止日期', en: 'Received to' },
  sort: { zh: '排序字段', en: 'Sort' },
  order: { zh: '排序方向', en: 'Order' },
  slaStatus: { zh: '时限状态', en: 'Time-limit status' },
  code: { zh: '代码', en: 'Code' },
  codes: { zh: '行业代码', en: 'Industry codes' },
  position: { zh: '环节位置', en: 'Position' },
  products: { zh: '主要产品', en: 'Products' },
  isLeader: { zh: '链主企业', en: 'Chain leader' },
  file: { zh: '文件', en: 'File' },
  url: { zh: '机器人地址', en: 'Robot address' },
  secret: { zh: '签名密钥', en: 'Signing secret' },
  topics: { zh: '推送内容', en: 'What it receives' },
  enabled: { zh: '启用', en: 'Enabled' },
  inApp: { zh: '站内提醒', en: 'In the product' },
  toGroup: { zh: '转发到群', en: 'Also to my group' },
  body: { zh: '请求内容', en: 'Request body' },
};

/** The label of a field path ("referrer.name" → 引荐人姓名), if the field is one people know by name. */
export function knownFieldLabel(path: string, lang: Lang): string | undefined {
  const direct = FIELD_LABELS[path];
  if (direct) return direct[lang];
  const parts = path.split('.').filter((p) => !/^\d+$/.test(p));
  const last = parts[parts.length - 1] ?? path;
  return FIELD_LABELS[last]?.[lang];
}

/** The label of a field path, or the path itself (a spreadsheet cell, say) when it has none. */
export function fieldLabel(path: string, lang: Lang): string {
  return knownFieldLabel(path, lang) ?? path;
}
