/**
 * Finding the header row (even below a title row, and a second header row under merged cells) and
 * matching each column to a field by its header; then reading every data row with the mapping
 * the user confirmed, each bad cell named by its address.
 */
import type { z } from 'zod';
import type { importMapping } from '../../../core/api/imports.js';
import {
  type AmountUnit,
  columnLetter,
  fieldOfHeader,
  IMPORT_FIELDS,
  type ImportKind,
  unitOfHeader,
} from '../../../core/imports.js';
import { AppError, type Text } from '../../errors.js';
import type { Cell, Sheet } from './read.js';
import { cellText, parseCell, type ValueContext } from './values.js';

export type Mapping = z.infer<typeof importMapping>;

export interface ColumnView {
  index: number;
  letter: string;
  header: string;
  field: string | null;
  unit: AmountUnit | null;
  /** The unit was read from the header (计划投资（亿元）); otherwise the user chooses it. */
  unitFromHeader: boolean;
  samples: string[];
}

const HEADER_SEARCH_ROWS = 30;

/** Header texts of a row (a merged cell names every column under it). */
function texts(row: Cell[] | undefined): string[] {
  return (row ?? []).map((c) => cellText(c));
}

function matchedFields(kind: ImportKind, row: string[]): number {
  return new Set(row.map((h) => fieldOfHeader(kind, h)?.key).filter(Boolean)).size;
}

/** The header row of a sheet, 1-based; the lower one of a two-row header. */
export function findHeaderRow(kind: ImportKind, sheet: Sheet): number | null {
  let best = 0;
  let at = -1;
  for (let r = 0; r < Math.min(HEADER_SEARCH_ROWS, sheet.rows.length); r++) {
    const n = matchedFields(kind, texts(sheet.rows[r]));
    if (n > best) {
      best = n;
      at = r;
    }
  }
  if (best < 2) return null;
  // A group header merged over the row below it (时间 over 接收时间 | 签约日期): the lower row names
  // fields the upper one does not, and is the header.
  const upper = texts(sheet.rows[at]);
  const below = texts(sheet.rows[at + 1]);
  if (below.some((h, i) => fieldOfHeader(kind, h) && !fieldOfHeader(kind, upper[i] ?? ''))) return at + 2;
  return at + 1;
}

/** Each column's header: its own text, or the group header above when its own names nothing. */
function combinedHeaders(kind: ImportKind, sheet: Sheet, headerRow: number): string[] {
  const own = texts(sheet.rows[headerRow - 1]);
  const above = headerRow >= 2 ? texts(sheet.rows[headerRow - 2]) : [];
  const width = Math.max(own.length, above.length);
  const out: string[] = [];
  for (let i = 0; i < width; i++) {
    const o = own[i] ?? '';
    const a = above[i] ?? '';
    out.push(fieldOfHeader(kind, o) || !fieldOfHeader(kind, a) ? o || a : a);
  }
  return out;
}

export function noHeader(sheet: string): AppError {
  return new AppError('VALIDATION_FAILED', {
    issues: [
      {
        path: 'file',
        text: {
          zh: `工作表“${sheet}”前 ${HEADER_SEARCH_ROWS} 行中找不到表头（如“项目名称”“投资方”等列名）`,
          en: `No header row in the first ${HEADER_SEARCH_ROWS} rows of "${sheet}" (columns such as 项目名称, 投资方)`,
        },
      },
    ],
  });
}

/** The automatic mapping of a sheet: the header row found and each column's field and unit. */
export function autoMapping(kind: ImportKind, sheet: Sheet): Mapping {
  const headerRow = findHeaderRow(kind, sheet);
  if (headerRow === null) throw noHeader(sheet.name);
  const headers = combinedHeaders(kind, sheet, headerRow);
  const used = new Set<string>();
  const columns = headers.map((h, index) => {
    const field = fieldOfHeader(kind, h);
    // The first column of a name wins; a repeated header is left for the user.
    const key = field && !used.has(field.key) ? field.key : null;
    if (key) used.add(key);
    return { index, field: key, unit: field?.type === 'amount' ? unitOfHeader(h) : null };
  });
  return { sheet: sheet.name, headerRow, columns };
}

export function columnViews(kind: ImportKind, sheet: Sheet, mapping: Mapping): ColumnView[] {
  const headers = combinedHeaders(kind, sheet, mapping.headerRow);
  const width = Math.max(headers.length, ...mapping.columns.map((c) => c.index + 1));
  const data = sheet.rows.slice(mapping.headerRow, mapping.headerRow + 40);
  return Array.from({ length: width }, (_, index) => {
    const m = mapping.columns.find((c) => c.index === index);
    const fromHeader = unitOfHeader(headers[index] ?? '');
    return {
      index,
      letter: columnLetter(index),
      header: headers[index] ?? '',
      field: m?.field ?? null,
      unit: m?.unit ?? null,
      unitFromHeader: fromHeader !== null && m?.unit === fromHeader,
      samples: data
        .map((r) => cellText(r[index] ?? null))
        .filter(Boolean)
        .slice(0, 3),
    };
  });
}

/** The mapping is usable: known fields, each at most once, the required ones present, units known. */
export function checkMapping(kind: ImportKind, mapping: Mapping): void {
  const fields = IMPORT_FIELDS[kind];
  const issues: { path: string; text: Text }[] = [];
  const seen = new Map<string, number>();
  for (const c of mapping.columns) {
    if (!c.field) continue;
    const def = fields.find((x) => x.key === c.field);
    if (!def) {
      issues.push({
        path: `columns.${columnLetter(c.index)}`,
        text: { zh: `未知字段 ${c.field}`, en: `unknown field ${c.field}` },
      });
      continue;
    }
    if (seen.has(c.field)) {
      issues.push({
        path: `columns.${columnLetter(c.index)}`,
        text: {
          zh: `“${def.label.zh}”已对应 ${columnLetter(seen.get(c.field)!)} 列，不能再对应本列`,
          en: `${def.label.en} is already column ${columnLetter(seen.get(c.field)!)}`,
        },
      });
    }
    seen.set(c.field, c.index);
    if (def.type === 'amount' && !c.unit) {
      issues.push({
        path: `columns.${columnLetter(c.index)}`,
        text: {
          zh: `请选择“${def.label.zh}”的单位（亿元、万元或元）`,
          en: `choose the unit of ${def.label.en}`,
        },
      });
    }
  }
  for (const def of fields.filter((x) => x.required)) {
    if (!seen.has(def.key)) {
      issues.push({
        path: 'columns',
        text: {
          zh: `缺少必填列“${def.label.zh}”，请指定对应的列`,
          en: `no column is mapped to ${def.label.en}`,
        },
      });
    }
  }
  if (issues.length) throw new AppError('VALIDATION_FAILED', { issues });
}

export interface CellIssue {
  cell: string;
  text: Text;
}

export interface ReadRow {
  /** Excel's row number. */
  row: number;
  values: Record<string, unknown>;
  /** The column letter each field came from (shared by the rows of a sheet), to name the cell of a later rule. */
  columns: Record<string, string>;
  issues: CellIssue[];
}

/** Every data row under the header with a value in a mapped column, read by the mapping. */
export function readRows(sheet: Sheet, mapping: Mapping, vc: ValueContext): ReadRow[] {
  const fields = new Map(IMPORT_FIELDS[vc.kind].map((x) => [x.key, x]));
  const mapped = mapping.columns
    .filter((c) => c.field)
    .map((c) => ({ ...c, def: fields.get(c.field!)!, letter: columnLetter(c.index) }));
  const columns = Object.fromEntries(mapped.map((c) => [c.def.key, c.letter]));
  const out: ReadRow[] = [];
  for (let r = mapping.headerRow; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r] ?? [];
    if (mapped.every((c) => cells[c.index] === null || cells[c.index] === undefined)) continue;
    const row: ReadRow = { row: r + 1, values: {}, columns, issues: [] };
    for (const c of mapped) {
      const parsed = parseCell(c.def.type, cells[c.index] ?? null, vc, c.unit);
      if (parsed.ok) row.values[c.def.key] = parsed.value;
      else row.issues.push({ cell: `${c.letter}${r + 1}`, text: parsed.text });
    }
    out.push(row);
  }
  return out;
}
