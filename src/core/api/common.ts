/**
 * The parts of the HTTP contract every feature shares (API.md "Conventions"): the error shape, a
 * page of a list, an empty answer, a file. Response schemas are zod, like the input schemas, so the
 * server serialises with them, the OpenAPI document is generated from them, and the web's types are
 * z.infer of the same schemas.
 */
import { z } from 'zod';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `{error: {code, message, details}}`; details list the fields at fault for VALIDATION_FAILED. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe('A stable UPPER_SNAKE code, e.g. VALIDATION_FAILED, STALE_VERSION'),
      message: z
        .string()
        .describe('A sentence a person can act on (Chinese, or English with Accept-Language: en)'),
      details: z
        .unknown()
        .optional()
        .describe(
          'VALIDATION_FAILED: a list of {path, message}, one per field; other codes: an object with what the code is about (e.g. candidates of LEAD_POSSIBLE_DUPLICATE)',
        ),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorBody>;

/** A 204: the request succeeded and there is nothing to send. */
export const noContent = z.null().describe('Done; no content');

/** API.md's list page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export function itemsOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}

/** A created row's id, for the small writes that answer only that. */
export const createdId = z.object({ id: z.number().int() });

/** An xlsx download, for the `response` of a route that sends one. */
export const xlsxFile = {
  description: 'An xlsx workbook (Content-Disposition names the file)',
  content: { [XLSX_MIME]: { schema: z.string().meta({ format: 'binary' }) } },
};

/** A CSV download (UTF-8 with BOM), for the `response` of a route that sends one. */
export const csvFile = {
  description: 'CSV, UTF-8 with a byte-order mark (Content-Disposition names the file)',
  content: { 'text/csv': { schema: z.string() } },
};

/** Instants and dates as the API writes them. */
export const instant = z.string().describe('ISO 8601 instant with offset');
export const isoDate = z.string().describe('YYYY-MM-DD, Asia/Shanghai');
