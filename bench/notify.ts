/**
 * `npm run bench -- notify`: the deadline sweep of the notification centre over BENCH_LEADS
 * (1,000,000) leads with BENCH_OPEN_CLOCKS (50,000) open clocks. The first sweep announces every
 * step overdue or due soon (a notification per person concerned, the clocks marked); the next
 * sweep, ten minutes later, finds nothing new to announce. Baseline in the same run: the plain
 * indexed query of the open clocks due by today (migration 0013's partial index), the least any
 * sweep must read. The generated overdue steps are moved into the last six days first, as a live
 * install meets them.
 */
import { rmSync } from 'node:fs';
import { addDays, shanghaiDate } from '../src/core/calendar/dates.js';
import { sweepDeadlines } from '../src/server/modules/notifications/sweep.js';
import { benchDb, loadCity } from './data.js';

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000);
const OPEN = Number(process.env.BENCH_OPEN_CLOCKS ?? 50_000);

export async function notifyBench() {
  const now = new Date('2026-11-27T10:00:00+08:00');
  const { dir, db, sqlite, refs } = await benchDb(now);
  try {
    await loadCity(sqlite, refs, LEADS, 0);
    // Of the generated open clocks, keep OPEN open; the rest were completed on time.
    sqlite
      .prepare(
        `UPDATE sla_clocks SET completed_at = started_at, verdict = 'met' WHERE completed_at IS NULL AND id NOT IN
          (SELECT id FROM sla_clocks WHERE completed_at IS NULL ORDER BY (id * 2654435761) % 1000003 LIMIT ?)`,
      )
      .run(OPEN);
    // The generated overdue steps are years old; a live install meets them as they fall due: move
    // them into the last six days, so the first sweep announces each (older ones it marks silently).
    const today = shanghaiDate(now);
    const rows = sqlite
      .prepare('SELECT id FROM sla_clocks WHERE completed_at IS NULL AND due_date < ?')
      .all(today) as { id: number }[];
    const move = sqlite.prepare('UPDATE sla_clocks SET due_date = ?, due_at = ? WHERE id = ?');
    sqlite.transaction(() => {
      for (const { id } of rows) {
        const day = addDays(today, -1 - (id % 6));
        move.run(day, `${addDays(day, 1)}T00:00:00+08:00`, id);
      }
    })();
    sqlite.exec('ANALYZE');
    const open = sqlite.prepare('SELECT count(*) AS n FROM sla_clocks WHERE completed_at IS NULL').get() as {
      n: number;
    };
    const plain = sqlite.prepare(
      'SELECT id, entity_type, entity_id, step, due_at FROM sla_clocks WHERE completed_at IS NULL AND due_date <= ?',
    );
    const times = (f: () => unknown, n = 5) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        f();
        out.push(performance.now() - t);
      }
      return out.sort((a, b) => a - b)[Math.floor(n / 2)]!;
    };
    const due = plain.all(today).length;
    const baseMs = times(() => plain.all(today));
    const plan = sqlite
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM sla_clocks WHERE completed_at IS NULL AND announced < 2 AND due_date <= ?
          AND due_date >= ? AND (due_date > ? OR id > ?) ORDER BY due_date, id LIMIT 2000`,
      )
      .all(today, '', '', 0)
      .map((r) => (r as { detail: string }).detail)
      .join('; ');

    let t = performance.now();
    const first = await db.kysely.transaction().execute((trx) => sweepDeadlines(trx, now));
    const firstMs = performance.now() - t;
    const later = new Date(now.getTime() + 10 * 60_000);
    const steady: number[] = [];
    let again = first;
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      again = await db.kysely.transaction().execute((trx) => sweepDeadlines(trx, later));
      steady.push(performance.now() - t);
    }
    const steadyMs = steady.sort((a, b) => a - b)[2]!;
    console.log(
      `${LEADS.toLocaleString('en-US')} leads, ${open.n.toLocaleString('en-US')} open clocks, ${due.toLocaleString('en-US')} due by ${today}`,
    );
    console.log(`  sweep reads: ${plan}`);
    console.log(`  baseline: plain indexed SELECT of the open clocks due by today: ${baseMs.toFixed(1)} ms`);
    console.log(
      `  first sweep: ${first.overdue.toLocaleString('en-US')} overdue and ${first.dueSoon.toLocaleString('en-US')} due-soon clocks announced (${first.stale.toLocaleString('en-US')} overdue over a week marked silently), ${first.notifications.toLocaleString('en-US')} notifications written, in ${firstMs.toFixed(0)} ms (${(firstMs / baseMs).toFixed(1)}× the baseline)`,
    );
    console.log(
      `  next sweep (nothing new: ${again.clocks} clocks read, ${again.notifications} written): ${steadyMs.toFixed(1)} ms median of 5 (${(steadyMs / baseMs).toFixed(2)}× the baseline)`,
    );
  } finally {
    sqlite.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
