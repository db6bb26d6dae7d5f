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

/**
 * Where the input holds a NUL character (U+0000), in a value or a key. No field may: PostgreSQL's
 * text cannot store it (the query failed with a 500), and no person types one.
 */
function nulCharacters(data: unknown, path: PropertyKey[] = [], found: z.core.$ZodIssue[] = []) {
  if (typeof data === 'string') {
    if (data.includes('\u0000'))
      found.push({ code: 'custom', message: 'nul_character', path, input: data } as z.core.$ZodIssue);
  } else if (Array.isArray(data)) {
    data.forEach((x, i) => {
      nulCharacters(x, [...path, i], found);
    });
  } else if (data !== null && typeof data === 'object' && !Buffer.isBuffer(data))
    for (const [key, value] of Object.entries(data)) {
      if (key.includes('\u0000')) nulCharacters(key, [...path, key], found);
      else nulCharacters(value, [...path, key], found);
    }
  return found;
}

export const zodValidatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const nul = nulCharacters(data);
    if (nul.length) return { error: new RequestValidationError(nul, httpPart ?? 'body') };
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
