/**
 * `npm run bench -- import`: 100,000 ledger rows (an xlsx file as a county would upload it) through
 * upload, dry run and commit on SQLite, against the same rows inserted directly in the same run.
 * `npm run bench -- export`: the ledger of BENCH_EXPORT_LEADS (1,000,000) leads streamed as xlsx,
 * with time to first byte, total time and peak RSS, against the export of 20,000 rows.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { normalizeInvestorName } from '../src/core/leads/normalize.js';
import { userContext } from '../src/server/auth/context.js';
import { commitBatch, dryRun, uploadBatch } from '../src/server/modules/imports/service.js';
import { benchDb, loadCity } from './data.js';

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

/** The ledger file, written with the streaming writer so making it leaves the process small. */
async function ledgerFile(n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => parts.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
  const ws = wb.addWorksheet('台账');
  ws.addRow(['江门市招商线索台账']).commit();
  ws.addRow([
    '项目名称',
    '投资主体',
    '投资额（万元）',
    '登记日期',
    '响应时间',
    '研判时间',
    '进展',
    '跟进县区',
  ]).commit();
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
    ]).commit();
  }
  ws.commit();
  await wb.commit();
  return Buffer.concat(parts);
}

export async function importBench() {
  const now = new Date('2026-11-27T10:00:00+08:00');
  const { dir, db, sqlite, cityUser } = await benchDb(now);
  try {
    const file = await ledgerFile(IMPORT_ROWS);
    const ctx = await userContext(db.kysely, 'city', now, 'bench');

    // Baseline: the same rows inserted directly in one transaction, 100 rows a statement (the
    // fastest plain way: a statement's fixed cost, its triggers' set-up included, paid once per 100).
    const PER = 100;
    const values = `(?, 1, 'assessed', ?, ?, ?, ?, '', 'individual', 'other', ?, 0, 2, ?, 0, '{}', ?, ?)`;
    const insert =
      sqlite.prepare(`INSERT INTO leads (code, version, stage, project_name, investor_name, investor_name_norm,
      planned_investment_yuan, referrer_name, referrer_kind, channel, received_at, is_major, owner_org_id,
      registered_by_user_id, city_co_follow, step_data, created_at, updated_at)
      VALUES ${Array(PER).fill(values).join(', ')}`);
    const t0 = performance.now();
    sqlite.transaction(() => {
      for (let i = 0; i < IMPORT_ROWS; i += PER) {
        const args: unknown[] = [];
        for (let k = i; k < i + PER; k++) {
          const name = `江门基准${k}号科技有限公司`;
          args.push(
            `BASE-${k}`,
            `导入基准项目${k}`,
            name,
            normalizeInvestorName(name),
            1e8,
            now.toISOString(),
            cityUser.id,
            now.toISOString(),
            now.toISOString(),
          );
        }
        insert.run(args);
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

/**
 * A server process on the bench database (a SQLite file, or any DATABASE_URL), as `npm start` runs
 * it, and its own memory figures.
 */
export async function startBenchServer(file: string, build = true) {
  // Built and run as `npm start` runs it (node on the compiled server, not tsx).
  if (build) buildServer();
  const flags = process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...flags, '--enable-source-maps', 'dist/server/main.js'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: file.includes('://') ? file : `sqlite:${file}`,
      INVESTTRACK_TOTP: 'optional',
      INVESTTRACK_LOGIN_RATE_LIMIT: '500',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const seen = (d: Buffer) => {
      output += d;
      const m = /running: http:\/\/localhost:(\d+)\//.exec(output);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.stdout.on('data', (d) => process.env.BENCH_SERVER_LOG && process.stdout.write(d));
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  const status = (field: string) =>
    Math.round(
      Number(
        new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1],
      ) / 1024,
    );
  return {
    url,
    rssMb: () => status('VmRSS'),
    peakMb: () => status('VmHWM'),
    /** Starts the peak (VmHWM) again from the present RSS. */
    resetPeak: () => writeFileSync(`/proc/${child.pid}/clear_refs`, '5'),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function buildServer() {
  const build = spawnSync('npm', ['run', 'build:server'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build:server failed:\n${build.stdout}${build.stderr}`);
}

export async function session(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Demo#2024jm' }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** Downloads an export, counting bytes, and times it. */
async function download(url: string, cookie: string, path: string) {
  const t0 = performance.now();
  const res = await fetch(`${url}${path}`, { headers: { cookie } });
  if (!res.ok || !res.body) throw new Error(`${path}: ${res.status}`);
  let bytes = 0;
  let firstMs = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (!firstMs) firstMs = performance.now() - t0;
    bytes += chunk.length;
  }
  return { bytes, firstMs, ms: performance.now() - t0 };
}

/** Another user's ledger page, every 200 ms until `done`: each request's time. */
async function otherUser(url: string, cookie: string, done: () => boolean, count?: number) {
  const times: number[] = [];
  while (count !== undefined ? times.length < count : !done()) {
    const t = performance.now();
    const res = await fetch(`${url}/api/leads?page=1&pageSize=20`, { headers: { cookie } });
    if (!res.ok) throw new Error(`ledger page: ${res.status}`);
    await res.arrayBuffer();
    times.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 200));
  }
  return times;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
};
const latency = (xs: number[]) =>
  `median ${percentile(xs, 0.5).toFixed(0)} ms, p95 ${percentile(xs, 0.95).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms (${xs.length} requests)`;

/**
 * The city officer downloads the whole ledger from a server process while another officer reads
 * ledger pages: the server's RSS (VmRSS idle, VmHWM during the download), time to first byte and
 * rows per second, and the other officer's request times against the same requests made idle.
 */
export async function exportBench() {
  const now = new Date('2026-11-27T10:00:00+08:00');
  const { dir, db, sqlite, refs } = await benchDb(now);
  await loadCity(sqlite, refs, EXPORT_LEADS, 0);
  sqlite.close();
  await db.destroy();
  const server = await startBenchServer(join(dir, 'bench.db'));
  try {
    const exporter = await session(server.url, 'city');
    const reader = await session(server.url, 'leader');
    await otherUser(server.url, reader, () => true, 5); // warm up
    const idle = await otherUser(server.url, reader, () => true, 25);
    const idleRss = server.rssMb();

    server.resetPeak();
    const small = await download(server.url, exporter, '/api/leads/export.xlsx?receivedFrom=2026-06-01');
    const smallPeak = server.peakMb();

    server.resetPeak();
    let finished = false;
    const during = otherUser(server.url, reader, () => finished);
    const all = await download(server.url, exporter, '/api/leads/export.xlsx');
    finished = true;
    const busy = await during;
    const peak = server.peakMb();

    const rows = (n: number, r: typeof all) =>
      `${n.toLocaleString('en-US')} rows, ${(r.bytes / 1024 / 1024).toFixed(0)} MB, first byte ${r.firstMs.toFixed(0)} ms, ${(r.ms / 1000).toFixed(1)} s (${Math.round(n / (r.ms / 1000))} rows/s)`;
    const smallRows = Math.round(
      (EXPORT_LEADS * (Date.parse('2026-11-26') - Date.parse('2026-06-01'))) /
        (Date.parse('2026-11-26') - Date.parse('2020-01-01')),
    );
    console.log(`server idle: RSS ${idleRss} MB`);
    console.log(`small export (about ${rows(smallRows, small)}); server peak RSS ${smallPeak} MB`);
    console.log(`whole ledger: ${rows(EXPORT_LEADS, all)}; server peak RSS ${peak} MB (goal < 300 MB)`);
    console.log(`another user's ledger page, server idle: ${latency(idle)}`);
    console.log(`the same during the whole-ledger export: ${latency(busy)}`);
    console.log(
      `ratio during/idle: median ${(percentile(busy, 0.5) / percentile(idle, 0.5)).toFixed(1)}×, p95 ${(percentile(busy, 0.95) / percentile(idle, 0.95)).toFixed(1)}×`,
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
