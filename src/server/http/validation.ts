import type { FastifySchemaCompiler } from 'fastify';
import type { ZodType, z } from 'zod';
import type { Lang } from '../../core/messages.js';
import { issueText } from '../../core/validationText.js';

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

export function describeIssues(
  error: RequestValidationError,
  lang: Lang,
): { path: string; message: string }[] {
  return error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : error.part;
    return { path, message: issueText(issue, path, lang) };
  });
}
