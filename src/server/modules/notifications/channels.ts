/**
 * The administrator's chat channels: one robot of a work group per row, for an organisation, with
 * what it receives. The address (which carries the robot's key or token) and the signing secret
 * are stored for sending and never answered: the list shows the host and path and whether a
 * secret is set; the audit log records that they changed, never their value.
 */
import { type Kysely, sql } from 'kysely';
import type { ChannelDto, DeliveryDto } from '../../../core/api/notifications.js';
import { translateMessage } from '../../../core/messages.js';
import type {
  CreateChannelBody,
  DeliveryListQuery,
  UpdateChannelBody,
} from '../../../core/notificationSchemas.js';
import {
  type ChannelKind,
  type ChannelTopic,
  channelSecretRequired,
  channelUrlProblem,
} from '../../../core/notifications.js';
import type { Context } from '../../auth/context.js';
import type { ChatChannelRow, Database } from '../../db/tables.js';
import { updateVersioned } from '../../db/versioned.js';
import { invalidField, notFound } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { requireActiveOrg } from '../system/references.js';
import { addressHint, postToBot } from './bots.js';
import { enqueue } from './deliveries.js';

type Row = ChatChannelRow & { org_name: string };

async function lastDeliveries(db: Kysely<Database>, ids: number[]) {
  if (!ids.length) return new Map<number, ChannelDto['lastDelivery']>();
  const rows = await db
    .selectFrom('deliveries')
    .select(['channel_id', 'status', 'created_at', 'sent_at', 'last_error'])
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('deliveries')
        .select((e) => e.fn.max('id').as('id'))
        .where('channel_id', 'in', ids)
        .groupBy('channel_id'),
    )
    .execute();
  return new Map(
    rows.map((r) => [
      r.channel_id,
      {
        status: r.status as 'queued' | 'sent' | 'failed',
        at: r.sent_at ?? r.created_at,
        error: r.last_error,
      },
    ]),
  );
}

function present(r: Row, last: ChannelDto['lastDelivery'] | undefined): ChannelDto {
  return {
    id: r.id,
    version: r.version,
    orgId: r.org_id,
    orgName: r.org_name,
    kind: r.kind as ChannelKind,
    name: r.name,
    addressHint: addressHint(r.url),
    hasSecret: Boolean(r.secret),
    topics: JSON.parse(r.topics) as ChannelTopic[],
    enabled: r.enabled === 1,
    lastDelivery: last ?? null,
    updatedAt: r.updated_at,
  };
}

const channelRows = (db: Kysely<Database>) =>
  db
    .selectFrom('chat_channels')
    .innerJoin('orgs', 'orgs.id', 'chat_channels.org_id')
    .selectAll('chat_channels')
    .select('orgs.name as org_name');

export async function listChannels(db: Kysely<Database>) {
  const rows = await channelRows(db).orderBy('chat_channels.org_id').orderBy('chat_channels.id').execute();
  const last = await lastDeliveries(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => present(r, last.get(r.id))) };
}

async function loadChannel(db: Kysely<Database>, id: number): Promise<Row> {
  const row = await channelRows(db).where('chat_channels.id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function getChannel(db: Kysely<Database>, id: number) {
  const row = await loadChannel(db, id);
  return present(row, (await lastDeliveries(db, [id])).get(id));
}

const audited = (
  r: Pick<ChatChannelRow, 'org_id' | 'kind' | 'name' | 'url' | 'topics' | 'enabled' | 'secret'>,
) => ({
  orgId: r.org_id,
  kind: r.kind,
  name: r.name,
  address: addressHint(r.url),
  hasSecret: Boolean(r.secret),
  topics: JSON.parse(r.topics),
  enabled: r.enabled === 1,
});

export async function createChannel(ctx: Context, input: CreateChannelBody): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    await requireActiveOrg(trx, input.orgId, 'orgId');
    const at = ctx.now.toISOString();
    const values = {
      org_id: input.orgId,
      kind: input.kind,
      name: input.name,
      url: input.url,
      secret: input.secret || null,
      topics: JSON.stringify([...new Set(input.topics)]),
      enabled: input.enabled ? 1 : 0,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    const { id } = await trx
      .insertInto('chat_channels')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'channel.created',
      entityType: 'chat_channel',
      entityId: id,
      after: audited(values),
    });
    return id;
  });
}

export async function updateChannel(ctx: Context, id: number, input: UpdateChannelBody): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadChannel(trx, id);
    const kind = row.kind as ChannelKind;
    const url = input.url || row.url;
    const problem = input.url ? channelUrlProblem(kind, url) : null;
    if (problem)
      throw invalidField('url', { zh: translateMessage(problem, 'zh'), en: translateMessage(problem, 'en') });
    const secret = input.clearSecret ? null : input.secret || row.secret;
    if (channelSecretRequired(kind) && !secret)
      throw invalidField('secret', {
        zh: translateMessage('secret_required', 'zh'),
        en: translateMessage('secret_required', 'en'),
      });
    const changes = {
      name: input.name,
      url,
      secret,
      topics: JSON.stringify([...new Set(input.topics)]),
      enabled: input.enabled ? 1 : 0,
      updated_at: ctx.now.toISOString(),
    };
    await updateVersioned(trx, 'chat_channels', id, input.version, changes);
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'channel.updated',
      entityType: 'chat_channel',
      entityId: id,
      before: audited(row),
      after: {
        ...audited({ ...row, ...changes }),
        addressChanged: url !== row.url,
        secretChanged: secret !== row.secret,
      },
    });
  });
}

export async function deleteChannel(ctx: Context, id: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadChannel(trx, id);
    await trx.deleteFrom('deliveries').where('channel_id', '=', id).execute();
    await trx.deleteFrom('chat_channels').where('id', '=', id).execute();
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'channel.deleted',
      entityType: 'chat_channel',
      entityId: id,
      before: audited(row),
    });
  });
}

/**
 * 发送测试: posts a test message now and answers what the service said (the administrator is
 * waiting for exactly that); the attempt is in the delivery log like any other message.
 */
export async function testChannel(ctx: Context, id: number, publicUrl: string | null) {
  const row = await loadChannel(ctx.db, id);
  const title = 'InvestTrack 招商通：测试消息';
  const markdown = `这是一条测试消息，发给 **${row.org_name}** 的“${row.name}”。\n收到即表示群机器人配置正确。`;
  const link = publicUrl ? new URL('/', publicUrl).toString() : null;
  const error = await postToBot(
    { kind: row.kind as ChannelKind, url: row.url, secret: row.secret },
    { title, markdown, link },
    ctx.now,
  );
  await ctx.db.transaction().execute(async (trx) => {
    await enqueue(trx, id, 'test', { title, markdown, link: '/', dedupeKey: null, now: ctx.now }, { error });
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'channel.tested',
      entityType: 'chat_channel',
      entityId: id,
      after: { delivered: error === null, error },
    });
  });
  return { delivered: error === null, error };
}

export async function listDeliveries(db: Kysely<Database>, q: DeliveryListQuery) {
  let base = db
    .selectFrom('deliveries')
    .innerJoin('chat_channels', 'chat_channels.id', 'deliveries.channel_id')
    .innerJoin('orgs', 'orgs.id', 'chat_channels.org_id');
  if (q.status) base = base.where('deliveries.status', '=', q.status);
  if (q.channelId) base = base.where('deliveries.channel_id', '=', q.channelId);
  const [rows, total] = await Promise.all([
    base
      .select([
        'deliveries.id',
        'deliveries.channel_id',
        'chat_channels.name as channel_name',
        'orgs.name as org_name',
        'deliveries.topic',
        'deliveries.title',
        'deliveries.status',
        'deliveries.attempts',
        'deliveries.next_attempt_at',
        'deliveries.last_error',
        'deliveries.created_at',
        'deliveries.sent_at',
      ])
      .orderBy('deliveries.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const items: DeliveryDto[] = rows.map((r) => ({
    id: r.id,
    channelId: r.channel_id,
    channelName: r.channel_name,
    orgName: r.org_name,
    topic: r.topic,
    title: r.title,
    status: r.status as DeliveryDto['status'],
    attempts: r.attempts,
    nextAttemptAt: r.status === 'queued' ? r.next_attempt_at : null,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
  return { items, total: Number(total.n), page: q.page, pageSize: q.pageSize };
}
