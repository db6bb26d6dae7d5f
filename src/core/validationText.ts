/**
 * What a person reads when an input is refused, in their language, naming the field as they know
 * it and what to do: "用户名至少 3 个字符", "计划投资额不能小于 1". Used by the server's 400 answers
 * and by the web forms, which check with the same zod schemas.
 */
import type { z } from 'zod';
import { fieldLabel, type Lang, translateMessage, VALIDATION_MESSAGES } from './messages.js';

const TYPE_NAMES: Record<string, Record<Lang, string>> = {
  number: { zh: '数字', en: 'a number' },
  int: { zh: '整数', en: 'a whole number' },
  string: { zh: '文字', en: 'text' },
  boolean: { zh: '是或否', en: 'true or false' },
  array: { zh: '列表', en: 'a list' },
  object: { zh: '一组字段', en: 'an object' },
  date: { zh: '日期', en: 'a date' },
};

/** The message for one zod issue at `path` (a dotted path; the field's label is looked up). */
export function issueText(issue: z.core.$ZodIssue, path: string, lang: Lang): string {
  const label = fieldLabel(path, lang);
  const zh = lang === 'zh';
  const custom = VALIDATION_MESSAGES[issue.message];
  if (custom) {
    const text = translateMessage(issue.message, lang);
    return text.includes(label) ? text : zh ? `${label}：${text}` : `${label}: ${text}`;
  }
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return zh ? `请填写${label}` : `${label} is required`;
      return zh
        ? `${label}应为${TYPE_NAMES[issue.expected]?.zh ?? issue.expected}`
        : `${label} must be ${TYPE_NAMES[issue.expected]?.en ?? issue.expected}`;
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string')
        return n <= 1
          ? zh
            ? `请填写${label}`
            : `${label} is required`
          : zh
            ? `${label}至少 ${n} 个字符`
            : `${label} needs at least ${n} characters`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return zh ? `${label}至少选择 ${n} 项` : `Choose at least ${n} for ${label}`;
      return issue.inclusive === false
        ? zh
          ? `${label}须大于 ${n}`
          : `${label} must be more than ${n}`
        : zh
          ? `${label}不能小于 ${n}`
          : `${label} cannot be less than ${n}`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string')
        return zh ? `${label}最多 ${n} 个字符` : `${label} can have at most ${n} characters`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return zh ? `${label}最多 ${n} 项` : `${label} can have at most ${n} entries`;
      return issue.inclusive === false
        ? zh
          ? `${label}须小于 ${n}`
          : `${label} must be less than ${n}`
        : zh
          ? `${label}不能大于 ${n}`
          : `${label} cannot be more than ${n}`;
    }
    case 'invalid_value': {
      const values = issue.values.map(String).join(zh ? '、' : ', ');
      return zh ? `${label}须为以下之一：${values}` : `${label} must be one of: ${values}`;
    }
    case 'invalid_format':
      return zh ? `${label}格式不正确` : `${label} is not in the right format`;
    case 'not_multiple_of':
      return zh
        ? `${label}应为 ${issue.divisor} 的整数倍`
        : `${label} must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys': {
      const keys = issue.keys.join(zh ? '、' : ', ');
      return zh ? `不能包含未知字段：${keys}` : `Unknown fields: ${keys}`;
    }
    default:
      return zh ? `${label}填写不正确` : `${label} is not valid`;
  }
}
