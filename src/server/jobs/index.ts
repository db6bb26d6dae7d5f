/**
 * The jobs InvestTrack runs on its own, and the loop that runs them in a server process: the
 * scheduler's tick every half minute, the delivery worker every few seconds, both outside any
 * request (a chat service that is down delays nothing a user waits for).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database, DeliveryRow } from '../db/tables.js';
import { DEFAULT_BACKOFF_MS, type DeliveryOptions, sendDue } from '../modules/notifications/deliveries.js';
import { calendarCheck, dailyDigest, targetsBehind, weeklyDigest } from '../modules/notifications/digests.js';
import { notify, usersWithRole } from '../modules/notifications/notify.js';
import { sweepDeadlines } from '../modules/notifications/sweep.js';
import { startMonthClocks } from '../modules/projects/keyProjects.js';
import { type JobDef, processOwner, Scheduler, type SchedulerOptions } from './scheduler.js';

export const JOBS: readonly JobDef[] = [
  // Last month's report clocks of the projects that report monthly; nightly, so a missed night
  // catches up. First, so a tick that runs both sweeps the clocks it started.
  { name: 'month-clocks', cron: '10 0 * * *', days: 'any', run: startMonthClocks },
  {
    name: 'deadline-sweep',
    cron: '*/10 * * * *',
    days: 'any',
    run: async (trx, now) => ({ ...(await sweepDeadlines(trx, now)) }),
  },
  { name: 'daily-digest', cron: '30 8 * * *', days: 'workday', run: dailyDigest },
  { name: 'weekly-report', cron: '0 9 * * *', days: 'firstWorkdayOfWeek', run: weeklyDigest },
  { name: 'targets-behind', cron: '0 9 * * *', days: 'firstWorkdayOfMonth', run: targetsBehind },
  { name: 'calendar-check', cron: '0 9 * * *', days: 'workday', run: calendarCheck },
];

/** The administrators hear of a message the chat service would not take after every retry. */
export async function deliveryFailed(db: Kysely<Database>, d: DeliveryRow, reason: string, now: Date) {
  await db.transaction().execute(async (trx) => {
    const channel = await trx
      .selectFrom('chat_channels')
      .select('name')
      .where('id', '=', d.channel_id)
      .executeTakeFirst();
    await notify(
      trx,
      await usersWithRole(trx, ['admin']),
      {
        kind: 'delivery.failed',
        title: `群消息发送失败：${channel?.name ?? d.channel_id}`,
        body: `“${d.title}”经 ${d.attempts + 1} 次尝试仍未送达：${reason}`,
        link: '/system/deliveries',
        entityType: 'delivery',
        entityId: d.id,
        dedupeKey: `delivery:${d.id}:failed`,
      },
      now,
    );
  });
}

export interface Worker {
  scheduler: Scheduler;
  /** One round of sending what is due (tests call it; the loop calls it every few seconds). */
  sendDue(): ReturnType<typeof sendDue>;
  stop(): Promise<void>;
}

export function deliveryOptions(
  publicUrl: string | null,
  over: Partial<DeliveryOptions> = {},
): DeliveryOptions {
  return {
    owner: processOwner(),
    publicUrl,
    backoffMs: DEFAULT_BACKOFF_MS,
    timeoutMs: 10_000,
    leaseMs: 2 * 60_000,
    batch: 5,
    ...over,
  };
}

/**
 * The scheduler and the delivery worker for one process. `loop: false` (tests) builds them
 * without timers.
 */
export function startWorker(
  db: Kysely<Database>,
  clock: Clock,
  options: {
    publicUrl: string | null;
    loop?: boolean;
    tickMs?: number;
    sendMs?: number;
    delivery?: Partial<DeliveryOptions>;
    scheduler?: SchedulerOptions;
    jobs?: readonly JobDef[];
    log?: (line: string, error?: unknown) => void;
  },
): Worker {
  const scheduler = new Scheduler(db, clock, options.jobs ?? JOBS, {
    log: options.log,
    ...options.scheduler,
  });
  const delivery = deliveryOptions(options.publicUrl, { owner: scheduler.owner, ...options.delivery });
  let sending: Promise<unknown> | null = null;
  const send = () =>
    sendDue(
      db,
      () => clock.now(),
      delivery,
      (trx, d, reason) => deliveryFailed(trx, d, reason, clock.now()),
    );
  const timers: NodeJS.Timeout[] = [];
  let ticking: Promise<unknown> | null = null;
  if (options.loop !== false) {
    const guard = (what: string, p: Promise<unknown>) =>
      p.catch((e) => options.log?.(`${what} failed: ${e instanceof Error ? e.message : String(e)}`, e));
    const tick = () => {
      ticking ??= guard('scheduler tick', scheduler.tick()).finally(() => {
        ticking = null;
      });
    };
    const drain = () => {
      sending ??= guard('delivery', send()).finally(() => {
        sending = null;
      });
    };
    tick();
    timers.push(setInterval(tick, options.tickMs ?? 30_000), setInterval(drain, options.sendMs ?? 5_000));
    for (const t of timers) t.unref();
  }
  return {
    scheduler,
    sendDue: send,
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([ticking, sending]);
    },
  };
}
