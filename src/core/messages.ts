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
  date_format: { zh: '日期格式不正确，应为 YYYY-MM-DD', en: 'Not a valid date; use YYYY-MM-DD' },
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
  adjusted_not_weekend: {
    zh: '调休上班日应为周六或周日',
    en: 'An adjusted working day must be a Saturday or Sunday',
  },
};

export function translateMessage(message: string, lang: Lang): string {
  return VALIDATION_MESSAGES[message]?.[lang] ?? message;
}
