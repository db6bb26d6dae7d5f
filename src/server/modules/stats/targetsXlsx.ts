/**
 * The year's target table as xlsx: a template to fill in (one row per organisation and indicator,
 * amounts in 亿元, rates in %) and its upload. An upload with any bad cell changes nothing and
 * names every bad cell.
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import {
  INDICATOR_UNIT_TEXT,
  INDICATORS,
  type IndicatorDef,
  type IndicatorKey,
  storedToTyped,
  typedToStored,
} from '../../../core/targets.js';
import type { Context } from '../../auth/context.js';
import type { Database } from '../../db/tables.js';
import { AppError } from '../../errors.js';
import { listSheet, newWorkbook, xlsxBuffer } from '../../xlsx.js';
import { putTarget } from './targets.js';

const HEADERS = ['组织', '指标', '单位', '目标值', '备注'];

export async function targetsTemplate(db: Kysely<Database>, _ctx: Context, year: number): Promise<Buffer> {
  const orgs = await db
    .selectFrom('orgs')
    .select(['id', 'name', 'kind'])
    .where('kind', 'in', ['city', 'county', 'platform'])
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
  const existing = await db.selectFrom('targets').selectAll().where('year', '=', year).execute();
  const wb = newWorkbook();
  const ws = listSheet(
    wb,
    `${year}年目标`,
    HEADERS.map((header, i) => ({ header, width: [24, 28, 8, 12, 30][i] })),
  );
  const label = new Map(INDICATORS.map((i) => [i.key as string, i]));
  const rows = existing.length
    ? existing.map((t) => ({
        org: orgs.find((o) => o.id === t.org_id)?.name ?? '',
        ind: t.indicator,
        value: t.target_value,
        note: t.note,
      }))
    : orgs
        .filter((o) => o.kind !== 'city')
        .flatMap((o) =>
          (['signed_count', 'signed_yuan'] as const).map((ind) => ({
            org: o.name,
            ind,
            value: null as number | null,
            note: null,
          })),
        );
  for (const r of rows) {
    const def = label.get(r.ind)!;
    const shown = r.value === null ? null : storedToTyped(def.unit, r.value);
    ws.addRow([r.org, def.label.zh, INDICATOR_UNIT_TEXT[def.unit], shown, r.note ?? '']);
  }
  // The indicator and organisation cells offer lists, as Excel users expect.
  const list = wb.addWorksheet('选项', { state: 'hidden' });
  INDICATORS.forEach((i, k) => {
    list.getCell(k + 1, 1).value = i.label.zh;
  });
  orgs.forEach((o, k) => {
    list.getCell(k + 1, 2).value = o.name;
  });
  for (let r = 2; r <= Math.max(rows.length + 1, 200); r++) {
    ws.getCell(r, 1).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`选项!$B$1:$B$${orgs.length}`],
    };
    ws.getCell(r, 2).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`选项!$A$1:$A$${INDICATORS.length}`],
    };
  }
  return xlsxBuffer(wb);
}

/**
 * The number typed in a target cell, in the unit the table states (rates in %): Excel keeps `75%`
 * typed into a cell as 0.75 with a percent format, and as text "75%" in a text cell; both are 75.
 */
function typedValue(cell: ExcelJS.Cell, raw: string, unit: IndicatorDef['unit'] | undefined): number {
  const percentText = /^\s*(-?\d+(?:\.\d+)?)\s*[%％]\s*$/.exec(raw);
  if (percentText) return unit === 'percent' ? Number(percentText[1]) : Number.NaN;
  const value = Number(raw);
  const percentCell = typeof cell.value === 'number' && /%/.test(cell.numFmt ?? '');
  // 1e-9 rounding: 0.075 × 100 is 7.499999… in binary.
  return percentCell && unit === 'percent' ? Math.round(value * 100 * 1e9) / 1e9 : value;
}

export async function importTargets(ctx: Context, year: number, file: Buffer): Promise<{ saved: number }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'file', text: { zh: '不是有效的 xlsx 文件', en: 'Not a valid xlsx file' } }],
    });
  }
  const ws = wb.worksheets[0];
  const bad = (cell: string, zh: string, en: string) => ({ path: cell, text: { zh, en } });
  if (!ws || HEADERS.some((h, i) => String(ws.getCell(1, i + 1).value ?? '').trim() !== h)) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        bad(
          'A1',
          `第一行应为表头：${HEADERS.join('、')}`,
          `The first row must be the headers: ${HEADERS.join(', ')}`,
        ),
      ],
    });
  }
  const orgs = await ctx.db.selectFrom('orgs').select(['id', 'name']).execute();
  const orgByName = new Map(orgs.map((o) => [o.name, o.id]));
  const byLabel = new Map(
    INDICATORS.flatMap((i) => [[i.label.zh, i] as const, [i.key as string, i] as const]),
  );
  const issues: ReturnType<typeof bad>[] = [];
  const rows: { orgId: number; indicator: IndicatorKey; targetValue: number; note?: string }[] = [];
  const seen = new Set<string>();
  const text = (v: ExcelJS.CellValue) =>
    v === null || v === undefined
      ? ''
      : typeof v === 'object' && 'result' in v
        ? String(v.result ?? '')
        : String(v).trim();
  for (let r = 2; r <= ws.rowCount; r++) {
    const org = text(ws.getCell(r, 1).value);
    const ind = text(ws.getCell(r, 2).value);
    const raw = text(ws.getCell(r, 4).value);
    if (!org && !ind && !raw) continue;
    const orgId = orgByName.get(org);
    const def = byLabel.get(ind);
    if (!orgId) issues.push(bad(`A${r}`, `"${org}" 不是系统中的组织`, `"${org}" is not an organisation`));
    if (!def) issues.push(bad(`B${r}`, `"${ind}" 不是指标名称`, `"${ind}" is not an indicator`));
    if (!raw) continue; // a row left blank in the template
    const value = typedValue(ws.getCell(r, 4), raw, def?.unit);
    if (!Number.isFinite(value) || value < 0) {
      issues.push(bad(`D${r}`, '目标值应为不小于 0 的数字', 'The target must be a number ≥ 0'));
      continue;
    }
    if (!orgId || !def) continue;
    const key = `${orgId}/${def.key}`;
    if (seen.has(key))
      issues.push(
        bad(`B${r}`, '同一组织的同一指标重复', 'The same indicator appears twice for this organisation'),
      );
    seen.add(key);
    const note = text(ws.getCell(r, 5).value);
    rows.push({
      orgId,
      indicator: def.key,
      targetValue: typedToStored(def.unit, value),
      ...(note ? { note: note.slice(0, 200) } : {}),
    });
  }
  if (issues.length) throw new AppError('VALIDATION_FAILED', { issues });
  await ctx.db.transaction().execute(async (trx) => {
    for (const row of rows) await putTarget(trx, ctx, { year, ...row });
  });
  return { saved: rows.length };
}
