import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form/index.js';
import { type ZodType, z } from 'zod';
import { type Lang, translateMessage, VALIDATION_MESSAGES } from '../../core/messages.js';
import { ApiError } from '../api/client.js';

const localeMaps = { zh: z.locales.zhCN().localeError, en: z.locales.en().localeError };

/** An antd rule that checks one field with the same zod schema the server enforces. */
export function zodRule(schema: ZodType, lang: Lang): Rule {
  return {
    validator: async (_rule, value) => {
      if (value === undefined || value === null || value === '') return; // "required" is its own rule
      const result = schema.safeParse(value, { reportInput: true });
      if (result.success) return;
      const issue = result.error.issues[0]!;
      if (VALIDATION_MESSAGES[issue.message]) throw new Error(translateMessage(issue.message, lang));
      const mapped = localeMaps[lang](issue as never);
      throw new Error((typeof mapped === 'string' ? mapped : mapped?.message) ?? issue.message);
    },
  };
}

/**
 * Puts the server's field errors next to the fields; returns false when the error named no field
 * the form has, so the caller shows it as a message instead.
 */
export function showFieldErrors(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const names = new Set(Object.keys(form.getFieldsValue(true)));
  const fields = error.fieldProblems
    .filter((p) => names.has(p.path.split('.')[0]!))
    .map((p) => ({ name: p.path.split('.')[0]!, errors: [p.message] }));
  if (fields.length === 0) return false;
  form.setFields(fields);
  return true;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
