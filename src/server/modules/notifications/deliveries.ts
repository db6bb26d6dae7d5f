/**
 * Messages to work-group chats: queued in the transaction that decided them (a row each, with a
 * dedupe key so a job run twice queues once), then sent outside any request by the delivery worker:
 * a message is claimed under a lease (a conditional UPDATE, so two processes never both take it),
 * posted, and marked sent — or retried later with backoff, and after the last attempt marked failed
 * with the reason, which the administrators are told about.
 */
import type { Kysely } from 'kysely';
import type { ChannelKind, ChannelTopic } from '../../../core/notifications.js';
import type { Database, DeliveryRow } from '../../db/tables.js';
import { type ChatMessage, postToBot } from './bots.js';

export interface Outgoing {
  title: string;
  markdown: string;
  /** A path inside the web app, or null. */
  link: string | null;
  dedupeKey: string | null;
  now: Date;
}

/** The enabled channels that take a topic: of these organisations, or of all. */
export async function channelsTaking(db: Kysely<Database>, topic: ChannelTopic, orgIds?: readonly number[]) {
  if (orgIds && !orgIds.length) return [];
  let q = db
    .selectFrom('chat_channels')
    .select(['id', 'org_id', 'name', 'kind', 'topics'])
    .where('enabled', '=', 1)
    .orderBy('id');
  if (orgIds) q = q.where('org_id', 'in', [...orgIds]);
  return (await q.execute()).filter((c) => (JSON.parse(c.topics) as string[]).includes(topic));
}

/** Queues a message for every enabled channel of these organisations that takes the topic. */
export async function enqueueForOrgs(
  trx: Kysely<Database>,
  orgIds: readonly number[],
  topic: ChannelTopic,
  message: Outgoing,
): Promise<number> {
  let queued = 0;
  for (const c of await channelsTaking(trx, topic, orgIds))
    queued += await enqueue(trx, c.id, topic, message);
  return queued;
}

/**
 * Queues one message for one channel; 0 when its dedupe key was queued before. `sent`: a message
 * already posted (发送测试), logged with what the service said.
 */
export async function enqueue(
  trx: Kysely<Database>,
  channelId: number,
  topic: string,
  message: Outgoing,
  sent?: { error: string | null },
): Promise<number> {
  const at = message.now.toISOString();
  const res = await trx
    .insertInto('deliveries')
    .values({
      channel_id: channelId,
      topic,
      title: message.title,
      message: JSON.stringify({ title: message.title, markdown: message.markdown, link: message.link }),
      dedupe_key: message.dedupeKey,
      status: sent ? (sent.error ? 'failed' : 'sent') : 'queued',
      attempts: sent ? 1 : 0,
      next_attempt_at: at,
      lease_owner: null,
      lease_until: null,
      last_error: sent?.error ?? null,
      created_at: at,
      sent_at: sent && !sent.error ? at : null,
    })
    .onConflict((oc) => oc.columns(['channel_id', 'dedupe_key']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0);
}

export interface DeliveryOptions {
  /** Who claims (host:pid:random), written on the rows it holds. */
  owner: string;
  /** The server's address as people reach it, for links in messages; none: no link. */
  publicUrl: string | null;
  /** Wait before each retry; one attempt more than retries, then failed. */
  backoffMs: readonly number[];
  timeoutMs: number;
  /** How long a claim holds before another process may take the message. */
  leaseMs: number;
  /** Messages claimed at once, sent side by side. */
  batch: number;
}

export const DEFAULT_BACKOFF_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000] as const;

/** Whether `db`'s deliveries are to be looked at now: at least one queued and due. */
async function dueIds(db: Kysely<Database>, nowIso: string, batch: number): Promise<number[]> {
  const rows = await db
    .selectFrom('deliveries')
    .select('id')
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', nowIso)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', nowIso)]))
    .orderBy('next_attempt_at')
    .limit(batch * 4)
    .execute();
  return rows.map((r) => r.id);
}

/** Takes up to `batch` due messages under this owner's lease; each UPDATE succeeds for one process only. */
export async function claimDeliveries(
  db: Kysely<Database>,
  now: Date,
  o: Pick<DeliveryOptions, 'owner' | 'leaseMs' | 'batch'>,
): Promise<DeliveryRow[]> {
  const nowIso = now.toISOString();
  const until = new Date(now.getTime() + o.leaseMs).toISOString();
  const claimed: DeliveryRow[] = [];
  for (const id of await dueIds(db, nowIso, o.batch)) {
    if (claimed.length >= o.batch) break;
    const row = await db
      .updateTable('deliveries')
      .set({ lease_owner: o.owner, lease_until: until })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', nowIso)]))
      .returningAll()
      .executeTakeFirst();
    if (row) claimed.push(row);
  }
  return claimed;
}

export interface SendOutcome {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends what is due: claims, posts each to its channel, writes the outcome under the claim (a
 * message whose lease another process took over is left to it). Failed messages are handed to
 * `onFailed` (the administrators' notification) after their row is written.
 */
export async function sendDue(
  db: Kysely<Database>,
  now: () => Date,
  o: DeliveryOptions,
  onFailed: (db: Kysely<Database>, delivery: DeliveryRow, reason: string) => Promise<void>,
): Promise<SendOutcome> {
  const outcome: SendOutcome = { sent: 0, retried: 0, failed: 0 };
  const claimed = await claimDeliveries(db, now(), o);
  if (!claimed.length) return outcome;
  const channels = new Map(
    (
      await db
        .selectFrom('chat_channels')
        .select(['id', 'kind', 'url', 'secret', 'enabled'])
        .where(
          'id',
          'in',
          claimed.map((d) => d.channel_id),
        )
        .execute()
    ).map((c) => [c.id, c]),
  );
  await Promise.all(
    claimed.map(async (d) => {
      const channel = channels.get(d.channel_id);
      const stored = JSON.parse(d.message) as ChatMessage;
      const message: ChatMessage = {
        ...stored,
        link: stored.link && o.publicUrl ? new URL(stored.link, o.publicUrl).toString() : null,
      };
      const problem =
        channel && channel.enabled === 1
          ? await postToBot(
              { kind: channel.kind as ChannelKind, url: channel.url, secret: channel.secret },
              message,
              now(),
              o.timeoutMs,
            )
          : '群机器人已停用或删除';
      const attempts = d.attempts + 1;
      const at = now();
      const mine = db
        .updateTable('deliveries')
        .where('id', '=', d.id)
        .where('lease_owner', '=', o.owner)
        .where('status', '=', 'queued');
      if (problem === null) {
        await mine
          .set({ status: 'sent', attempts, sent_at: at.toISOString(), lease_until: null, last_error: null })
          .execute();
        outcome.sent++;
        return;
      }
      const wait = o.backoffMs[attempts - 1];
      if (wait !== undefined && channel?.enabled === 1) {
        await mine
          .set({
            attempts,
            last_error: problem,
            lease_until: null,
            next_attempt_at: new Date(at.getTime() + wait).toISOString(),
          })
          .execute();
        outcome.retried++;
        return;
      }
      const done = await mine
        .set({ status: 'failed', attempts, last_error: problem, lease_until: null })
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 1) {
        outcome.failed++;
        await onFailed(db, d, problem);
      }
    }),
  );
  return outcome;
}
