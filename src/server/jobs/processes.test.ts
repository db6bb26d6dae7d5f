/**
 * Several server processes on one database (PostgreSQL, and a SQLite file): with a frozen clock
 * each scheduled job is delivered once; a process killed in the middle of a job leaves it to the
 * next after the lease, and it is delivered once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type DialectName } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { ensureReferenceData, initializeDatabase } from '../setup.js';
import { ADMIN_PASSWORD, dialects, freshDb, orgIdByName } from '../test/helpers.js';
import { chatReceiver } from '../test/receiver.js';

const FIXTURE = join(import.meta.dirname, 'fixtures/tick.ts');
const NOW = '2025-10-13T09:05:00+08:00';

const group = chatReceiver(() => ({ status: 200, body: '{}' }));
const titles = () => group.received.map((r) => r.body.title as string);

function start(url: string, schema: string, now: string, mode: 'run' | 'hang', leaseMs: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', FIXTURE, url, schema, now, mode, String(leaseMs)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => {
    out += c;
  });
  child.stderr!.on('data', (c) => {
    err += c;
  });
  const done = new Promise<string>((ok, fail) =>
    child.on('exit', (code, signal) =>
      code === 0 || signal === 'SIGKILL' ? ok(out) : fail(new Error(`exit ${code}: ${err}`)),
    ),
  );
  const said = (text: string) =>
    new Promise<void>((ok) => {
      const check = () => (out.includes(text) ? ok() : setTimeout(check, 20));
      check();
    });
  return { child: child as ChildProcess, done, said };
}

describe.each(dialects())('scheduled jobs across processes (%s)', (dialect: DialectName) => {
  let url: string;
  let schema: string;
  let close: () => Promise<void>;
  let db: ReturnType<typeof createDb>;
  beforeEach(async () => {
    group.received.length = 0;
    if (dialect === 'postgres') {
      const t = await freshDb('postgres');
      db = t.db;
      close = t.close;
      url = process.env.TEST_DATABASE_URL!;
      schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db.kysely)).rows[0]!.s;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'it-jobs-'));
      url = `sqlite:${join(dir, 'jobs.db')}`;
      schema = '-';
      db = createDb(url);
      await migrateToLatest(db.kysely);
      close = async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      };
    }
    const now = new Date(NOW);
    await initializeDatabase(db.kysely, now, { demo: true, adminPassword: ADMIN_PASSWORD });
    await ensureReferenceData(db.kysely, now);
    await db.kysely
      .insertInto('chat_channels')
      .values({
        org_id: await orgIdByName(db, '江门市投资促进中心'),
        kind: 'webhook',
        name: '市招商工作群',
        url: `${group.url}/hook`,
        secret: 's',
        topics: JSON.stringify(['weekly', 'daily']),
        enabled: 1,
        version: 1,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .execute();
  });
  afterEach(async () => {
    await close();
  });

  const weekly = () => titles().filter((t) => t.startsWith('一周一报'));
  const daily = () => titles().filter((t) => t.startsWith('超期及今日到期清单'));

  it('two processes at the same instant: each job runs once and each message is delivered once', async () => {
    const a = start(url, schema, NOW, 'run', 60_000);
    const b = start(url, schema, NOW, 'run', 60_000);
    const outs = (await Promise.all([a.done, b.done])).map((o) => JSON.parse(o.trim().split('\n').pop()!));
    const ran = outs.flatMap((o) => o.ran as string[]).sort();
    expect(ran).toEqual([
      'calendar-check',
      'daily-digest',
      'deadline-sweep',
      'month-clocks',
      'targets-behind',
      'weekly-report',
    ]);
    expect(weekly()).toEqual(['一周一报（2025-10-06 至 2025-10-12）']);
    expect(daily()).toHaveLength(1);
    const runs = await db.kysely.selectFrom('job_runs').selectAll().execute();
    expect(runs.every((r) => r.finished_at !== null)).toBe(true);
    expect(runs).toHaveLength(6);
  }, 60_000);

  it('a process killed mid-job: after the lease another runs it, and the message is delivered once', async () => {
    const a = start(url, schema, NOW, 'hang', 2000);
    await a.said('IN-JOB');
    a.child.kill('SIGKILL');
    await a.done;
    expect(weekly()).toEqual([]);
    const later = new Date(Date.parse(NOW) + 3000).toISOString();
    const b = start(url, schema, later, 'run', 2000);
    const out = JSON.parse((await b.done).trim().split('\n').pop()!);
    // The jobs before it committed in the killed process; it and those after run now.
    expect(out.ran).toEqual(['weekly-report', 'targets-behind', 'calendar-check']);
    expect(weekly()).toHaveLength(1);
    // The daily list, committed by the killed process before it stopped, is sent once too.
    expect(daily()).toHaveLength(1);
    const run = await db.kysely
      .selectFrom('job_runs')
      .selectAll()
      .where('job', '=', 'weekly-report')
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ attempts: 2 });
    expect(run.finished_at).not.toBeNull();
    const queued = await db.kysely
      .selectFrom('deliveries')
      .select('topic')
      .where('topic', '=', 'weekly')
      .execute();
    expect(queued).toHaveLength(1);
  }, 60_000);
});
