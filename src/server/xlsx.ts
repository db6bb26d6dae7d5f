/** The workbooks the product writes (exports, reports, the target template): one way to start a list sheet. */
import ExcelJS from 'exceljs';

export function newWorkbook(now?: Date): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'InvestTrack 招商通';
  if (now) wb.created = now;
  return wb;
}

/** A sheet whose first row is its headers: bold, frozen, with Excel's filter buttons. */
export function listSheet(
  wb: ExcelJS.Workbook,
  name: string,
  columns: Partial<ExcelJS.Column>[],
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
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
