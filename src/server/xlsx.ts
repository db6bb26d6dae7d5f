/** The workbooks the product writes (exports, reports, the target template): one way to start a list sheet. */
import ExcelJS from 'exceljs';
import { SHANGHAI_OFFSET_MS } from '../core/calendar/dates.js';

export function newWorkbook(now?: Date): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'InvestTrack 招商通';
  if (now) wb.created = now;
  return wb;
}

/**
 * A list sheet: its headers bold and frozen, with Excel's filter buttons and set widths. With title
 * lines, they come first (the first bold and larger), then a blank row, then the headers.
 */
export function listSheet(
  wb: ExcelJS.Workbook,
  name: string,
  columns: Partial<ExcelJS.Column>[],
  titles: string[] = [],
): ExcelJS.Worksheet {
  const headerRow = titles.length ? titles.length + 2 : 1;
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: headerRow }] });
  if (titles.length) {
    ws.columns = columns.map(({ header: _h, ...c }) => c);
    for (const t of titles) ws.addRow([t]);
    ws.getRow(1).font = { bold: true, size: 13 };
    ws.addRow([]);
    ws.addRow(columns.map((c) => c.header as string));
  } else ws.columns = columns;
  ws.getRow(headerRow).font = { bold: true };
  ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns.length } };
  return ws;
}

/** Number formats of the cells below. */
export const DATE_FORMAT = 'yyyy-mm-dd';
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';

/**
 * An instant as a date cell showing Beijing time (Excel keeps wall-clock serials, exceljs writes a
 * Date's UTC fields), or a day (YYYY-MM-DD) as a date cell.
 */
export function shanghaiCell(instant: string | null | undefined): Date | null {
  return instant ? new Date(Date.parse(instant) + SHANGHAI_OFFSET_MS) : null;
}
export function dayCell(day: string | null | undefined): Date | null {
  return day ? new Date(`${day}T00:00:00Z`) : null;
}

export async function xlsxBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Yuan as 亿元 to four places (whole 万元), for a number cell. */
export function yiCell(yuan: number): number;
export function yiCell(yuan: number | null | undefined): number | null;
export function yiCell(yuan: number | null | undefined): number | null {
  return yuan === null || yuan === undefined ? null : Math.round(yuan / 1e4) / 1e4;
}
