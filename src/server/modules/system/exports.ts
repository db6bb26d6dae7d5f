/**
 * A list's download routes (`…/export.xlsx` and `…/export.csv`): the same filtered rows the list
 * shows, streamed (http/listFile.ts), each download audited with its row count and filters.
 */
import type { z } from 'zod';
import { csvFile, xlsxFile } from '../../../core/api/common.js';
import { shanghaiDate } from '../../../core/calendar/dates.js';
import type { App } from '../../app.js';
import type { Context } from '../../auth/context.js';
import type { Action } from '../../auth/policies.js';
import { contextOf } from '../../http/context.js';
import { type ListColumn, sendList } from '../../http/listFile.js';
import { recordAudit } from '../audit/record.js';

export interface ListExport<T> {
  total: number;
  columns: ListColumn<T>[];
  batches: AsyncIterable<T[]>;
}

export function exportRoutes<Q extends z.ZodType, T>(
  app: App,
  o: {
    /** `/api/leads/export`: the routes are this with .xlsx and .csv. */
    path: string;
    ability: Action;
    tag: string;
    /** What the file holds, for the summary: "The filtered ledger rows". */
    what: string;
    query: Q;
    /** The file's name before the date, and its sheet's name. */
    name: string;
    list: (ctx: Context, query: z.infer<Q>) => Promise<ListExport<T>>;
    audit: { action: string; entityType: string };
  },
) {
  for (const format of ['xlsx', 'csv'] as const) {
    app.get(
      `${o.path}.${format}`,
      {
        config: { ability: o.ability },
        schema: {
          tags: [o.tag],
          summary: `${o.what} as ${format === 'xlsx' ? 'an xlsx' : 'a CSV'} file, streamed, no row cap`,
          querystring: o.query,
          response: { 200: format === 'xlsx' ? xlsxFile : csvFile },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        const query = request.query as z.infer<Q>;
        const { total, columns, batches } = await o.list(ctx, query);
        await ctx.db.transaction().execute((trx) =>
          recordAudit(trx, ctx.actor, ctx.now, {
            ...o.audit,
            after: { rows: total, format, filters: query },
          }),
        );
        return sendList(reply, {
          name: `${o.name}-${shanghaiDate(ctx.now)}`,
          sheet: o.name,
          format,
          columns,
          batches,
        });
      },
    );
  }
}
