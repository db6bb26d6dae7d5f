import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form/index.js';
import dayjs from 'dayjs';
import type { ZodType } from 'zod';
import type { Lang } from '../../core/messages.js';
import { issueText } from '../../core/validationText.js';
import { ApiError } from '../api/client.js';

/** An antd rule that checks one field with the same zod schema the server enforces. */
export function zodRule(schema: ZodType, lang: Lang, path?: string): Rule {
  return {
    validator: async (_rule, value) => {
      if (value === undefined || value === null || value === '') return; // "required" is its own rule
      const result = schema.safeParse(value, { reportInput: true });
      if (result.success) return;
      const issue = result.error.issues[0]!;
      throw new Error(issueText(issue, path ?? '', lang));
    },
  };
}

/**
 * The antd rules for one field of a zod object schema (path through nested objects): "required"
 * unless the schema makes it optional, then the field's own schema — the very one the server uses.
 */
export function fieldRules(schema: ZodType, path: (string | number)[], lang: Lang): Rule[] {
  let current: ZodType | undefined = schema;
  for (const key of path) {
    // Through an optional object to its fields (the object may be left out; its fields still checked).
    const object = current as unknown as { shape?: Record<string, ZodType>; unwrap?: () => ZodType };
    const shape =
      object.shape ?? (object.unwrap?.() as { shape?: Record<string, ZodType> } | undefined)?.shape;
    current = shape?.[String(key)];
  }
  if (!current) throw new Error(`no field ${path.join('.')} in the schema`);
  const optional = current.safeParse(undefined).success;
  return [...(optional ? [] : [{ required: true }]), zodRule(current, lang, path.join('.'))];
}

/**
 * Puts the server's field errors next to the fields; returns false when the error named no field
 * the form has, so the caller shows it as a message instead.
 */
export function showFieldErrors(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const store = form.getFieldsValue(true) as Record<string, unknown>;
  const fields = error.fieldProblems.flatMap((p) => {
    const name = fieldName(store, p.path);
    return name ? [{ name, errors: [p.message] }] : [];
  });
  if (fields.length === 0) return false;
  form.setFields(fields);
  return true;
}

/** The form field a server path names — referrer.phone is ['referrer', 'phone'] — or null. */
function fieldName(store: Record<string, unknown>, path: string): (string | number)[] | null {
  const name = path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const top = name[0] as string;
  if (!(top in store)) return null;
  if (name.length > 1) return name;
  // A group of fields as a whole (keyInfo) has no field of its own to show the error beside.
  const value = store[top];
  const group = value !== null && typeof value === 'object' && !Array.isArray(value) && !dayjs.isDayjs(value);
  return group ? null : name;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
