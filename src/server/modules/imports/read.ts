/**
 * Reading an uploaded ledger into sheets of cells: xlsx (what Excel and LibreOffice write, and .xls
 * files saved again as xlsx) or CSV in UTF-8 (with or without BOM), UTF-16 or GB18030/GBK, which
 * Chinese Excel writes by default. Anything else is refused with what is wrong and what to do.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { AppError } from '../../errors.js';

/** A cell as read: text, number, a date (its wall-clock time as UTC), a formula, or empty. */
export type Cell = string | number | boolean | Date | { formula: string } | null;

export interface Sheet {
  name: string;
  /** rows[r][c] is Excel's cell (r + 1, c + 1). */
  rows: Cell[][];
}

/** The largest upload accepted (a 100,000-row ledger is about 15 MB). */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

const fileError = (zh: string, en: string) =>
  new AppError('VALIDATION_FAILED', { issues: [{ path: 'file', text: { zh, en } }] });

export async function readWorkbook(file: Buffer): Promise<Sheet[]> {
  if (file.length === 0) throw fileError('文件为空', 'The file is empty');
  if (file.length > IMPORT_MAX_BYTES) {
    throw fileError(
      `文件超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB 上限，请分成几个文件导入`,
      `The file is larger than the ${IMPORT_MAX_BYTES / 1024 / 1024} MB limit; split it`,
    );
  }
  if (file[0] === 0x50 && file[1] === 0x4b) return readXlsx(file);
  if (file[0] === 0xd0 && file[1] === 0xcf && file[2] === 0x11 && file[3] === 0xe0) {
    throw fileError(
      '这是旧版 .xls 文件，请在 Excel 或 WPS 中“另存为” .xlsx 后再上传',
      'This is an old .xls file; save it as .xlsx and upload that',
    );
  }
  const text = decodeText(file);
  if (text === null) {
    throw fileError(
      '不是电子表格文件：请上传 .xlsx 或 .csv 文件',
      'Not a spreadsheet: upload an .xlsx or .csv file',
    );
  }
  return [{ name: 'CSV', rows: parseCsv(text) }];
}

interface StreamSheet extends AsyncIterable<ExcelJS.Row> {
  name: string;
  state?: string;
}

interface StreamBook {
  model?: { sheets?: { name: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
}

/**
 * An xlsx read with exceljs' streaming reader, row by row (a 100,000-row ledger never becomes a
 * model of styled cells in memory); the merged ranges, which that reader skips, read apart.
 */
async function readXlsx(file: Buffer): Promise<Sheet[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const sheets: Sheet[] = [];
  let merges: Map<string, Range[]>;
  try {
    for await (const ws of reader as unknown as AsyncIterable<StreamSheet>) {
      const rows: Cell[][] = [];
      for await (const row of ws) {
        const values = row.values as unknown[];
        const cells: Cell[] = [];
        for (let c = 1; c < values.length; c++) cells[c - 1] = cellOf(values[c]);
        rows[row.number - 1] = cells;
      }
      if (ws.state === 'hidden' || ws.state === 'veryHidden') continue;
      sheets.push({ name: ws.name, rows });
    }
    merges = await mergedRanges(file, reader as unknown as StreamBook);
  } catch {
    throw fileError(
      '无法读取该 xlsx 文件（文件已损坏或不是 Excel 文件）',
      'The xlsx file cannot be read (damaged, or not Excel)',
    );
  }
  if (sheets.length === 0) throw fileError('工作簿中没有可见的工作表', 'The workbook has no visible sheet');
  // In the workbook's own order of tabs, not the order of the files inside it.
  const order = (reader as unknown as StreamBook).model?.sheets?.map((s) => s.name) ?? [];
  sheets.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  for (const sheet of sheets) {
    const width = Math.max(0, ...sheet.rows.map((r) => (r ? r.length : 0)));
    for (let r = 0; r < sheet.rows.length; r++) sheet.rows[r] ??= [];
    for (const range of merges.get(sheet.name) ?? []) fillMerged(sheet.rows, range, width);
    for (const row of sheet.rows) for (let c = 0; c < row.length; c++) row[c] ??= null;
  }
  return sheets;
}

/** A merged range by zero-based row and column, first to last. */
interface Range {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

function cellIndex(ref: string): { r: number; c: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  let c = 0;
  for (const ch of m[1]!) c = c * 26 + ch.charCodeAt(0) - 64;
  return { r: Number(m[2]) - 1, c: c - 1 };
}

/** Each sheet's merged ranges (`<mergeCell ref="A1:C2"/>`, after its rows), by sheet name. */
async function mergedRanges(file: Buffer, book: StreamBook): Promise<Map<string, Range[]>> {
  const zip = await JSZip.loadAsync(file);
  const out = new Map<string, Range[]>();
  for (const s of book.model?.sheets ?? []) {
    const target = book.workbookRels?.find((r) => r.Id === s.rId)?.Target;
    if (!target) continue;
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const xml = await zip.file(path)?.async('string');
    if (!xml) continue;
    const tail = xml.slice(Math.max(0, xml.lastIndexOf('</sheetData>')));
    const ranges: Range[] = [];
    for (const m of tail.matchAll(/<mergeCell\s+ref="([A-Z]+\d+):([A-Z]+\d+)"/g)) {
      const a = cellIndex(m[1]!);
      const b = cellIndex(m[2]!);
      ranges.push({ r0: a.r, c0: a.c, r1: b.r, c1: b.c });
    }
    out.set(s.name, ranges);
  }
  return out;
}

/** Every cell of a merged range reads as its first (a merged header names each column under it). */
function fillMerged(rows: Cell[][], { r0, c0, r1, c1 }: Range, width: number) {
  const master = rows[r0]?.[c0] ?? null;
  // A range drawn past the sheet's data (a whole column merged) reaches only the cells there are.
  for (let r = r0; r <= Math.min(r1, rows.length - 1); r++) {
    for (let c = c0; c <= Math.min(c1, width - 1); c++) {
      if (r !== r0 || c !== c0) rows[r]![c] = master;
    }
  }
}

function cellOf(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) {
      return {
        formula: String(
          (v as { formula?: string }).formula ?? (v as { sharedFormula?: string }).sharedFormula,
        ),
      };
    }
    if ('richText' in v)
      return (
        (v as ExcelJS.CellRichTextValue).richText
          .map((t) => t.text)
          .join('')
          .trim() || null
      );
    if ('text' in v) return String(v.text).trim() || null;
    if ('error' in v) return String(v.error);
  }
  return String(v);
}

/** The text of a CSV file, or null when it is not text. */
export function decodeText(file: Buffer): string | null {
  if (file[0] === 0xef && file[1] === 0xbb && file[2] === 0xbf) return file.subarray(3).toString('utf8');
  if (file[0] === 0xff && file[1] === 0xfe) return new TextDecoder('utf-16le').decode(file.subarray(2));
  if (file[0] === 0xfe && file[1] === 0xff) return new TextDecoder('utf-16be').decode(file.subarray(2));
  if (file.subarray(0, 4096).includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    // Chinese Excel saves CSV in the system code page: GBK, which GB18030 contains.
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(file);
    } catch {
      return null;
    }
  }
}

/** RFC 4180 CSV (comma, or tab when the first line has more tabs), quotes doubled inside quotes. */
export function parseCsv(text: string): Cell[][] {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const sep = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    const t = field.trim();
    row.push(t === '' ? null : t);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (ch === sep) endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}
