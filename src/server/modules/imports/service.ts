/**
 * An import batch's life: upload (a draft holding the file, its SHA-256, the automatic mapping or
 * the one saved for files of this shape), dry run with the mapping the user confirmed (every row's
 * fate, nothing written), the dry-run report as xlsx, commit (all or nothing, one audit entry with
 * the row counts), undo while none of its records has changed since.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { commitBody, ImportBatch, ImportBatchDetail, ImportDryRun } from '../../../core/api/imports.js';
import { shanghaiDate } from '../../../core/calendar/dates.js';
import { foldHeader, type ImportKind, ROW_FATE_LABELS, type RowFate } from '../../../core/imports.js';
import type { Context } from '../../auth/context.js';
import { importScope } from '../../auth/policies.js';
import { inTransaction } from '../../db/index.js';
import type { Database, ImportBatchRow } from '../../db/tables.js';
import { AppError, notFound } from '../../errors.js';
import { listSheet, newWorkbook, xlsxBuffer } from '../../xlsx.js';
import { recordAudit } from '../audit/record.js';
import { type MergedRecord, writePlan } from './commit.js';
import {
  autoMapping,
  checkMapping,
  columnViews,
  type Mapping,
  noHeader,
  type ReadRow,
  readRows,
} from './mapping.js';
import { type PlanRow, planRows } from './plan.js';
import { readWorkbook, type Sheet } from './read.js';
import { cellText, type OrgRef, type ValueContext } from './values.js';

type BatchView = ImportBatch;
type BatchDetail = ImportBatchDetail;

function present(b: ImportBatchRow, undoable = false): BatchView {
  return {
    id: b.id,
    kind: b.kind as ImportKind,
    fileName: b.file_name,
    sha256: b.sha256,
    sizeBytes: b.size_bytes,
    status: b.status as BatchView['status'],
    userName: b.user_name,
    createdAt: b.created_at,
    committedAt: b.committed_at,
    undoneAt: b.undone_at,
    counts: b.counts ? JSON.parse(b.counts) : null,
    undoable,
  };
}

async function orgsOf(db: Kysely<Database>): Promise<OrgRef[]> {
  return db.selectFrom('orgs').select(['id', 'name', 'kind']).where('active', '=', 1).execute();
}

async function importer(ctx: Context) {
  const org = await ctx.db
    .selectFrom('orgs')
    .select(['id', 'name', 'kind', 'parent_id'])
    .where('id', '=', ctx.user.orgId)
    .executeTakeFirstOrThrow();
  return {
    user: ctx.user,
    org: { id: org.id, name: org.name, kind: org.kind, parentId: org.parent_id },
    scope: importScope(ctx.user),
  };
}

/** The batch if the user may work with it (their organisation's; the city center's: all), else 404. */
async function loadBatch(db: Kysely<Database>, ctx: Context, id: number): Promise<ImportBatchRow> {
  const b = await db.selectFrom('import_batches').selectAll().where('id', '=', id).executeTakeFirst();
  const scope = importScope(ctx.user);
  if (!b || !('all' in scope || b.org_id === scope.orgId)) throw notFound();
  return b;
}

function sheetOf(sheets: Sheet[], name: string | undefined): Sheet {
  const sheet = name === undefined ? sheets[0] : sheets.find((s) => s.name === name);
  if (!sheet) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'sheet', text: { zh: `工作簿中没有工作表“${name}”`, en: `No sheet "${name}"` } }],
    });
  }
  return sheet;
}

/** The header texts of a sheet's header row, folded: files of the same shape share it. */
function signatureOf(sheet: Sheet, mapping: Mapping): string {
  return (sheet.rows[mapping.headerRow - 1] ?? []).map((c) => foldHeader(cellText(c))).join('|');
}

/** The sheet to show first: the first whose header is recognised. */
function firstMappable(kind: ImportKind, sheets: Sheet[]): { sheet: Sheet; mapping: Mapping } {
  for (const sheet of sheets) {
    try {
      return { sheet, mapping: autoMapping(kind, sheet) };
    } catch {
      // the next sheet
    }
  }
  throw noHeader(sheets[0]!.name);
}

async function savedMappingFor(
  db: Kysely<Database>,
  kind: ImportKind,
  orgId: number,
  sheet: Sheet,
  auto: Mapping,
) {
  const row = await db
    .selectFrom('import_mappings')
    .selectAll()
    .where('kind', '=', kind)
    .where('org_id', '=', orgId)
    .where('signature', '=', signatureOf(sheet, auto))
    .executeTakeFirst();
  if (!row) return null;
  const saved = JSON.parse(row.mapping) as Mapping;
  return {
    mapping: { ...saved, sheet: sheet.name, headerRow: auto.headerRow },
    savedAt: row.saved_at,
    savedBy: row.saved_by_name,
  };
}

async function detail(
  db: Kysely<Database>,
  b: ImportBatchRow,
  sheets: Sheet[],
  requested?: { sheet?: string },
): Promise<BatchDetail> {
  const kind = b.kind as ImportKind;
  let sheet: Sheet;
  let mapping: Mapping;
  let saved: BatchDetail['savedMapping'] = null;
  if (requested?.sheet !== undefined) {
    sheet = sheetOf(sheets, requested.sheet);
    mapping = autoMapping(kind, sheet);
  } else if (b.mapping) {
    mapping = JSON.parse(b.mapping) as Mapping;
    sheet = sheetOf(sheets, mapping.sheet);
  } else {
    ({ sheet, mapping } = firstMappable(kind, sheets));
  }
  if (!b.mapping || requested?.sheet !== undefined) {
    const found = await savedMappingFor(db, kind, b.org_id, sheet, mapping);
    if (found) {
      mapping = found.mapping;
      saved = { savedAt: found.savedAt, savedBy: found.savedBy };
    }
  }
  return {
    ...present(b),
    sheets: sheets.map((s) => ({ name: s.name, rows: s.rows.length })),
    mapping,
    columns: columnViews(kind, sheet, mapping),
    savedMapping: saved,
  };
}

export async function uploadBatch(
  ctx: Context,
  kind: ImportKind,
  fileName: string,
  file: Buffer,
): Promise<BatchDetail> {
  const sha256 = createHash('sha256').update(file).digest('hex');
  const sheets = await sheetsOf(file, sha256);
  // Refused now if no sheet has a header it can read: nothing is kept of a file it cannot use.
  firstMappable(kind, sheets);
  const b = await inTransaction(ctx.db, async (trx) => {
    const row = await trx
      .insertInto('import_batches')
      .values({
        kind,
        org_id: ctx.user.orgId,
        user_id: ctx.user.id,
        user_name: ctx.user.displayName,
        file_name: fileName,
        sha256,
        size_bytes: file.length,
        file,
        status: 'draft',
        mapping: null,
        counts: null,
        merged: null,
        created_at: ctx.now.toISOString(),
        committed_at: null,
        undone_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'import.uploaded',
      entityType: 'import_batch',
      entityId: row.id,
      after: { kind, fileName, sha256, sizeBytes: file.length },
    });
    return row;
  });
  return detail(ctx.db, b, sheets);
}

export async function getBatch(ctx: Context, id: number, sheet?: string): Promise<BatchDetail | BatchView> {
  const b = await loadBatch(ctx.db, ctx, id);
  if (b.status !== 'draft' || !b.file) return present(b, await undoable(ctx.db, b));
  return detail(ctx.db, b, await sheetsOf(Buffer.from(b.file), b.sha256), { sheet });
}

export async function listBatches(ctx: Context): Promise<BatchView[]> {
  const scope = importScope(ctx.user);
  let q = ctx.db.selectFrom('import_batches').selectAll();
  if ('orgId' in scope) q = q.where('org_id', '=', scope.orgId);
  const rows = await q.orderBy('id', 'desc').limit(100).execute();
  return Promise.all(rows.map(async (b) => present(b, await undoable(ctx.db, b))));
}

/** A committed batch none of whose records has changed since. */
async function undoable(db: Kysely<Database>, b: ImportBatchRow): Promise<boolean> {
  return b.status === 'committed' && (await changedSince(db, b)) === null;
}

/**
 * The last files read, by SHA-256: the wizard reads a draft's file at upload, dry run and commit,
 * and a 100,000-row workbook takes seconds to parse. Sheets are never changed once read.
 */
const parsed = new Map<string, Sheet[]>();
const PARSED_KEPT = 4;

async function sheetsOf(file: Buffer, sha256: string): Promise<Sheet[]> {
  const hit = parsed.get(sha256);
  if (hit) return hit;
  const sheets = await readWorkbook(file);
  parsed.set(sha256, sheets);
  if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
  return sheets;
}

async function draftOf(ctx: Context, id: number) {
  const b = await loadBatch(ctx.db, ctx, id);
  if (b.status !== 'draft' || !b.file) {
    throw new AppError('RULE_VIOLATION', {
      text: {
        zh: '该批次已导入或已撤销，请重新上传文件',
        en: 'This batch was already committed or undone; upload the file again',
      },
    });
  }
  return { b, sheets: await sheetsOf(Buffer.from(b.file), b.sha256) };
}

/**
 * The rows of the last sheets read by a mapping, as the dry run read them: the commit that follows
 * reads the same file, by the same mapping, on the same day, against the same organisations.
 */
const readCache = new Map<string, ReadRow[]>();
const READ_KEPT = 2;

function rowsOf(sha256: string, sheet: Sheet, mapping: Mapping, vc: ValueContext): ReadRow[] {
  const key = JSON.stringify([sha256, mapping, vc.kind, vc.today, vc.orgs]);
  let rows = readCache.get(key);
  if (!rows) {
    rows = readRows(sheet, mapping, vc);
    readCache.set(key, rows);
    if (readCache.size > READ_KEPT) readCache.delete(readCache.keys().next().value!);
  }
  // Planning adds its findings to each row's issues: every plan starts from the cells' own.
  return rows.map((r) => ({ ...r, issues: [...r.issues] }));
}

async function plan(
  ctx: Context,
  db: Kysely<Database>,
  b: ImportBatchRow,
  sheets: Sheet[],
  mapping: Mapping,
) {
  const kind = b.kind as ImportKind;
  checkMapping(kind, mapping);
  const sheet = sheetOf(sheets, mapping.sheet);
  const orgs = await orgsOf(db);
  const rows = rowsOf(b.sha256, sheet, mapping, { kind, orgs, now: ctx.now, today: shanghaiDate(ctx.now) });
  return { sheet, plans: await planRows(db, kind, await importer({ ...ctx, db }), orgs, rows) };
}

/** The dry run's answer: the counts, every row that is not simply new, and the first 50 new ones. */
function summary(plans: PlanRow[]): ImportDryRun {
  const counts = { new: 0, duplicate: 0, file_duplicate: 0, refused: 0 } as Record<RowFate, number>;
  for (const p of plans) counts[p.fate]++;
  let shownNew = 0;
  const rows = plans
    .filter((p) => p.fate !== 'new' || shownNew++ < 50)
    .map(({ lead: _l, project: _p, ...rest }) => rest);
  return { counts, rows, total: plans.length };
}

export async function dryRun(
  ctx: Context,
  id: number,
  mapping: Mapping,
  saveMapping: boolean,
): Promise<ImportDryRun> {
  const { b, sheets } = await draftOf(ctx, id);
  const kind = b.kind as ImportKind;
  const { sheet, plans } = await plan(ctx, ctx.db, b, sheets, mapping);
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .updateTable('import_batches')
      .set({ mapping: JSON.stringify(mapping) })
      .where('id', '=', id)
      .execute();
    if (saveMapping) {
      const signature = signatureOf(sheet, mapping);
      const values = {
        mapping: JSON.stringify({ headerRow: mapping.headerRow, columns: mapping.columns }),
        saved_by_name: ctx.user.displayName,
        saved_at: ctx.now.toISOString(),
      };
      await trx
        .insertInto('import_mappings')
        .values({ kind, org_id: b.org_id, signature, ...values })
        .onConflict((oc) => oc.columns(['kind', 'org_id', 'signature']).doUpdateSet(values))
        .execute();
      await recordAudit(trx, ctx.actor, ctx.now, {
        action: 'import.mapping_saved',
        entityType: 'import_batch',
        entityId: id,
        after: { kind, signature, columns: mapping.columns.filter((c) => c.field) },
      });
    }
  });
  return summary(plans);
}

/** The dry run as xlsx: the file's own columns and rows, with each row's fate and reasons. */
export async function dryRunReport(ctx: Context, id: number): Promise<{ buffer: Buffer; name: string }> {
  const { b, sheets } = await draftOf(ctx, id);
  if (!b.mapping) {
    throw new AppError('RULE_VIOLATION', { text: { zh: '请先试导入（预检）', en: 'Run the dry run first' } });
  }
  const mapping = JSON.parse(b.mapping) as Mapping;
  const { sheet, plans } = await plan(ctx, ctx.db, b, sheets, mapping);
  const headers = (sheet.rows[mapping.headerRow - 1] ?? []).map((c) => cellText(c));
  const wb = newWorkbook(ctx.now);
  const ws = listSheet(wb, '预检结果', [
    { header: '行号', width: 7 },
    { header: '结果', width: 12 },
    { header: '原因', width: 48 },
    ...headers.map((h) => ({ header: h || ' ', width: Math.min(30, Math.max(10, h.length * 2 + 2)) })),
  ]);
  for (const p of plans) {
    const reason =
      p.fate === 'refused'
        ? p.issues.map((i) => `${i.cell}：${i.text.zh}`).join('；')
        : p.fate === 'duplicate'
          ? `与已有${p.duplicateOf!.type === 'lead' ? '线索' : '项目'} ${p.duplicateOf!.code}（${p.duplicateOf!.name}）重复：${{ code: '编号相同', credit_code: '统一社会信用代码相同', name: '投资方名称相同' }[p.duplicateOf!.reason]}`
          : p.fate === 'file_duplicate'
            ? `与文件第 ${p.fileDuplicateOf} 行重复`
            : '';
    const cells = (sheet.rows[p.row - 1] ?? []).map((c) =>
      c !== null && typeof c === 'object' && !(c instanceof Date) ? cellText(c) : c,
    );
    ws.addRow([p.row, ROW_FATE_LABELS[p.fate].zh, reason, ...headers.map((_, i) => cells[i] ?? null)]);
  }
  return { buffer: await xlsxBuffer(wb), name: `预检结果-${b.file_name.replace(/\.[^.]+$/, '')}.xlsx` };
}

export async function commitBatch(
  ctx: Context,
  id: number,
  body: z.infer<typeof commitBody>,
): Promise<BatchView> {
  const { b, sheets } = await draftOf(ctx, id);
  if (!b.mapping) {
    throw new AppError('RULE_VIOLATION', { text: { zh: '请先试导入（预检）', en: 'Run the dry run first' } });
  }
  const kind = b.kind as ImportKind;
  const mapping = JSON.parse(b.mapping) as Mapping;
  const decisions = new Map((body.decisions ?? []).map((d) => [d.row, d.decision]));
  return inTransaction(ctx.db, async (trx) => {
    const tctx = { ...ctx, db: trx };
    // Planned again inside the transaction: what the dry run saw may have changed since.
    const { plans } = await plan(tctx, trx, b, sheets, mapping);
    const refused = plans.filter((p) => p.fate === 'refused');
    if (refused.length) {
      throw new AppError('RULE_VIOLATION', {
        text: {
          zh: `有 ${refused.length} 行不能导入（如 ${refused[0]!.issues[0]?.cell}：${refused[0]!.issues[0]?.text.zh}），请修改文件后重新上传；未导入任何记录`,
          en: `${refused.length} rows are refused; fix the file and upload it again. Nothing was imported`,
        },
        details: { refused: refused.length },
      });
    }
    const { counts, merged } = await writePlan(
      trx,
      tctx,
      kind,
      id,
      plans,
      (p) => decisions.get(p.row) ?? body.duplicates ?? 'skip',
    );
    const saved = await trx
      .updateTable('import_batches')
      .set({
        status: 'committed',
        file: null,
        counts: JSON.stringify({ rows: plans.length, ...counts }),
        merged: JSON.stringify(merged),
        committed_at: ctx.now.toISOString(),
      })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .returningAll()
      .executeTakeFirst();
    if (!saved) throw new AppError('STALE_VERSION');
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'import.committed',
      entityType: 'import_batch',
      entityId: id,
      after: {
        kind,
        fileName: b.file_name,
        sha256: b.sha256,
        rows: plans.length,
        ...counts,
        mergedInto: merged.map((m) => `${m.type}:${m.id}`),
      },
    });
    return present(saved, true);
  });
}

/** Why the batch can no longer be undone (a record changed since), or null. */
async function changedSince(db: Kysely<Database>, b: ImportBatchRow): Promise<string | null> {
  const lead = await db
    .selectFrom('leads')
    .select('code')
    .where('import_batch_id', '=', b.id)
    .where((eb) => eb.or([eb('version', '!=', 1), eb('merged_into_id', 'is not', null)]))
    .executeTakeFirst();
  if (lead) return lead.code;
  const project = await db
    .selectFrom('projects')
    .select('code')
    .where('import_batch_id', '=', b.id)
    .where((eb) =>
      eb.or([
        eb('version', '!=', 1),
        eb.exists(
          eb
            .selectFrom('coordination_issues')
            .select('id')
            .whereRef('coordination_issues.project_id', '=', 'projects.id'),
        ),
      ]),
    )
    .executeTakeFirst();
  if (project) return project.code;
  for (const m of JSON.parse(b.merged ?? '[]') as MergedRecord[]) {
    const row = await db
      .selectFrom(m.type === 'lead' ? 'leads' : 'projects')
      .select(['code', 'version'])
      .where('id', '=', m.id)
      .executeTakeFirst();
    if (row && row.version !== m.version) return row.code;
  }
  return null;
}

export async function undoBatch(ctx: Context, id: number): Promise<BatchView> {
  return inTransaction(ctx.db, async (trx) => {
    const b = await loadBatch(trx, ctx, id);
    if (b.status !== 'committed') {
      throw new AppError('RULE_VIOLATION', {
        text: { zh: '只能撤销已导入的批次', en: 'Only a committed batch can be undone' },
      });
    }
    const changed = await changedSince(trx, b);
    if (changed) {
      throw new AppError('RULE_VIOLATION', {
        text: {
          zh: `记录 ${changed} 在导入后已被修改，不能撤销本批次`,
          en: `${changed} changed after the import; the batch can no longer be undone`,
        },
      });
    }
    const leadIds = trx.selectFrom('leads').select('id').where('import_batch_id', '=', id);
    const projectIds = trx.selectFrom('projects').select('id').where('import_batch_id', '=', id);
    const ofBatch = async (table: 'leads' | 'projects') =>
      Number(
        (
          await trx
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('import_batch_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const removed = { leads: await ofBatch('leads'), projects: await ofBatch('projects') };
    await trx
      .deleteFrom('sla_clocks')
      .where('entity_type', '=', 'lead')
      .where('entity_id', 'in', leadIds)
      .execute();
    await trx.deleteFrom('lead_events').where('lead_id', 'in', leadIds).execute();
    await trx.deleteFrom('lead_counties').where('lead_id', 'in', leadIds).execute();
    await trx.deleteFrom('lead_links').where('lead_id', 'in', leadIds).execute();
    await trx
      .deleteFrom('lead_links')
      .where('other_type', '=', 'lead')
      .where('other_id', 'in', leadIds)
      .execute();
    await trx
      .deleteFrom('lead_links')
      .where('other_type', '=', 'project')
      .where('other_id', 'in', projectIds)
      .execute();
    await trx
      .deleteFrom('record_clusters')
      .where('entity_type', '=', 'project')
      .where('entity_id', 'in', projectIds)
      .execute();
    await trx.updateTable('leads').set({ project_id: null }).where('import_batch_id', '=', id).execute();
    await trx.deleteFrom('projects').where('import_batch_id', '=', id).execute();
    await trx.deleteFrom('leads').where('import_batch_id', '=', id).execute();
    for (const m of JSON.parse(b.merged ?? '[]') as MergedRecord[]) {
      await trx
        .updateTable(m.type === 'lead' ? 'leads' : 'projects')
        .set({ ...m.before, version: m.version + 1, updated_at: ctx.now.toISOString() } as never)
        .where('id', '=', m.id)
        .execute();
    }
    const saved = await trx
      .updateTable('import_batches')
      .set({ status: 'undone', undone_at: ctx.now.toISOString() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'import.undone',
      entityType: 'import_batch',
      entityId: id,
      after: {
        fileName: b.file_name,
        sha256: b.sha256,
        ...removed,
        restored: JSON.parse(b.merged ?? '[]').length,
      },
    });
    return present(saved);
  });
}
