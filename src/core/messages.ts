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
  instant_format: { zh: '时间格式不正确', en: 'Not a valid date or time' },
};

export function translateMessage(message: string, lang: Lang): string {
  return VALIDATION_MESSAGES[message]?.[lang] ?? message;
}
