import type { FastifySchemaCompiler } from 'fastify';
import { type ZodType, z } from 'zod';
import { type Lang, translateMessage, VALIDATION_MESSAGES } from '../../core/messages.js';

const localeMaps = { zh: z.locales.zhCN().localeError, en: z.locales.en().localeError };

/** Thrown by the validator; the error handler turns it into 400 VALIDATION_FAILED in the caller's language. */
export class RequestValidationError extends Error {
  constructor(
    readonly issues: z.core.$ZodIssue[],
    readonly part: string,
  ) {
    super('Request validation failed');
  }
}

export const zodValidatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(result.error.issues, httpPart ?? 'body') };
  };

/** An absent field or an empty string where one is needed: say "required", not "too small". */
function isMissing(issue: z.core.$ZodIssue): boolean {
  if (issue.code === 'invalid_type' && issue.input === undefined) return true;
  return issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1;
}

export function describeIssues(
  error: RequestValidationError,
  lang: Lang,
): { path: string; message: string }[] {
  return error.issues.map((issue) => {
    let message: string;
    if (VALIDATION_MESSAGES[issue.message]) message = translateMessage(issue.message, lang);
    else if (isMissing(issue)) message = lang === 'zh' ? '必填，不能为空' : 'is required';
    else {
      const mapped = localeMaps[lang](issue as never);
      message = (typeof mapped === 'string' ? mapped : mapped?.message) ?? issue.message;
    }
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : error.part;
    return { path, message };
  });
}
