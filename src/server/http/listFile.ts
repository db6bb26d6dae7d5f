/**
 * A list download (the ledger, the project list) streamed as it is read: rows come in keyset-paged
 * batches and go out through exceljs' streaming writer (or as CSV), so memory stays flat and there
 * is no row cap; other requests run between batches. Dates and times are real date cells (Excel
 * sorts and filters them as dates), amounts and counts numbers; the header is bold and frozen,
 * with filter buttons and set widths. CSV is UTF-8 with a BOM, so Excel opens the Chinese right.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { DATE_FORMAT, DATE_TIME_FORMAT, dayCell, listSheet, shanghaiCell } from '../xlsx.js';
import { asAttachment, XLSX_MIME } from './xlsx.js';

/** A cell value: text, number, a day (YYYY-MM-DD) or an instant, or empty. */
export type ListValue = string | number | { day: string } | { instant: string } | null;

export interface ListColumn<T> {
  header: string;
  width: number;
  value: (row: T) => ListValue;
  /** Excel number format for number cells, e.g. 0.00 or 0.0%. */
  numFmt?: string;
}

export type ListFormat = 'xlsx' | 'csv';

export const day = (d: string | null | undefined): ListValue => (d ? { day: d } : null);
export const at = (t: string | null | undefined): ListValue => (t ? { instant: t } : null);

/** A date value as its cell. */
function excelDate(v: { day: string } | { instant: string }): Date {
  return 'day' in v ? dayCell(v.day)! : shanghaiCell(v.instant)!;
}

function csvText(v: ListValue): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object') {
    if ('day' in v) return v.day;
    return excelDate(v).toISOString().slice(0, 16).replace('T', ' ');
  }
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Sends the rows the batches yield as a file named `name` (without extension). Returns when the
 * download has started; rows are written as the batches come.
 */
export function sendList<T>(
  reply: FastifyReply,
  options: {
    name: string;
    sheet: string;
    format: ListFormat;
    columns: ListColumn<T>[];
    batches: AsyncIterable<T[]>;
  },
) {
  const { columns, format } = options;
  const file = `${options.name}.${format}`;
  const out = new PassThrough();
  asAttachment(reply, format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_MIME, file);
  const write = async () => {
    if (format === 'csv') {
      // Waits for the client to take it; a client that went away ends the wait too.
      const chunk = (s: string) =>
        out.write(s)
          ? Promise.resolve()
          : new Promise((r) => {
              out.once('drain', r);
              out.once('close', r);
            });
      await chunk(`\ufeff${columns.map((c) => csvText(c.header)).join(',')}\r\n`);
      for await (const batch of options.batches) {
        if (out.destroyed) return;
        await chunk(
          batch.map((row) => `${columns.map((c) => csvText(c.value(row))).join(',')}\r\n`).join(''),
        );
      }
      out.end();
      return;
    }
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    wb.creator = 'InvestTrack 招商通';
    // The same header as every list sheet the product writes (xlsx.ts listSheet).
    const ws = listSheet(
      wb,
      options.sheet,
      columns.map((c) => ({
        header: c.header,
        width: c.width,
        ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
      })),
    );
    ws.getRow(1).commit();
    // One style object per kind of cell, shared by every cell of that kind. exceljs gives each new
    // cell a style object of its own and works out its style id anew for every object it has not
    // seen (a cache keyed by the object): per cell, that was most of the writing time and garbage.
    const columnStyles = columns.map((c) => (c.numFmt ? { numFmt: c.numFmt } : {}));
    const dayStyle = { numFmt: DATE_FORMAT };
    const timeStyle = { numFmt: DATE_TIME_FORMAT };
    for await (const batch of options.batches) {
      for (const row of batch) {
        const values = columns.map((c) => c.value(row));
        const r = ws.addRow(values.map((v) => (v !== null && typeof v === 'object' ? excelDate(v) : v)));
        values.forEach((v, i) => {
          r.getCell(i + 1).style =
            v !== null && typeof v === 'object' ? ('day' in v ? dayStyle : timeStyle) : columnStyles[i]!;
        });
        r.commit();
      }
      // Other requests get their turn between batches; the next is read only once the zip has
      // caught up with this one and the client has taken most of what is sent.
      await new Promise((r) => setImmediate(r));
      await caughtUp(wb, ws, out);
      // The client went away: read no further.
      if (out.destroyed) return;
    }
    ws.commit();
    await wb.commit();
  };
  write().catch((err) => {
    reply.log.error({ err }, 'list download failed');
    out.destroy(err);
  });
  return reply.send(out);
}

/** Bytes a download may hold unsent before it reads more rows. */
const BACKLOG_BYTES = 1024 * 1024;

/** What a Node stream holds, read from its state (the streams inside exceljs are readable-stream's). */
interface Held {
  _writableState?: { length: number };
  _readableState?: { length: number };
}
const held = (s: Held | undefined) => (s?._writableState?.length ?? 0) + (s?._readableState?.length ?? 0);

/**
 * Waits while the download holds more than BACKLOG_BYTES. exceljs' streaming writer never pauses:
 * each sheet's XML goes into the zip entry's input however far behind compression is, and the zip
 * (archiver) keeps compressing into its own buffer while the client is not reading. Without this
 * wait a fast database and a slow zip or client would hold the whole file in memory.
 */
async function caughtUp(wb: ExcelJS.stream.xlsx.WorkbookWriter, ws: ExcelJS.Worksheet, out: PassThrough) {
  const input = (ws as unknown as { stream?: { pipes?: Held[] } }).stream?.pipes?.[0];
  const zip = (wb as unknown as { zip?: Held }).zip;
  const pending = () => held(input) + held(zip) + out.writableLength + out.readableLength;
  while (pending() > BACKLOG_BYTES && !out.destroyed) await new Promise((r) => setTimeout(r, 2));
}

/**
 * Rows per batch of a list download: each batch is read and written without a pause, so a smaller
 * one lets other users' requests in sooner (about 30 ms at a time) for a few more queries.
 */
export const LIST_FILE_BATCH = 250;

/** Keyset-paged batches: `page(after)` reads the rows after the last one of the previous batch. */
export async function* keysetBatches<R, T>(
  page: (after: R | null) => Promise<R[]>,
  present: (rows: R[]) => Promise<T[]>,
): AsyncIterable<T[]> {
  let after: R | null = null;
  for (;;) {
    const rows = await page(after);
    if (rows.length === 0) return;
    yield await present(rows);
    after = rows[rows.length - 1]!;
  }
}
