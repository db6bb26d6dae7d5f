/**
 * `npm run bench -- import`: 100,000 ledger rows (an xlsx file as a county would upload it) through
 * upload, dry run and commit on SQLite, against the same rows inserted directly in the same run.
 * `npm run bench -- export`: the ledger of BENCH_EXPORT_LEADS (1,000,000) leads streamed as xlsx,
 * with time to first byte, total time and peak RSS, against the export of 20,000 rows.
 */
import { rmSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { normalizeInvestorName } from '../src/core/leads/normalize.js';
import { listLeadsQuery } from '../src/core/leads/schemas.js';
import { type Context, userContext } from '../src/server/auth/context.js';
import { sendList } from '../src/server/http/listFile.js';
import { commitBatch, dryRun, uploadBatch } from '../src/server/modules/imports/service.js';
import { ledgerExport } from '../src/server/modules/leads/export.js';
import { benchDb, loadLeads } from './data.js';

const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const EXPORT_LEADS = Number(process.env.BENCH_EXPORT_LEADS ?? 1_000_000);

/** Peak resident memory while `fn` runs, sampled every 20 ms. */
async function peakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakMb: number; ms: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  try {
    const result = await fn();
    return {
      result,
      peakMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024),
      ms: performance.now() - t0,
    };
  } finally {
    clearInterval(timer);
  }
}

async function ledgerFile(n: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['江门市招商线索台账']);
  ws.addRow([
    '项目名称',
    '投资主体',
    '投资额（万元）',
    '登记日期',
    '响应时间',
    '研判时间',
    '进展',
    '跟进县区',
  ]);
  const counties = ['台山', '开平', '鹤山', '恩平', '新会区', '蓬江区', '江海区'];
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2023, 0, 2) + (i % 600) * 86_400_000);
    const next = new Date(day.getTime() + 86_400_000);
    const after = new Date(day.getTime() + 3 * 86_400_000);
    ws.addRow([
      `导入基准项目${i}`,
      `江门基准${i}号科技有限公司`,
      10_000 + (i % 50) * 1000,
      day,
      next,
      after,
      i % 3 === 0 ? '在谈' : '已研判',
      i % 3 === 0 ? counties[i % 7] : null,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function importBench() {
  const now = new Date('2026-11-27T10:00:00+08:00');
  const { dir, db, sqlite, cityUser } = await benchDb(now);
  try {
    const file = await ledgerFile(IMPORT_ROWS);
    const ctx = await userContext(db.kysely, 'city', now, 'bench');

    // Baseline: the same rows inserted directly, one prepared statement in one transaction.
    const insert =
      sqlite.prepare(`INSERT INTO leads (code, version, stage, project_name, investor_name, investor_name_norm,
      planned_investment_yuan, referrer_name, referrer_kind, channel, received_at, is_major, owner_org_id,
      registered_by_user_id, city_co_follow, step_data, created_at, updated_at)
      VALUES (?, 1, 'assessed', ?, ?, ?, ?, '', 'individual', 'other', ?, 0, 2, ?, 0, '{}', ?, ?)`);
    const t0 = performance.now();
    sqlite.transaction(() => {
      for (let i = 0; i < IMPORT_ROWS; i++) {
        const name = `江门基准${i}号科技有限公司`;
        insert.run(
          `BASE-${i}`,
          `导入基准项目${i}`,
          name,
          normalizeInvestorName(name),
          1e8,
          now.toISOString(),
          cityUser.id,
          now.toISOString(),
          now.toISOString(),
        );
      }
    })();
    const baseMs = performance.now() - t0;
    sqlite.prepare(`DELETE FROM leads WHERE code LIKE 'BASE-%'`).run();

    const run = await peakRss(async () => {
      const t = performance.now();
      const batch = await uploadBatch(ctx, 'leads', 'bench.xlsx', file);
      const upload = performance.now() - t;
      const dry = await dryRun(ctx, batch.id, batch.mapping, false);
      const dryMs = performance.now() - t - upload;
      const done = await commitBatch(ctx, batch.id, {});
      return { upload, dryMs, commitMs: performance.now() - t - upload - dryMs, dry, done };
    });
    const { upload, dryMs, commitMs, dry, done } = run.result;
    console.log(`file: ${IMPORT_ROWS} rows, ${(file.length / 1024 / 1024).toFixed(1)} MB xlsx`);
    console.log(`dry run: ${JSON.stringify(dry.counts)}; committed: ${JSON.stringify(done.counts)}`);
    console.log(
      `upload ${(upload / 1000).toFixed(1)} s + dry run ${(dryMs / 1000).toFixed(1)} s + commit ${(commitMs / 1000).toFixed(1)} s = ${(run.ms / 1000).toFixed(1)} s (goal < 20 s); peak RSS ${run.peakMb} MB`,
    );
    console.log(
      `baseline (same rows inserted directly): ${(baseMs / 1000).toFixed(2)} s; ratio ${(run.ms / baseMs).toFixed(1)}×`,
    );
  } finally {
    await db.destroy();
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Streams the city officer's ledger export to nowhere, as the route does, and times it. */
async function exportOnce(ctx: Context, query: ReturnType<typeof listLeadsQuery.parse>) {
  const { columns, batches, total } = await ledgerExport(ctx.db, ctx.user, query, ctx.now);
  const out = new PassThrough();
  let bytes = 0;
  let first = 0;
  const t0 = performance.now();
  const finished = new Promise<void>((resolve, reject) => {
    out.on('data', (c: Buffer) => {
      if (!first) first = performance.now() - t0;
      bytes += c.length;
    });
    out.on('end', () => resolve());
    out.on('error', reject);
  });
  const reply = {
    header: () => reply,
    send: (stream: PassThrough) => stream.pipe(out),
    log: { error: (e: unknown) => console.error(e) },
  };
  sendList(reply as never, { name: 'bench', sheet: '线索台账', format: 'xlsx', columns, batches });
  await finished;
  return { total, bytes, firstMs: first, ms: performance.now() - t0 };
}

export async function exportBench() {
  const now = new Date('2026-11-27T10:00:00+08:00');
  const { dir, db, sqlite, counties, cityUser } = await benchDb(now);
  try {
    loadLeads(sqlite, EXPORT_LEADS, counties, cityUser.id);
    const ctx = await userContext(db.kysely, 'city', now, 'bench');
    // The old path's figure: a 20,000-row export (a received-date range that holds about that many).
    const small = await peakRss(() => exportOnce(ctx, listLeadsQuery.parse({ receivedFrom: '2026-09-01' })));
    const all = await peakRss(() => exportOnce(ctx, listLeadsQuery.parse({})));
    const line = (label: string, r: typeof all) =>
      `${label}: ${r.result.total} rows, ${(r.result.bytes / 1024 / 1024).toFixed(0)} MB, first byte ${r.result.firstMs.toFixed(0)} ms, ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.result.total / (r.ms / 1000))} rows/s), peak RSS ${r.peakMb} MB`;
    console.log(line('small export', small));
    console.log(line('whole ledger', all));
    console.log(
      `rows ratio ${(all.result.total / small.result.total).toFixed(0)}×, time ratio ${(all.ms / small.ms).toFixed(0)}×`,
    );
  } finally {
    await db.destroy();
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
